"""Smoke runs of the benchmarks at a tiny size: a schema or URL change that breaks a
benchmark breaks a test. The site is served as bench/settings.py serves it: the
product's URLs plus the baselines under /_bench/."""

import copy
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section
from bench import seed
from bench.views import create_upload_table
from portal.models import Organization
from recruitment.models import Campaign, Job


@pytest.fixture
def bench_site(settings, tmp_path):
    """bench/settings.py's additions to the product's settings."""
    settings.ROOT_URLCONF = "bench.urls"
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], settings.BASE_DIR / "bench" / "templates"]
    settings.TEMPLATES = templates
    settings.BENCH_UPLOAD_ROOT = tmp_path / "floor"
    settings.INTAKE_RATE_LIMIT = 0
    return settings


@pytest.fixture
def bench_data(bench_site, db):
    """What bench/server.py prepares, small: an article (the demo's stand-in), a
    campaign open for applications, then bench/seed.py's organisations and copies
    of the article, and the upload floor's table."""
    now = timezone.now()
    section = Section.objects.create(name="News", name_zh_hans="新闻", slug="news")
    Article.objects.create(
        title="Liangjiang innovation platforms",
        slug="liangjiang-innovation-platforms",
        standfirst="Innovation platforms, parks and talent.",
        body_markdown="Liangjiang New Area.\n\n## Innovation\n\nParks and talent.",
        section=section,
        status=Article.Status.PUBLISHED,
        publish_at=now - timedelta(days=1),
    )
    employer = Organization.objects.create(
        name="BOE", slug="boe", kind=Organization.Kind.ENTERPRISE
    )
    job = Job.objects.create(
        slug="boe-test-engineer", organization=employer, title="Test engineer"
    )
    campaign = Campaign.objects.create(
        slug="bench-open",
        title="Liangjiang talent livestream",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        stream_starts_at=now - timedelta(minutes=30),
        stream_ends_at=now + timedelta(hours=2),
    )
    campaign.jobs.add(job)
    create_upload_table()
    seed.seed_organizations(20)
    assert seed.seed_articles(3).startswith("3 articles created")
    return campaign
