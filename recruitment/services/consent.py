"""The consent notice as shown for a campaign, and the campaign as the intake reads it.

A notice is shown in the reader's language only (its other language where that
version is missing); what a candidate agrees to is that text, so the form, the
intake and their caches all work per language.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from modeltranslation.utils import get_language

from ..models import (
    RETENTION_DAYS,
    Campaign,
    ConsentNotice,
)

# The notice a new site starts with, in each language: a reader sees the one of the
# page's language only, and the consent records the version and the hash of that text.
DEFAULT_NOTICE_VERSION = "2026-12"
DEFAULT_PROCESSING_TEXT = (
    "Purpose: the operator of the Liangjiang Portal receives your application for the "
    "campaign “{campaign}” to pass it through recruitment and to tell you about its progress. "
    "Data: the contact details, education and experience you enter and your résumé file; we "
    "never ask for ID numbers, photos or your date of birth. Retention: {retention_days} days "
    "after the campaign closes, then erased. Your rights: you can see your application, "
    "withdraw it and erase your data at any time from your status page."
)
DEFAULT_PROCESSING_TEXT_ZH = (
    "目的：两江门户运营方接收您对“{campaign}”活动的求职申请，用于招聘流程并告知进展。"
    "数据：您填写的联系方式、教育和工作经历以及简历文件；我们不收集身份证号、照片或出生日期。"
    "保存期限：活动结束后 {retention_days} 天，届时删除。您的权利：您可随时在申请状态页面查看、"
    "撤回申请并删除个人信息。"
)
DEFAULT_SHARE_TEXT = (
    "Your application (contact details, education, experience and résumé) is provided to the "
    "employer(s) of the jobs in this campaign: {employers}. They use it only to consider you "
    "for these jobs."
)
DEFAULT_SHARE_TEXT_ZH = (
    "您的申请（联系方式、教育和工作经历及简历）将提供给本次活动的招聘单位：{employers}。"
    "招聘单位仅将其用于考虑您应聘相关职位。"
)


@dataclass(frozen=True)
class RenderedNotice:
    version: str
    processing_text: str
    processing_sha256: str
    share_text: str
    share_sha256: str

    @property
    def fingerprint(self) -> str:
        """Short hash of both texts: the form sends it back to prove which text was shown."""
        return sha256(self.processing_sha256 + self.share_sha256)[:16]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


NOTICE_CACHE_SECONDS = 60


def consent_notice_for(campaign: Campaign) -> RenderedNotice:
    """The notice exactly as shown for this campaign, with the hashes recorded on consent.

    Cached for a minute: during a burst every application needs it, and the
    form and the intake read the same cached text, so the hash matches what was shown.
    """
    key = f"campaign-notice:{campaign.pk}:{campaign.updated_at.timestamp()}:{get_language()}"
    # A cache outage reads as a miss (django-redis's IGNORE_EXCEPTIONS): rendered again.
    rendered = cache.get(key)
    if rendered is None:
        rendered = _render_notice(campaign)
        cache.set(key, rendered, NOTICE_CACHE_SECONDS)
    return rendered


INTAKE_CAMPAIGN_SECONDS = 5


def _intake_key(slug: str, language: str | None = None) -> str:
    return f"recruitment:intake-campaign:{slug}:{language or get_language()}"


def intake_campaign(slug: str) -> tuple[Campaign, RenderedNotice] | None:
    """The campaign by slug and its consent notice, for the intake API; None if unknown.

    During a burst every application needs both. They are kept in this process's
    memory (the `local` cache) for INTAKE_CAMPAIGN_SECONDS: no query and no
    round trip per request. Only the campaign's fields are kept, never its
    state: whether it accepts applications is decided from its window against
    the current time on every request, so a campaign answers 409 the moment its
    window closes. A saved campaign or consent notice is forgotten at once in
    the process that saved it (`forget_intake_campaigns`), and within
    INTAKE_CAMPAIGN_SECONDS in the others; the notice comes from
    `consent_notice_for`, the same cached text the application form shows.
    """
    local = caches["local"]
    found = local.get(_intake_key(slug))
    if found is None:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            return None
        found = (campaign, consent_notice_for(campaign))
        local.set(_intake_key(slug), found, INTAKE_CAMPAIGN_SECONDS)
    return found


def forget_intake_campaigns(sender=None, instance=None, **kwargs) -> None:
    """post_save/post_delete of Campaign and ConsentNotice: drop this process's copies."""
    if isinstance(instance, Campaign):
        slugs = [instance.slug]
    else:  # a notice: any campaign without its own shows the newest
        slugs = Campaign.objects.values_list("slug", flat=True)
    keys = [_intake_key(slug, code) for slug in slugs for code, _name in settings.LANGUAGES]
    caches["local"].delete_many(keys)


def _render_notice(campaign: Campaign) -> RenderedNotice:
    notice = campaign.consent_notice
    if notice is None:
        notice = ConsentNotice.objects.order_by("-created_at", "-pk").first()
    if notice is None:
        notice, _created = ConsentNotice.objects.get_or_create(
            version=DEFAULT_NOTICE_VERSION,
            defaults={
                "processing_text_en": DEFAULT_PROCESSING_TEXT,
                "processing_text_zh_hans": DEFAULT_PROCESSING_TEXT_ZH,
                "share_text_en": DEFAULT_SHARE_TEXT,
                "share_text_zh_hans": DEFAULT_SHARE_TEXT_ZH,
            },
        )
    # The texts in the reader's language (the other one where a version lacks it).
    separator = "、" if get_language().startswith("zh") else ", "
    employers = separator.join(campaign.employer_names()) or "—"
    processing = notice.processing_text.replace("{campaign}", campaign.title).replace(
        "{retention_days}", str(RETENTION_DAYS)
    )
    share = notice.share_text.replace("{employers}", employers)
    return RenderedNotice(
        version=notice.version,
        processing_text=processing,
        processing_sha256=sha256(processing),
        share_text=share,
        share_sha256=sha256(share),
    )
