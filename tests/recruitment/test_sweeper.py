"""manage.py sweep_orphaned_resumes removes files a crash left without an application."""

import os
import time
from io import StringIO

import pytest
from django.core.management import call_command

from recruitment.models import Application

from .conftest import application_data, stored_files

pytestmark = pytest.mark.django_db


def _orphan(tmp_path, name, age_minutes):
    path = tmp_path / "private" / "resumes" / "2026" / "11" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 orphan")
    then = time.time() - age_minutes * 60
    os.utime(path, (then, then))
    return path


def _sweep(*args):
    out = StringIO()
    call_command("sweep_orphaned_resumes", *args, stdout=out)
    return out.getvalue()


def test_old_orphans_go_young_ones_and_used_files_stay(client, campaign, isolated_storage):
    client.post("/api/v1/campaigns/liangjiang-live/applications/", application_data())
    used = isolated_storage / "private" / Application.objects.get().resume.name
    os.utime(used, (time.time() - 3600, time.time() - 3600))
    old = _orphan(isolated_storage, "old.pdf", age_minutes=30)
    young = _orphan(isolated_storage, "young.pdf", age_minutes=1)

    output = _sweep()

    assert "checked 3 files, removed 1 orphaned, kept 1" in output
    assert not old.exists()
    assert young.exists() and used.exists()


def test_a_dry_run_counts_and_removes_nothing(isolated_storage, db):
    old = _orphan(isolated_storage, "old.pdf", age_minutes=30)

    output = _sweep("--dry-run")

    assert "would remove 1 orphaned" in output
    assert old.exists()


def test_the_grace_period_can_be_shortened(isolated_storage, db):
    _orphan(isolated_storage, "recent.pdf", age_minutes=3)

    _sweep("--grace-minutes", "2")

    assert stored_files(isolated_storage) == []


def test_an_empty_storage_is_fine(isolated_storage, db):
    assert "checked 0 files" in _sweep()
