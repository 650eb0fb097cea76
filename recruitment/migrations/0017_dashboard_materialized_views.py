"""The dashboard's counts as PostgreSQL materialized views (other databases skip them).

Grouped by campaign, job and sharing (who sees what depends on the job's
employer and on SHARED_WITH_EMPLOYER), they hold each breakdown the dashboard
shows, the minutes of the chart's day and the first reviews. A unique index on
each lets them be refreshed CONCURRENTLY, while dashboards read them; created
with their data, so the first refresh can be concurrent too.
"""

from django.db import migrations, models

# Who sees what, as `Application.objects.visible_to` says it: everything, or
# the applications to an employer's jobs that are shared with it and not erased.
# A deleted job counts as job 0, which no employer has.
APPLICATIONS = """
    SELECT id, campaign_id, COALESCE(job_id, 0) AS job_id, created_at,
           share_consent_at IS NOT NULL AND erased_at IS NULL AS shared,
           stage, source, city, education
    FROM recruitment_application
"""

# One index-only scan of the dashboard's covering index per breakdown.
CREATE_COUNTS = f"""
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
WHERE r.from_stage = 'received'
GROUP BY a.campaign_id, a.job_id, a.shared
"""

# The minutes of each group's chart day, from the stream's start or the group's
# first application if earlier, a minute over (the dashboard cuts the viewer's
# day out of them): whichever groups a viewer sees, their day lies within.
CREATE_MINUTES = f"""
CREATE MATERIALIZED VIEW recruitment_dashboard_minute AS
SELECT per_minute.campaign_id, job_id, shared, minute, applications
FROM (
    SELECT campaign_id, job_id, shared,
           date_trunc('minute', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS minute,
           count(*) AS applications,
           min(min(created_at)) OVER (PARTITION BY campaign_id, job_id, shared) AS first
    FROM ({APPLICATIONS}) application
    GROUP BY campaign_id, job_id, shared, minute
) per_minute
JOIN recruitment_campaign campaign ON campaign.id = per_minute.campaign_id
WHERE minute < LEAST(campaign.stream_starts_at, first) + interval '1 day 1 minute'
"""

CREATE = [
    CREATE_COUNTS,
    "CREATE UNIQUE INDEX dashboard_count_key ON recruitment_dashboard_count "
    "(campaign_id, job_id, shared, dimension, value)",
    CREATE_MINUTES,
    "CREATE UNIQUE INDEX dashboard_minute_key ON recruitment_dashboard_minute "
    "(campaign_id, job_id, shared, minute)",
    "CREATE MATERIALIZED VIEW recruitment_dashboard_refresh AS SELECT now() AS refreshed_at",
    "CREATE UNIQUE INDEX dashboard_refresh_key ON recruitment_dashboard_refresh (refreshed_at)",
]
DROP = [
    f"DROP MATERIALIZED VIEW IF EXISTS {view}"
    for view in (
        "recruitment_dashboard_refresh",
        "recruitment_dashboard_minute",
        "recruitment_dashboard_count",
    )
]


def create_views(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_views(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0016_application_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="DashboardCount",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "campaign",
                        "job",
                        "shared",
                        "dimension",
                        "value",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("shared", models.BooleanField()),
                ("dimension", models.CharField(max_length=10)),
                ("value", models.CharField(max_length=200)),
                ("applications", models.BigIntegerField()),
                ("reviews", models.BigIntegerField()),
                ("waited", models.DurationField(null=True)),
            ],
            options={
                "db_table": "recruitment_dashboard_count",
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="DashboardMinute",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "campaign",
                        "job",
                        "shared",
                        "minute",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("shared", models.BooleanField()),
                ("minute", models.DateTimeField()),
                ("applications", models.BigIntegerField()),
            ],
            options={
                "db_table": "recruitment_dashboard_minute",
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="DashboardRefresh",
            fields=[
                ("refreshed_at", models.DateTimeField(primary_key=True, serialize=False)),
            ],
            options={
                "db_table": "recruitment_dashboard_refresh",
                "managed": False,
            },
        ),
        migrations.RunPython(create_views, drop_views),
    ]
