import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.models import ContactMessage, UpdateRequest

pytestmark = pytest.mark.django_db


def _message(status, handled_days_ago):
    handled_at = (
        timezone.now() - datetime.timedelta(days=handled_days_ago)
        if handled_days_ago is not None
        else None
    )
    return ContactMessage.objects.create(
        name="Li",
        email="li@example.com",
        subject=f"{status} {handled_days_ago}",
        message="A question for you.",
        status=status,
        handled_at=handled_at,
    )


def test_messages_handled_over_a_year_ago_are_deleted_and_others_kept():
    old = _message("handled", 400)
    recent = _message("handled", 30)
    unanswered = _message("new", None)
    call_command("purge_old_messages", stdout=io.StringIO())
    remaining = set(ContactMessage.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, unanswered.pk}
    assert old.pk not in remaining


def test_update_requests_decided_over_a_year_ago_are_deleted(organization):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    decided = UpdateRequest.objects.create(
        organization=organization,
        name="Wang",
        email="w@example.com",
        changes="New website.",
        status="approved",
        reviewed_at=long_ago,
    )
    pending = UpdateRequest.objects.create(
        organization=organization, name="Wang", email="w@example.com", changes="Another."
    )
    out = io.StringIO()
    call_command("purge_old_messages", stdout=out)
    assert list(UpdateRequest.objects.values_list("pk", flat=True)) == [pending.pk]
    assert not UpdateRequest.objects.filter(pk=decided.pk).exists()
    assert "1 update requests" in out.getvalue()
