from django.db import migrations


class Migration(migrations.Migration):
    """The Chinese names moved to `name_zh_hans` in 0005; a migration of its own, so
    that the ALTER TABLE runs after the transaction that copied them has committed."""

    dependencies = [
        ("portal", "0005_content_in_english_and_chinese"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="industry",
            name="name_zh",
        ),
    ]
