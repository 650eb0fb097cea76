from django.core.management.base import BaseCommand
from django.utils import timezone

from recruitment.models import refresh_dashboard_views
from recruitment.tasks import refresh_dashboard_counts


class Command(BaseCommand):
    help = (
        "Refresh the campaign dashboards' counts now (PostgreSQL; the task worker does it "
        "about once a minute). With --enqueue the task worker does it, and then keeps "
        "doing it every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the refresh to the task worker."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = refresh_dashboard_counts.enqueue()
            self.stdout.write(f"Enqueued refresh {result.id}.")
            return
        refreshed_at = refresh_dashboard_views()
        if refreshed_at is None:
            self.stdout.write(
                "Nothing to refresh: on this database the dashboard counts as it is read."
            )
            return
        when = timezone.localtime(refreshed_at)
        self.stdout.write(
            self.style.SUCCESS(f"Dashboard counts refreshed as of {when:%Y-%m-%d %H:%M:%S}.")
        )
