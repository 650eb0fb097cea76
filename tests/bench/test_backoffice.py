"""bench/backoffice.py at a tiny size: its COPY loader fills every column of
today's models, and every page it times answers."""

import pytest
from django.db import connection

from recruitment.models import Application, Candidate, StageChange

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="bench/backoffice.py loads with PostgreSQL's COPY and measures PostgreSQL",
)


@pytest.fixture
def backoffice():
    # Imported here: it sets Django up for itself when run as a script.
    from bench import backoffice

    return backoffice


def test_a_tiny_load_fills_every_field_and_every_timed_page_answers(
    backoffice, transactional_db, capsys
):
    backoffice.load(300)

    assert Candidate.objects.count() == Application.objects.count() == 300
    assert StageChange.objects.count() == 300
    application = Application.objects.order_by("pk").last()
    # Fields the loader does not name get the model's default, as the ORM gives them.
    assert application.idempotency_key == "" and application.quarantined is False
    assert application.processed_at > application.created_at
    # The sequences continue after the loaded rows.
    assert Candidate.objects.create(phone="13800000000", full_name="New").pk == 301

    backoffice.time_pages(repeat=1, warm_up=0)
    backoffice.export_only("csv")

    out = capsys.readouterr().out
    for row in ("changelist, page ", "search by reference", "change page", "staff API list"):
        assert f"| {row}" in out
    assert "| dashboard counts refreshed (the task worker, each minute) |" in out
    assert "| dashboard, cached (1 minute) |" in out
    assert "| baseline: stock ModelAdmin changelist, first page |" in out
    assert "export of every row as csv" in out


def test_the_loader_refuses_a_field_the_model_does_not_have(backoffice, db):
    with connection.cursor() as cursor, pytest.raises(ValueError, match="no field"):
        backoffice.copy_rows(cursor, Candidate, [{"id": 1, "nickname": "Wei"}])
