"""The dashboard counts over the covering index: its rollup tables and their index go."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('recruitment', '0012_talent_programmes_moved_to_portal'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='dashboardcount',
            name='organization',
        ),
        migrations.RemoveField(
            model_name='dashboardcount',
            name='rollup',
        ),
        migrations.RemoveField(
            model_name='dashboardrollup',
            name='campaign',
        ),
        migrations.RemoveIndex(
            model_name='application',
            name='app_campaign_erased',
        ),
        migrations.DeleteModel(
            name='DashboardCount',
        ),
        migrations.DeleteModel(
            name='DashboardRollup',
        ),
    ]
