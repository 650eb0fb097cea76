"""Keep the search index, the rendered bodies and the stored page data in step with edits
(the page cache follows them in portal/pages.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from portal.models import Organization, Park
from recruitment.models import TalentProgramme

from . import derived
from .models import Article, ArticleImage, Tag
from .search import update_search_vector


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


# --- Stored page data (articles/derived.py) ------------------------------------------


@receiver(post_save, sender=Article, dispatch_uid="news-derived-article")
def rank_related_after_save(sender, instance, raw=False, **kwargs):
    """Its status, time or language may have changed: its list and its neighbours'."""
    if raw:
        return
    derived.refresh([instance.pk], parts=(derived.RELATED,))
    derived.refresh_neighbours_later([instance.pk])


@receiver(pre_delete, sender=Article, dispatch_uid="news-derived-article-deleting")
def remember_relations(sender, instance, **kwargs):
    # Its links go with it, without an m2m signal: remember them for its neighbours.
    instance._news_relations = {
        name: list(getattr(instance, name).values_list("pk", flat=True))
        for name in derived.RELATED_BY
    }


@receiver(post_delete, sender=Article, dispatch_uid="news-derived-article-deleted")
def rank_neighbours_after_delete(sender, instance, **kwargs):
    derived.refresh_neighbours_later([instance.pk], getattr(instance, "_news_relations", None))


# m2m relation -> (its field on Article, the parts of the page it feeds)
_RELATIONS = {
    Article.tags.through: ("tags", (derived.TAGS, derived.RELATED)),
    Article.parks.through: ("parks", (derived.MENTIONS, derived.RELATED)),
    Article.organizations.through: ("organizations", (derived.MENTIONS, derived.RELATED)),
    Article.talent_programmes.through: ("talent_programmes", (derived.MENTIONS,)),
}


def relation_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    """Tags, parks, organisations or programmes added to or taken off articles."""
    name, parts = _RELATIONS[sender]
    if action == "pre_clear":
        # `post_clear` does not say what was cleared: remember it now.
        if reverse:  # `instance` is the tag, park...
            cleared = Article.objects.filter(**{name: instance}).values_list("pk", flat=True)
        else:
            cleared = getattr(instance, name).values_list("pk", flat=True)
        instance._news_cleared = set(cleared)
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_news_cleared", set())
    if reverse:
        articles = set(pk_set or ())
        removed = {name: [instance.pk]}
    else:
        articles = {instance.pk}
        removed = {name: sorted(pk_set or ())}
    derived.refresh(articles, parts=parts)
    if derived.RELATED in parts:
        derived.refresh_neighbours_later(articles, removed if action != "post_add" else None)


for through in _RELATIONS:
    m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"news-derived-{through}")


def _articles_of(instance) -> set[int]:
    return set(instance.articles.values_list("pk", flat=True))


def entry_saved(sender, instance, raw=False, **kwargs):
    """A tag, park, organisation or programme renamed: the pages that show it."""
    if raw:
        return
    parts = (derived.TAGS,) if sender is Tag else (derived.MENTIONS,)
    derived.refresh(_articles_of(instance), parts=parts)


def entry_deleting(sender, instance, **kwargs):
    # Its links to articles go with it, without an m2m signal: remember them now.
    instance._news_articles = _articles_of(instance)


def entry_deleted(sender, instance, **kwargs):
    articles = getattr(instance, "_news_articles", set())
    parts = (derived.TAGS,) if sender is Tag else (derived.MENTIONS,)
    if sender is not TalentProgramme:
        parts = (*parts, derived.RELATED)
    derived.refresh(articles, parts=parts)


for model in (Tag, Park, Organization, TalentProgramme):
    post_save.connect(entry_saved, sender=model, dispatch_uid=f"news-derived-save-{model}")
    pre_delete.connect(entry_deleting, sender=model, dispatch_uid=f"news-derived-pre-del-{model}")
    post_delete.connect(entry_deleted, sender=model, dispatch_uid=f"news-derived-del-{model}")
