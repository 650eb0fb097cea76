"""Jobs, campaigns and consent notices in English and Chinese (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Campaign, ConsentNotice, Job


@register(Job)
class JobTranslation(TranslationOptions):
    fields = ("title", "description", "city")
    # Only an empty city is missing: "Chongqing", the field's default, is a real value.
    fallback_undefined = {"city": ""}


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "host", "description", "programme", "platform")


@register(ConsentNotice)
class ConsentNoticeTranslation(TranslationOptions):
    fields = ("processing_text", "share_text")
