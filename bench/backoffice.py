"""Benchmark the recruitment back office on PostgreSQL with many applications.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/backoffice_bench \\
        .venv/bin/python bench/backoffice.py --rows 1000000

Loads --rows applications (with candidates, a stage history and realistic
extracted résumé text) with COPY, unless the database already holds that many
(--reload starts again), then times each back-office page in server time: the
Django test client in this process, against the real database, after two
warm-up requests, median of --repeat runs. The export of every row is timed
once, in a fresh process, with that process's peak resident memory before
and after.

A stock ModelAdmin (list_display only, mounted on its own AdminSite) is timed
in the same run as the baseline.
"""

import argparse
import io
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal.models import Organization  # noqa: E402
from recruitment.models import Application, Campaign, Job  # noqa: E402

ORGANISATIONS = [
    ("abb", "ABB"),
    ("chinasoft-international", "Chinasoft International"),
    ("changan-automobile", "Chang'an Automobile"),
    ("boe", "BOE"),
    ("ats", "AT&S"),
    ("cloudwalk", "Cloudwalk"),
    ("great-wall-motors", "Great Wall Motors"),
    ("yongrenxin-medical", "Chongqing Yongrenxin Medical Device Co., Ltd."),
]
JOB_TITLES = [
    "Battery engineer",
    "Display process engineer",
    "Embedded software engineer",
    "Test engineer",
    "Quality engineer",
    "Data analyst",
    "Mechanical designer",
    "Production supervisor",
    "Sales engineer",
    "HR assistant",
]
SURNAMES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
    "Luo",
    "Gao",
]
GIVEN = [
    "Wei",
    "Fang",
    "Na",
    "Min",
    "Jing",
    "Lei",
    "Qiang",
    "Jun",
    "Yan",
    "Tao",
    "Ming",
    "Chao",
    "Xiu",
    "Hui",
    "Ping",
    "Gang",
    "Hua",
    "Yu",
    "Ting",
    "Bo",
]
CITIES = ["Chongqing"] * 6 + ["Chengdu", "Xi'an", "Wuhan", "Beijing", "Shanghai", "Guiyang"]
SOURCES = ["livestream"] * 6 + ["qr", "qr", "partner", "wechat"]
EDUCATION = ["bachelor"] * 5 + ["master"] * 3 + ["vocational", "doctorate", "high-school"]
SCHOOLS = [
    "Chongqing University",
    "Southwest University",
    "Chongqing University of Posts and Telecommunications",
    "Sichuan University",
    "Xi'an Jiaotong University",
]
WORDS = [
    "experience",
    "project",
    "engineer",
    "design",
    "development",
    "production",
    "quality",
    "testing",
    "battery",
    "lithium",
    "cell",
    "module",
    "display",
    "panel",
    "OLED",
    "LCD",
    "embedded",
    "software",
    "C++",
    "Python",
    "Java",
    "Linux",
    "automation",
    "PLC",
    "robot",
    "welding",
    "assembly",
    "line",
    "lean",
    "six",
    "sigma",
    "team",
    "lead",
    "customer",
    "supplier",
    "vehicle",
    "electric",
    "powertrain",
    "semiconductor",
    "wafer",
    "process",
    "yield",
    "analysis",
    "data",
    "SQL",
    "cloud",
    "AI",
    "vision",
    "model",
    "training",
    "internship",
    "graduate",
    "award",
    "scholarship",
    "certificate",
    "English",
    "CET-6",
    "负责",
    "项目",
    "开发",
    "设计",
    "测试",
    "生产",
    "质量",
    "电池",
    "显示",
    "软件",
    "工程师",
    "团队",
    "管理",
    "实习",
    "毕业",
    "获得",
    "奖学金",
]
STAGES = (
    ["received"] * 70
    + ["screening"] * 12
    + ["shortlisted"] * 6
    + ["interview"] * 4
    + ["offer"] * 2
    + ["hired"]
    + ["rejected"] * 4
    + ["withdrawn"]
)


def resume_text(rng: random.Random, name: str) -> str:
    words = rng.choices(WORDS, k=rng.randint(90, 160))
    return f"{name}\n" + " ".join(words)


