"""Articles as cards on other pages (lists, related, most read), read with `values_list()`.

A card needs a dozen columns and two URLs; reading them as plain values skips
building model instances, which is most of what an uncached list used to cost.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import get_language

from portal.html import local_date

from .models import Article, Section

COLUMNS = (
    "pk",
    "title",
    "slug",
    "standfirst",
    "language",
    "publish_at",
    "updated_at",
    "translation_of",
    "week_views",
    "section__name",
    "section__name_zh",
    "section__slug",
)
IMAGE_COLUMNS = ("hero_image", "hero_image_width", "hero_image_height", "hero_image_alt")


@dataclass
class Card:
    pk: int
    title: str
    standfirst: str
    language: str
    publish_at: datetime
    updated_at: datetime
    url: str
    section_name: str
    section_url: str
    translation_of_id: int | None = None
    week_views: int = 0
    hero_image: FieldFile | None = None
    hero_image_width: int | None = None
    hero_image_height: int | None = None
    hero_image_alt: str = ""
    # `publish_at` in the reader's time zone: ISO 8601 and the day in their language.
    published_iso: str = ""
    published_day: str = ""

    def get_absolute_url(self) -> str:
        return self.url


def card_columns(*, images=False) -> tuple[str, ...]:
    return COLUMNS + IMAGE_COLUMNS if images else COLUMNS


def as_cards(queryset, *, images=False) -> list[Card]:
    """The cards of `queryset` (published articles), in its order."""
    return cards_from_rows(queryset.values_list(*card_columns(images=images)), images=images)


def cards_from_rows(rows, *, images=False) -> list[Card]:
    """Cards from rows of `values_list(*card_columns(images=images))`."""
    columns = card_columns(images=images)
    image_field = Article._meta.get_field("hero_image")
    article_url = Article.url_maker()
    language = get_language()
    zone = timezone.get_current_timezone()
    section_urls = {}  # cards of one list share a few sections
    result = []
    for row in rows:
        value = dict(zip(columns, row, strict=True))
        card = Card(
            pk=value["pk"],
            title=value["title"],
            standfirst=value["standfirst"],
            language=value["language"],
            publish_at=value["publish_at"],
            updated_at=value["updated_at"],
            url=article_url(value["publish_at"], value["slug"]),
            section_name=Section.name_in_language(
                value["section__name"], value["section__name_zh"], language
            ),
            section_url=section_urls.get(value["section__slug"])
            or section_urls.setdefault(
                value["section__slug"], Section.url_for(value["section__slug"])
            ),
            translation_of_id=value["translation_of"],
            week_views=value["week_views"],
        )
        when = card.publish_at.astimezone(zone)
        card.published_iso = when.isoformat()
        card.published_day = local_date(when, language)
        if images and value["hero_image"]:
            card.hero_image_width = value["hero_image_width"]
            card.hero_image_height = value["hero_image_height"]
            card.hero_image_alt = value["hero_image_alt"]
            # The file of the picture, for `{% responsive_image %}`: its dimensions are
            # read from the card, as from an article.
            card.hero_image = image_field.attr_class(card, image_field, value["hero_image"])
        result.append(card)
    return result
