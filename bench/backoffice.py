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
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # run as a script; imported (by the smoke test), Django is set up
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")

    import django

    django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path, resolve  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal.models import Organization  # noqa: E402
from recruitment.models import (  # noqa: E402
    Application,
    Campaign,
    Candidate,
    Job,
    StageChange,
    refresh_dashboard_views,
)

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


def copy_rows(cursor, model, rows: list[dict]) -> None:
    """COPY `rows` into `model`'s table, one column for every concrete field.

    The column list comes from the model, not from a list kept here, so a field
    added to the model cannot be left out: a row names the values it sets (by
    attname) and every other field gets its default, or NULL, or the empty string,
    as the ORM would give it; a new required field without a default fails here.
    """
    fields = model._meta.concrete_fields
    known = {field.attname for field in fields}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            if unknown := set(row) - known:
                raise ValueError(f"{model.__name__} has no field {sorted(unknown)}")
            copy.write_row(
                [
                    field.get_db_prep_save(
                        row[field.attname] if field.attname in row else field.get_default(),
                        connection,
                    )
                    for field in fields
                ]
            )


def load(rows: int, seed: int = 5):
    """COPY `rows` candidates, applications and their first stage change."""
    rng = random.Random(seed)
    _organisations, jobs, campaigns = setup_catalogue()
    tables = [model._meta.db_table for model in (StageChange, Application, Candidate)]
    with connection.cursor() as cursor:
        # CASCADE: and every table that refers to these (reviews, interviews, ...).
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    batch = 50_000
    started = time.perf_counter()
    now = timezone.now()
    for first in range(0, rows, batch):
        count = min(batch, rows - first)
        candidates, applications, changes = [], [], []
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
            text = resume_text(rng, name)
            candidates.append(
                {"id": ident, "email": email, "phone": phone, "full_name": name, "created_at": now}
            )
            applications.append(
                {
                    "id": ident,
                    "campaign_id": campaign.pk,
                    "candidate_id": ident,
                    "job_id": job.pk,
                    "reference": reference,
                    "status_token": f"bench-token-{ident:012d}",
                    "stage": stage,
                    "full_name": name,
                    "email": email,
                    "phone": phone,
                    "city": rng.choice(CITIES),
                    "education": rng.choice(EDUCATION),
                    "school": rng.choice(SCHOOLS),
                    "source": rng.choice(SOURCES),
                    "consent_version": "bench",
                    "consent_sha256": "0" * 64,
                    "consent_at": created,
                    "share_consent_version": "bench",
                    "share_consent_sha256": "0" * 64,
                    "share_consent_at": created if rng.random() < 0.9 else None,
                    "resume": f"resumes/bench/{ident}.pdf",
                    "resume_sha256": "0" * 64,
                    "resume_size": 120_000,
                    "resume_content_type": "application/pdf",
                    "resume_original_name": "resume.pdf",
                    "extracted_text": text,
                    "created_at": created,
                    "updated_at": created,
                    # Confirmed within seconds, the résumé read a minute later.
                    "confirmed_at": created + timezone.timedelta(seconds=5),
                    "processed_at": created + timezone.timedelta(minutes=1),
                }
            )
            changes.append(
                {
                    "id": ident,
                    "application_id": ident,
                    "to_stage": "received",
                    "changed_at": created,
                }
            )
        with transaction.atomic(), connection.cursor() as cursor:
            copy_rows(cursor, Candidate, candidates)
            copy_rows(cursor, Application, applications)
            copy_rows(cursor, StageChange, changes)
        print(
            f"  loaded {first + count:,} rows ({time.perf_counter() - started:.0f} s)", flush=True
        )
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"loaded {rows:,} applications in {time.perf_counter() - started:.0f} s", flush=True)


# --- The stock admin, for the baseline ------------------------------------------

stock_site = admin.AdminSite(name="stock")


class StockApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "full_name", "campaign", "job", "stage", "created_at"]
    list_filter = ["stage", "campaign"]
    search_fields = ["reference", "full_name", "email", "phone"]


stock_site.register(Application, StockApplicationAdmin)
urlpatterns = [path("stock-admin/", stock_site.urls)]


def timed(client, url, repeat, *, params=None, expect=200, warm_up=2):
    for _warm in range(warm_up):
        response = client.get(url, params or {})
        assert response.status_code == expect, (url, response.status_code)
    times = []
    for _run in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params or {})
            assert response.status_code == expect, (url, response.status_code)
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
    user = bench_admin()
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


def bench_admin():
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def time_pages(repeat: int, warm_up: int = 2) -> None:
    """Time each back-office page (the table this benchmark prints)."""
    user = bench_admin()
    client = Client()
    client.force_login(user)
    campaign = Campaign.objects.get(slug="bench-livestream-3")
    in_campaign = Application.objects.filter(campaign=campaign).order_by("pk")
    sample = in_campaign[min(1234, in_campaign.count() - 1)]
    changelist = "/admin/recruitment/application/"
    # Page 500 at a million rows; a page that exists when there are fewer.
    per_page = resolve(changelist).func.model_admin.list_per_page
    page = min(500, max(1, Application.objects.count() // per_page))
    rows = [
        ("changelist, first page", changelist, None),
        (f"changelist, page {page}", changelist, {"p": page}),
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
        f"{connection.cursor().connection.info.server_version}; median of {repeat}\n"
    )
    print("| page | ms | queries |\n|---|---:|---:|")
    for label, url, params in rows:
        ms, queries = timed(client, url, repeat, params=params, warm_up=warm_up)
        print(f"| {label} | {ms:.0f} | {queries} |", flush=True)

    # What the task worker does every minute, and what the dashboard then reads:
    # the counts of the rows as they are now (loaded or changed since the last run).
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        refresh_dashboard_views()
        ms = (time.perf_counter() - started) * 1000
    label = "dashboard counts refreshed (the task worker, each minute)"
    print(f"| {label} | {ms:.0f} | {len(queries)} |", flush=True)

    dashboard = f"/admin/recruitment/campaign/{campaign.pk}/dashboard/"
    cold = []
    for _run in range(min(repeat, 3)):
        cache.clear()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(dashboard)
            assert response.status_code == 200, (dashboard, response.status_code)
            cold.append((time.perf_counter() - started) * 1000)
    print(
        f"| dashboard, computed (cache empty) | {statistics.median(cold):.0f} | {len(queries)} |"
    )
    ms, queries = timed(client, dashboard, repeat, warm_up=max(warm_up, 1))
    print(f"| dashboard, cached (1 minute) | {ms:.0f} | {queries} |", flush=True)

    with override_settings(ROOT_URLCONF=__name__):
        client.force_login(user)
        stock = "/stock-admin/recruitment/application/"
        ms, queries = timed(client, stock, min(repeat, 3), warm_up=warm_up)
        print(f"| baseline: stock ModelAdmin changelist, first page | {ms:.0f} | {queries} |")


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
    time_pages(args.repeat)
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
