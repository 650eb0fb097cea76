"""QR codes to the apply form: /campaigns/<slug>/qr.svg and qr.png."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from django.conf import settings

from recruitment.models import Application

from .conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db

BASE = "/campaigns/liangjiang-live/"
EXPECTED = (
    "/campaigns/liangjiang-live/apply/?source=qr&job=battery-engineer"
    "&utm_source=poster&utm_medium=qr&utm_campaign=liangjiang-live"
)


def svg_of(url: str) -> bytes:
    """What the QR code of `url` looks like, drawn the way the view draws it."""
    from recruitment.livestream import qr_code

    return qr_code(url, "svg")


@pytest.mark.parametrize(
    "kind, content_type, magic",
    [("svg", "image/svg+xml", b"<svg "), ("png", "image/png", b"\x89PNG\r\n\x1a\n")],
)
def test_the_qr_code_is_an_image_with_long_lived_caching(
    client, campaign, kind, content_type, magic
):
    response = client.get(f"{BASE}qr.{kind}?job=battery-engineer&channel=poster")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    assert "max-age=86400" in response["Cache-Control"]
    assert (
        f'filename="liangjiang-live-battery-engineer-poster.{kind}"'
        in response["Content-Disposition"]
    )


def test_the_qr_code_encodes_the_apply_form_with_its_source(client, campaign):
    response = client.get(f"{BASE}qr.svg?job=battery-engineer&channel=poster")

    assert response.content == svg_of(settings.SITE_URL + EXPECTED)
    assert response.content != svg_of(settings.SITE_URL + EXPECTED.replace("poster", "other"))


def test_the_campaigns_own_code_leads_to_the_form_without_a_job(client, campaign):
    response = client.get(f"{BASE}qr.svg")

    url = settings.SITE_URL + (
        "/campaigns/liangjiang-live/apply/?source=qr&utm_medium=qr&utm_campaign=liangjiang-live"
    )
    assert response.content == svg_of(url)
    assert segno.make(url, error="m").version <= 10  # small enough to scan from a screen


@pytest.mark.parametrize(
    "query, message",
    [
        ("job=no-such-job", "There is no job “no-such-job” in this campaign."),
        ("channel=Poster", "A channel is a short name"),
        ("channel=poster%20wall", "A channel is a short name"),
        ("channel=-poster", "A channel is a short name"),
        ("channel=" + "a" * 41, "A channel is a short name"),
        ("channel=%3Cscript%3E", "A channel is a short name"),
        ("channel=poster%0aSet-Cookie:x", "A channel is a short name"),
    ],
)
def test_an_unknown_job_or_an_unsafe_channel_is_refused_with_a_message(
    client, campaign, query, message
):
    response = client.get(f"{BASE}qr.png?{query}")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert response["Content-Type"].startswith("text/plain")


def test_an_unknown_campaign_has_no_qr_code(client, db):
    assert client.get("/campaigns/nope/qr.svg").status_code == 404


def test_a_candidate_arriving_by_qr_code_is_recorded_with_its_source(
    client, campaign, django_capture_on_commit_callbacks
):
    arrival = client.get(EXPECTED, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert arrival.status_code == 302  # to the form in the phone's language
    assert arrival["Location"] == "/zh-hans" + EXPECTED
    form = client.get(arrival["Location"]).content.decode()
    hidden = {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    }
    data = {
        **hidden,
        "full_name": "Li Na",
        "email": "li.na@example.com",
        "phone": "13812345678",
        "job": parse_qs(urlsplit(EXPECTED).query)["job"][0],
        "consent": "on",
        "share_consent": "on",
        "resume": upload("resume.pdf", pdf_bytes()),
    }
    data.pop("csrfmiddlewaretoken", None)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(arrival["Location"].split("?")[0], data)

    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.source, application.utm_source, application.utm_medium) == (
        "qr",
        "poster",
        "qr",
    )
    assert application.utm_campaign == "liangjiang-live"
    assert application.job.slug == "battery-engineer"


def test_a_short_link_leads_to_the_apply_form_recorded_as_a_link(client, campaign):
    response = client.get("/c/liangjiang-live/battery-engineer/?ch=partner-site")
    assert response.status_code == 302
    assert response["Location"] == settings.SITE_URL + (
        "/en/campaigns/liangjiang-live/apply/?source=link&job=battery-engineer"
        "&utm_source=partner-site&utm_medium=link&utm_campaign=liangjiang-live"
    )
    whole = client.get("/c/liangjiang-live/")
    assert whole.status_code == 302
    assert "job=" not in whole["Location"]
    assert client.get(whole["Location"].removeprefix(settings.SITE_URL)).status_code == 200


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/c/liangjiang-live/no-such-job/", "There is no job"),
        ("/c/liangjiang-live/?ch=Bad%20Channel", "A channel is a short name"),
    ],
)
def test_a_short_link_to_an_unknown_job_or_channel_is_refused(client, campaign, address, message):
    response = client.get(address)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_control_page_lists_the_short_links(client, campaign, admin_user):
    client.force_login(admin_user)
    html = client.get("/en/campaigns/liangjiang-live/presenting/").content.decode()
    assert "/c/liangjiang-live/battery-engineer/?ch=poster" in html
