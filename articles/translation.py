"""Sections and tags in English and Chinese (django-modeltranslation).

Articles are not here: each language version is its own row, written by its
own editor and linked to the original by `translation_of`.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Section, Tag


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)
