"""News: sections, tags, articles with images, revisions and view counts."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from portal.context_processors import default_share_image
from portal.images import ResponsiveImageField
from portal.languages import in_language, site_language
from portal.siteurl import absolute_url

from . import rendering

# A picture without a text alternative is lost on readers who cannot see it.
MSG_ALT_NEEDED = _("Describe what the picture shows, for readers who cannot see it.")

# How many related articles an article page shows, and how many the week's most read.
RELATED_LIMIT = 4
# Under this name the page cache keeps when the next scheduled article goes live,
# once per generation (portal.pages.keep_until_next).
NEXT_GO_LIVE = "articles.next-go-live"
MOST_READ_LIMIT = 5
# The relations "related" ranks by: shared tags, organisations and parks.
RELATED_BY = ("tags", "organizations", "parks")


def article_path(slug: str, when) -> str:
    """An article's address in the active language, dated by its publication."""
    when = timezone.localtime(when)
    return reverse(
        "articles:article-detail",
        kwargs={"year": f"{when.year:04d}", "month": f"{when.month:02d}", "slug": slug},
    )


def reader_language() -> str:
    """The article language of the reader's: Chinese for any Chinese, else English."""
    return site_language()


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section-detail", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:article-list") + f"?tag={self.slug}"


# What a card (lists, related, most read) shows of an article.
CARD_FIELDS = (
    "id",
    "title",
    "slug",
    "standfirst",
    "language",
    "publish_at",
    "updated_at",
    "translation_of_id",
    "hero_image",
    "hero_image_width",
    "hero_image_height",
    "hero_image_alt",
    # The section's name in each language (its columns, django-modeltranslation's).
    "section__name_en",
    "section__name_zh_hans",
    "section__slug",
)


