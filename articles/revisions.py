"""Article revisions: a JSON snapshot per save, and restoring one."""

from django.db import transaction
from django.utils.dateparse import parse_datetime

from .models import Article, Revision

SCALAR_FIELDS = (
    "title",
    "slug",
    "standfirst",
    "body_markdown",
    "hero_image_alt",
    "hero_image_caption",
    "hero_image_credit",
    "author",
    "source",
    "source_url",
    "section_id",
    "language",
    "translation_of_id",
    "status",
    "publish_at",
)
M2M_FIELDS = ("tags", "parks", "organizations", "talent_programmes")


def snapshot(article: Article) -> dict:
    data = {name: getattr(article, name) for name in SCALAR_FIELDS}
    data["publish_at"] = article.publish_at.isoformat() if article.publish_at else None
    data["hero_image"] = article.hero_image.name or ""
    for name in M2M_FIELDS:
        data[name] = sorted(getattr(article, name).values_list("pk", flat=True))
    return data


def record_revision(article: Article, *, user=None, changed_fields=(), comment="") -> Revision:
    return Revision.objects.create(
        article=article,
        user=user if user is not None and user.is_authenticated else None,
        changed_fields=list(changed_fields),
        snapshot=snapshot(article),
        comment=comment,
    )


@transaction.atomic
def restore_revision(revision: Revision, *, user=None) -> Article:
    """Put the article back as it was in `revision`, and record that as a new revision."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    data = revision.snapshot
    changed = []
    for name in SCALAR_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "publish_at":
            value = parse_datetime(value) if value else None
        if getattr(article, name) != value:
            changed.append(name.removesuffix("_id"))
            setattr(article, name, value)
    hero = data.get("hero_image")
    # A picture deleted from storage since then cannot come back; keep the current one.
    if (
        hero is not None
        and (article.hero_image.name or "") != hero
        and (not hero or article.hero_image.storage.exists(hero))
    ):
        article.hero_image = hero
        changed.append("hero_image")
    article.save()
    for name in M2M_FIELDS:
        if name in data:
            manager = getattr(article, name)
            wanted = set(
                manager.model.objects.filter(pk__in=data[name]).values_list("pk", flat=True)
            )
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
                changed.append(name)
    record_revision(
        article,
        user=user,
        changed_fields=changed,
        comment=f"Restored revision {revision.pk} of {revision.created_at:%Y-%m-%d %H:%M}",
    )
    return article
