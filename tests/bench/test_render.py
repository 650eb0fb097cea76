"""bench/render.py at a tiny size: one request per page, and the instrumented
methods are put back afterwards."""

from django.db.models.sql.compiler import SQLCompiler
from django.template.base import Template

from bench import render


def test_one_request_per_page_is_split_into_its_parts(bench_data, client):
    as_sql, template_render = SQLCompiler.as_sql, Template.render
    pages = render.pages()

    results = render.measure(client, pages, requests=1, rounds=1, warm_up=1)

    assert set(results) == {
        "20 rows",
        "article",
        "news list",
        "article (edited)",
        "news list (edited)",
    }
    for (total, _split), *_ in results.values():
        assert total > 0
    assert results["20 rows"][0][1]["render"] > 0 and results["20 rows"][0][1]["query"] > 0
    table = render.table(results)
    assert table.splitlines()[1].startswith("20 rows") and " 1.00x " in table
    assert (SQLCompiler.as_sql, Template.render) == (as_sql, template_render)
