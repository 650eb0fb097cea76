"""Talent programmes moved to the directory (portal); the link table is unchanged."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_drop_stored_page_data'),
        ('portal', '0004_talent_programmes_from_recruitment'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are, under their old names.
            state_operations=[
                migrations.AlterField(
                    model_name='article',
                    name='talent_programmes',
                    field=models.ManyToManyField(blank=True, related_name='articles', to='portal.talentprogramme', verbose_name='talent programmes'),
                ),
            ],
        ),
    ]
