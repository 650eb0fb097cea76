from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Organization

from .jobs import Campaign


class DashboardRollup(models.Model):
    """The campaign dashboard's counts of the applications received before `until`.

    Kept per employer and sharing (DashboardCount) so a dashboard sums a few
    thousand rows instead of reading every application of a campaign; the
    applications received since `until` are counted live, and so are stages,
    which move. Rebuilt by a task (recruitment.dashboard.rebuild_rollup); not
    used once something it counted has changed: an application erased after
    `erased_until`, or a job moved to another employer or deleted (`employers`).
    A rollup never changes once written: a rebuild writes a new one and deletes
    all but the previous, which a dashboard may still be reading.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="dashboard_rollups"
    )
    until = models.DateTimeField()
    chart_from = models.DateTimeField(help_text="Start of the per-minute chart it counted.")
    erased_until = models.DateTimeField(null=True, blank=True)
    employers = models.JSONField(default=dict, help_text="{job id: organisation id} as counted.")
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dashboard rollup")
        verbose_name_plural = _("dashboard rollups")

    def __str__(self):
        return f"{self.campaign_id} until {self.until:%Y-%m-%d %H:%M}"


class DashboardCount(models.Model):
    """How many of a rollup's applications, to one employer's jobs, have one value."""

    rollup = models.ForeignKey(DashboardRollup, on_delete=models.CASCADE, related_name="counts")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    shared = models.BooleanField(help_text="Shared with the employer (SHARED_WITH_EMPLOYER).")
    dimension = models.CharField(max_length=10)  # job, source, city, education or minute
    value = models.CharField(max_length=200, blank=True)
    minute = models.DateTimeField(null=True, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("dashboard count")
        verbose_name_plural = _("dashboard counts")
        indexes = [
            models.Index(fields=["rollup", "organization", "shared"], name="dashboard_count_scope")
        ]

    def __str__(self):
        return f"{self.dimension}={self.value or self.minute}: {self.count}"
