from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import update_search_vector, uses_postgres
from portal.pages import pages_changed


class Command(BaseCommand):
    help = (
        "Rebuild the stored full-text search vector of every article (PostgreSQL). Saving an "
        "article keeps its own vector current; run this after bulk imports that bypass save()."
    )

    def handle(self, *args, **options):
        if not uses_postgres():
            self.stdout.write("Nothing to do: full-text vectors are stored on PostgreSQL only.")
            return
        count = 0
        articles = Article.objects.only("id", "title", "standfirst", "body_html", "language")
        for article in articles.iterator(chunk_size=500):
            update_search_vector(article)
            count += 1
        pages_changed()  # cached search pages were built without these articles
        self.stdout.write(self.style.SUCCESS(f"{count} search vectors rebuilt."))
