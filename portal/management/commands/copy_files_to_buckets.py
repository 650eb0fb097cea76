"""Copy a one-machine installation's files into the object storage buckets.

Moving from one machine to several: the pictures under MEDIA_ROOT go to the media
bucket and the résumés under PRIVATE_MEDIA_ROOT to the private bucket, each under
the name the database already records. Every copy is read back and checked, size
and SHA-256, against the local file. Running it again copies only what is not there
yet: an object already stored with the same size and SHA-256 is left alone. An
object of the same name with other content is never overwritten; it is reported,
and the command fails.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError

from portal.storage import ObjectStorage, sha256_of, walk


class Command(BaseCommand):
    help = (
        "Copy the local media and private files (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) into the "
        "buckets named by S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET, checking each object's size "
        "and SHA-256. Safe to run again: what is already there is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--media-root", type=Path, help="The local public files (default: MEDIA_ROOT)."
        )
        parser.add_argument(
            "--private-root",
            type=Path,
            help="The local private files (default: PRIVATE_MEDIA_ROOT).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be copied; copy nothing."
        )

    def handle(self, *args, media_root, private_root, dry_run, verbosity, **options):
        targets = {"media": storages["default"], "private": storages["private"]}
        if not all(isinstance(target, ObjectStorage) for target in targets.values()):
            raise CommandError(
                "Object storage is not configured: set S3_PRIVATE_BUCKET, S3_MEDIA_BUCKET and "
                "the other S3_ variables first (see the README)."
            )
        sources = {
            "media": media_root or Path(settings.MEDIA_ROOT),
            "private": private_root or Path(settings.PRIVATE_MEDIA_ROOT),
        }
        self.verbosity = verbosity
        problems = []
        for kind, target in targets.items():
            copied, present, failed = self.copy(kind, sources[kind], target, dry_run=dry_run)
            problems += failed
            verb = "would copy" if dry_run else "copied"
            self.stdout.write(
                f"{kind}: {verb} {copied}, already there {present}, problems {len(failed)}"
            )
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} file(s) could not be copied; see above.")

    def copy(self, kind: str, root: Path, target: ObjectStorage, *, dry_run: bool):
        copied = present = 0
        failed = []
        if not root.is_dir():
            self.stdout.write(f"{kind}: no folder at {root}, nothing to copy")
            return copied, present, failed
        source = FileSystemStorage(location=root)
        for file in walk(source):
            name = file.name
            try:
                sha256, size = sha256_of(source, name)
                stored = target.describe(name)
                if stored is not None:
                    if self.same(target, name, stored, size, sha256):
                        present += 1
                        self.note(f"{kind}: {name} already there")
                    else:
                        failed.append(
                            f"{kind}: {name}: the bucket holds another file of that name; "
                            "left as it is"
                        )
                    continue
                if dry_run:
                    copied += 1
                    self.note(f"{kind}: {name} would be copied")
                    continue
                with source.open(name, "rb") as handle:
                    target.put(name, handle, sha256=sha256)
                # Read back what the bucket holds: the copy counts once it is proven.
                if sha256_of(target, name) != (sha256, size):
                    failed.append(f"{kind}: {name}: the stored copy differs from the file")
                    continue
                copied += 1
                self.note(f"{kind}: {name} copied")
            except OSError as exc:
                failed.append(f"{kind}: {name}: {exc}")
        return copied, present, failed

    @staticmethod
    def same(target, name, stored, size, sha256) -> bool:
        stored_size, stored_sha256 = stored
        if stored_size != size:
            return False
        if stored_sha256:
            return stored_sha256 == sha256
        # Stored by other means, without its hash recorded: read it.
        return sha256_of(target, name) == (sha256, size)

    def note(self, line: str) -> None:
        if self.verbosity >= 2:
            self.stdout.write(line)
