"""No status token, email address or phone number reaches a log line."""

import io
import logging

import pytest
from django.db import connection

from recruitment.models import Application

from .conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db

EMAIL = "li.na@example.com"
PHONE = "13812345678"


@pytest.fixture
def log_output(caplog):
    """What the site's log handler writes, with every logger at DEBUG and every SQL
    statement logged with its parameters (as with DJANGO_DEBUG=1 LOG_LEVEL=DEBUG)."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    output = io.StringIO()
    kept = handler.setStream(output)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    connection.force_debug_cursor = True
    yield output
    connection.force_debug_cursor = False
    handler.setStream(kept)


def test_applying_and_following_the_application_logs_no_token_email_or_phone(
    client, campaign, log_output, django_capture_on_commit_callbacks
):
    form = {
        "full_name": "Li Na",
        "email": EMAIL,
        "phone": PHONE,
        "consent": "on",
        "share_consent": "on",
        "form_token": "token-1",
        "website": "",
        "resume": upload("resume.pdf", pdf_bytes()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/campaigns/{campaign.slug}/apply/", form, follow=True)
    token = Application.objects.get().status_token
    assert client.get(f"/en/applications/{token}/").status_code == 200
    logging.getLogger("django.request").error("Internal Server Error: /applications/%s/", token)

    logged = log_output.getvalue()
    assert "INSERT" in logged  # the statements were logged, with their values masked
    assert "Internal Server Error: /applications/[redacted]" in logged
    for secret in (token, EMAIL, PHONE):
        assert secret not in logged


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '"GET /applications/Zx9_abc/thanks/ HTTP/1.1" 200',
            '"GET /applications/[redacted] HTTP/1.1" 200',
        ),
        ("/api/v1/applications/Zx9_abc/", "/api/v1/applications/[redacted]"),
        ("/en/news/preview/shared/eyJhIjoxfQ:1tX:sig/", "/en/news/preview/shared/[redacted]"),
        ("to li.na+cv@example.com.cn", "to [email]"),
        ("phone 13812345678", "phone [phone]"),
        ("phone +86 138 1234 5678", "phone [phone]"),
        ("phone 023-67891234", "phone [phone]"),
        ("token = 'Vq3YQ0m1m5yM3kqXo9hZJ2V8f0r4S7nA1bC2dE3fG4h'", "token = '[token]'"),
        ("client 203.0.113.9 at 2026-12-07 10:34:17, application 12345", None),
    ],
)
def test_log_lines_are_masked(line, expected):
    from portal.logfilters import redact

    assert redact(line) == (expected or line)
