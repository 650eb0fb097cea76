"""Recruitment: talent programmes (more models arrive with résumé intake)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Organization


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
    as_of = models.DateField(_("figures as of"), null=True, blank=True)

    class Meta:
        verbose_name = _("talent programme")
        verbose_name_plural = _("talent programmes")
        ordering = ["name"]

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
    year = models.PositiveSmallIntegerField(_("year"))
    citation = models.TextField(_("citation"), blank=True)

    class Meta:
        verbose_name = _("honouree")
        verbose_name_plural = _("honourees")
        ordering = ["-year", "name"]

    def __str__(self):
        return f"{self.name} ({self.year})"
