"""Retention (PIPL): erase the personal data of applications past the retention period.

An application expires APPLICATION_RETENTION_DAYS after its campaign closed.
Hired candidates are kept (their data moves on to employment). The stage is
kept, anonymous, so past campaigns' figures stay true; files are deleted.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from recruitment.models import Application, AuditLog
from recruitment.services import application_anonymise


def expired_applications(days: int, now=None):
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return Application.objects.filter(
        campaign__closes_at__lt=cutoff, erased_at__isnull=True
    ).exclude(stage=Application.Stage.HIRED)


class Command(BaseCommand):
    help = (
        "Erase the personal data and résumé files of applications whose campaign closed more "
        "than the retention period ago (hired candidates excepted)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days after the campaign closes "
            "(default: APPLICATION_RETENTION_DAYS, 180).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be erased; change nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.APPLICATION_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be zero or more.")
        expired = expired_applications(days)
        per_campaign = list(
            expired.values_list("campaign__title")
            .annotate(n=Count("pk"))
            .order_by("campaign__title")
        )
        total = sum(n for _title, n in per_campaign)
        verb = "Would erase" if dry_run else "Erasing"
        self.stdout.write(
            f"{verb} {total} application(s) of campaigns closed more than {days} days ago."
        )
        for title, n in per_campaign:
            self.stdout.write(f"  {title}: {n}")
        if dry_run or not total:
            return
        erased = 0
        for pk in expired.values_list("pk", flat=True).iterator(chunk_size=500):
            application_anonymise(application=Application(pk=pk))
            erased += 1
        AuditLog.objects.create(
            action=AuditLog.Action.PURGE,
            username="purge_expired_applications",
            detail=f"{erased} application(s), retention {days} days",
        )
        self.stdout.write(self.style.SUCCESS(f"Erased {erased} application(s)."))
