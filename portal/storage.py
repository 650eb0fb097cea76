"""Where files live: the local disk (the embedded default) or S3-compatible object storage.

Two storages, named in `settings.STORAGES`: `default` for public media (images and
their renditions) and `private` for résumés. On one machine both are folders
(`MEDIA_ROOT`, `PRIVATE_MEDIA_ROOT`); with `S3_PRIVATE_BUCKET` set they are two
buckets, so that any number of web machines share them. Code that touches a file
goes through these storages' API (`save`, `open`, `delete`, `exists`, `walk`), never
a path, so it runs unchanged on either.
"""

import hashlib
import io
import mimetypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from boto3.exceptions import Boto3Error
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class StorageUnavailable(OSError):
    """Object storage could not be reached, or refused the portal's request.

    An `OSError`, like a full or failing disk: whoever handles one handles both.
    """


class DurableFileSystemStorage(FileSystemStorage):
    """A `FileSystemStorage` that flushes each new file and its directory to disk.

    An application is acknowledged once its row is committed, and PostgreSQL
    makes the commit durable; the résumé written just before it must be too,
    or a power cut right after the answer could keep the row and lose the file.
    """

    def _save(self, name, content):
        name = super()._save(name, content)
        path = self.path(name)
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        # The new directory entry, so the file is found again after a crash.
        fd = os.open(os.path.dirname(path), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        return name


# --- Object storage ----------------------------------------------------------------


@contextmanager
def _answers_as_oserror(action: str, name: str):
    """Turn what boto3 raises into what Django's storages raise: FileNotFoundError or OSError."""
    try:
        yield
    except ClientError as exc:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        code = exc.response.get("Error", {}).get("Code", "")
        if status == 404 or code in {"NoSuchKey", "404"}:
            raise FileNotFoundError(f"no object {name!r} in the bucket") from exc
        raise StorageUnavailable(
            f"object storage refused to {action} {name!r}: {code or status}"
        ) from exc
    except (BotoCoreError, Boto3Error) as exc:
        raise StorageUnavailable(f"object storage could not {action} {name!r}: {exc}") from exc


class _ObjectReader(io.RawIOBase):
    """An object read as a file: its body streamed as it arrives from the store.

    A résumé is streamed to staff without being held whole in memory or written to a
    temporary file. Seeking costs nothing until the next read, which then asks for the
    object from that point on (an HTTP range), unless the body in hand is there
    already: Pillow reads a picture's dimensions from its first bytes and rewinds,
    FileResponse measures the file by seeking to its end and back. Any failure, in the
    middle of the body too, is an `OSError`.
    """

    def __init__(self, storage, key, name, size, body):
        super().__init__()
        self._storage = storage
        self._key = key
        self._name = name
        self._size = size
        self._body = body
        self._body_position = 0  # where the body in hand has been read to
        self._position = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self._position

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        # Only remembered: the body in hand serves the next read if it is there.
        self._position = max(0, base + offset)
        return self._position

    def read(self, size=-1):
        if self._position >= self._size:
            return b""
        if self._body is not None and self._body_position != self._position:
            self._drop_body()
        if self._body is None:
            with _answers_as_oserror("read", self._name):
                answer = self._storage.connection.meta.client.get_object(
                    Bucket=self._storage.bucket_name,
                    Key=self._key,
                    Range=f"bytes={self._position}-",
                )
            self._body = answer["Body"]
            self._body_position = self._position
        with _answers_as_oserror("read", self._name):
            data = self._body.read(None if size is None or size < 0 else size)
        self._position += len(data)
        self._body_position = self._position
        return data

    def readall(self):
        return self.read(-1)

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _drop_body(self):
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self):
        self._drop_body()
        super().close()


@dataclass(frozen=True)
class StoredFile:
    """One file as a listing shows it."""

    name: str
    size: int
    modified: datetime


