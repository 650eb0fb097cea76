"""The dashboard's first reviews count staff's moves only: a candidate withdrawing
their own application (a stage change without a staff member) is no review.

On PostgreSQL the counts view is made again with that condition (other databases
count on the fly, in recruitment/dashboard.py).
"""

from django.db import migrations

APPLICATIONS = """
    SELECT id, campaign_id, COALESCE(job_id, 0) AS job_id, created_at,
           share_consent_at IS NOT NULL AND erased_at IS NULL AS shared,
           stage, source, city, education
    FROM recruitment_application
"""

COUNTS = f"""
CREATE MATERIALIZED VIEW recruitment_dashboard_count AS
WITH application AS NOT MATERIALIZED ({APPLICATIONS})
SELECT campaign_id, job_id, shared, 'stage'::text AS dimension, stage::text AS value,
       count(*) AS applications, 0::bigint AS reviews, NULL::interval AS waited
FROM application GROUP BY campaign_id, job_id, shared, stage
UNION ALL
SELECT campaign_id, job_id, shared, 'source', source, count(*), 0, NULL
FROM application GROUP BY campaign_id, job_id, shared, source
UNION ALL
SELECT campaign_id, job_id, shared, 'city', city, count(*), 0, NULL
FROM application GROUP BY campaign_id, job_id, shared, city
UNION ALL
SELECT campaign_id, job_id, shared, 'education', education, count(*), 0, NULL
FROM application GROUP BY campaign_id, job_id, shared, education
UNION ALL
SELECT a.campaign_id, a.job_id, a.shared, 'reviewed', '', count(DISTINCT a.id), count(*),
       sum(r.changed_at - a.created_at)
FROM recruitment_stagechange r JOIN application a ON a.id = r.application_id
WHERE r.from_stage = 'received'{{staff_only}}
GROUP BY a.campaign_id, a.job_id, a.shared
"""
INDEX = (
    "CREATE UNIQUE INDEX dashboard_count_key ON recruitment_dashboard_count "
    "(campaign_id, job_id, shared, dimension, value)"
)


def _remake(schema_editor, staff_only: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP MATERIALIZED VIEW IF EXISTS recruitment_dashboard_count")
    schema_editor.execute(COUNTS.replace("{staff_only}", staff_only))
    schema_editor.execute(INDEX)


def staff_reviews_only(apps, schema_editor):
    _remake(schema_editor, " AND r.changed_by_id IS NOT NULL")


def every_move(apps, schema_editor):
    _remake(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0019_campaign_cover_counter_threshold_and_months_of_pay"),
    ]

    operations = [migrations.RunPython(staff_reviews_only, every_move)]
