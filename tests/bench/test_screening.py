"""bench/screening.py at a tiny size: both measures run and print their rows, and the
benchmark leaves none of its rows behind."""

import pytest

from recruitment.models import Application, Campaign, Candidate, Job


@pytest.fixture
def screening_bench():
    # Imported here: it sets Django up for itself when run as a script.
    from bench import screening

    return screening


def test_a_tiny_run_measures_both_and_cleans_up(screening_bench, db, capsys):
    figures = screening_bench.run(count=30, calls=5)

    assert figures["done"] == 30
    assert figures["every_ms"] > 0 and figures["rematch_s"] > 0
    out = capsys.readouterr().out
    assert "| matching one application against the five demo jobs, CPU |" in out
    assert "| re-matching 30 applications to a changed job |" in out
    assert not Application.objects.exists() and not Candidate.objects.exists()
    assert not Job.objects.exists() and not Campaign.objects.exists()


def test_a_rematch_scores_every_application(screening_bench, db):
    campaign, jobs = screening_bench.prepare()
    screening_bench.rematch(campaign, jobs[0], 12, screening_bench.random.Random(1))

    scored = Application.objects.filter(job=jobs[0], match_score__isnull=False)
    assert scored.count() == 12
    assert scored.filter(meets_must_haves=True).exists()
