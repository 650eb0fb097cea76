"""Jobs and campaigns in the site search (see `portal.search`)."""

import dataclasses

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from portal import search as site_search
from portal.translated import fallback_language

from .models import Campaign, Job


def _job_hit(job) -> site_search.Hit:
    organization = job.organization
    return dataclasses.replace(
        site_search.describe(job, title="title", summary=None, meta=job.city),
        summary=organization.name,
        summary_lang=fallback_language(organization, "name"),
    )


def _campaign_hit(campaign) -> site_search.Hit:
    hit = site_search.describe(campaign, title="title", summary="host")
    return dataclasses.replace(hit, meta=date_format(localtime(campaign.opens_at), "DATE_FORMAT"))


def register_kinds() -> None:
    site_search.register(
        site_search.Kind(
            key="jobs",
            label=_("Jobs"),
            # Open jobs only, as the jobs page lists them.
            find=lambda q: site_search.matching(
                Job.objects.open().with_organization().order_by("-created_at", "pk"),
                q,
                site_search.in_every_language(
                    "title", "description", "organization__name", "organization__short_name"
                ),
            ),
            describe=_job_hit,
            position=20,
        )
    )
    site_search.register(
        site_search.Kind(
            key="campaigns",
            label=_("Campaigns"),
            find=lambda q: site_search.matching(
                Campaign.objects.order_by("-opens_at", "pk"),
                q,
                site_search.in_every_language("title", "host", "description"),
            ),
            describe=_campaign_hit,
            position=25,
        )
    )
