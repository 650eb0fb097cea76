"""Recruitment blocks shown on other apps' pages: the home page and organisation profiles."""

from django import template

from recruitment.live import applications_received
from recruitment.livestream import keep_page_while_right
from recruitment.models import Campaign, Job

register = template.Library()


@register.inclusion_tag("recruitment/includes/home_campaign.html", takes_context=True)
def current_campaign(context):
    """The home page's box for the campaign live now or coming next, with its counter."""
    campaign = Campaign.objects.live_or_next()
    request = context.get("request")
    if campaign is not None and request is not None:
        keep_page_while_right(request, campaign)
    return {
        "campaign": campaign,
        "applications_received": applications_received(campaign) if campaign else None,
    }


@register.inclusion_tag("recruitment/includes/organization_jobs.html")
def organization_jobs(organization, limit=10):
    """An employer's open jobs on its directory profile."""
    jobs = list(Job.objects.open().filter(organization=organization).order_by("title")[:limit])
    return {"jobs": jobs, "organization": organization}
