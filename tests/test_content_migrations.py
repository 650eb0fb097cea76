"""Content in both languages keeps what the database already held."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("portal", "0004_talent_programmes_from_recruitment"),
    ("articles", "0004_talent_programmes_in_portal"),
    ("recruitment", "0013_dashboard_counts_without_rollups"),
]
AFTER = [
    ("portal", "0006_industry_drop_name_zh"),
    ("articles", "0005_sections_and_tags_in_english_and_chinese"),
    ("recruitment", "0015_consent_notice_in_each_language"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_text_becomes_the_english_version_and_chinese_names_the_chinese_one():
    old = migrate(BEFORE)
    industries = old.get_model("portal", "Industry").objects
    automobiles = industries.create(
        scheme="zone-chain", code="AUTO", slug="auto", name="Automobiles", name_zh="汽车"
    )
    # A child industry: its row has a foreign key, which PostgreSQL checks at the end of
    # a transaction that updated it, and will not alter the table before then.
    industries.create(
        scheme="zone-chain",
        code="EV",
        slug="ev",
        name="Electric vehicles",
        name_zh="新能源汽车",
        parent=automobiles,
    )
    old.get_model("portal", "Park").objects.create(
        name="Lijia Intelligent Park", slug="lijia", kind="platform", summary="A platform."
    )
    old.get_model("articles", "Section").objects.create(name="News", name_zh="新闻", slug="news")
    old.get_model("recruitment", "ConsentNotice").objects.create(
        version="2026-11",
        processing_text="Purpose: {campaign}.\n\n目的：{campaign}。",
        share_text="To {employers}.\n\n提供给{employers}。",
    )

    new = migrate(AFTER)

    industries = new.get_model("portal", "Industry").objects.order_by("code")
    assert [(i.name_en, i.name_zh_hans) for i in industries] == [
        ("Automobiles", "汽车"),
        ("Electric vehicles", "新能源汽车"),
    ]
    park = new.get_model("portal", "Park").objects.get()
    assert (park.name_en, park.summary_en, park.name_zh_hans) == (
        "Lijia Intelligent Park",
        "A platform.",
        None,
    )
    section = new.get_model("articles", "Section").objects.get()
    assert (section.name_en, section.name_zh_hans) == ("News", "新闻")
    notices = new.get_model("recruitment", "ConsentNotice").objects
    assert (
        notices.get(version="2026-11").processing_text
        == "Purpose: {campaign}.\n\n目的：{campaign}。"
    )
    split = notices.get(version="2026-12")
    assert (split.processing_text_en, split.processing_text_zh_hans) == (
        "Purpose: {campaign}.",
        "目的：{campaign}。",
    )
    assert (split.share_text_en, split.share_text_zh_hans) == (
        "To {employers}.",
        "提供给{employers}。",
    )
