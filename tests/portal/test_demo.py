import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from portal.images import rendition_name
from portal.models import (
    Industry,
    KeyFigure,
    Milestone,
    Organization,
    Park,
    SupportProgramme,
)

DEMO_MODELS = (Industry, Park, KeyFigure, Organization, Milestone, SupportProgramme)
DEMO_SLUGS = [
    "abb",
    "chinasoft-international",
    "sjtu-near-space-center",
    "sjtu-chongqing-research-institute",
    "patent-navigation-center",
    "changan-automobile",
    "great-wall-motors",
    "yongrenxin-medical",
    "boe",
    "ats",
    "alpha-omega-semiconductor",
    "cloudwalk",
    "cigit-cas",
    "nus-chongqing-research-institute",
    "nwpu-chongqing-research-institute",
]


def _counts():
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


@pytest.mark.django_db
def test_loaddemo_twice_adds_nothing_the_second_time(isolated_storage):
    call_command("loaddemo", stdout=io.StringIO())
    first = _counts()
    files = sorted(p.name for p in (isolated_storage / "media").rglob("*") if p.is_file())
    call_command("loaddemo", stdout=io.StringIO())
    assert _counts() == first
    assert sorted(p.name for p in (isolated_storage / "media").rglob("*") if p.is_file()) == files
    assert first["Park"] == 3
    assert first["Organization"] == len(DEMO_SLUGS)


@pytest.mark.django_db
def test_demo_creates_every_organisation_everyone_links_to():
    call_command("loaddemo", stdout=io.StringIO())
    assert set(Organization.objects.values_list("slug", flat=True)) >= set(DEMO_SLUGS)
    assert set(Park.objects.values_list("slug", flat=True)) == {
        "liangjiang-collaborative-innovation-zone",
        "lijia-intelligent-park",
        "liangjiang-digital-economy-industrial-park",
    }


@pytest.mark.django_db
def test_demo_key_figures_are_dated_and_sourced():
    call_command("loaddemo", stdout=io.StringIO())
    figure = KeyFigure.objects.get(park__slug="liangjiang-digital-economy-industrial-park")
    assert figure.value == Decimal(4500)
    assert figure.qualifier == "more-than"
    assert figure.as_of.year == 2020
    assert "iChongqing" in figure.source
    institutes = KeyFigure.objects.get(park__slug="liangjiang-collaborative-innovation-zone")
    assert institutes.value == 20


@pytest.mark.django_db
def test_demo_milestones_carry_the_articles_dates():
    call_command("loaddemo", stdout=io.StringIO())
    dated = {
        (m.organization.slug if m.organization else None, m.date.isoformat(), m.date_precision)
        for m in Milestone.objects.select_related("organization")
    }
    assert ("abb", "2019-12-05", "day") in dated
    assert ("chinasoft-international", "2019-12-23", "day") in dated
    assert ("sjtu-near-space-center", "2019-12-26", "day") in dated
    assert ("patent-navigation-center", "2020-01-09", "day") in dated
    assert ("sjtu-chongqing-research-institute", "2020-06-08", "day") in dated
    assert ("yongrenxin-medical", "2019-09-01", "month") in dated


@pytest.mark.django_db
def test_demo_programmes_hold_amounts_as_numbers():
    call_command("loaddemo", stdout=io.StringIO())
    loans = SupportProgramme.objects.get(slug="science-technology-finance-loans")
    assert loans.amount == Decimal("1454000000")
    assert loans.beneficiaries == 497
    assert loans.currency == "CNY"
    fund = SupportProgramme.objects.get(
        slug="science-technology-innovation-equity-investment-fund"
    )
    assert fund.amount == Decimal("5000000000")


@pytest.mark.django_db
def test_demo_industries_use_the_national_codes():
    call_command("loaddemo", stdout=io.StringIO())
    assert Industry.objects.get(scheme="gbt4754-division", code="36").name == (
        "Automobile manufacturing"
    )
    assert Industry.objects.get(scheme="gbt4754-division", code="65").parent.code == "I"
    assert Organization.objects.get(slug="boe").industries.filter(code="39").exists()


@pytest.mark.django_db
def test_demo_parks_get_an_illustration_credited_as_such(client):
    call_command("loaddemo", stdout=io.StringIO())
    park = Park.objects.get(slug="lijia-intelligent-park")
    assert park.hero_image
    assert park.hero_image_credit == "Illustration"
    html = client.get(park.get_absolute_url()).content.decode()
    assert "Illustration" in html
    webp = re.search(r'srcset="(/media/parks/[^" ]+\.webp) 480w', html).group(1)
    # The srcset names files that exist (the media URL maps onto the storage).
    assert park.hero_image.storage.exists(webp.removeprefix("/media/"))
    assert park.hero_image.storage.exists(rendition_name(park.hero_image.name, 960, "webp"))


@pytest.mark.django_db
def test_demo_does_not_replace_an_image_an_editor_removed():
    call_command("loaddemo", stdout=io.StringIO())
    park = Park.objects.get(slug="lijia-intelligent-park")
    park.hero_image = ""
    park.save()
    call_command("loaddemo", stdout=io.StringIO())
    park.refresh_from_db()
    assert not park.hero_image
