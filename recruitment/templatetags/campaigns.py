"""Recruitment blocks shown on other apps' pages: the home page and organisation profiles."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import get_language

from recruitment.live import applications_received
from recruitment.livestream import keep_page_while_right, rounded_down
from recruitment.models import Campaign, Job

register = template.Library()


@register.inclusion_tag("recruitment/includes/home_campaign.html", takes_context=True)
def current_campaign(context):
    """The home page's box for the campaign live now or coming next, with its counter."""
    campaign = Campaign.objects.live_or_next()
    request = context.get("request")
    if campaign is not None and request is not None:
        keep_page_while_right(request, campaign)
    received = applications_received(campaign) if campaign else 0
    return {
        "campaign": campaign,
        "applications_received": received,
        "applied_figure": rounded_down(received),
        "show_counter": campaign is not None and received >= campaign.counter_threshold,
    }


@register.inclusion_tag("recruitment/includes/organization_jobs.html")
def organization_jobs(organization, limit=10):
    """An employer's open jobs on its directory profile."""
    jobs = list(Job.objects.open().filter(organization=organization).order_by("title")[:limit])
    return {"jobs": jobs, "organization": organization}


def _range(low, high, shown) -> str:
    return shown(low) if not high or high == low else f"{shown(low)}-{shown(high)}"


def _salary_chinese(job) -> str:
    low, high = job.salary_min, job.salary_max
    if job.salary_currency != "CNY":
        unit = {"month": "月", "year": "年", "hour": "小时"}.get(job.salary_period, "")
        return f"{_range(low, high, intcomma)} {job.salary_currency}/{unit}"
    if job.salary_period == "hour":
        return f"{_range(low, high, str)}元/时"
    if job.salary_period == "year":
        if low >= 10000:
            return f"{_range(low, high, lambda n: f'{n / 10000:g}')}万/年"
        return f"{_range(low, high, str)}元/年"
    # A month's pay in thousands, as job boards write it: 10-18K·13薪.
    if low >= 1000:
        shown = f"{_range(low, high, lambda n: f'{n / 1000:g}')}K"
    else:
        shown = f"{_range(low, high, str)}元/月"
    if job.salary_months and job.salary_months > 12:
        shown += f"·{job.salary_months}薪"
    return shown


_PERIOD_EN = {"month": "a month", "year": "a year", "hour": "an hour"}


def _salary_english(job) -> str:
    low, high = job.salary_min, job.salary_max
    amount = intcomma(low) if not high or high == low else f"{intcomma(low)}–{intcomma(high)}"
    shown = f"{job.salary_currency} {amount} {_PERIOD_EN.get(job.salary_period, '')}".strip()
    if job.salary_period == "month" and job.salary_months and job.salary_months > 12:
        shown += f", {job.salary_months} months a year"
    return shown


@register.filter
def salary(job) -> str:
    """A job's pay the way job boards in each language write it: "CNY 10,000–18,000 a
    month", "10-18K·13薪"; "" when the job states none."""
    if not job.salary_min:
        return ""
    if (get_language() or "").startswith("zh"):
        return _salary_chinese(job)
    return _salary_english(job)


@register.filter
def people(count) -> str:
    """A number of people as each language writes it: 5,517,000 and 551.7万, 1,200 and 1200."""
    if count is None:
        return ""
    if (get_language() or "").startswith("zh"):
        if count >= 100_000_000:
            return f"{round(count / 100_000_000, 1):g}亿"
        if count >= 10_000:
            return f"{round(count / 10_000, 1):g}万"
        return str(count)
    return intcomma(count)
