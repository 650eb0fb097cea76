"""bench/read.py at a tiny size: every page of both passes answers, and wrk's output
is read as the table reports it (wrk itself runs in test_server.py)."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import read, report
from portal.models import Organization

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8400/_bench/rows/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    35.04ms    6.12ms  80.11ms   88.20%
    Req/Sec   456.12     40.33   540.00     72.00%
  Latency Distribution
     50%   34.10ms
     75%   36.87ms
     90%   40.12ms
     99%   60.55ms
  4541 requests in 5.01s, 31.20MB read
  Non-2xx or 3xx responses: 3
  Socket errors: connect 0, read 1, write 0, timeout 2
Requests/sec:    906.32
Transfer/sec:      6.23MB
"""


def getter(client):
    """`get(path)` as read.py's `fetch` answers it, through the test client."""

    def get(path):
        response = client.get(path)
        return response.status_code, response.content

    return get


@pytest.mark.parametrize("cache", ["dummy", "redis"])
def test_every_page_of_a_pass_answers_with_its_target(bench_data, client, cache):
    targets = read.build_targets(getter(client), cache, "innovation")

    assert [(t.name, t.note) for t in targets if t.path is None] == []
    by_name = {t.name: t for t in targets}
    assert by_name["20 rows"].path == "/_bench/rows/"
    assert all(t.size > 0 for t in targets)
    goals = {t.name: (t.baseline.split()[0], t.goal) for t in targets if t.goal}
    if cache == "redis":
        assert goals == {
            "article detail": ("constant", report.WARM_ARTICLE_TO_CONSTANT),
            "news list": ("20", report.WARM_NEWS_TO_ROWS),
            "campaign page": ("constant", report.WARM_CAMPAIGN_TO_CONSTANT),
            "campaign live.json": ("constant", report.WARM_LIVE_JSON_TO_CONSTANT),
        }
    else:
        assert goals == {
            "article detail": ("20", report.COLD_PAGE_TO_ROWS),
            "news list": ("20", report.COLD_PAGE_TO_ROWS),
        }
    # Every baseline a page is compared with is measured in the same pass.
    assert {t.baseline for t in targets if t.baseline} <= set(by_name)


def test_issue_15_targets():
    assert report.WARM_ARTICLE_TO_CONSTANT == 0.70
    assert report.WARM_NEWS_TO_ROWS == 0.80
    assert report.WARM_LIVE_JSON_TO_CONSTANT == 0.85
    assert report.INTAKE_TO_FLOOR == 0.50
    assert report.COLD_PAGE_TO_ROWS == 0.50


def test_the_20_row_baseline_reads_20_organisations(bench_data, client):
    response = client.get("/_bench/rows/")

    assert response.status_code == 200
    assert response.content.count(b"<tr><td>") == 20 <= Organization.objects.count()


def test_wrk_output_is_read_and_tabled():
    result = read.parse_wrk(WRK_OUTPUT)

    assert result == {
        "rps": 906.32,
        "p50": pytest.approx(0.0341),
        "p99": pytest.approx(0.06055),
        "requests": 4541,
        "non2xx": 3,
        "errors": 3,
    }
    rows = read.Target("20 rows", "/_bench/rows/", size=3000)
    rows.result = read.combine([result, {**result, "rps": 1000.0}, {**result, "rps": 800.0}])
    page = read.Target("news list", "/news/", baseline="20 rows", goal=0.5, size=20_000)
    page.result = read.combine([{**result, "rps": r, "non2xx": 0} for r in (700, 400, 300)])
    table = read.table("Cold: page cache off", [rows, page])

    assert rows.result["rps"] == 906.32
    # Each round's own ratio (77%, 40%, 38%); the median (40%) against the target.
    assert "| 40% of 20 rows (77% / 40% / 38%) | ≥ 50% | **no** |" in table


def cold_settings() -> dict:
    """The caches bench/settings.py sets up with BENCH_CACHE=dummy, read in a fresh process."""
    code = (
        "import json, bench.settings as s; print(json.dumps({'alias': s.CACHE_MIDDLEWARE_ALIAS,"
        " 'caches': {k: v['BACKEND'] for k, v in s.CACHES.items()}}))"
    )
    env = {**os.environ, "BENCH_CACHE": "dummy", "DJANGO_SECRET_KEY": "x" * 50}
    out = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_cold_means_page_cache_off_only():
    found = cold_settings()

    assert found["caches"][found["alias"]] == "django.core.cache.backends.dummy.DummyCache"
    # The rest as in production: the default cache (counters, rate limits) and "local".
    assert found["caches"]["default"] != "django.core.cache.backends.dummy.DummyCache"
    assert found["caches"]["local"] == "django.core.cache.backends.locmem.LocMemCache"


def test_cold_pages_are_rendered_on_every_request(bench_data, settings):
    def queries_of_a_second_request(path):
        client = Client()  # a new handler: the middleware reads the settings afresh
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    warm = queries_of_a_second_request("/en/news/")
    found = cold_settings()
    settings.CACHES = {
        **settings.CACHES,
        found["alias"]: {"BACKEND": found["caches"][found["alias"]]},
    }
    settings.CACHE_MIDDLEWARE_ALIAS = found["alias"]
    cold = queries_of_a_second_request("/en/news/")

    assert cold > warm
