"""Create an Employer HR account linked to one organisation, from the shell."""

import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from portal.models import Organization
from portal.roles import EMPLOYER_HR
from recruitment.models import EmployerProfile


class Command(BaseCommand):
    help = (
        "Create a staff user in the Employer HR group who sees only the given organisation's "
        "jobs and applications."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organization", required=True, help="The organisation's slug.")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", help="The password; asked for (twice) when not given.")

    def handle(self, *args, organization, username, email, password=None, **options):
        org = Organization.objects.filter(slug=organization).first()
        if org is None:
            raise CommandError(
                f"No organisation with the slug “{organization}”. "
                "See the directory's organisations in the admin for their slugs."
            )
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"“{email}” is not an email address.") from exc
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named “{username}” already exists; choose another name.")
        user = User(username=username, email=email, is_staff=True)
        if password is None:
            password = self._prompt(user)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            user.set_password(password)
            user.save()
            group, _created = Group.objects.get_or_create(name=EMPLOYER_HR)
            user.groups.add(group)
            EmployerProfile.objects.create(user=user, organization=org)
        self.stdout.write(
            self.style.SUCCESS(f"Created Employer HR user “{username}” for {org.name}.")
        )

    def _prompt(self, user):
        for _attempt in range(3):
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
            if first != second:
                self.stderr.write("The passwords do not match.")
                continue
            if not first:
                self.stderr.write("The password may not be empty.")
                continue
            return first
        raise CommandError("No password given.")
