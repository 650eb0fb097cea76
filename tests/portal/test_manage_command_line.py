"""`manage.py` on a fresh checkout: no key configured, `DEBUG` off."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_manage(checkout: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SECRET_KEY"}
    env.update(DJANGO_DEBUG="0", PYTHONPATH=str(REPO), **extra_env)
    # A database of the test's own unless the suite runs against PostgreSQL.
    env.setdefault("DATABASE_URL", f"sqlite:///{checkout / 'db.sqlite3'}")
    return subprocess.run(  # noqa: S603 - our own interpreter and our own file
        [sys.executable, str(checkout / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_first_command_generates_a_kept_private_key_and_never_prints_it(tmp_path):
    shutil.copy(REPO / "manage.py", tmp_path / "manage.py")

    first = run_manage(tmp_path, "makemigrations", "--check", "--dry-run")

    assert first.returncode == 0, first.stderr
    assert "No changes detected" in first.stdout
    key_file = tmp_path / "var" / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key not in first.stdout + first.stderr

    again = run_manage(tmp_path, "check")

    assert again.returncode == 0, again.stderr
    assert key_file.read_text().strip() == key


def test_production_must_give_the_key_itself(tmp_path):
    """Every machine must sign with the same key: none is made up for it."""
    shutil.copy(REPO / "manage.py", tmp_path / "manage.py")

    result = run_manage(tmp_path, "check", DJANGO_HTTPS="1")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
    assert not (tmp_path / "var").exists()
