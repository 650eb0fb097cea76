from unittest import mock

import pytest
from django.db.utils import OperationalError


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_is_down(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert b"database" in response.content
    assert response["Retry-After"]


@pytest.mark.django_db
def test_readyz_answers_503_when_the_cache_is_down(client):
    with mock.patch("portal.views.cache.set", side_effect=ConnectionError("redis down")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert b"cache" in response.content
