"""The audit log: every look at or change of a candidate's personal data."""

from portal.net import client_ip

from .models import AuditLog


def audit(request, action, *, application=None, detail="", user=None):
    """Write one audit entry for `request` (who and from where). Returns the entry."""
    user = user or getattr(request, "user", None)
    ip = client_ip(request) if request is not None else None
    return AuditLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "",
        action=action,
        application=application,
        object_repr=str(application)[:200] if application is not None else "",
        detail=str(detail)[:500],
        ip_address=ip or None,
    )
