"""Recruitment blocks shown on other apps' pages: the home page and organisation profiles."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import get_language

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


_PERIOD_ZH = {"month": "月", "year": "年", "hour": "小时"}


@register.filter
def salary(job) -> str:
    """A job's pay the way readers write it: "CNY 15,000–25,000 per month",
    "15,000–25,000元/月"."""
    if not job.salary_min:
        return ""
    amount = intcomma(job.salary_min)
    if job.salary_max and job.salary_max != job.salary_min:
        amount += f"–{intcomma(job.salary_max)}"
    if (get_language() or "").startswith("zh"):
        unit = _PERIOD_ZH.get(job.salary_period, job.get_salary_period_display())
        currency = "元" if job.salary_currency == "CNY" else f" {job.salary_currency}"
        return f"{amount}{currency}/{unit}"
    return f"{job.salary_currency} {amount} {job.get_salary_period_display()}"