def setup_catalogue():
    now = timezone.now()
    organisations = [
        Organization.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": Organization.Kind.ENTERPRISE}
        )[0]
        for slug, name in ORGANISATIONS
    ]
    jobs = []
    for n, organisation in enumerate(organisations):
        for title in JOB_TITLES[n % 3 :: 2]:
            jobs.append(
                Job.objects.get_or_create(
                    slug=f"bench-{organisation.slug}-{title.lower().replace(' ', '-')}",
                    defaults={"organization": organisation, "title": title},
                )[0]
            )
    campaigns = []
    for n in range(5):
        opens = now - timezone.timedelta(days=40 * (5 - n))
        campaign, _ = Campaign.objects.get_or_create(
            slug=f"bench-livestream-{n + 1}",
            defaults={
                "title": f"Liangjiang talent livestream {n + 1}",
                "opens_at": opens,
                "closes_at": opens + timezone.timedelta(days=30),
                "stream_starts_at": opens + timezone.timedelta(hours=1),
                "stream_ends_at": opens + timezone.timedelta(hours=3),
            },
        )
        campaign.jobs.set(jobs)
        campaigns.append(campaign)
    return organisations, jobs, campaigns


def load(rows: int, seed: int = 5):
    """COPY `rows` candidates, applications and their first stage change."""
    rng = random.Random(seed)
    _organisations, jobs, campaigns = setup_catalogue()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE recruitment_stagechange, recruitment_resumeversion, "
            "recruitment_idempotencyrecord, recruitment_review, "
            "recruitment_interview_interviewers, recruitment_interview, "
            "recruitment_application, recruitment_candidate "
            "RESTART IDENTITY CASCADE"
        )
    batch = 50_000
    started = time.perf_counter()
    now = timezone.now()
    for first in range(0, rows, batch):
        count = min(batch, rows - first)
        candidates = io.StringIO()
        applications = io.StringIO()
        changes = io.StringIO()
        for n in range(first, first + count):
            ident = n + 1
            name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            if n % 3 == 0:
                name += f" {rng.choice(GIVEN)}"
            email = f"candidate{ident}@example.com"
            phone = f"1{rng.randint(3, 9)}{ident:09d}"
            campaign = campaigns[n % len(campaigns)]
            # A burst: most applications in the stream's first two hours.
            offset = (
                rng.expovariate(1 / 1800) if rng.random() < 0.8 else rng.uniform(0, 29 * 86400)
            )
            created = campaign.stream_starts_at + timezone.timedelta(seconds=offset)
            job = rng.choice(jobs)
            stage = rng.choice(STAGES)
            reference = f"LJ-{ident:08d}"[:3] + f"{ident:08X}"[:4] + "-" + f"{ident:08X}"[4:]
            text = (
                resume_text(rng, name).replace("\\", " ").replace("\t", " ").replace("\n", "\\n")
            )
            candidates.write(f"{ident}\t{email}\t{phone}\t{name}\t{now.isoformat()}\n")
            fields = [
                ident,
                campaign.pk,
                ident,
                job.pk,
                reference,
                f"bench-token-{ident:012d}",
                stage,
                name,
                email,
                phone,
                rng.choice(CITIES),
                rng.choice(EDUCATION),
                rng.choice(SCHOOLS),
                "",
                r"\N",
                r"\N",
                "",
                rng.choice(SOURCES),
                "",
                "",
                "",
                "bench",
                "0" * 64,
                created.isoformat(),
                "bench",
                "0" * 64,
                created.isoformat() if rng.random() < 0.9 else r"\N",
                f"resumes/bench/{ident}.pdf",
                "0" * 64,
                120_000,
                "application/pdf",
                "resume.pdf",
                text,
                "f",
                "",
                created.isoformat(),
                created.isoformat(),
                r"\N",
            ]
            applications.write("\t".join(str(f) for f in fields) + "\n")
            changes.write(f"{ident}\t\treceived\t{created.isoformat()}\t\\N\t\n")
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.copy(
                "COPY recruitment_candidate (id, email, phone, full_name, created_at) FROM STDIN"
            ) as copy:
                copy.write(candidates.getvalue())
            with cursor.copy(
                "COPY recruitment_application (id, campaign_id, candidate_id, job_id, reference, "
                "status_token, stage, full_name, email, phone, city, education, school, major, "
                "graduation_year, years_experience, cover_letter, source, utm_source, utm_medium, "
                "utm_campaign, consent_version, consent_sha256, consent_at, "
                "share_consent_version, share_consent_sha256, share_consent_at, resume, "
                "resume_sha256, resume_size, resume_content_type, resume_original_name, "
                "extracted_text, quarantined, quarantine_reason, created_at, updated_at, "
                "erased_at) FROM STDIN"
            ) as copy:
                copy.write(applications.getvalue())
            with cursor.copy(
                "COPY recruitment_stagechange (application_id, from_stage, to_stage, changed_at, "
                "changed_by_id, note) FROM STDIN"
            ) as copy:
                copy.write(changes.getvalue())
        print(
            f"  loaded {first + count:,} rows ({time.perf_counter() - started:.0f} s)", flush=True
        )
    with connection.cursor() as cursor:
        for table in (
            "recruitment_candidate",
            "recruitment_application",
            "recruitment_stagechange",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        cursor.execute("VACUUM ANALYZE recruitment_application")
        cursor.execute("VACUUM ANALYZE recruitment_candidate")
        cursor.execute("VACUUM ANALYZE recruitment_stagechange")
    print(f"loaded {rows:,} applications in {time.perf_counter() - started:.0f} s", flush=True)


# --- The stock admin, for the baseline ------------------------------------------

stock_site = admin.AdminSite(name="stock")


class StockApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "full_name", "campaign", "job", "stage", "created_at"]
    list_filter = ["stage", "campaign"]
    search_fields = ["reference", "full_name", "email", "phone"]


