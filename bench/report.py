"""What every recorded result carries: the machine, the date, the command."""

import datetime
import os
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "RESULTS.md"


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


def append_results(text: str) -> None:
    with RESULTS.open("a") as results:
        results.write("\n" + text.rstrip() + "\n")
    print(f"recorded in {RESULTS.relative_to(REPO)}")
