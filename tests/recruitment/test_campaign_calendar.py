"""Add to calendar: /campaigns/<slug>/calendar.ics."""

import re
from datetime import UTC, datetime

import pytest

from recruitment.ical import fold

pytestmark = pytest.mark.django_db

URL = "/en/campaigns/liangjiang-live/calendar.ics"


@pytest.fixture
def scheduled(campaign):
    campaign.title = "Liangjiang talent livestream; engineers, researchers & more"
    campaign.description = "Watch, pick a job and apply.\nIt takes two minutes. " + "两江新区" * 30
    campaign.platform = "Bilibili"
    campaign.stream_starts_at = datetime(2026, 12, 5, 11, 0, tzinfo=UTC)
    campaign.stream_ends_at = datetime(2026, 12, 5, 13, 0, tzinfo=UTC)
    campaign.save()
    return campaign


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_the_calendar_file_is_an_icalendar_event_in_utc(client, scheduled, settings):
    response = client.get(URL)

    body = response.content.decode()
    lines = unfold(body)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="liangjiang-live.ics"' in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-2:] == ["END:VCALENDAR", ""]  # CRLF after the last line too
    host = settings.SITE_URL.split("//")[1].split(":")[0].split("/")[0]
    assert f"UID:campaign-{scheduled.pk}@{host}" in lines
    assert "DTSTART:20261205T110000Z" in lines
    assert "DTEND:20261205T130000Z" in lines
    assert any(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines)
    assert "SUMMARY:Liangjiang talent livestream\\; engineers\\, researchers & more" in lines
    assert f"URL:{settings.SITE_URL}/en/campaigns/liangjiang-live/" in lines
    assert "LOCATION:Bilibili" in lines
    assert any(
        line.startswith("DESCRIPTION:Watch\\, pick a job and apply.\\nIt takes") for line in lines
    )


def test_every_line_ends_in_crlf_and_is_folded_within_75_octets(client, scheduled):
    body = client.get(URL).content

    assert b"\n" not in body.replace(b"\r\n", b"")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # a fold never splits a UTF-8 character


def test_a_stream_without_an_end_lasts_two_hours_in_the_calendar(client, scheduled):
    scheduled.stream_ends_at = None
    scheduled.save()

    assert "DTEND:20261205T130000Z" in unfold(client.get(URL).content.decode())


@pytest.mark.parametrize(
    "line, folded",
    [
        ("A" * 75, "A" * 75),
        ("A" * 76, "A" * 75 + "\r\n A"),
        ("A" * 74 + "两", "A" * 74 + "\r\n 两"),  # 3 octets would pass the 75th
        ("A" * 72 + "两", "A" * 72 + "两"),
    ],
)
def test_folding_counts_octets_not_characters(line, folded):
    assert fold(line) == folded


def test_an_unknown_campaign_has_no_calendar(client, db):
    assert client.get("/en/campaigns/nope/calendar.ics").status_code == 404
