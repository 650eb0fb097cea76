"""The demo campaigns from `manage.py loaddemo`."""

from io import StringIO

import pytest
from django.core.management import call_command

from recruitment.models import Campaign, Job

from .conftest import application_data

pytestmark = pytest.mark.django_db


def _load():
    call_command("loaddemo", stdout=StringIO())


def test_loaddemo_creates_the_historic_and_an_open_campaign_and_adds_nothing_twice(client):
    _load()
    counts = (Campaign.objects.count(), Job.objects.count())
    _load()

    assert (Campaign.objects.count(), Job.objects.count()) == counts
    june = client.get("/api/v1/campaigns/june-5-talent-livestream-2020/").json()
    assert june["status"] == "closed"
    assert june["total_viewers"] == 5_517_000
    assert june["applications_received"] >= 30_000
    live = client.get("/api/v1/campaigns/liangjiang-talent-livestream/").json()
    assert live["status"] == "open"
    employers = {
        job.organization.slug for job in Campaign.objects.get(slug=live["slug"]).jobs.all()
    }
    assert len(employers) >= 3


def test_a_newcomer_can_apply_to_the_demo_campaign_at_once(client):
    _load()

    response = client.post(
        "/api/v1/campaigns/liangjiang-talent-livestream/applications/",
        application_data(job="boe-display-process-engineer"),
    )

    assert response.status_code == 201
    assert client.get("/en/campaigns/liangjiang-talent-livestream/").status_code == 200
