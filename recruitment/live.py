"""The live counter and live.json: what every viewer of a livestream polls.

This module owns the counter of applications received and its cache key: the
intake counts an application here after its commit, pages and the API read it
here. The counter lives in the shared cache, incremented per application and
rebuilt from the database when missing, and at least every COUNT_REBUILD_SECONDS:
a web process killed between an application's commit and its increment (a node
lost mid-burst) leaves the counter one short only until then.
"""

import contextlib

from django.core.cache import cache, caches
from django.db.models import Count
from django.utils import timezone

from .livestream import stream_times
from .models import Application, Campaign

# How long the counter is kept before it is counted again from the database.
COUNT_REBUILD_SECONDS = 30


def _count_key(campaign_id: int) -> str:
    return f"campaign:{campaign_id}:applications"


def applications_received(campaign: Campaign) -> int:
    """The live counter: kept in the cache, rebuilt from the database when missing."""
    key = _count_key(campaign.pk)
    count = cache.get(key)
    if count is None:
        count = Application.objects.filter(campaign_id=campaign.pk).count()
        # add, not set: an increment that raced ahead of the rebuild is not overwritten.
        cache.add(key, count, timeout=COUNT_REBUILD_SECONDS)
        count = cache.get(key, count)
    return count + (campaign.recorded_applications or 0)


def applications_received_many(campaigns) -> dict[int, int]:
    """The live counters of several campaigns: one cache round trip, one query for the missing."""
    campaigns = list(campaigns)
    keys = {_count_key(c.pk): c.pk for c in campaigns}
    cached = cache.get_many(list(keys))
    counts = {keys[key]: value for key, value in cached.items()}
    missing = [pk for pk in keys.values() if pk not in counts]
    if missing:
        rows = dict(
            Application.objects.filter(campaign_id__in=missing)
            .values_list("campaign_id")
            .annotate(n=Count("pk"))
            .values_list("campaign_id", "n")
        )
        for pk in missing:
            counts[pk] = rows.get(pk, 0)
            cache.add(_count_key(pk), counts[pk], timeout=COUNT_REBUILD_SECONDS)
    return {c.pk: counts[c.pk] + (c.recorded_applications or 0) for c in campaigns}


def count_new_application(campaign: Campaign) -> None:
    """Count an application just committed: called by the intake after its commit."""
    # This process shows the new figure at once (others within their one-second memo):
    # an applicant coming back to the campaign page sees their application counted.
    caches["local"].delete(_state_key(campaign.slug))
    with contextlib.suppress(ValueError):  # not cached yet: the next reader rebuilds it
        cache.incr(_count_key(campaign.pk))


# Each process keeps the answer for a second (the `local` cache): a million
# pollers cost each web process at most one look at the shared cache a second,
# and never the database.
LIVE_MEMO_SECONDS = 1
LIVE_META_SECONDS = 5


def _state_key(slug: str) -> str:
    return f"campaign-live-state:{slug}"


def _meta_key(slug: str) -> str:
    return f"campaign-live-meta:{slug}"


def _live_meta(slug):
    """What live.json needs about a campaign, shared through the cache for a few seconds."""
    meta = cache.get(_meta_key(slug))
    if meta is None:
        campaign = Campaign.objects.select_related("now_presenting").filter(slug=slug).first()
        if campaign is None:
            meta = {"missing": True}
        else:
            starts, ends = stream_times(campaign)
            meta = {
                "id": campaign.pk,
                "starts": starts,
                "ends": ends,
                "now_presenting": (
                    campaign.now_presenting.slug if campaign.now_presenting else None
                ),
                "recorded": campaign.recorded_applications or 0,
            }
        cache.set(_meta_key(slug), meta, LIVE_META_SECONDS)
    return meta


def _live_payload(slug):
    meta = _live_meta(slug)
    if meta.get("missing"):
        return None
    count = applications_received(Campaign(pk=meta["id"]))
    now = timezone.now()
    state = "upcoming" if now < meta["starts"] else "live" if now < meta["ends"] else "ended"
    return {
        "state": state,
        "applications_received": count + meta["recorded"],
        "now_presenting": meta["now_presenting"] if state == "live" else None,
    }


def live_state(slug: str) -> dict | None:
    """`{"state", "applications_received", "now_presenting"}`, or None for no such campaign."""
    local = caches["local"]
    payload = local.get(_state_key(slug))
    if payload is None:
        payload = _live_payload(slug)
        if payload is None:
            return None
        local.set(_state_key(slug), payload, LIVE_MEMO_SECONDS)
    return payload


def live_state_forget(slug: str) -> None:
    """Drop the cached live state after a change, so viewers see it at their next poll.

    Other web processes still answer from their one-second memo, so the change
    reaches every viewer within a second plus the response's max-age.
    """
    caches["local"].delete(_state_key(slug))
    cache.delete(_meta_key(slug))


def campaign_saved(sender, instance, **kwargs):
    """post_save of Campaign, wherever it is saved (admin, staff page, shell)."""
    live_state_forget(instance.slug)
