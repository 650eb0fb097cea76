"""On the embedded default (no REDIS_URL) every process counts in one shared cache.

`make run` serves with two worker processes: a rate limit or the live counter
kept per process would let twice the limit through and show each worker's own
figure. Two real processes hit them at the same moment here.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SETUP = """
import django
django.setup()
from django.core.cache import cache
from portal.net import address_rate_limited
from recruitment import live
from recruitment.models import Campaign
campaign = Campaign(pk=1, slug="spring", recorded_applications=0)
"""

# The counter as its first reader leaves it: counted in a database with no application
# (the one table it counts in is all these processes need).
SEED = (
    SETUP
    + """
from django.db import connection
from recruitment.models import Application
with connection.schema_editor() as editor:
    editor.create_model(Application)
assert live.applications_received(campaign) == 0
"""
)

# Waits for the common start, then 10 applications from one address through a limit
# of 10 a minute and 500 accepted applications counted, interleaved.
WORKER = (
    SETUP
    + """
import sys, time
time.sleep(max(0, float(sys.argv[1]) - time.time()))
allowed = 0
for n in range(500):
    if n % 50 == 0:
        # A window no run can straddle: the count is all that decides.
        allowed += not address_rate_limited(
            "203.0.113.9", scope="intake", limit=10, window=10**9
        )
    live.count_new_application(campaign)
print(allowed)
"""
)

READ = SETUP + "import json; print(json.dumps(live.applications_received(campaign)))"


def python(var_dir: Path, code: str, *args: str) -> subprocess.Popen:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SECRET_KEY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="1",
        VAR_DIR=str(var_dir),
        PYTHONPATH=str(REPO),
    )
    return subprocess.Popen(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def finish(process: subprocess.Popen) -> str:
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    return stdout.strip()


def test_two_worker_processes_share_the_rate_limit_and_the_live_counter(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o700)
    finish(python(var_dir, SEED))

    # Both start together, after the slower of them has loaded Django.
    start = str(time.time() + 3)
    workers = [python(var_dir, WORKER, start) for _ in range(2)]
    allowed = [int(finish(worker)) for worker in workers]

    assert sum(allowed) == 10  # 20 attempts through a limit of 10
    assert json.loads(finish(python(var_dir, READ))) == 1000
