"""A checkout's var/ (database, key, cache, mail) is readable by its own user only."""

import os
import stat
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Touches what the embedded defaults keep in var/: the cache and the mail folder.
USE_CACHE_AND_MAIL = """
from django.core.cache import cache
from django.core.mail import send_mail
cache.set("a-key", "a value")
send_mail("Application", "http://127.0.0.1/applications/tok3n/", None, ["li@example.com"])
"""


def manage(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """manage.py on the embedded defaults (SQLite, no Redis), with var/ at `var_dir`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND"}
    }
    env.update(DJANGO_DEBUG="0", VAR_DIR=str(var_dir))
    result = subprocess.run(  # noqa: S603 - our own interpreter and our own file
        [sys.executable, str(REPO / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def readable_by_others(var_dir: Path) -> list[str]:
    found = [var_dir, *var_dir.rglob("*")]
    return [
        f"{path} {stat.filemode(path.stat().st_mode)}"
        for path in found
        if path.stat().st_mode & 0o077
    ]


def test_after_the_first_commands_nothing_in_var_is_readable_by_others(tmp_path):
    var_dir = tmp_path / "var"

    manage(var_dir, "migrate", "--noinput")
    manage(var_dir, "shell", "-c", USE_CACHE_AND_MAIL)

    assert (var_dir / "db.sqlite3").is_file()
    assert (var_dir / "mail").is_dir()
    assert (var_dir / "secret_key").is_file()
    assert stat.S_IMODE(var_dir.stat().st_mode) == 0o700
    assert readable_by_others(var_dir) == []


def test_a_var_folder_left_readable_is_closed_by_the_next_command(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o755)
    var_dir.chmod(0o755)
    database = var_dir / "db.sqlite3"
    database.touch()
    database.chmod(0o644)

    manage(var_dir, "check")

    assert stat.S_IMODE(var_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_mail_goes_to_the_private_mail_folder_and_never_to_the_output(tmp_path):
    var_dir = tmp_path / "var"

    sent = manage(var_dir, "shell", "-c", USE_CACHE_AND_MAIL)

    output = sent.stdout + sent.stderr
    assert "li@example.com" not in output
    assert "tok3n" not in output
    (message,) = (var_dir / "mail").iterdir()
    assert "/applications/tok3n/" in message.read_text()


def test_the_console_email_backend_is_refused(tmp_path):
    env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    env.update(DJANGO_DEBUG="1", VAR_DIR=str(tmp_path / "var"))
    result = subprocess.run(  # noqa: S603 - our own interpreter and our own file
        [sys.executable, str(REPO / "manage.py"), "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    assert "EMAIL_BACKEND must not be the console backend" in result.stderr
