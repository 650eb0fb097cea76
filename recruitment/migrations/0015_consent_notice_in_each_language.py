"""The starting notice (2026-11) held both languages in one text, English first.

Where it is still the newest notice, a new version (2026-12) gives each language
its own text, so a reader sees only theirs. The old version stays as it was:
applications cite it by its version and the hash of its text.
"""

from django.db import migrations

OLD_VERSION, NEW_VERSION = "2026-11", "2026-12"


def split(text: str) -> tuple[str, str] | None:
    english, separator, chinese = text.partition("\n\n")
    if not separator or not chinese.strip() or not any("\u4e00" <= c <= "\u9fff" for c in chinese):
        return None
    return english.strip(), chinese.strip()


def give_each_language_its_text(apps, schema_editor):
    notice_model = apps.get_model("recruitment", "ConsentNotice")
    newest = notice_model.objects.order_by("-created_at", "-pk").first()
    if newest is None or newest.version != OLD_VERSION:
        return
    if notice_model.objects.filter(version=NEW_VERSION).exists():
        return
    processing = split(newest.processing_text)
    share = split(newest.share_text)
    if processing is None or share is None:
        return
    notice_model.objects.create(
        version=NEW_VERSION,
        processing_text=processing[0],
        processing_text_en=processing[0],
        processing_text_zh_hans=processing[1],
        share_text=share[0],
        share_text_en=share[0],
        share_text_zh_hans=share[1],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0014_jobs_campaigns_notices_in_english_and_chinese"),
    ]

    operations = [
        migrations.RunPython(give_each_language_its_text, migrations.RunPython.noop),
    ]
