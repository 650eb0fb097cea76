"""File storage that makes a saved file durable before the caller goes on."""

import os

from django.core.files.storage import FileSystemStorage


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
