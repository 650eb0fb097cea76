"""Where an uncached page's time goes, in process: a yardstick for the cold read path.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m bench.render [--requests 200] [--language en]

Serves the article page that `bench/read.sh` measures (the newest published
article), `/news/` and the 20-row baseline through the Django test client,
with every cache off, against the database `bench/read.sh` prepared, and
splits the time per request into building querysets, compiling them to SQL,
running them (sending a query and waiting for its answer; reading the rows
counts as "other"), rendering templates (with the context processors) and
everything else (middleware, views, reading rows into objects).
No network and no gunicorn: the numbers say what to work on; `bench/read.sh`
says what a reader gets.
"""

import argparse
import functools
import os
import statistics
import sys
import time


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["BENCH_CACHE"] = "dummy"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-render-" + "x" * 50)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The static files `bench/read.sh` collected: pages link them through the manifest.
    from bench.server import STATE

    os.environ.setdefault("STATIC_ROOT", str(STATE / "static"))
    import django

    django.setup()


def _instrument(spent: dict) -> None:
    """Add the time spent in each part to `spent`, exclusive of the other parts it
    calls (a template that runs a query counts the query as a query)."""
    from django.db.backends import utils
    from django.db.models.query import QuerySet
    from django.db.models.sql.compiler import SQLCompiler
    from django.template.base import Template

    stack = []  # [part, time spent in the other parts it called]

    def timed(part, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if stack and stack[-1][0] == part:
                return function(*args, **kwargs)
            stack.append([part, 0.0])
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                _, inner = stack.pop()
                spent[part] = spent.get(part, 0.0) + elapsed - inner
                if stack:
                    stack[-1][1] += elapsed

        return wrapper

    SQLCompiler.as_sql = timed("compile", SQLCompiler.as_sql)
    utils.CursorWrapper._execute = timed("query", utils.CursorWrapper._execute)
    Template.render = timed("render", Template.render)
    for name in ("filter", "exclude", "select_related", "defer", "only", "values_list", "_chain"):
        setattr(QuerySet, name, timed("build", getattr(QuerySet, name)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--language", default="en")
    args = parser.parse_args(argv)
    database_url = os.environ.get("BENCH_DATABASE_URL")
    if not database_url:
        print("set BENCH_DATABASE_URL (the database bench/read.sh prepared)", file=sys.stderr)
        return 2
    _setup(database_url)
    from django.test import Client
    from django.utils import translation

    from articles.models import Article

    article = Article.objects.published().first()
    if article is None:
        print("no published article: run bench/read.sh once to prepare", file=sys.stderr)
        return 2
    with translation.override(args.language):
        pages = {
            "20 rows": "/_bench/rows/",
            "article": article.get_absolute_url(),
            "news list": f"/{args.language}/news/",
        }
    client = Client(HTTP_HOST="127.0.0.1")
    for path in pages.values():
        for _ in range(20):  # warm up: imports, compiled templates and queries
            assert client.get(path).status_code == 200, path
    spent: dict[str, float] = {}
    _instrument(spent)
    parts = ("build", "compile", "query", "render")
    results = {name: [] for name in pages}
    for _ in range(args.rounds):
        # The pages take turns, request by request: a machine that slows down for a
        # while slows all of them, and the ratios hold.
        totals = dict.fromkeys(pages, 0.0)
        splits = {name: dict.fromkeys(parts, 0.0) for name in pages}
        for _ in range(args.requests):
            for name, path in pages.items():
                spent.clear()
                started = time.perf_counter()
                client.get(path)
                totals[name] += time.perf_counter() - started
                for part in parts:
                    splits[name][part] += spent.get(part, 0.0)
        for name in pages:
            split = {part: value / args.requests * 1000 for part, value in splits[name].items()}
            results[name].append((totals[name] / args.requests * 1000, split))
    baseline = statistics.median(total for total, _ in results["20 rows"])
    print(f"ms per request, median of {args.rounds} rounds of {args.requests}, {args.language}")
    heading = " ".join(f"{part:>8}" for part in (*parts, "other"))
    print(f"{'page':10} {'total':>7} {'ratio':>6} {heading}")
    for name, rounds in results.items():
        total, split = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
        cells = " ".join(f"{split[part]:8.2f}" for part in parts)
        other = total - sum(split.values())
        print(f"{name:10} {total:7.2f} {total / baseline:5.2f}x {cells} {other:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
