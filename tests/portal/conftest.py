import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from articles.models import Article, Section
from portal.models import Industry, KeyFigure, Milestone, Organization, Park, SupportProgramme
from recruitment.models import Campaign, Job


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Staff fixtures hash a password each; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def park(db):
    park = Park.objects.create(
        name="Lijia Intelligent Park",
        slug="lijia-intelligent-park",
        kind=Park.Kind.INNOVATION_PLATFORM,
        summary="One of three innovation platforms.",
        address="Lijia, Liangjiang New Area",
        latitude=Decimal("29.665"),
        longitude=Decimal("106.505"),
    )
    KeyFigure.objects.create(
        park=park,
        label="registered digital economy enterprises",
        value=Decimal(4500),
        qualifier="more-than",
        as_of=datetime.date(2020, 6, 15),
        source="iChongqing",
    )
    return park


@pytest.fixture
def industries(db):
    return {
        "auto": Industry.objects.create(
            scheme=Industry.Scheme.GBT4754_DIVISION,
            code="36",
            name="Automobile manufacturing",
            name_zh_hans="汽车制造业",
            slug="automobile-manufacturing",
        ),
        "software": Industry.objects.create(
            scheme=Industry.Scheme.GBT4754_DIVISION,
            code="65",
            name="Software and information technology services",
            slug="software-it-services",
        ),
    }


@pytest.fixture
def organization(park, industries):
    organization = Organization.objects.create(
        name="Chang'an Automobile",
        slug="changan-automobile",
        kind=Organization.Kind.ENTERPRISE,
        short_name="Changan",
        aliases="长安汽车\n重庆长安汽车股份有限公司",
        park=park,
        website="https://www.changan.com.cn/",
        description="Car maker with more than 200 intelligent core technologies.",
    )
    organization.industries.add(industries["auto"])
    Milestone.objects.create(
        date=datetime.date(2019, 12, 5),
        kind=Milestone.Kind.CONTRACT_SIGNED,
        title="Contract signed for a new base",
        organization=organization,
        park=park,
    )
    return organization


@pytest.fixture
def programme(db):
    return SupportProgramme.objects.create(
        name="Science and technology finance loans",
        slug="science-technology-finance-loans",
        kind=SupportProgramme.Kind.LOAN,
        summary="Loans through cooperative banks.",
        amount=Decimal("1454000000"),
        beneficiaries=497,
        as_of=datetime.date(2020, 4, 30),
    )


@pytest.fixture
def many_organizations(park, industries):
    """200 organisations spread over kinds, industries and the park, each with a milestone."""
    kinds = list(Organization.Kind.values)
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Organisation {n:03d}",
            slug=f"organisation-{n:03d}",
            kind=kinds[n % len(kinds)],
            park=park if n % 2 else None,
        )
        for n in range(200)
    )
    through = Organization.industries.through
    through.objects.bulk_create(
        through(organization=o, industry=industries["auto" if n % 3 else "software"])
        for n, o in enumerate(organizations)
    )
    Milestone.objects.bulk_create(
        Milestone(
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            kind=Milestone.Kind.SETTLED,
            title=f"Organisation {n:03d} settled",
            organization=o,
            park=park,
        )
        for n, o in enumerate(organizations)
    )
    return organizations


# A published article and an open campaign with one job: what the page tests read.
@pytest.fixture
def article(db):
    section = Section.objects.create(name="News", name_zh_hans="新闻", slug="news")
    return Article.objects.create(
        title="Hydrogen buses",
        slug="hydrogen-buses",
        standfirst="Buses.",
        body_markdown="Body.",
        section=section,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture
def campaign(db):
    now = timezone.now()
    campaign = Campaign.objects.create(
        title="Liangjiang talent livestream",
        slug="liangjiang-live",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=30),
    )
    employer = Organization.objects.create(name="BOE", slug="boe", kind="enterprise")
    campaign.jobs.add(
        Job.objects.create(
            organization=employer, title="Battery engineer", slug="battery-engineer"
        )
    )
    return campaign
