"""The back office: jobs, campaigns and applications, each seen only by those allowed.

Who sees what is decided in one place, the `visible_to(user)` QuerySet methods
of recruitment.models; every ModelAdmin here, its filters, its exports and the
dashboard start from them. One module per room; importing them registers them.
"""

from . import applications, backoffice, jobs

__all__ = ["applications", "backoffice", "jobs"]
