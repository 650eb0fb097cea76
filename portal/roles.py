"""The staff roles (Django groups) and the permissions each one holds.

The groups are created by a data migration; `sync_role_permissions` runs after
every `migrate` so that models added later reach the right group too.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
RECRUITERS = "Recruiters"
EMPLOYER_HR = "Employer HR"
ROLES = (EDITORS, RECRUITERS, EMPLOYER_HR)

# Every permission of these apps, per role; narrower grants are listed by codename.
ROLE_APPS = {
    EDITORS: ("portal", "articles"),
    RECRUITERS: ("recruitment",),
    EMPLOYER_HR: (),
}
ROLE_CODENAMES = {
    EDITORS: (),
    # Talent programmes are directory content: Recruiters read them.
    RECRUITERS: (
        "portal.view_organization",
        "portal.view_talentprogramme",
        "portal.view_honouree",
    ),
    # Scoped to the user's organisation by the `visible_to` QuerySet methods.
    EMPLOYER_HR: (
        "recruitment.view_job",
        "recruitment.view_campaign",
        "recruitment.view_application",
        "recruitment.change_application",
        "recruitment.view_stagechange",
        "recruitment.view_resumeversion",
        "recruitment.view_review",
        "recruitment.add_review",
        "recruitment.change_review",
        "recruitment.view_interview",
        "recruitment.add_interview",
        "recruitment.change_interview",
    ),
}


def sync_role_permissions(**kwargs) -> None:
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = set(Permission.objects.filter(content_type__app_label__in=ROLE_APPS[role]))
        for dotted in ROLE_CODENAMES[role]:
            app_label, codename = dotted.split(".")
            wanted.update(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*wanted)
