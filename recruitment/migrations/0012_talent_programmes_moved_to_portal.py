"""Talent programmes and honourees now belong to portal, which keeps their tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        # Nothing may point at the models any more when they leave this app's state.
        ('articles', '0004_talent_programmes_in_portal'),
        ('recruitment', '0011_repeated_applications_wait_for_their_owner'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are, under their old names.
            state_operations=[
                migrations.DeleteModel(
                    name='Honouree',
                ),
                migrations.DeleteModel(
                    name='TalentProgramme',
                ),
            ],
        ),
    ]
