"""bench/burst.py at a tiny size: a few distinct applications, replayed by the
benchmark's own client against the floor and the intake API of a live server,
then its durability check. Only the gunicorn it starts is left out."""

import asyncio
import csv
import types

import pytest
from django.apps import apps
from django.db import connection, models

from bench import burst
from recruitment.models import Application


@pytest.fixture
def file_fields_on_this_tests_storage(isolated_storage, monkeypatch):
    """A FileField calls its storage callable once, when the model is defined; the
    burst's check reads files through the field, so it must see this test's storage."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            storage = isinstance(field, models.FileField) and field.deconstruct()[3].get("storage")
            if callable(storage):
                monkeypatch.setattr(field, "storage", storage())


def test_the_resumes_are_pdfs_a_strict_intake_accepts():
    factory = burst.ResumeFactory(size=5_000)
    factory.check()

    one, two = factory.make("a" * burst.ID_WIDTH), factory.make("b" * burst.ID_WIDTH)
    assert one != two and len(one) == len(two)


def test_a_tiny_burst_against_the_floor_and_the_intake(
    bench_data, live_server, tmp_path, file_fields_on_this_tests_storage
):
    # Two clients at once; one on SQLite, whose in-memory test database (shared cache)
    # refuses a second writer at once ("table is locked") where the embedded
    # default's WAL file, which `bench.burst --sqlite` measures, waits for it.
    concurrency = 2 if connection.vendor == "postgresql" else 1
    args = types.SimpleNamespace(count=6, concurrency=concurrency, attempts=3, max_seconds=60)
    args.chaos = args.sqlite = False
    server = types.SimpleNamespace(process_cpu_seconds=lambda: 0.0)
    slug = burst.find_campaign(live_server.url)
    targets = [
        ("floor", live_server.url + "/_bench/upload/"),
        ("intake", burst.intake_url(live_server.url, slug)),
    ]
    answers_path = tmp_path / "answers.csv"
    factory = burst.ResumeFactory(size=20_000)

    with answers_path.open("w", newline="") as handle:
        outcomes = asyncio.run(
            burst.run_bursts(args, server, factory, "ab12cd", csv.writer(handle), targets)
        )

    floor, intake = outcomes
    assert slug == bench_data.slug
    assert floor.statuses == {201: 6} and intake.statuses == {201: 6}, intake.samples
    assert Application.objects.filter(campaign=bench_data).count() == 6
    table = burst.table(outcomes, args)
    assert "| intake | 6 | 6 |" in table
    assert "- No 5xx: yes" in burst.verdict(outcomes, args, server)

    results = burst.verify(answers_path, tmp_path / "private")

    assert results["counts"]["answered 200/201"] == 6
    assert results["counts"]["file intact"] == 6
    assert results["counts"]["orphaned files after the sweep"] == 0
    assert results["sweeper"].startswith("ran with")
