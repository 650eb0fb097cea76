"""Background tasks for news (Django Tasks API)."""

from django_tasks import task

from .cache import bump_generation
from .counters import flush_views, most_read_this_week


@task()
def flush_article_views() -> int:
    """Write the view counts gathered in the cache to the database.

    Pages show "most read this week": when the flush changes that list, the
    cached pages are made stale so readers see the new order.
    """
    before = list(most_read_this_week().values_list("id", flat=True))
    flushed = flush_views()
    if flushed and list(most_read_this_week().values_list("id", flat=True)) != before:
        bump_generation()
    return flushed
