"""The targets, and what every recorded run carries: the machine, the date, the command.

A run recorded with ``--record`` is appended to the day's file under
``bench/history/``; ``bench/RESULTS.md`` is the short table of current figures,
updated by hand from those runs.
"""

import datetime
import os
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HISTORY = REPO / "bench" / "history"

# Issue 15's targets: the least ratio of a page's throughput to its baseline's,
# measured in the same run by the same gunicorn.
WARM_ARTICLE_TO_CONSTANT = 0.70  # a cached article page / the bare constant page
WARM_NEWS_TO_ROWS = 0.80  # the cached news list / the bare 20-row page
WARM_LIVE_JSON_TO_CONSTANT = 0.85  # a campaign's live.json / the bare constant page
WARM_CAMPAIGN_TO_CONSTANT = 0.60  # a cached campaign page (issue 6) / the constant page
COLD_PAGE_TO_ROWS = 0.50  # article and news list, page cache off / the 20-row page
INTAKE_TO_FLOOR = 0.50  # the résumé intake burst / the bare upload floor


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown memory"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({cpu}), {memory}, load average at start {load}"


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def command_line(script: str) -> str:
    return " ".join([script, *map(shlex.quote, sys.argv[1:])])


def header(title: str, script: str) -> str:
    return (
        f"## {title}, {now()}\n\n"
        f"- Command: `{command_line(script)}` (commit {commit()})\n"
        f"- Machine: {machine()}\n"
    )


def append_results(text: str, history: Path = HISTORY) -> Path:
    """Append a run to the day's history file; returns the file."""
    path = history / f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(f"# Benchmark runs, {path.stem}\n")
    with path.open("a") as results:
        results.write("\n" + text.rstrip() + "\n")
    print(f"recorded in {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
    return path
