"""Recruitment blocks shown on other apps' pages: the home page and organisation profiles."""

from django import template

from recruitment.live import applications_received
from recruitment.models import Campaign, Job

register = template.Library()


@register.inclusion_tag("recruitment/includes/home_campaign.html")
def current_campaign():
    """The home page's box for the campaign live now or coming next, with its counter."""
    campaign = Campaign.objects.live_or_next()
    return {
        "campaign": campaign,
        "applications_received": applications_received(campaign) if campaign else None,
    }


@register.inclusion_tag("recruitment/includes/organization_jobs.html")
def organization_jobs(organization, limit=10):
    """An employer's open jobs on its directory profile."""
    jobs = list(Job.objects.open().filter(organization=organization).order_by("title")[:limit])
    return {"jobs": jobs, "organization": organization}
