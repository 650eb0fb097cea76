"""Talent programmes and honourees are directory content: the models move here from recruitment.

State only: the tables keep their names (`db_table`) and their rows. The content
types move too, so the permissions already granted and the admin's history follow.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("talentprogramme", "honouree")


def _move(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=to_label, model=model).exists():
            ContentType.objects.filter(app_label=from_label, model=model).update(
                app_label=to_label
            )


def move_content_types(apps, schema_editor):
    _move(apps, "recruitment", "portal")


def move_content_types_back(apps, schema_editor):
    _move(apps, "portal", "recruitment")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('recruitment', '0011_repeated_applications_wait_for_their_owner'),
        ('portal', '0003_contact_messages_update_requests_date_precision'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are, under their old names.
            state_operations=[
                migrations.CreateModel(
                    name='TalentProgramme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('summary', models.CharField(max_length=300, verbose_name='summary')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('selected_count', models.PositiveIntegerField(blank=True, help_text='How many people the programme has selected so far, where published.', null=True, verbose_name='talents selected')),
                        ('high_level_count', models.PositiveIntegerField(blank=True, help_text='How many of them count as high-level talents, where published.', null=True, verbose_name='high-level talents')),
                        ('as_of', models.DateField(blank=True, null=True, verbose_name='figures as of')),
                        ('source', models.CharField(blank=True, help_text='Where the figures and honours were published.', max_length=300, verbose_name='source')),
                        ('position', models.PositiveSmallIntegerField(default=0, help_text='Lower numbers come first on the talent page.', verbose_name='position')),
                    ],
                    options={
                        'verbose_name': 'talent programme',
                        'verbose_name_plural': 'talent programmes',
                        'db_table': 'recruitment_talentprogramme',
                        'ordering': ['position', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Honouree',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('title', models.CharField(blank=True, max_length=300, verbose_name='title or role')),
                        ('year', models.PositiveSmallIntegerField(help_text='The year the honour is for, e.g. 2019.', verbose_name='year')),
                        ('announced_on', models.DateField(blank=True, help_text='When the honour was announced, which may be in the following year.', null=True, verbose_name='announced on')),
                        ('citation', models.TextField(blank=True, verbose_name='citation')),
                        ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='honourees', to='portal.organization', verbose_name='organisation')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='honourees', to='portal.talentprogramme', verbose_name='programme')),
                    ],
                    options={
                        'verbose_name': 'honouree',
                        'verbose_name_plural': 'honourees',
                        'db_table': 'recruitment_honouree',
                        'ordering': ['-year', 'name'],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
