"""Background tasks for news (Django Tasks API)."""

from django_tasks import task

from .counters import flush_views


@task()
def flush_article_views() -> int:
    """Write the view counts gathered in the cache to the database.

    Pages show "most read this week": when the flush changes that list, the
    cached pages are made stale so readers see the new order (`flush_views`).
    """
    return flush_views()
