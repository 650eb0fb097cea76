"""Remove résumé files that nothing refers to, and repeated applications nobody confirmed.

The intake writes the file before the row commits, so a crash between the two
leaves a file without a row. Files younger than the grace period are left
alone: their request may still be committing. A repeated application waits
for its owner's confirmation for a week (PendingUpdate); after that it is
deleted with its file.
"""

import posixpath
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.storage import walk
from recruitment.models import PendingUpdate, private_storage
from recruitment.services import pending_updates_expire
from recruitment.services.files import resume_files_in_use

RESUME_DIR = "resumes"


class Command(BaseCommand):
    help = (
        "Delete résumé files in private storage that have no application (after a grace "
        "period), and repeated applications whose emailed link expired unconfirmed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=10,
            help="Leave files younger than this alone (default 10).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; remove nothing."
        )

    def handle(self, *args, grace_minutes, dry_run, **options):
        storage = private_storage()
        if dry_run:
            expired = PendingUpdate.objects.filter(expires_at__lte=timezone.now()).count()
        else:
            expired = pending_updates_expire()
        cutoff = timezone.now() - timedelta(minutes=grace_minutes)
        # List the files first: a row committed after this point refers to a file
        # that is younger than the cutoff, which the grace period protects.
        try:
            files = list(walk(storage, RESUME_DIR))
        except OSError as exc:
            raise CommandError(f"cannot list the résumé files: {exc}") from None
        known = resume_files_in_use()
        checked = removed = young = 0
        for file in files:
            checked += 1
            name = file.name
            if name in known:
                continue
            if file.modified > cutoff:
                young += 1
                continue
            removed += 1
            if not dry_run:
                try:
                    storage.delete(name)
                except OSError as exc:
                    self.stderr.write(f"could not delete {posixpath.basename(name)}: {exc}")
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(
            f"{verb} {expired} unconfirmed repeated applications past their link's expiry; "
            f"checked {checked} files, {verb} {removed} orphaned, "
            f"kept {young} orphaned within the {grace_minutes}-minute grace period, "
            f"{checked - removed - young} in use"
        )
