#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import secrets
import sys
from pathlib import Path

# Where a checkout keeps its state (`VAR_DIR`, as `portal/settings.py` reads it): the
# SQLite database, the cache, the mail folder, the generated key.
VAR_DIR = Path(os.environ.get("VAR_DIR") or Path(__file__).resolve().parent / "var")
SECRET_KEY_FILE = VAR_DIR / "secret_key"


def keep_files_private():
    """Everything the portal writes is readable by its own user only: var/ holds
    candidates' data (the database and its -wal/-shm files, résumés, mail, the
    cache). Public files get their modes from FILE_UPLOAD_PERMISSIONS and
    FILE_UPLOAD_DIRECTORY_PERMISSIONS instead. A var/ left readable by an older
    checkout is closed too."""
    os.umask(0o077)
    if VAR_DIR.is_dir():
        VAR_DIR.chmod(0o700)
        database = VAR_DIR / "db.sqlite3"
        for path in (database, *VAR_DIR.glob("db.sqlite3-*"), SECRET_KEY_FILE):
            if path.is_file():
                path.chmod(0o600)


def use_kept_secret_key():
    """Without DJANGO_SECRET_KEY, commands on a checkout use one key generated once
    and kept in var/ (mode 600), the key `make run` serves with: a newcomer's first
    `manage.py` command works, and sessions and signed links survive a restart.
    Production (DJANGO_HTTPS=1) must give the key, the same on every machine:
    there nothing is generated and settings refuse to load without it."""
    https = os.environ.get("DJANGO_HTTPS", "").strip().lower() in {"1", "true", "yes", "on"}
    if os.environ.get("DJANGO_SECRET_KEY") or https:
        return
    if not SECRET_KEY_FILE.exists():
        SECRET_KEY_FILE.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(50) + "\n")
    os.environ["DJANGO_SECRET_KEY"] = SECRET_KEY_FILE.read_text().strip()


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    keep_files_private()
    use_kept_secret_key()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
