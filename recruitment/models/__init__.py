"""Recruitment's models, one module per room; import them from here.

- `jobs`: jobs, livestream campaigns, education levels
- `intake`: consent notices, candidates, applications and what a repeated
  application waits in
- `search`: how the back office reads what staff type in its search box
- `pipeline`: stage changes, reviews, interviews, the emails of a stage
- `screening`: the shared vocabulary of skills jobs require
- `backoffice`: who sees what (staff scope), employer accounts, the audit log
- `dashboard`: the dashboard's counts kept by PostgreSQL (materialized views)
"""

from .backoffice import AuditLog, EmployerProfile, StaffScope, staff_scope
from .dashboard import DashboardCount, DashboardMinute, DashboardRefresh, refresh_dashboard_views
from .intake import (
    RETENTION_DAYS,
    SHARED_WITH_EMPLOYER,
    Application,
    Candidate,
    ConsentNotice,
    IdempotencyRecord,
    PendingUpdate,
    ResumeVersion,
    new_reference,
    new_status_token,
    new_update_token,
    private_storage,
    resume_upload_to,
)
from .jobs import (
    ANY_EDUCATION,
    APPLICATION_EDUCATION,
    JOB_EDUCATION,
    Campaign,
    EducationLevel,
    Job,
)
from .pipeline import EmailTemplate, Interview, Review, StageChange
from .screening import Skill
from .search import (
    FullTextLookup,
    normalize_email,
    searches_words,
    serial_search_plans,
    typed_reference,
)

__all__ = [
    "ANY_EDUCATION",
    "APPLICATION_EDUCATION",
    "JOB_EDUCATION",
    "RETENTION_DAYS",
    "SHARED_WITH_EMPLOYER",
    "Application",
    "AuditLog",
    "Campaign",
    "Candidate",
    "ConsentNotice",
    "DashboardCount",
    "DashboardMinute",
    "DashboardRefresh",
    "EducationLevel",
    "EmailTemplate",
    "EmployerProfile",
    "FullTextLookup",
    "IdempotencyRecord",
    "Interview",
    "Job",
    "PendingUpdate",
    "ResumeVersion",
    "Review",
    "Skill",
    "StaffScope",
    "StageChange",
    "new_reference",
    "new_status_token",
    "new_update_token",
    "normalize_email",
    "private_storage",
    "refresh_dashboard_views",
    "resume_upload_to",
    "staff_scope",
    "searches_words",
    "serial_search_plans",
    "typed_reference",
]
