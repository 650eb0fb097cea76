"""The HTML application form at /campaigns/<slug>/apply/."""

import re

import pytest
from django.core import mail

from recruitment.models import Application

from .conftest import application_data, pdf_bytes, stored_files, upload

pytestmark = pytest.mark.django_db

URL = "/en/campaigns/liangjiang-live/apply/"


def form_data(**overrides):
    data = application_data(**overrides)
    data["consent"] = "on" if data.get("consent") else None
    data["share_consent"] = "on" if data.get("share_consent") else None
    data.setdefault("form_token", "token-1")
    data.setdefault("website", "")
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_shows_labels_two_unticked_consents_and_the_named_employers(client, campaign):
    response = client.get(URL + "?job=battery-engineer&channel=qr")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_full_name">' in html
    for name in ("consent", "share_consent"):
        box = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html).group()
        assert "checked" not in box
    assert "Chang&#x27;an Automobile" in html and "BOE" in html
    assert "180 days" in html  # the retention period
    assert 'value="qr"' in html  # the source from the QR code link
    assert '<option value="battery-engineer" selected>' in html
    assert 'enctype="multipart/form-data"' in html
    assert "no-store" in response["Cache-Control"]  # its one-time token is never shared
    for field in ("id_card", "birth", "photo"):
        assert f'name="{field}' not in html


def test_a_valid_form_creates_the_application_and_shows_the_reference(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(job="display-engineer"), follow=True)

    application = Application.objects.get()
    assert response.status_code == 200
    assert application.reference in response.content.decode()
    assert application.job.slug == "display-engineer"
    assert response.redirect_chain[-1][0].endswith(
        f"/en/applications/{application.status_token}/thanks/"
    )
    # The confirmation email carries the reference and the status link.
    assert len(mail.outbox) == 1
    assert application.reference in mail.outbox[0].body
    assert application.status_token in mail.outbox[0].body


def test_a_double_click_creates_one_application(client, campaign, isolated_storage):
    first = client.post(URL, form_data(form_token="double"))
    second = client.post(URL, form_data(form_token="double"))  # the browser sends it all again

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1
    assert len(stored_files(isolated_storage)) == 1


def test_a_filled_honeypot_is_refused(client, campaign, isolated_storage):
    response = client.post(URL, form_data(website="http://spam.example"))

    assert response.status_code == 400
    assert Application.objects.count() == 0
    assert stored_files(isolated_storage) == []


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"email": "nope"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"consent": None}, "consent"),
        ({"share_consent": None}, "share_consent"),
        ({"resume": upload("x.pdf", b"GIF89a....")}, "resume"),
        ({"resume": upload("x.pdf", pdf_bytes() + b"junk")}, "resume"),
        ({"resume": None}, "resume"),
    ],
)
def test_the_form_and_the_api_give_the_same_messages(client, campaign, overrides, field):
    api = client.post(
        "/api/v1/campaigns/liangjiang-live/applications/", application_data(**overrides)
    )
    # Files are read once per request: build the form's own copy of the upload.
    if "resume" in overrides and overrides["resume"] is not None:
        overrides["resume"].seek(0)
    form = client.post(URL, form_data(**overrides))

    assert api.status_code == form.status_code == 400
    html = form.content.decode()
    for message in api.json()[field]:
        assert message.replace("'", "&#x27;") in html
    assert 'role="alert"' in html
    assert Application.objects.count() == 0


def test_a_closed_campaign_shows_that_it_is_not_accepting(client, closed_campaign):
    response = client.get("/en/campaigns/june-5/apply/")
    assert "not accepting applications" in response.content.decode()

    response = client.post("/en/campaigns/june-5/apply/", form_data())
    assert response.status_code == 409
    assert Application.objects.count() == 0


def test_the_form_is_rate_limited_with_retry_after(client, campaign, settings):
    settings.INTAKE_RATE_LIMIT = 1
    client.post(URL, form_data(form_token="a"))

    response = client.post(URL, form_data(form_token="b", email="other@example.com"))

    assert response.status_code == 429
    assert response["Retry-After"]
    assert Application.objects.count() == 1


def test_an_oversize_form_post_gets_413(client, campaign):
    big = upload("big.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))

    response = client.post(URL, form_data(resume=big))

    assert response.status_code == 413
    assert Application.objects.count() == 0


def test_the_form_still_requires_the_csrf_token(campaign):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, form_data())

    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_the_apply_page_is_translated_into_chinese(client, campaign):
    response = client.get(URL, headers={"Accept-Language": "zh-hans"})

    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()


def test_consent_to_a_notice_that_changed_meanwhile_is_asked_again(client, campaign):
    from recruitment.models import ConsentNotice

    page = client.get(URL).content.decode()
    shown = re.search(r'name="notice" value="([0-9a-f]+)"', page).group(1)
    ConsentNotice.objects.create(
        version="2027-01", processing_text="New purpose.", share_text="New sharing {employers}."
    )
    campaign.save()  # a new notice takes effect with the campaign's next save

    response = client.post(URL, form_data(notice=shown))

    html = response.content.decode()
    assert response.status_code == 400
    assert "privacy notice has changed" in html
    assert "New purpose." in html
    assert Application.objects.count() == 0
    assert not re.search(r'<input type="checkbox" name="consent"[^>]*checked', html)


@pytest.mark.parametrize(
    ("language", "own", "other"), [("en", "Purpose:", "目的："), ("zh-hans", "目的：", "Purpose:")]
)
def test_the_consent_records_the_version_and_hash_of_the_notice_shown(
    client, campaign, language, own, other
):
    import hashlib
    import html as html_lib

    url = URL.replace("/en/", f"/{language}/")
    page = client.get(url).content.decode()
    shown = re.search(r'name="notice" value="([0-9a-f]+)"', page).group(1)

    client.post(url, form_data(notice=shown))

    application = Application.objects.get()
    section = re.search(r'<section class="privacy-notice".*?</section>', page, re.S).group()
    # The reader's language only: the notice no longer doubles in the other one.
    assert own in section and other not in section
    # The full notice, folded below its summary, is the text consented to.
    notice = re.search(r'<details class="notice-full".*?</details>', section, re.S).group()
    paragraphs = [html_lib.unescape(p) for p in re.findall(r"<p>(.*?)</p>", notice, re.S)]
    processing = paragraphs[0]
    assert application.consent_version == "2026-12"
    assert application.consent_sha256 == hashlib.sha256(processing.encode()).hexdigest()
    assert application.share_consent_sha256 != application.consent_sha256
