"""bench/server.py: the benchmark server starts with the bench settings, answers
wrk, and stops with its workers. (Preparing its database is migrate, loaddemo,
bench/seed.py and collectstatic; the other smoke tests cover the seeding.)"""

import argparse
import shutil
import subprocess
from pathlib import Path

import pytest

from bench import read
from bench.server import BenchServer, port_in_use

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script", ["read.sh", "serve.sh"])
def test_the_shell_wrappers_parse(script):
    subprocess.run(["bash", "-n", str(REPO / "bench" / script)], check=True)  # noqa: S603,S607


def test_the_server_environment():
    env = BenchServer(8499, cache="dummy").env

    assert env["DJANGO_SETTINGS_MODULE"] == "bench.settings"
    assert env["BENCH_CACHE"] == "dummy" and env["DJANGO_DEBUG"] == "0"
    assert env["DATABASE_URL"].rsplit("/", 1)[-1].startswith("bench")
    assert "DATABASE_URL" not in BenchServer(8499, sqlite=True).env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The benchmark server on the embedded default, without preparing a database:
    /healthz and the constant page read none."""
    server = BenchServer(8497, sqlite=True, workers=2, name="smoke")
    server.dir = tmp_path_factory.mktemp("bench-server")
    server.log_path = server.dir / "gunicorn.log"
    try:
        server.start(timeout=90)  # waits for /healthz
        yield server
    finally:
        server.stop()
    assert server.process is None and not port_in_use(8497)


def test_the_server_runs_its_workers(server):
    assert len(server.worker_pids()) == 2
    assert server.process_cpu_seconds() > 0


@pytest.mark.skipif(
    shutil.which("wrk") is None,
    reason="wrk is not installed (apt-get install wrk)",
)
def test_wrk_loads_the_server_and_its_output_is_read(server):
    args = argparse.Namespace(threads=1, connections=2, duration=1)

    result = read.run_wrk(server.base_url + "/_bench/constant/?bytes=2000", args)

    assert result["rps"] > 0 and result["requests"] > 0
    assert result["non2xx"] == 0 and result["errors"] == 0 and result["p50"] is not None
