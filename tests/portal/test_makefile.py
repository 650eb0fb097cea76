"""What `make run` starts, read from its dry run (`make -n`): nothing is executed."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def server_command(*args: str, **env: str) -> str:
    """The command line `make run` would serve with, continuation lines joined."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    environment.update(env)
    dry_run = subprocess.run(  # noqa: S603 - make, with our own Makefile
        ["make", "--no-print-directory", "-n", "run", *args],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    ).stdout.replace("\\\n", " ")
    (line,) = [line for line in dry_run.splitlines() if "gunicorn portal.wsgi" in line]
    return line


def test_make_run_on_another_port_links_to_that_port():
    line = server_command("PORT=9000")
    assert "--bind 127.0.0.1:9000" in line
    assert 'SITE_URL="http://127.0.0.1:9000"' in line


def test_a_given_site_url_wins_over_the_port():
    line = server_command("PORT=9000", SITE_URL="https://portal.example.cn")
    assert 'SITE_URL="https://portal.example.cn"' in line
