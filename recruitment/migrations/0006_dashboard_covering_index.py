"""A covering index for the campaign dashboard (PostgreSQL only).

The dashboard groups one campaign's applications by stage, job, source, city,
education and minute. With every column it reads in the index, PostgreSQL
answers from an index-only scan of that campaign's entries instead of reading
the whole table, résumé texts included. Other databases skip it.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS app_dashboard_covering ON recruitment_application "
    "(campaign_id, created_at) INCLUDE (stage, job_id, source, city, education, "
    "share_consent_at, erased_at)"
)
DROP = "DROP INDEX IF EXISTS app_dashboard_covering"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0005_search_indexes_and_default_email_templates")]

    operations = [migrations.RunPython(create_index, drop_index)]
