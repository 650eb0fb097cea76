"""The campaign dashboard's counts on PostgreSQL: materialized views, read as models.

Counting a campaign's applications afresh takes one scan of its entries per
breakdown, too slow at a million. On PostgreSQL the counts are kept in
materialized views (migration 0017) grouped by campaign, job and whether the
candidate shares the application with the employer: the two things who sees
what depends on (`Application.objects.visible_to`). The task worker refreshes
them about once a minute (`refresh_dashboard_counts`). Other databases have no
such views; the dashboard counts there directly.
"""

from django.db import connection, models, transaction

from .backoffice import staff_scope
from .jobs import Campaign, Job


class DashboardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The counts of the applications `user` may see: `Application.objects.visible_to`.

        `shared` is SHARED_WITH_EMPLOYER as the view counted it; the job's
        employer is read now, so a job moved to another employer moves at once.
        """
        scope = staff_scope(user)
        if scope.everything:
            return self
        if scope.organization_id is None:
            return self.none()
        return self.filter(shared=True, job__organization_id=scope.organization_id)


class DashboardCount(models.Model):
    """Applications per campaign, job, sharing, and value of one breakdown.

    `dimension` is "stage", "source", "city" or "education", and "reviewed"
    for the first reviews: `applications` then counts the applications
    reviewed at least once, `reviews` their moves out of "received" and
    `waited` the time from each application to its move, summed.
    """

    pk = models.CompositePrimaryKey("campaign", "job", "shared", "dimension", "value")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    # 0 for the applications whose job was deleted: no employer sees them.
    job = models.ForeignKey(
        Job, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    shared = models.BooleanField()
    dimension = models.CharField(max_length=10)
    value = models.CharField(max_length=200)
    applications = models.BigIntegerField()
    reviews = models.BigIntegerField()
    waited = models.DurationField(null=True)

    objects = DashboardQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "recruitment_dashboard_count"

    def __str__(self):
        return f"{self.dimension} {self.value}: {self.applications}"


class DashboardMinute(models.Model):
    """Applications per campaign, job, sharing and minute of arrival (UTC).

    Only the minutes a chart can show: those of the day from the stream's
    start, or from the group's first application if earlier.
    """

    pk = models.CompositePrimaryKey("campaign", "job", "shared", "minute")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    # 0 for the applications whose job was deleted: no employer sees them.
    job = models.ForeignKey(
        Job, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    shared = models.BooleanField()
    minute = models.DateTimeField()
    applications = models.BigIntegerField()

    objects = DashboardQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "recruitment_dashboard_minute"

    def __str__(self):
        return f"{self.minute:%Y-%m-%d %H:%M}: {self.applications}"


class DashboardRefresh(models.Model):
    """When the counts were last refreshed: one row."""

    refreshed_at = models.DateTimeField(primary_key=True)

    class Meta:
        managed = False
        db_table = "recruitment_dashboard_refresh"

    def __str__(self):
        return f"{self.refreshed_at:%Y-%m-%d %H:%M:%S}"


DASHBOARD_VIEWS = [model._meta.db_table for model in (DashboardCount, DashboardMinute)]


def refresh_dashboard_views():
    """Count every campaign's applications again, and return when (None: no views here).

    CONCURRENTLY: the dashboards go on reading the previous counts meanwhile.
    One transaction, whose start is the time recorded: every application
    committed before it is counted.
    """
    if connection.vendor != "postgresql":
        return None
    with transaction.atomic(), connection.cursor() as cursor:
        for view in [*DASHBOARD_VIEWS, DashboardRefresh._meta.db_table]:
            cursor.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {view}")
    return DashboardRefresh.objects.values_list("refreshed_at", flat=True).first()
