"""The back office: who sees what (staff scope), and the audit of who looked."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organization


class StaffScope:
    """What part of the recruitment data a staff member may see."""

    __slots__ = ("everything", "organization_id")

    def __init__(self, *, everything=False, organization_id=None):
        self.everything = everything
        self.organization_id = organization_id


def staff_scope(user) -> StaffScope:
    """Superusers and Recruiters see everything; Employer HR its organisation; others nothing.

    A user linked to an organisation is scoped to it even if also a recruiter:
    the narrower grant wins. Computed once per user object (one query).
    """
    cached = getattr(user, "_recruitment_scope", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        scope = StaffScope()
    else:
        from portal.roles import RECRUITERS

        profile = EmployerProfile.objects.filter(user_id=user.pk).values("organization_id").first()
        if profile is not None:
            scope = StaffScope(organization_id=profile["organization_id"])
        elif user.is_superuser or user.groups.filter(name=RECRUITERS).exists():
            scope = StaffScope(everything=True)
        else:
            scope = StaffScope()
    user._recruitment_scope = scope
    return scope


class EmployerProfile(models.Model):
    """Links an Employer HR account to the one organisation whose applications it sees."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="employer_profile",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="employer_profiles",
    )

    class Meta:
        verbose_name = _("employer HR profile")
        verbose_name_plural = _("employer HR profiles")

    def __str__(self):
        return f"{self.user} → {self.organization}"


class AuditLog(models.Model):
    """Who looked at or changed personal data, when and from where. Append-only."""

    class Action(models.TextChoices):
        VIEW_APPLICATION = "view-application", _("viewed an application")
        VIEW_RESUME = "view-resume", _("viewed a résumé")
        DOWNLOAD_RESUME = "download-resume", _("downloaded a résumé")
        EXPORT = "export", _("exported applications")
        STAGE_CHANGE = "stage-change", _("changed a stage")
        PURGE = "purge", _("purged expired applications")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    application = models.ForeignKey(
        "Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["application", "-at"], name="audit_application")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"
