import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.models import ContactMessage, UpdateRequest

RETENTION = datetime.timedelta(days=365)


class Command(BaseCommand):
    help = (
        "Delete contact messages handled, and update requests decided, more than a year ago "
        "(the retention the privacy notice promises). Run it daily."
    )

    def handle(self, *args, **options):
        cutoff = timezone.now() - RETENTION
        messages, _ = ContactMessage.objects.filter(
            status=ContactMessage.Status.HANDLED, handled_at__lt=cutoff
        ).delete()
        requests, _ = (
            UpdateRequest.objects.exclude(status=UpdateRequest.Status.PENDING)
            .filter(reviewed_at__lt=cutoff)
            .delete()
        )
        self.stdout.write(f"Deleted {messages} contact messages and {requests} update requests.")
