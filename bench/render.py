"""Where an uncached page's time goes, in process: a yardstick for the cold read path.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
    REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python -m bench.render [--requests 200] [--language en]

Serves the article page that `bench/read.sh` measures (the newest published
article), `/news/` and the 20-row baseline through the Django test client,
with the page cache off, against the database `bench/read.sh` prepared (the
shared cache, which keeps the pages' fragments, is Redis with `REDIS_URL`,
as under `bench/read.sh`). The "(edited)" rows render the same pages right
after an edit each time, with none of their fragments in the cache. It
splits the time per request into building querysets, compiling them to SQL,
running them (sending a query and waiting for its answer; reading the rows
counts as "other"), rendering templates (with the context processors) and
everything else (middleware, views, reading rows into objects).
No network and no gunicorn: the numbers say what to work on; `bench/read.sh`
says what a reader gets.
"""

import argparse
import contextlib
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


PARTS = ("build", "compile", "query", "render")
EDITED = " (edited)"


@contextlib.contextmanager
def instrumented(spent: dict):
    """Add the time spent in each part to `spent`, exclusive of the other parts it
    calls (a template that runs a query counts the query as a query); the
    instrumented methods are restored on exit."""
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

    patched = [
        (SQLCompiler, "as_sql", "compile"),
        (utils.CursorWrapper, "_execute", "query"),
        (Template, "render", "render"),
        *(
            (QuerySet, name, "build")
            for name in ("filter", "exclude", "select_related", "defer", "only", "values_list")
        ),
        (QuerySet, "_chain", "build"),
    ]
    originals = [(owner, name, owner.__dict__[name]) for owner, name, _part in patched]
    for owner, name, part in patched:
        setattr(owner, name, timed(part, getattr(owner, name)))
    try:
        yield spent
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def measure(client, pages: dict, *, requests: int, rounds: int, warm_up: int = 20) -> dict:
    """{page: [(ms per request, {part: ms}) per round]} for `pages` ({name: path}).
    A page whose name ends with EDITED is rendered right after an edit each time:
    none of its fragments is in the cache."""
    from portal.pages import pages_changed

    for path in pages.values():
        for _ in range(warm_up):  # imports, compiled templates and queries
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
    results = {name: [] for name in pages}
    spent: dict[str, float] = {}
    with instrumented(spent):
        for _ in range(rounds):
            # The pages take turns, request by request: a machine that slows down
            # for a while slows all of them, and the ratios hold.
            totals = dict.fromkeys(pages, 0.0)
            splits = {name: dict.fromkeys(PARTS, 0.0) for name in pages}
            for _ in range(requests):
                for name, path in pages.items():
                    if name.endswith(EDITED):
                        pages_changed()  # every fragment is stale, as right after an edit
                    spent.clear()
                    started = time.perf_counter()
                    client.get(path)
                    totals[name] += time.perf_counter() - started
                    for part in PARTS:
                        splits[name][part] += spent.get(part, 0.0)
            for name in pages:
                split = {part: value / requests * 1000 for part, value in splits[name].items()}
                results[name].append((totals[name] / requests * 1000, split))
    return results


def table(results: dict, baseline: str = "20 rows") -> str:
    base = statistics.median(total for total, _ in results[baseline])
    heading = " ".join(f"{part:>8}" for part in (*PARTS, "other"))
    lines = [f"{'page':19} {'total':>7} {'ratio':>6} {heading}"]
    for name, rounds in results.items():
        total, split = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
        cells = " ".join(f"{split[part]:8.2f}" for part in PARTS)
        other = total - sum(split.values())
        lines.append(f"{name:19} {total:7.2f} {total / base:5.2f}x {cells} {other:8.2f}")
    return "\n".join(lines)


def pages(language: str = "en") -> dict:
    """The pages bench/read.sh compares: the newest article, the news list, 20 rows."""
    from django.utils import translation

    from articles.models import Article

    article = Article.objects.published().first()
    if article is None:
        return {}
    with translation.override(language):
        url = article.get_absolute_url()
    news = f"/{language}/news/"
    return {
        "20 rows": "/_bench/rows/",
        "article": url,
        "news list": news,
        "article" + EDITED: url,
        "news list" + EDITED: news,
    }


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

    to_measure = pages(args.language)
    if not to_measure:
        print("no published article: run bench/read.sh once to prepare", file=sys.stderr)
        return 2
    client = Client(HTTP_HOST="127.0.0.1")
    # Apart: each edit would empty the other pages' fragments too.
    edited = {name: path for name, path in to_measure.items() if name.endswith(EDITED)}
    unedited = {name: path for name, path in to_measure.items() if name not in edited}
    results = measure(client, unedited, requests=args.requests, rounds=args.rounds)
    results |= measure(client, edited, requests=args.requests, rounds=args.rounds)
    print(f"ms per request, median of {args.rounds} rounds of {args.requests}, {args.language}")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
