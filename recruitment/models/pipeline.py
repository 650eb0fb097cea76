"""The pipeline an application moves through: stages, reviews, interviews, emails."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .intake import Application


class StageChange(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    from_stage = models.CharField(
        _("from"), max_length=20, choices=Application.Stage.choices, blank=True
    )
    to_stage = models.CharField(_("to"), max_length=20, choices=Application.Stage.choices)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the candidate or the system made the change."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "pk"]
        indexes = [
            # The dashboard's time to first review: every application leaves
            # "received" at most once, and most stage changes are other moves.
            models.Index(
                fields=["application"],
                include=["changed_at"],
                condition=models.Q(from_stage="received"),
                name="stagechange_first_review",
            ),
        ]

    def __str__(self):
        return f"{self.from_stage or '-'} → {self.to_stage}"


class Review(models.Model):
    """One reviewer's rating and notes on one application."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="application_reviews",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, help_text=_("1 (weak) to 5 (excellent).")
    )
    note = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_one_per_reviewer"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="review_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.rating or '—'}"


class Interview(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("video link"), blank=True)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewers"),
        blank=True,
        related_name="interviews",
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(link=""),
                name="interview_has_place_or_link",
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.place, self.link) if part)


class EmailTemplate(models.Model):
    """The email a candidate receives when the application reaches a stage."""

    class Language(models.TextChoices):
        EN = "en", _("English")
        ZH_HANS = "zh-hans", _("Simplified Chinese")

    stage = models.CharField(_("stage"), max_length=20, choices=Application.Stage.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.EN
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text. Placeholders: {name}, {reference}, {campaign}, {job}, {stage}, "
            "{status_url}."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("email template")
        verbose_name_plural = _("email templates")
        ordering = ["stage", "language"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "language"], name="email_template_per_stage")
        ]

    def __str__(self):
        return f"{self.get_stage_display()} ({self.language})"
