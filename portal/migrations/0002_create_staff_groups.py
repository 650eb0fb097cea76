from django.db import migrations

ROLES = ("Editors", "Recruiters", "Employer HR")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    """The staff roles; their permissions are kept in sync by portal.roles after migrate."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
