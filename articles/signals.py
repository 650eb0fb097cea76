"""Keep the search index, the rendered bodies and the page cache in step with edits."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal.models import Organization, Park, TalentProgramme

from .cache import bump_generation
from .counters import most_read_changed
from .models import Article, ArticleImage, Section, Tag
from .search import update_search_vector

# Anything a news page shows: changing one of these makes every cached news page stale.
SHOWN_ON_NEWS_PAGES = (Article, ArticleImage, Section, Tag, Park, Organization, TalentProgramme)

for model in SHOWN_ON_NEWS_PAGES:
    post_save.connect(bump_generation, sender=model, dispatch_uid=f"news-cache-save-{model}")
    post_delete.connect(bump_generation, sender=model, dispatch_uid=f"news-cache-del-{model}")
for through in (
    Article.tags.through,
    Article.parks.through,
    Article.organizations.through,
    Article.talent_programmes.through,
):
    m2m_changed.connect(bump_generation, sender=through, dispatch_uid=f"news-cache-m2m-{through}")
most_read_changed.connect(bump_generation, dispatch_uid="news-cache-most-read")


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
