"""The home page, cached whole for anonymous visitors (see `portal.pagecache`).

It shows the directory (parks, their key figures and organisation counts,
milestones), the latest news and the current campaign, so it is stale when
any of them changes: its own generation follows the directory's models, and
it depends on the news and campaign families, whose edits bump theirs. It is
never kept past the next scheduled article's go-live or the shown campaign's
next change of state, and while that campaign accepts applications only a few
seconds, so its counter stays recent.
"""

from articles.cache import news_pages
from articles.cache import page_ttl as news_page_ttl
from portal.pagecache import PageCache
from recruitment.cache import campaign_pages, page_ttl_for
from recruitment.models import Campaign

home_pages = PageCache("home", depends_on=(news_pages, campaign_pages))


def home_page_ttl() -> int:
    ttl = news_page_ttl()
    campaign = Campaign.objects.live_or_next()
    if campaign is not None:
        ttl = min(ttl, page_ttl_for(campaign))
    return ttl


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from portal.models import Industry, KeyFigure, Milestone, Organization, Park

    bump = home_pages.bump
    for model in (Industry, Park, KeyFigure, Organization, Milestone):
        post_save.connect(bump, sender=model, dispatch_uid=f"home-cache-save-{model}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"home-cache-del-{model}")
    for through in (Park.industries.through, Organization.industries.through):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"home-cache-m2m-{through}")
