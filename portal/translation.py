"""The directory's content in English and Chinese (django-modeltranslation).

Each field listed here gets a column per language on the same row (`name_en`,
`name_zh_hans`); `name` reads the reader's language and falls back to the other.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Honouree,
    Industry,
    KeyFigure,
    Milestone,
    Organization,
    Park,
    SupportProgramme,
    TalentProgramme,
)


@register(Industry)
class IndustryTranslation(TranslationOptions):
    fields = ("name",)


@register(Park)
class ParkTranslation(TranslationOptions):
    fields = (
        "name",
        "summary",
        "description",
        "address",
        "hero_image_caption",
        "hero_image_credit",
    )


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("label", "unit", "source")


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "short_name", "description", "verified_source")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "description", "source")


@register(SupportProgramme)
class SupportProgrammeTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "source")


@register(TalentProgramme)
class TalentProgrammeTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "source")


@register(Honouree)
class HonoureeTranslation(TranslationOptions):
    fields = ("name", "title", "citation")
