"""Recruitment: talent programmes (more models arrive with résumé intake)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Organization


class TalentProgrammeQuerySet(models.QuerySet):
    def with_honourees(self):
        """Programmes with their honourees and organisations in two queries."""
        return self.prefetch_related(
            models.Prefetch("honourees", queryset=Honouree.objects.select_related("organization"))
        )


class TalentProgramme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    selected_count = models.PositiveIntegerField(
        _("talents selected"),
        null=True,
        blank=True,
        help_text=_("How many people the programme has selected so far, where published."),
    )
    high_level_count = models.PositiveIntegerField(
        _("high-level talents"),
        null=True,
        blank=True,
        help_text=_("How many of them count as high-level talents, where published."),
    )
    as_of = models.DateField(_("figures as of"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the figures and honours were published."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first on the talent page.")
    )

    objects = TalentProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent programme")
        verbose_name_plural = _("talent programmes")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("recruitment:talent") + f"#{self.slug}"


class Honouree(models.Model):
    programme = models.ForeignKey(
        TalentProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="honourees",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title or role"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honourees",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The year the honour is for, e.g. 2019.")
    )
    announced_on = models.DateField(
        _("announced on"),
        null=True,
        blank=True,
        help_text=_("When the honour was announced, which may be in the following year."),
    )
    citation = models.TextField(_("citation"), blank=True)

    class Meta:
        verbose_name = _("honouree")
        verbose_name_plural = _("honourees")
        ordering = ["-year", "name"]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("recruitment:talent") + f"#honouree-{self.pk}"
