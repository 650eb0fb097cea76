"""Recruitment blocks shown on other apps' pages: the home page and organisation profiles."""

from django import template
from django.utils import timezone

from recruitment.models import Campaign, Job
from recruitment.services import applications_received

register = template.Library()


@register.inclusion_tag("recruitment/includes/home_campaign.html")
def live_or_next_campaign():
    """The campaign open for applications now, else the next one to open."""
    now = timezone.now()
    campaign = Campaign.objects.filter(closes_at__gt=now).order_by("opens_at", "pk").first()
    return {
        "campaign": campaign,
        "applications_received": applications_received(campaign) if campaign else None,
    }


@register.inclusion_tag("recruitment/includes/organization_jobs.html")
def organization_jobs(organization, limit=10):
    """An employer's open jobs on its directory profile."""
    jobs = list(Job.objects.open().filter(organization=organization).order_by("title")[:limit])
    return {"jobs": jobs, "organization": organization}