stock_site.register(Application, StockApplicationAdmin)
urlpatterns = [path("stock-admin/", stock_site.urls)]


def timed(client, url, repeat, *, params=None, expect=200):
    for _warm in range(2):
        response = client.get(url, params or {})
        assert response.status_code == expect, (url, response.status_code)
    times = []
    for _run in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params or {})
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries)


def rss_mb() -> float:
    """The peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_only(kind: str):
    """Run in a fresh process: export every row, report the time and the memory it took."""
    user = get_user_model().objects.get(username="bench-admin")
    client = Client()
    client.force_login(user)
    client.get("/admin/")  # load the admin before the baseline
    before = rss_mb()
    started = time.perf_counter()
    response = client.get(f"/admin/recruitment/application/export/{kind}/")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    seconds = time.perf_counter() - started
    print(
        f"export of every row as {kind}: {seconds:.1f} s, {size / 2**20:.0f} MB file; "
        f"process peak RSS {before:.0f} MB before, {rss_mb():.0f} MB after "
        f"(+{rss_mb() - before:.0f} MB)",
        flush=True,
    )


def export_in_subprocess(kind: str):
    import subprocess

    subprocess.run(
        [sys.executable, __file__, "--export-only", kind], check=True, env=os.environ.copy()
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--load-only", action="store_true", help="Load the rows and stop.")
    parser.add_argument("--export-only", choices=["csv", "xlsx"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_only:
        export_only(args.export_only)
        return
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the benchmark is about PostgreSQL.")

    call_command("migrate", verbosity=0)
    have = Application.objects.count()
    if args.reload or have != args.rows:
        print(f"loading {args.rows:,} applications (the database has {have:,})", flush=True)
        load(args.rows)
    if args.load_only:
        return
    settings.DEBUG = False
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    campaign = Campaign.objects.get(slug="bench-livestream-3")
    sample = Application.objects.filter(campaign=campaign).order_by("pk")[1234]
    changelist = "/admin/recruitment/application/"
    rows = [
        ("changelist, first page", changelist, None),
        ("changelist, page 500", changelist, {"p": 500}),
        (
            "filtered: campaign + stage",
            changelist,
            {"campaign": campaign.slug, "stage": "screening"},
        ),
        ("search by reference", changelist, {"q": sample.reference}),
        ("search by name", changelist, {"q": sample.full_name}),
        ("search by a word of the résumé ('welding')", changelist, {"q": "welding robot"}),
        ("change page", f"{changelist}{sample.pk}/change/", None),
        ("staff API list", "/api/v1/staff/applications/", {"campaign": campaign.slug}),
    ]
    print(
        f"\n{Application.objects.count():,} applications; PostgreSQL "
        f"{connection.cursor().connection.info.server_version}; median of {args.repeat}\n"
    )
    print("| page | ms | queries |\n|---|---:|---:|")
    for label, url, params in rows:
        ms, queries = timed(client, url, args.repeat, params=params)
        print(f"| {label} | {ms:.0f} | {queries} |", flush=True)

    dashboard = f"/admin/recruitment/campaign/{campaign.pk}/dashboard/"
    cold = []
    for _run in range(3):
        cache.clear()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(dashboard)
            cold.append((time.perf_counter() - started) * 1000)
    print(
        f"| dashboard, computed (cache empty) | {statistics.median(cold):.0f} | {len(queries)} |"
    )
    ms, queries = timed(client, dashboard, args.repeat)
    print(f"| dashboard, cached (1 minute) | {ms:.0f} | {queries} |", flush=True)

    with override_settings(ROOT_URLCONF=__name__):
        client.force_login(user)
        ms, queries = timed(client, "/stock-admin/recruitment/application/", 3)
        print(f"| baseline: stock ModelAdmin changelist, first page | {ms:.0f} | {queries} |")
    client.force_login(user)

    if not args.skip_export:
        print()
        for kind in ("csv", "xlsx"):
            export_in_subprocess(kind)


if __name__ == "__main__":
    # No collectstatic needed: the finders serve the admin's files, as in the tests.
    with override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        main()
