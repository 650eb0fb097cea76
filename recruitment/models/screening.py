"""The shared screening vocabulary: the skills a job may require, in every form résumés use."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Skill(models.Model):
    """A skill or keyword a job may require, with its other-language form and synonyms.

    `machine learning` = `机器学习` = `ML`: finding any of them in a résumé finds the
    skill. Recruiters edit the list; a change re-matches every job's applications.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=80, blank=True)
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_("Other ways résumés write it, one per line or separated by commas."),
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} / {self.name_zh}" if self.name_zh else self.name

    def forms(self) -> list[str]:
        """Every way of writing it, longest first (so `machine learning` wins over `ML`)."""
        words = [self.name, self.name_zh, *re.split(r"[,，、\n]", self.synonyms)]
        return sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
