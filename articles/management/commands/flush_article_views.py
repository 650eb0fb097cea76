from django.core.management.base import BaseCommand

from articles.tasks import flush_article_views


class Command(BaseCommand):
    help = (
        "Write the article view counts gathered in the cache to the database. Run it every "
        "few minutes (cron or a systemd timer); with --enqueue it goes to the task queue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the flush to the task worker."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = flush_article_views.enqueue()
            self.stdout.write(f"Enqueued flush {result.id}.")
            return
        flushed = flush_article_views.call()
        self.stdout.write(self.style.SUCCESS(f"{flushed} views written."))
