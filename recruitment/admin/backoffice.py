"""Staff accounts of employers, the email templates of stages, and the audit log."""

from django.contrib import admin

from ..models import (
    AuditLog,
    EmailTemplate,
    EmployerProfile,
)
from ..pagination import FastCountPaginator


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: nobody, not even a superuser, edits or deletes the audit log."""

    list_display = ["at", "username", "action", "object_repr", "ip_address", "detail"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "object_repr"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = FastCountPaginator
    fields = ["at", "username", "action", "object_repr", "ip_address", "detail"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["stage", "language", "subject", "active"]
    list_filter = ["stage", "language", "active"]


@admin.register(EmployerProfile)
class EmployerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organization"]
    list_select_related = ["user", "organization"]
    raw_id_fields = ["user", "organization"]
    search_fields = ["user__username", "organization__name"]
