import os

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser from DJANGO_SUPERUSER_USERNAME, _EMAIL and _PASSWORD when they "
        "are set and that user does not exist yet; otherwise do nothing."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        if not username:
            self.stdout.write("DJANGO_SUPERUSER_USERNAME is not set: no superuser created.")
            return
        if get_user_model()._default_manager.filter(username=username).exists():
            self.stdout.write(f"Superuser {username!r} already exists.")
            return
        call_command("createsuperuser", interactive=False, verbosity=options["verbosity"])
