"""Bulk data for the read benchmarks, on top of `manage.py loaddemo`.

    python -m bench.seed [--articles 500] [--organizations 20]

Works with whatever models exist: organisations are topped up to at least
``--organizations`` rows (the 20-row baseline needs 20); articles are made by
copying the newest demo article when the articles app has an ``Article`` model
and at least one article, otherwise skipped with a message. Idempotent: rows
are named ``bench-...`` and only the missing ones are created.
"""

import argparse
import os
import sys
from datetime import timedelta


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def seed_organizations(target: int) -> int:
    from portal.models import Organization

    missing = target - Organization.objects.count()
    created = 0
    for number in range(1, missing + 1):
        _, was_created = Organization.objects.get_or_create(
            slug=f"bench-organization-{number}",
            defaults={
                "name": f"Benchmark Organisation {number}",
                "kind": Organization.Kind.ENTERPRISE,
                "description": "Created by bench/seed.py for the 20-row baseline.",
            },
        )
        created += was_created
    return created


def _unique_text_fields(model):
    from django.db import models

    return [
        field
        for field in model._meta.concrete_fields
        if field.unique and not field.primary_key and isinstance(field, models.CharField)
    ]


def seed_articles(target: int) -> str:
    from django.apps import apps
    from django.db import transaction

    try:
        article_model = apps.get_model("articles", "Article")
    except LookupError:
        return "skipped: the articles app has no Article model yet"
    articles = article_model._default_manager.all()
    if hasattr(articles, "published"):  # copy what readers see, not a draft
        articles = articles.published()
    template = articles.order_by("-pk").first()
    if template is None:
        return "skipped: no published article to copy (does loaddemo create one?)"
    unique_fields = _unique_text_fields(article_model)
    slug_field = next((f for f in unique_fields if f.name == "slug"), None)
    existing = 0
    if slug_field is not None:
        existing = article_model._default_manager.filter(slug__startswith="bench-").count()
    created = 0
    tags = None
    if hasattr(template, "tags") and hasattr(template.tags, "all"):
        tags = list(template.tags.all())
    for number in range(existing + 1, target + 1):
        with transaction.atomic():
            copy = article_model._default_manager.get(pk=template.pk)
            copy.pk = None
            copy.id = None
            copy._state.adding = True
            for field in unique_fields:
                value = getattr(copy, field.attname) or ""
                prefix = f"bench-{number}-"
                setattr(copy, field.attname, (prefix + value)[: field.max_length])
            if hasattr(copy, "title"):
                copy.title = f"{copy.title} ({number})"
            if getattr(copy, "publish_at", None):
                # One a day going back, as a newsroom publishes: not 500 at one instant.
                copy.publish_at -= timedelta(days=number)
            copy.save()
            if tags:
                copy.tags.set(tags)
        created += 1
    total = article_model._default_manager.count()
    return f"{created} articles created, {total} in total"


def analyse() -> str:
    """Reclaim the dead rows seeding leaves and refresh the planner's statistics.

    Each new article re-ranks the related articles of others, so seeding 500
    updates the table thousands of times in a few minutes; autovacuum would catch
    up on a live site, but a benchmark started right away would read a table many
    times its size through an index the planner misjudges.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return "skipped (not PostgreSQL)"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return "done"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--organizations", type=int, default=20)
    args = parser.parse_args(argv)
    _setup_django()
    from bench.views import create_upload_table

    create_upload_table()
    print(f"seed: {seed_organizations(args.organizations)} organisations created")
    print(f"seed: articles: {seed_articles(args.articles)}")
    print(f"seed: vacuum and analyse: {analyse()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
