"""PostgreSQL search indexes for the back office, and the default candidate emails.

The expressions must stay identical to the queries: `UPPER(full_name::text)`
is what `full_name__icontains` compiles to, and the full-text expression is
the one of `recruitment.models.FullTextLookup`. Other databases skip them.
"""

from django.db import migrations

INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS app_full_name_trgm ON recruitment_application "
    "USING gin (UPPER(full_name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS app_extracted_text_fts ON recruitment_application "
    "USING gin (to_tsvector('simple'::regconfig, extracted_text))",
]
DROP = [
    "DROP INDEX IF EXISTS app_full_name_trgm",
    "DROP INDEX IF EXISTS app_extracted_text_fts",
]

TEMPLATES = [
    (
        "interview",
        "en",
        "Your application {reference}: interview",
        "Dear {name},\n\nthank you for applying for {job} through “{campaign}”. We would like "
        "to meet you: you will receive an invitation with the time and place shortly.\n\n"
        "Your application: {status_url}\n",
    ),
    (
        "interview",
        "zh-hans",
        "您的申请 {reference}：面试",
        "{name}，您好：\n\n感谢您通过“{campaign}”应聘 {job}。我们希望与您面谈，"
        "稍后您将收到包含时间和地点的面试邀请。\n\n您的申请：{status_url}\n",
    ),
    (
        "offer",
        "en",
        "Your application {reference}: an offer",
        "Dear {name},\n\nwe are glad to tell you that we would like to offer you the position "
        "of {job}. We will contact you with the details.\n\nYour application: {status_url}\n",
    ),
    (
        "offer",
        "zh-hans",
        "您的申请 {reference}：录用意向",
        "{name}，您好：\n\n我们很高兴地通知您，我们希望录用您担任 {job}。"
        "我们将与您联系并告知详情。\n\n您的申请：{status_url}\n",
    ),
    (
        "hired",
        "en",
        "Welcome — your application {reference}",
        "Dear {name},\n\nwelcome aboard as {job}. Thank you for applying through "
        "“{campaign}”.\n",
    ),
    (
        "hired",
        "zh-hans",
        "欢迎加入 — 您的申请 {reference}",
        "{name}，您好：\n\n欢迎您以 {job} 的身份加入。感谢您通过“{campaign}”应聘。\n",
    ),
    (
        "rejected",
        "en",
        "Your application {reference}",
        "Dear {name},\n\nthank you for your interest in {job}. After careful consideration we "
        "will not take your application further this time. Your data will be erased when the "
        "retention period ends, or now from your status page: {status_url}\n",
    ),
    (
        "rejected",
        "zh-hans",
        "您的申请 {reference}",
        "{name}，您好：\n\n感谢您对 {job} 职位的关注。经过慎重考虑，本次我们将不再推进您的申请。"
        "保存期限届满后您的数据将被删除，您也可以现在在申请状态页面删除：{status_url}\n",
    ),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in INDEXES:
        schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in DROP:
        schema_editor.execute(sql)


def seed_templates(apps, schema_editor):
    EmailTemplate = apps.get_model("recruitment", "EmailTemplate")
    for stage, language, subject, body in TEMPLATES:
        EmailTemplate.objects.get_or_create(
            stage=stage, language=language, defaults={"subject": subject, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0004_back_office_scoping_audit_reviews_interviews_emails")]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(seed_templates, migrations.RunPython.noop),
    ]