class ObjectStorage(S3Storage):
    """django-storages' S3 backend, made to behave like the portal's disk storage.

    - Every failure is an `OSError` (`FileNotFoundError` for a missing object), so
      the callers' error handling is the same for a disk and a bucket.
    - A file is saved with one PUT (no multipart below 64 MB, no thread pool per
      upload): the PUT has answered, so the object is stored, before the caller
      goes on to commit the row that refers to it.
    - Reading streams the object's body; nothing is buffered whole, and a seek asks
      for the rest from there.
    - `walk()` lists a prefix with its sizes and dates in one request per thousand
      objects.
    """

    def __init__(self, **settings):
        settings.setdefault(
            "transfer_config",
            TransferConfig(multipart_threshold=64 * 1024 * 1024, use_threads=False),
        )
        settings.setdefault(
            "client_config",
            Config(
                s3={"addressing_style": settings.pop("addressing_style", "path")},
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
                # Checksums only where the S3 API requires them: several S3-compatible
                # stores refuse the checksum trailers boto3 sends by default.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )
        super().__init__(**settings)

    def get_object_parameters(self, name):
        # The type follows the stored name (which the portal generates), never what an
        # uploader's browser claimed.
        params = super().get_object_parameters(name)
        params.setdefault(
            "ContentType", mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        return params

    def _open(self, name, mode="rb"):
        if mode != "rb":
            with _answers_as_oserror("open", name):
                return super()._open(name, mode)
        key = self._normalize_name(clean_name(name))
        with _answers_as_oserror("read", name):
            answer = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)
        reader = _ObjectReader(self, key, name, answer["ContentLength"], answer["Body"])
        file = File(reader, name)
        file.size = answer["ContentLength"]
        file.mode = mode
        return file

    def _save(self, name, content):
        with _answers_as_oserror("store", name):
            return super()._save(name, content)

    def delete(self, name):
        with _answers_as_oserror("delete", name):
            super().delete(name)

    def exists(self, name):
        with _answers_as_oserror("find", name):
            return super().exists(name)

    def size(self, name):
        with _answers_as_oserror("measure", name):
            return super().size(name)

    def get_modified_time(self, name):
        with _answers_as_oserror("date", name):
            return super().get_modified_time(name)

    def listdir(self, name):
        with _answers_as_oserror("list", name):
            return super().listdir(name)

    def describe(self, name: str) -> tuple[int, str] | None:
        """(size, the SHA-256 recorded with the object or "") of `name`, or None if absent."""
        key = self._normalize_name(clean_name(name))
        try:
            with _answers_as_oserror("find", name):
                head = self.connection.meta.client.head_object(Bucket=self.bucket_name, Key=key)
        except FileNotFoundError:
            return None
        return head["ContentLength"], head.get("Metadata", {}).get("sha256", "")

    def put(self, name: str, content, *, sha256: str) -> None:
        """Store `content` under exactly `name` (replacing what is there), its SHA-256
        recorded with it: for copying an installation's files, names kept."""
        key = self._normalize_name(clean_name(name))
        params = self._get_write_parameters(key)
        params["Metadata"] = {"sha256": sha256}
        with _answers_as_oserror("store", name):
            self.connection.meta.client.put_object(
                Bucket=self.bucket_name, Key=key, Body=content, **params
            )

    def walk(self, prefix: str = "") -> Iterator[StoredFile]:
        """Every object under `prefix`, with its size and modification time."""
        key_prefix = self._normalize_name(clean_name(prefix)) if prefix else self.location
        if key_prefix and not key_prefix.endswith("/"):
            key_prefix += "/"
        skip = len(self.location) + 1 if self.location else 0
        paginator = self.connection.meta.client.get_paginator("list_objects_v2")
        with _answers_as_oserror("list", prefix or "the bucket"):
            for page in paginator.paginate(Bucket=self.bucket_name, Prefix=key_prefix):
                for entry in page.get("Contents", ()):
                    yield StoredFile(entry["Key"][skip:], entry["Size"], entry["LastModified"])


class PublicMediaStorage(ObjectStorage):
    """Public media (images, renditions) in a bucket that anonymous readers may read.

    Its URLs are plain addresses under `media_url` (`S3_MEDIA_URL`: a CDN, or the
    bucket's address), never signed: a cached page may keep them for as long as it
    likes. Names are never reused: an upload whose name is taken gets another one.
    """

    file_overwrite = False
    querystring_auth = False

    def get_default_settings(self):
        return {**super().get_default_settings(), "media_url": None}

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        params.setdefault("CacheControl", "public, max-age=86400")
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        return self.media_url + filepath_to_uri(self._normalize_name(clean_name(name)))


class PrivateObjectStorage(ObjectStorage):
    """Résumés and everything personal, in a bucket only the portal's keys can read.

    No object has a URL: staff read a résumé through the portal's own download view,
    which checks who asks and writes the audit log. Every name is generated afresh
    (a UUID), so saving never asks the store whether a name is taken: one request per
    file.
    """

    file_overwrite = True

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        params["ContentType"] = "application/octet-stream"
        params["ContentDisposition"] = "attachment"
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("A private file has no URL; it is read through the portal.")


# --- Helpers for every storage ----------------------------------------------------------


def walk(storage, prefix: str = "") -> Iterator[StoredFile]:
    """Every file under `prefix` in `storage`, a bucket or a folder, with size and date."""
    if isinstance(storage, ObjectStorage):
        yield from storage.walk(prefix)
        return
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for file_name in sorted(files):
        name = f"{prefix}/{file_name}" if prefix else file_name
        try:
            yield StoredFile(name, storage.size(name), storage.get_modified_time(name))
        except FileNotFoundError:
            continue  # deleted meanwhile
    for directory in sorted(directories):
        yield from walk(storage, f"{prefix}/{directory}" if prefix else directory)


def sha256_of(storage, name: str) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a stored file, read as a stream."""
    digest = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
