"""Check that the résumé files and the database agree, on the local disk or in the bucket.

Every résumé a row refers to (an application's, an earlier version kept, a repeated
application waiting for confirmation) must be stored with the size and SHA-256 the
row recorded at upload; every stored résumé must belong to one of them. After a
restore, a copy into the buckets, or whenever in doubt. Files younger than the
grace period that no row refers to yet are in flight (their application may still be
committing) and are only counted; older ones are what `sweep_orphaned_resumes`
deletes.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.storage import sha256_of, walk
from recruitment.models import Application, PendingUpdate, ResumeVersion, private_storage

RESUME_DIR = "resumes"


def recorded_files():
    """(what it is, stored name, recorded size or None, recorded SHA-256) for every row."""
    for reference, name, size, sha256 in (
        Application.objects.exclude(resume="")
        .values_list("reference", "resume", "resume_size", "resume_sha256")
        .iterator()
    ):
        yield f"application {reference}", name, size, sha256
    for reference, name, size, sha256 in ResumeVersion.objects.values_list(
        "application__reference", "file", "size", "sha256"
    ).iterator():
        yield f"earlier résumé of {reference}", name, size, sha256
    for reference, name, size, sha256 in (
        PendingUpdate.objects.exclude(resume="")
        .values_list("application__reference", "resume", "resume_size", "resume_sha256")
        .iterator()
    ):
        yield f"unconfirmed update of {reference}", name, size, sha256


class Command(BaseCommand):
    help = (
        "Check that every application's résumé (and earlier version, and unconfirmed update) "
        "is stored with its recorded size and SHA-256, and that every stored résumé belongs "
        "to one. Exits with an error listing what does not."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick",
            action="store_true",
            help="Compare sizes only, from the listing; read no file.",
        )
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=10,
            help="Stored files younger than this that no row refers to are in flight "
            "(default 10).",
        )

    def handle(self, *args, quick, grace_minutes, **options):
        storage = private_storage()
        cutoff = timezone.now() - timedelta(minutes=grace_minutes)
        # The listing first: a file written after it belongs to a row committed later,
        # which is looked up on its own below.
        try:
            stored = {file.name: file for file in walk(storage, RESUME_DIR)}
        except OSError as exc:
            raise CommandError(f"cannot list the résumé files: {exc}") from None
        problems = []
        referenced = set()
        checked = 0
        for what, name, size, sha256 in recorded_files():
            checked += 1
            referenced.add(name)
            problem = self.problem_with(storage, stored.get(name), name, size, sha256, quick=quick)
            if problem:
                problems.append(f"{what}: {name}: {problem}")
        in_flight = 0
        for name, file in sorted(stored.items()):
            if name in referenced:
                continue
            if file.modified > cutoff:
                in_flight += 1
            else:
                problems.append(f"{name}: stored, but no application refers to it")
        how = "sizes" if quick else "sizes and SHA-256"
        self.stdout.write(
            f"checked {checked} recorded résumé files ({how}) and {len(stored)} stored files: "
            f"{len(problems)} problem(s), {in_flight} unreferenced file(s) younger than "
            f"{grace_minutes} minutes (in flight)"
        )
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) with the résumé files; see above.")

    @staticmethod
    def problem_with(storage, listed, name, size, sha256, *, quick) -> str:
        """What is wrong with one recorded file, or ""."""
        try:
            if listed is None:
                if not storage.exists(name):
                    return "missing"
                listed_size = storage.size(name)
            else:
                listed_size = listed.size
            # A size of 0 was never recorded: no empty file passes the upload's checks.
            if size and listed_size != size:
                return f"altered: {listed_size} bytes stored, {size} recorded"
            if not quick and sha256 and sha256_of(storage, name)[0] != sha256:
                return "altered: its SHA-256 is not the one recorded"
        except FileNotFoundError:
            return "missing"
        except OSError as exc:
            return f"cannot be read: {exc}"
        return ""
