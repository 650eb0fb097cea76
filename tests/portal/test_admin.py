import pytest
from django.contrib.auth.models import Permission

from portal.models import ContactMessage, UpdateRequest

pytestmark = pytest.mark.django_db

DIRECTORY_MODELS = ["industry", "park", "organization", "milestone", "supportprogramme"]
MODERATED_MODELS = ["contactmessage", "updaterequest"]


@pytest.fixture
def staff_without_group(django_user_model):
    return django_user_model.objects.create_user(
        username="stranger", password="a-long-test-password", is_staff=True
    )


@pytest.mark.parametrize("model", DIRECTORY_MODELS + MODERATED_MODELS)
def test_an_editor_can_open_every_changelist(client, editor, organization, model):
    client.force_login(editor)
    assert client.get(f"/admin/portal/{model}/").status_code == 200


@pytest.mark.parametrize("model", DIRECTORY_MODELS)
def test_an_editor_can_open_every_add_page(client, editor, model):
    client.force_login(editor)
    assert client.get(f"/admin/portal/{model}/add/").status_code == 200


@pytest.mark.parametrize("model", MODERATED_MODELS)
def test_messages_and_requests_are_only_added_by_the_public(client, editor, model):
    client.force_login(editor)
    assert client.get(f"/admin/portal/{model}/add/").status_code == 403


@pytest.mark.parametrize("model", DIRECTORY_MODELS + MODERATED_MODELS)
def test_staff_outside_the_editors_group_are_refused(client, staff_without_group, model):
    client.force_login(staff_without_group)
    assert client.get(f"/admin/portal/{model}/").status_code == 403


def test_organisation_page_in_the_admin_has_milestones_inline_and_autocomplete(
    client, editor, organization
):
    client.force_login(editor)
    html = client.get(f"/admin/portal/organization/{organization.pk}/change/").content.decode()
    assert 'id="milestones-group"' in html
    assert "admin-autocomplete" in html
    add_page = client.get("/admin/portal/organization/add/").content.decode()
    assert "django-admin-prepopulated-fields-constants" in add_page


def test_park_page_in_the_admin_has_key_figures_inline(client, editor, park):
    client.force_login(editor)
    html = client.get(f"/admin/portal/park/{park.pk}/change/").content.decode()
    assert 'id="key_figures-group"' in html


def test_an_editor_adds_an_organisation_and_a_bad_credit_code_is_refused(client, editor, park):
    client.force_login(editor)
    data = {
        "name": "Example Co",
        "slug": "example-co",
        "kind": "enterprise",
        "park": park.pk,
        "credit_code": "91500000MA5U7A5Q3X",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/portal/organization/add/", data)
    assert response.status_code == 200
    assert "check character is wrong" in response.content.decode()


def test_an_editor_marks_messages_handled(client, editor):
    message = ContactMessage.objects.create(
        name="Li", email="li@example.com", subject="Hello", message="A question for you."
    )
    client.force_login(editor)
    response = client.post(
        "/admin/portal/contactmessage/",
        {"action": "mark_handled", "_selected_action": [message.pk]},
        follow=True,
    )
    assert "1 message marked handled." in response.content.decode()
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.HANDLED
    assert message.handled_by == editor
    assert message.handled_at is not None


@pytest.mark.parametrize(("action", "status"), [("approve", "approved"), ("reject", "rejected")])
def test_an_editor_approves_or_rejects_update_requests(
    client, editor, organization, action, status
):
    request = UpdateRequest.objects.create(
        organization=organization, name="Wang", email="w@example.com", changes="New website."
    )
    client.force_login(editor)
    client.post(
        "/admin/portal/updaterequest/", {"action": action, "_selected_action": [request.pk]}
    )
    request.refresh_from_db()
    assert request.status == status
    assert request.reviewed_by == editor


def test_submitted_content_is_read_only_for_staff(client, editor, organization):
    request = UpdateRequest.objects.create(
        organization=organization, name="Wang", email="w@example.com", changes="New website."
    )
    client.force_login(editor)
    html = client.get(f"/admin/portal/updaterequest/{request.pk}/change/").content.decode()
    assert 'name="changes"' not in html
    assert 'name="status"' in html


def test_editors_hold_the_moderation_permissions():
    assert (
        Permission.objects.filter(
            group__name="Editors", codename__in=["change_contactmessage", "change_updaterequest"]
        ).count()
        == 2
    )
