from django.core.management.base import BaseCommand

from articles import derived
from articles.counters import update_week_views
from articles.models import Article
from portal.pages import pages_changed


class Command(BaseCommand):
    help = (
        "Work out again what every article page shows of other objects (tag names, "
        "mentioned directory entries, related-article candidates) and the week's views. "
        "Edits keep them current; run this after bulk imports that bypass save()."
    )

    def handle(self, *args, **options):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        changed = 0
        for start in range(0, len(ids), 500):
            changed += derived.refresh(ids[start : start + 500])
        update_week_views()
        pages_changed()
        self.stdout.write(
            self.style.SUCCESS(f"{len(ids)} articles refreshed, {changed} of them changed.")
        )
