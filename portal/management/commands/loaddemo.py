from django.core.management.base import BaseCommand
from django.db import transaction

from articles import demo as articles_demo
from portal import demo as portal_demo
from recruitment import demo as recruitment_demo


class Command(BaseCommand):
    help = (
        "Load the demo content from the Liangjiang source article. Idempotent: running it "
        "again updates the same rows and adds nothing twice."
    )

    def handle(self, *args, **options):
        # The directory first: news and recruitment refer to its parks and organisations.
        for demo in (portal_demo, articles_demo, recruitment_demo):
            with transaction.atomic():
                demo.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
