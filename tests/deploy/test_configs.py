"""deploy/ as shipped: nginx takes both configs, PgBouncer starts in transaction mode,
the systemd units run what the README says, and DATABASE_POOLER=pgbouncer gives the
portal what transaction pooling needs. `make drill` runs all of it for real."""

import os
import runpy
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from deploy.drill import free_port, render_nginx, render_pgbouncer

REPO = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
PGBOUNCER = Path("/usr/sbin/pgbouncer")


@pytest.fixture
def folder():
    """A folder PgBouncer can reach once it has dropped root (tmp_path's parents are 0700)."""
    path = Path(tempfile.mkdtemp(prefix="portal-deploy-"))
    path.chmod(0o711)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.skipif(not NGINX.exists(), reason="needs Debian's nginx (apt-get install nginx)")
def test_nginx_accepts_the_load_balancer_and_the_edge(folder):
    nodes = [SimpleNamespace(port=free_port()), SimpleNamespace(port=free_port())]
    render_nginx(folder, lb_port=free_port(), edge_port=free_port(), nodes=nodes)

    check = subprocess.run(  # noqa: S603 - Debian's nginx
        [str(NGINX), "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert check.returncode == 0, check.stderr
    balancer = (folder / "portal.conf").read_text()
    assert all(f"127.0.0.1:{node.port} max_fails=" in balancer for node in nodes)
    assert "non_idempotent" not in balancer  # a POST that reached a node is never resent


@pytest.mark.skipif(not PGBOUNCER.exists(), reason="needs Debian's pgbouncer")
def test_pgbouncer_starts_from_the_shipped_ini_in_transaction_mode(folder):
    port = free_port()
    server = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
    ini = render_pgbouncer(folder, port=port, server=server, databases=["portal"])
    process = subprocess.Popen(  # noqa: S603 - Debian's pgbouncer
        [str(PGBOUNCER), str(ini)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline, config = time.monotonic() + 15, None
        while time.monotonic() < deadline and process.poll() is None:
            # The admin console answers without PostgreSQL behind it.
            shown = subprocess.run(  # noqa: S603, S607 - PostgreSQL's client
                ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-tA", "-F", "="]
                + ["-c", "SHOW CONFIG", "pgbouncer"],
                capture_output=True,
                text=True,
                timeout=10,
            )
            if shown.returncode == 0:
                config = dict(line.split("=")[:2] for line in shown.stdout.splitlines())
                break
            time.sleep(0.2)
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode(errors="replace")
    assert config is not None, output + (folder / "pgbouncer-own.log").read_text(errors="replace")
    assert config["pool_mode"] == "transaction"
    assert int(config["default_pool_size"]) < 100  # PostgreSQL's max_connections


@pytest.mark.parametrize(
    ("unit", "command"),
    [
        ("portal-web.service", "/.venv/bin/gunicorn portal.wsgi --bind 127.0.0.1:8000"),
        ("portal-worker.service", "/.venv/bin/python manage.py db_worker"),
    ],
)
def test_the_systemd_units_run_the_web_process_and_the_task_worker(unit, command):
    text = (REPO / "deploy" / unit).read_text()
    sections = {line for line in text.splitlines() if line.startswith("[")}

    assert sections == {"[Unit]", "[Service]", "[Install]"}
    assert command in text
    assert "Restart=always" in text
    assert "EnvironmentFile=/etc/portal/env" in text


SETTINGS = REPO / "portal" / "settings.py"


def load_settings(monkeypatch, **environment) -> dict:
    for name in ("DATABASE_URL", "DATABASE_POOLER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_behind_pgbouncer_no_named_cursor_and_no_prepared_statement(monkeypatch):
    database = load_settings(
        monkeypatch,
        DATABASE_URL="postgres://portal:secret@10.0.0.5:6432/portal",
        DATABASE_POOLER="pgbouncer",
    )["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["OPTIONS"]["prepare_threshold"] is None
    assert database["PORT"] == 6432


def test_straight_to_postgresql_named_cursors_stay(monkeypatch):
    database = load_settings(monkeypatch, DATABASE_URL="postgres://portal@db:5432/portal")[
        "DATABASES"
    ]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert not database.get("DISABLE_SERVER_SIDE_CURSORS")
    assert "prepare_threshold" not in database.get("OPTIONS", {})


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"DATABASE_POOLER": "pgpool"}, "DATABASE_POOLER must be pgbouncer or empty"),
        ({"DATABASE_POOLER": "pgbouncer"}, "needs a postgres:// DATABASE_URL"),
    ],
)
def test_junk_pooler_settings_stop_the_start_up(monkeypatch, environment, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, **environment)


def test_the_drill_runs_from_make_and_from_ci():
    assert "$(PY) deploy/drill.py" in (REPO / "Makefile").read_text()
    assert "make drill" in (REPO / ".ci" / "run").read_text()
    assert os.access(REPO / "deploy" / "drill.py", os.R_OK)
