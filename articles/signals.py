"""Keep the search index and the rendered bodies in step with edits (the page cache
follows them in portal/pages.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal.pages import pages_changed

from .counters import most_read_changed
from .models import Article, ArticleImage
from .search import update_search_vector

# The week's "most read" lists changed: the pages showing them are stale.
most_read_changed.connect(pages_changed, dispatch_uid="pages-most-read")


@receiver(post_save, sender=Article, dispatch_uid="news-search-vector")
def index_article(sender, instance, raw=False, **kwargs):
    if not raw:
        update_search_vector(instance)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="news-search-vector-tags")
def index_article_tags(sender, instance, action, reverse, **kwargs):
    if action.startswith("post_") and not reverse:
        update_search_vector(instance)


@receiver(post_save, sender=ArticleImage, dispatch_uid="news-image-rerender")
@receiver(post_delete, sender=ArticleImage, dispatch_uid="news-image-rerender-del")
def rerender_article_body(sender, instance, raw=False, **kwargs):
    """A figure is baked into the body at save time: render it again with the new image."""
    if raw:
        return
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:
        article.save()
