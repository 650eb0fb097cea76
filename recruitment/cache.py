"""The campaign pages, cached whole for anonymous visitors (see `portal.pagecache`).

Saving or deleting a campaign, a job, an employer or a campaign's job list makes
every cached campaign page stale. A page is never kept past the campaign's next
change of state (stream start or end, applications opening or closing), so the
countdown and the player switch on time; while applications come in it is kept
only a few seconds, so the counter a visitor without JavaScript sees is recent.
"""

from datetime import datetime

from django.utils import timezone

from portal.pagecache import PageCache, max_page_ttl

# The counter moves while applications are accepted: a page is re-rendered this often.
ACCEPTING_PAGE_TTL = 10


def _applications_received(entry) -> str:
    """The live counter, filled into the cached page per request (no database query)."""
    from django.contrib.humanize.templatetags.humanize import intcomma

    from .live import live_state

    state = live_state(entry["campaign_slug"]) if entry.get("campaign_slug") else None
    return intcomma(state["applications_received"]) if state else ""


campaign_pages = PageCache(
    "campaigns",
    remember=("campaign_slug",),
    live_fields={"applications_received": _applications_received},
)


def page_ttl_for(campaign, now: datetime | None = None) -> int:
    """Seconds a page rendered now stays right: up to the next change of state."""
    now = now or timezone.now()
    moments = [
        campaign.stream_starts_at,
        campaign.stream_ends_at,
        campaign.opens_at,
        campaign.closes_at,
    ]
    ttl = max_page_ttl()
    for moment in moments:
        if moment is not None and moment > now:
            ttl = min(ttl, int((moment - now).total_seconds()))
    if campaign.is_accepting(now):
        ttl = min(ttl, ACCEPTING_PAGE_TTL)
    return max(0, ttl)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from portal.models import Organization

    from .models import Campaign, Job

    bump = campaign_pages.bump
    for model in (Campaign, Job, Organization):
        post_save.connect(bump, sender=model, dispatch_uid=f"campaign-cache-save-{model}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"campaign-cache-del-{model}")
    m2m_changed.connect(bump, sender=Campaign.jobs.through, dispatch_uid="campaign-cache-jobs")