class ArticleQuerySet(models.QuerySet):
    def published_or_scheduled(self):
        """Articles that are public now or will be by themselves (their `publish_at`)."""
        return self.filter(status__in=(Article.Status.PUBLISHED, Article.Status.SCHEDULED))

    def published(self, now=None):
        """What the public may see: the one definition used by every reader.

        Scheduled articles become visible by themselves once `publish_at` has
        passed; no job has to flip their status.
        """
        now = now or timezone.now()
        return self.published_or_scheduled().filter(publish_at__lte=now)

    def upcoming(self, now=None):
        """Articles due to go live later: they bound how long a page may be cached."""
        now = now or timezone.now()
        return self.published_or_scheduled().filter(publish_at__gt=now)

    def next_go_live(self):
        """When the next scheduled article goes live (None: none is scheduled)."""
        return self.upcoming().order_by("publish_at").values_list("publish_at", flat=True).first()

    def in_section(self, section):
        return self.filter(section=section)

    def for_cards(self):
        """Only what an article card shows (`articles/includes/article_card.html`),
        with its published version in the other language, if any, read in the same
        query (`other_version_url`)."""
        other = (
            Article.objects.published()
            .filter(Q(pk=OuterRef("translation_of_id")) | Q(translation_of=OuterRef("pk")))
            .exclude(language=OuterRef("language"))
            .order_by("pk")
        )
        return (
            self.select_related("section")
            .only(*CARD_FIELDS)
            .annotate(
                other_slug=Subquery(other.values("slug")[:1]),
                other_language=Subquery(other.values("language")[:1]),
                other_publish_at=Subquery(other.values("publish_at")[:1]),
            )
        )

    def most_read(self, language=None):
        """Read in the last seven days, most first: an indexed query on the week's
        views, which each flush of the view counts stores on the article."""
        articles = self.filter(week_views__gt=0)
        if language:
            articles = articles.filter(language=language)
        return articles.order_by("-week_views", "-publish_at", "-pk")

    def related_to(self, article):
        """Articles in `article`'s language sharing the most tags, organisations and
        parks with it, then the newest first. Lazy: `article`'s own relations are
        subqueries of the one query, so a page that finds the list in its fragment
        cache runs none of it."""
        matches = Q()
        score = Value(0)
        for name in RELATED_BY:
            theirs = Q(**{f"{name}__in": getattr(article, name).values("pk")})
            matches |= theirs
            score += Count(name, filter=theirs, distinct=True)
        return (
            self.filter(matches, language=article.language)
            .exclude(pk=article.pk)
            .annotate(shared=score)
            .order_by("-shared", "-publish_at", "-pk")
        )

    def translations_of(self, article):
        """The article `article` translates and the articles translating it."""
        query = Q(translation_of=article)
        if article.translation_of_id:
            query |= Q(pk=article.translation_of_id)
        return self.filter(query)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        CHINESE = "zh-hans", _("Simplified Chinese")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("The last part of the address.")
    )
    standfirst = models.CharField(
        _("standfirst"),
        max_length=400,
        help_text=_("One or two sentences under the title; also the search-engine description."),
    )
    body_markdown = models.TextField(
        _("body"),
        help_text=_(
            "Markdown: ## for a sub-heading, **bold**, [link](https://…). Put an inline "
            "image on a line of its own as [[image:KEY]] using the key of one of the "
            "images below."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    hero_image = ResponsiveImageField(
        _("hero image"),
        upload_to="articles/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_alt = models.CharField(
        _("hero image text alternative"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    hero_image_caption = models.CharField(_("hero image caption"), max_length=300, blank=True)
    hero_image_credit = models.CharField(_("hero image credit"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("e.g. iChongqing")
    )
    source_url = models.URLField(_("source URL"), blank=True)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_("The original article this one translates."),
    )
    parks = models.ManyToManyField(
        "portal.Park", verbose_name=_("parks"), blank=True, related_name="articles"
    )
    organizations = models.ManyToManyField(
        "portal.Organization", verbose_name=_("organisations"), blank=True, related_name="articles"
    )
    talent_programmes = models.ManyToManyField(
        "portal.TalentProgramme",
        verbose_name=_("talent programmes"),
        blank=True,
        related_name="articles",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Readers see the article from this time on (scheduled or published)."),
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    views_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    week_views = models.PositiveIntegerField(
        _("views this week"),
        default=0,
        editable=False,
        help_text=_("Views in the last seven days, worked out when the counts are flushed."),
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish"),
            models.Index(
                fields=["language", "-week_views"],
                name="article_most_read",
                condition=Q(week_views__gt=0),
            ),
            GinIndex(fields=["search_vector"], name="article_search_vector"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "unpublished"]) | Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
                violation_error_message=_(
                    "A scheduled or published article needs a publication time."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.render_body()
        if self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED) and not self.publish_at:
            self.publish_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return article_path(self.slug, self.publish_at or self.created_at or timezone.now())

    @property
    def other_version_url(self) -> str:
        """The page of this article's version in the other language, for a card
        (`ArticleQuerySet.for_cards` reads it); "" when there is none."""
        if not getattr(self, "other_slug", None):
            return ""
        return in_language(
            article_path(self.other_slug, self.other_publish_at), self.other_language
        )

    @property
    def other_language_name(self) -> str:
        """The other version's language, named in that language ("English", "简体中文")."""
        return get_language_info(self.other_language)["name_local"] if self.other_slug else ""

    @property
    def share_image_url(self) -> str:
        """The picture link previews and search engines show: the hero image or the site's."""
        if self.hero_image:
            return absolute_url(self.hero_image.url)  # on this site or the media bucket
        return settings.SITE_URL + default_share_image()

    def clean(self):
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()
        if self.status == self.Status.SCHEDULED and not self.publish_at:
            errors["publish_at"] = _("Choose when the article goes live.")
        if self.hero_image and not self.hero_image_alt.strip():
            errors["hero_image_alt"] = MSG_ALT_NEEDED
        if self.translation_of_id:
            if self.translation_of_id == self.pk:
                errors["translation_of"] = _("An article cannot be a translation of itself.")
            elif self.translation_of.language == self.language:
                errors["translation_of"] = _("A translation must be in another language.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        """The rule of `ArticleQuerySet.published()`, for a row already loaded."""
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    def render_body(self) -> None:
        images = {}
        if self.pk:
            images = {image.key: image for image in self.images.all()}
        self.body_html = rendering.render_markdown(self.body_markdown, images)
        text = f"{self.title} {self.standfirst} {rendering.plain_text(self.body_html)}"
        self.reading_minutes = rendering.reading_minutes(text)

    @property
    def plain_body(self) -> str:
        return rendering.plain_text(self.body_html)


class ArticleImage(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images"
    )
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_("Referenced from the body as [[image:KEY]] on a line of its own."),
    )
    image = ResponsiveImageField(
        _("image"), upload_to="articles/inline/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt = models.CharField(_("text alternative"), max_length=300, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inline image")
        verbose_name_plural = _("inline images")
        ordering = ["article", "key"]
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="article_image_unique_key"),
        ]

    def __str__(self):
        return self.caption or self.key

    def clean(self):
        if self.image and not self.alt.strip():
            raise ValidationError({"alt": MSG_ALT_NEEDED})


class Revision(models.Model):
    """A snapshot of an article as saved by someone, restorable from the admin."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_revisions",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    snapshot = models.JSONField(_("snapshot"))
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.article} @ {self.created_at:%Y-%m-%d %H:%M}"


class ArticleDailyViews(models.Model):
    """Views of one article on one day, flushed in batches from the cache."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="daily_views"
    )
    date = models.DateField(_("date"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="article_daily_views_unique"),
        ]
        indexes = [models.Index(fields=["date"], name="article_daily_views_date")]

    def __str__(self):
        return f"{self.article_id} {self.date}: {self.views}"
