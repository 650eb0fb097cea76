"""Content in both languages: which language a translated field shows, and the
admin's list of what still lacks a version.

The columns themselves are django-modeltranslation's (`translation.py` in each
app): `park.name` reads `name_en` or `name_zh_hans` for the active language and
falls back to the other where the reader's is empty.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

LANGUAGE_NAMES = {"en": _("English"), "zh-hans": _("Chinese")}


def shown_language(obj, field: str) -> str | None:
    """The language whose text `obj.<field>` shows now (None: no language has one)."""
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    for language in resolution_order(get_language(), fallbacks):
        if getattr(obj, build_localized_fieldname(field, language), None):
            return language
    return None


def fallback_language(obj, field: str) -> str:
    """The other language's code when `obj.<field>` falls back to it, else ""."""
    if obj is None:
        return ""
    try:
        translator.get_options_for_model(type(obj))
    except NotRegistered:
        return ""
    shown = shown_language(obj, field)
    return shown if shown and shown != get_language() else ""


def translated_fields(model) -> list[str]:
    """The model's translated fields, in their registration order."""
    return list(translator.get_options_for_model(model).fields)


def missing_in(model, language: str) -> Q:
    """Rows where some translated field has text in another language but none in `language`."""
    missing = Q()
    for field in translated_fields(model):
        own = build_localized_fieldname(field, language)
        others = Q()
        for code, _name in settings.LANGUAGES:
            if code != language:
                others |= ~Q(**{build_localized_fieldname(field, code): ""}) & Q(
                    **{f"{build_localized_fieldname(field, code)}__isnull": False}
                )
        missing |= (Q(**{own: ""}) | Q(**{f"{own}__isnull": True})) & others
    return missing


class MissingTranslationFilter(admin.SimpleListFilter):
    """ "Missing Chinese" / "Missing English": rows an editor still has to translate."""

    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            (code, _("Missing %(language)s") % {"language": LANGUAGE_NAMES.get(code, code)})
            for code, _name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(settings.LANGUAGES):
            return queryset.filter(missing_in(queryset.model, self.value()))
        return queryset
