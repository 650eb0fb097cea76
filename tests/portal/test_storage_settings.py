"""Object storage is configured from the environment, and junk stops the start-up."""

import re
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings.py"
S3_VARIABLES = (
    "S3_PRIVATE_BUCKET",
    "S3_MEDIA_BUCKET",
    "S3_MEDIA_URL",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_ADDRESSING_STYLE",
)


def load_settings(monkeypatch, **environment) -> dict:
    """The settings module as a process started with `environment` would read it."""
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_without_a_private_bucket_files_stay_on_the_local_disk(monkeypatch):
    settings = load_settings(monkeypatch)

    assert settings["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert settings["STORAGES"]["private"]["BACKEND"] == "portal.storage.DurableFileSystemStorage"
    assert settings["MEDIA_URL"] == "/media/"
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:"]


def test_with_a_private_bucket_every_file_goes_to_object_storage(monkeypatch):
    settings = load_settings(
        monkeypatch,
        S3_PRIVATE_BUCKET="portal-private",
        S3_MEDIA_BUCKET="portal-media",
        S3_ENDPOINT_URL="https://oss-cn-chongqing.aliyuncs.com/",
        S3_REGION="cn-chongqing",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
    )

    media, private = settings["STORAGES"]["default"], settings["STORAGES"]["private"]
    assert media["BACKEND"] == "portal.storage.PublicMediaStorage"
    assert private["BACKEND"] == "portal.storage.PrivateObjectStorage"
    assert media["OPTIONS"]["bucket_name"] == "portal-media"
    assert private["OPTIONS"]["bucket_name"] == "portal-private"
    assert private["OPTIONS"]["endpoint_url"] == "https://oss-cn-chongqing.aliyuncs.com"
    assert private["OPTIONS"]["region_name"] == "cn-chongqing"
    assert private["OPTIONS"]["addressing_style"] == "path"
    assert settings["MEDIA_URL"] == "https://oss-cn-chongqing.aliyuncs.com/portal-media/"
    assert media["OPTIONS"]["media_url"] == settings["MEDIA_URL"]
    assert settings["SERVE_MEDIA"] is False
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://oss-cn-chongqing.aliyuncs.com",
    ]


def test_a_cdn_serves_media_when_s3_media_url_names_it(monkeypatch):
    settings = load_settings(
        monkeypatch,
        S3_PRIVATE_BUCKET="portal-private",
        S3_MEDIA_BUCKET="portal-media",
        S3_MEDIA_URL="https://media.portal.example.cn",
    )

    assert settings["MEDIA_URL"] == "https://media.portal.example.cn/"
    img_src = settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert "https://media.portal.example.cn" in img_src


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"S3_MEDIA_BUCKET": "media"}, "S3_PRIVATE_BUCKET is not"),
        ({"S3_PRIVATE_BUCKET": "private"}, "set S3_MEDIA_BUCKET too"),
        ({"S3_PRIVATE_BUCKET": "same", "S3_MEDIA_BUCKET": "same"}, "must differ"),
        (
            {"S3_PRIVATE_BUCKET": "p", "S3_MEDIA_BUCKET": "m", "S3_ADDRESSING_STYLE": "dns"},
            "S3_ADDRESSING_STYLE must be path or virtual",
        ),
        (
            {"S3_PRIVATE_BUCKET": "p", "S3_MEDIA_BUCKET": "m", "S3_ACCESS_KEY_ID": "key"},
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together",
        ),
        (
            {"S3_PRIVATE_BUCKET": "p", "S3_MEDIA_BUCKET": "m", "S3_ENDPOINT_URL": "127.0.0.1"},
            "S3_ENDPOINT_URL must be an http(s) URL",
        ),
        (
            {"S3_PRIVATE_BUCKET": "p", "S3_MEDIA_BUCKET": "m", "S3_MEDIA_URL": "/media/"},
            "S3_MEDIA_URL must be an http(s) URL",
        ),
    ],
)
def test_junk_object_storage_settings_stop_the_start_up(monkeypatch, environment, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        load_settings(monkeypatch, **environment)
