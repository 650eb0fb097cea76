"""Background tasks for news (Django Tasks API)."""

from django_tasks import task

from portal.pages import pages_changed

from .counters import _most_read, flush_views
from .models import Article


@task()
def flush_article_views() -> int:
    """Write the view counts gathered in the cache to the database.

    Pages show "most read this week": when the flush changes that list, the
    cached pages are made stale so readers see the new order.
    """
    before = _top_lists()
    flushed = flush_views()
    if flushed and _top_lists() != before:
        pages_changed()
    return flushed


def _top_lists() -> list[list[int]]:
    """The "most read" lists the pages show: all articles, and per language."""
    return [
        [article.pk for article in _most_read(5, language)]
        for language in (None, *(code for code, _name in Article.Language.choices))
    ]


@task()
def refresh_related_articles(article_ids: list[int], removed: dict | None = None) -> int:
    """Rank the related articles again for the neighbours of articles that changed.

    `removed` ({"tags": [ids], ...}) names relations just taken off them, whose
    articles may have listed them. Pages never show what is not published (they
    filter what they read), so until this runs a list can only be shorter, never wrong.
    """
    from . import derived

    neighbours = derived.neighbour_ids(article_ids, removed)
    changed = derived.refresh(neighbours, parts=(derived.RELATED,))
    if changed:
        pages_changed()
    return changed
