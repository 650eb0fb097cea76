"""Résumé intake burst (issue 4): distinct applications against the intake API.

    .venv/bin/python -m bench.burst [--count 30000] [--concurrency 64] [--record]
    .venv/bin/python -m bench.burst --chaos        # kill a worker, then the server
    .venv/bin/python -m bench.burst --sqlite       # the embedded default, 1,000 at 16

Starts its own server (gunicorn, two gthread workers with eight threads each and
no keep-alive as production runs it, ``--workers``/``--threads``/``--keep-alive``;
PostgreSQL db ``bench`` and Redis db 4, recreated for the run), then replays
the same burst against the floor (``/_bench/upload/``: the same multipart
upload written to disk plus one row) and against
``POST /api/v1/campaigns/<slug>/applications/``. Every application is distinct
(name, email, phone, a ~200 KB PDF of its own) and carries an
``Idempotency-Key``; connection errors and 503s are retried with the same key.
Every 200/201 answer is written to ``var/bench/<run>/answers.csv``.

``--chaos`` SIGKILLs one worker at 25% of the burst and the whole server
(master and workers) at 55%, restarts it, and afterwards checks that every
acknowledged application has its row and an intact file, runs
``sweep_orphaned_resumes`` and counts the résumé files no row refers to.
"""

import argparse
import asyncio
import csv
import hashlib
import io
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench import report
from bench.server import REPO, STATE, BenchError, BenchServer, _bin, raise_on_sigterm

BOUNDARY = "----LiangjiangBench7MA4YWxkTrZu0gW"
ID_WIDTH = 32
PLACEHOLDER = b"#" * ID_WIDTH


# --- the résumés ---------------------------------------------------------------------
class ResumeFactory:
    """Valid one-page PDFs of about ``size`` bytes, each with its own content.

    Hand-written PDF 1.4: catalog, page, Helvetica, a text line carrying the
    application's id and a greyscale image that pads the file (its bytes are all
    >= 0x80, so no PDF keyword such as /JavaScript or %%EOF can appear in it).
    Offsets in the xref table stay valid because the id has a fixed width.
    """

    def __init__(self, size: int = 200_000, seed: int = 5_517_000):
        width = 500
        height = max(1, (size - 1_400) // width)
        pixels = bytes(byte | 0x80 for byte in random.Random(seed).randbytes(width * height))
        content = (
            b"BT /F1 16 Tf 72 790 Td (Curriculum vitae) Tj ET\n"
            b"BT /F1 10 Tf 72 770 Td (Application " + PLACEHOLDER + b") Tj ET\n"
            b"BT /F1 10 Tf 72 755 Td (Software engineer, Liangjiang New Area) Tj ET\n"
            b"q 450 0 0 540 72 180 cm /Im1 Do Q\n"
        )
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n"
            % (width, height, len(pixels))
            + pixels
            + b"\nendstream",
        ]
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1,
            xref,
        )
        self.prefix, self.suffix = bytes(out).split(PLACEHOLDER)

    def make(self, ident: str) -> bytes:
        encoded = ident.encode("ascii")
        if len(encoded) != ID_WIDTH or not encoded.isalnum():
            raise ValueError("the id must be 32 ASCII letters or digits")
        return self.prefix + encoded + self.suffix

    def check(self) -> None:
        """Fail early if the generated PDF is not one a strict intake accepts."""
        from pypdf import PdfReader

        sample = self.make("0" * ID_WIDTH)
        assert sample.startswith(b"%PDF-1.4") and sample.endswith(b"%%EOF\n")
        for keyword in (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/Launch"):
            assert keyword not in sample, keyword
        for keyword in (b"/EmbeddedFile", b"/RichMedia", b"/XFA", b"/AcroForm"):
            assert keyword not in sample, keyword
        reader = PdfReader(io.BytesIO(sample), strict=True)
        assert len(reader.pages) == 1
        assert "0" * ID_WIDTH in reader.pages[0].extract_text()


# --- one application -----------------------------------------------------------------
@dataclass
class Application:
    number: int
    ident: str
    email: str
    body: bytes
    sha256: str
    key: str


def build_application(factory: ResumeFactory, run: str, number: int) -> Application:
    ident = hashlib.sha256(f"{run}-{number}".encode()).hexdigest()[:ID_WIDTH]
    pdf = factory.make(ident)
    email = f"candidate-{run}-{number}@example.com"
    fields = {
        "full_name": f"Candidate {number} {run}",
        "email": email,
        "phone": f"13{int(run, 16) % 10}{number:08d}",
        "consent": "true",
        "share_consent": "true",
        "source": "livestream",
    }
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="resume"; '
        f'filename="cv-{number}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
    )
    parts.append(pdf)
    parts.append(f"\r\n--{BOUNDARY}--\r\n".encode())
    return Application(
        number=number,
        ident=ident,
        email=email,
        body=b"".join(parts),
        sha256=hashlib.sha256(pdf).hexdigest(),
        key=f"bench-{run}-{number}",
    )


# --- the burst -----------------------------------------------------------------------
@dataclass
class Outcome:
    name: str
    count: int = 0
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    latencies: list = field(default_factory=list)
    retries: int = 0
    wall: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    locked: int = 0
    events: list = field(default_factory=list)
    unfinished: int = 0
    samples: dict = field(default_factory=dict)  # status: the start of one such answer

    @property
    def answered_ok(self) -> int:
        return self.statuses[200] + self.statuses[201]

    @property
    def throughput(self) -> float:
        return self.answered_ok / self.wall if self.wall else 0.0

    def percentile(self, fraction: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def burst(
    name: str,
    url: str,
    args,
    factory: ResumeFactory,
    run: str,
    answers,
    server: BenchServer,
    chaos: bool = False,
) -> Outcome:
    import aiohttp

    outcome = Outcome(name=name, count=args.count)
    next_number = iter(range(1, args.count + 1))
    done = 0
    deadline = time.monotonic() + args.max_seconds
    restarting = asyncio.Event()
    chaos_steps = [(0.25, "worker"), (0.55, "server")] if chaos else []
    chaos_tasks = []

    async def chaos_check() -> None:
        while chaos_steps and done >= chaos_steps[0][0] * args.count:
            _, what = chaos_steps.pop(0)
            if what == "worker":
                pid = server.kill_worker()
                outcome.events.append(f"SIGKILL worker {pid} after {done} answers")
            else:
                restarting.set()
                await asyncio.to_thread(server.kill_all)
                outcome.events.append(f"SIGKILL master and workers after {done} answers")
                started = time.monotonic()
                await asyncio.to_thread(server.start, probe=False)
                outcome.events.append(
                    f"server restarted (listening, workers forked) in "
                    f"{time.monotonic() - started:.1f} s"
                )
                restarting.clear()

    async def client(session) -> None:
        nonlocal done
        for number in next_number:
            if time.monotonic() > deadline:
                outcome.unfinished += 1
                continue
            application = build_application(factory, run, number)
            headers = {
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                "Idempotency-Key": application.key,
                "Accept": "application/json",
            }
            started = time.monotonic()
            status, text, attempts = None, b"", 0
            while attempts < args.attempts and time.monotonic() < deadline:
                attempts += 1
                try:
                    async with session.post(url, data=application.body, headers=headers) as r:
                        status, text = r.status, await r.read()
                        retry_after = r.headers.get("Retry-After", "1")
                except (aiohttp.ClientError, TimeoutError) as exc:
                    status = None
                    outcome.errors[type(exc).__name__] += 1
                    outcome.retries += 1
                    await asyncio.sleep(min(0.2 * attempts, 2.0))
                    continue
                if status == 503:
                    outcome.retries += 1
                    outcome.errors["503 (retried)"] += 1
                    delay = float(retry_after) if retry_after.isdigit() else 1.0
                    await asyncio.sleep(min(delay, 5.0))
                    continue
                break
            latency = time.monotonic() - started
            if status is None:
                outcome.statuses["no answer"] += 1
            else:
                outcome.statuses[status] += 1
                outcome.latencies.append(latency)
            if b"database is locked" in text:
                outcome.locked += 1
            reference = ""
            if status in (200, 201):
                try:
                    reference = json.loads(text).get("reference", "")
                except (ValueError, AttributeError):
                    reference = ""
                answers.writerow(
                    [name, application.email, reference, status, application.sha256]
                    + [application.key, attempts, f"{latency:.4f}"]
                )
            elif status is not None and len(outcome.samples) < 5:
                outcome.samples.setdefault(status, text[:300].decode(errors="replace"))
            done += 1
            due = chaos_steps and done >= chaos_steps[0][0] * args.count
            if due and not restarting.is_set():
                chaos_tasks.append(asyncio.create_task(chaos_check()))

    connector = aiohttp.TCPConnector(limit=args.concurrency, force_close=True)
    timeout = aiohttp.ClientTimeout(total=60, sock_connect=5)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    server_before = server.process_cpu_seconds()
    started = time.monotonic()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(client(session) for _ in range(args.concurrency)))
    outcome.wall = time.monotonic() - started
    for task in chaos_tasks:
        await task
    usage = resource.getrusage(resource.RUSAGE_SELF)
    outcome.client_cpu = usage.ru_utime + usage.ru_stime - cpu_before
    outcome.server_cpu = max(0.0, server.process_cpu_seconds() - server_before)
    return outcome


# --- the endpoints -------------------------------------------------------------------
def http(method: str, url: str, body: bytes = b"", headers=None) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body or None, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, OSError) as exc:
        return 0, str(exc).encode()


def find_campaign(base: str) -> str:
    status, body = http("GET", base + "/api/v1/campaigns/")
    if status != 200:
        raise BenchError(f"/api/v1/campaigns/ answered {status}: is the intake merged?")
    payload = json.loads(body)
    items = payload["results"] if isinstance(payload, dict) else payload

    def accepting(item) -> bool:
        for key in ("accepting_applications", "is_open", "open", "applications_open"):
            if item.get(key) is True:
                return True
        return str(item.get("status", "")).lower() == "open"

    for item in items:
        if accepting(item):
            return item["slug"]
    for item in items:  # no application window given: the live stream, then
        if str(item.get("state", "")).lower() == "live":
            return item["slug"]
    raise BenchError(
        "no campaign in /api/v1/campaigns/ looks open for applications; "
        "name one with --campaign SLUG"
    )


def intake_url(base: str, slug: str) -> str:
    url = f"{base}/api/v1/campaigns/{slug}/applications/"
    empty = f"--{BOUNDARY}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    status, body = http("POST", url, empty, headers)
    if status in (404, 405, 0):
        raise BenchError(f"the intake API is not there: POST {url} answered {status}")
    if status != 400:
        raise BenchError(f"an empty application should get 400, got {status}: {body[:300]!r}")
    return url


# --- the durability check ------------------------------------------------------------
def application_files(reference: str, email: str) -> list[tuple] | None:
    """The one place that knows the intake's models: the files an application keeps.

    Returns None when there is no application with this reference, else a list
    of (storage, name, recorded hash) for every résumé file of the application,
    newest first: FileFields on the application itself and on any model that
    points to it (a résumé history). Adjust here if the intake's models change.
    """
    from django.apps import apps
    from django.db import models

    application_model = apps.get_model("recruitment", "Application")
    application = application_model._default_manager.filter(reference=reference).first()
    if application is None:
        return None

    def hash_of(instance, file_field) -> str:
        names = [f.name for f in instance._meta.concrete_fields]
        for name in (f"{file_field}_sha256", "sha256", f"{file_field}_hash", "content_hash"):
            if name in names:
                return str(getattr(instance, name) or "")
        return ""

    def file_fields(model):
        return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]

    found = []
    for model_field in file_fields(application_model):
        value = getattr(application, model_field.name)
        if value:
            found.append((value.storage, value.name, hash_of(application, model_field.name)))
    for relation in application_model._meta.related_objects:
        if not relation.one_to_many and not relation.one_to_one:
            continue
        related_fields = file_fields(relation.related_model)
        if not related_fields:
            continue
        related = relation.related_model._default_manager.filter(
            **{relation.field.name: application}
        ).order_by("-pk")
        for instance in related:
            for model_field in related_fields:
                value = getattr(instance, model_field.name)
                if value:
                    found.append((value.storage, value.name, hash_of(instance, model_field.name)))
    return found


def referenced_private_files(private_root: Path) -> set[Path]:
    from django.apps import apps
    from django.db import models

    referenced = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            names = model._default_manager.exclude(**{model_field.name: ""}).values_list(
                model_field.name, flat=True
            )
            for name in names.iterator():
                if not name:
                    continue
                try:
                    referenced.add(Path(model_field.storage.path(name)).resolve())
                except NotImplementedError:
                    continue
    return referenced


def orphans(private_root: Path) -> list[Path]:
    if not private_root.exists():
        return []
    referenced = referenced_private_files(private_root)
    on_disk = {path.resolve() for path in private_root.rglob("*") if path.is_file()}
    return sorted(on_disk - referenced)


def run_sweeper() -> str:
    from django.core.management import call_command, get_commands, load_command_class

    name = "sweep_orphaned_resumes"
    commands = get_commands()
    if name not in commands:
        return "missing: manage.py sweep_orphaned_resumes does not exist"
    command = load_command_class(commands[name], name)
    options = {}
    parser = command.create_parser("manage.py", name)
    for action in parser._actions:
        dest = action.dest
        if any(word in dest for word in ("age", "older", "grace", "minutes", "seconds", "hours")):
            options[dest] = 0
    output = io.StringIO()
    call_command(name, stdout=output, stderr=output, **options)
    return f"ran with {options or 'no options'}: {output.getvalue().strip()[-300:]}"


def verify(answers_path: Path, private_root: Path) -> dict:
    """Run inside a process with the server's settings (see `verify_in_subprocess`)."""
    import django

    django.setup()
    from django.apps import apps

    try:
        apps.get_model("recruitment", "Application")
    except LookupError:
        raise SystemExit(
            "verify: recruitment has no Application model (intake not merged?)"
        ) from None
    counts = Counter()
    with answers_path.open() as handle:
        for row in csv.reader(handle):
            if row[0] != "intake":
                continue
            _, email, reference, _status, sha256 = row[:5]
            counts["answered 200/201"] += 1
            files = application_files(reference, email) if reference else None
            if files is None:
                counts["missing application"] += 1
                continue
            counts["application found"] += 1
            intact = False
            for storage, name, recorded in files:
                try:
                    with storage.open(name, "rb") as stored:
                        digest = hashlib.sha256(stored.read()).hexdigest()
                except OSError:
                    continue
                if digest == sha256:
                    intact = True
                    if recorded and recorded != digest:
                        counts["recorded hash differs from the file"] += 1
                    break
            counts["file intact" if intact else "file missing or changed"] += 1
    before = orphans(private_root)
    counts["orphaned files before the sweep"] = len(before)
    sweeper = run_sweeper()
    counts["orphaned files after the sweep"] = len(orphans(private_root))
    return {"counts": dict(counts), "sweeper": sweeper}


def verify_in_subprocess(server: BenchServer, answers_path: Path) -> dict:
    command = [
        _bin("python"),
        "-m",
        "bench.burst",
        "--verify-answers",
        str(answers_path),
        "--private-root",
        str(server.private_root),
    ]
    result = subprocess.run(
        command, cwd=REPO, env=server.env, capture_output=True, text=True, timeout=1800
    )
    if result.returncode != 0:
        raise BenchError(f"verification failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- reporting -----------------------------------------------------------------------
def _ms(value) -> str:
    return "–" if value is None else f"{value * 1000:.0f}"


def table(outcomes: list[Outcome], args) -> str:
    floor = next((o for o in outcomes if o.name == "floor"), None)
    lines = [
        "| target | sent | 200/201 | req/s | p50 ms | p95 ms | p99 ms | statuses "
        "| retried | client CPU (cores) | server CPU (cores) | ratio to floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | --- |",
    ]
    for outcome in outcomes:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(outcome.statuses.items(), key=str))
        errors = ", ".join(f"{k}: {v}" for k, v in outcome.errors.items()) or "0"
        ratio = ""
        if floor is not None and outcome is not floor and floor.throughput:
            ratio = f"{outcome.throughput / floor.throughput:.0%}"
        lines.append(
            f"| {outcome.name} | {outcome.count - outcome.unfinished} | {outcome.answered_ok} "
            f"| {outcome.throughput:.1f} | {_ms(outcome.percentile(0.5))} "
            f"| {_ms(outcome.percentile(0.95))} | {_ms(outcome.percentile(0.99))} "
            f"| {statuses} | {errors} | {outcome.client_cpu / outcome.wall:.2f} "
            f"| {outcome.server_cpu / outcome.wall:.2f} | {ratio} |"
        )
    return "\n".join(lines)


def verdict(outcomes: list[Outcome], args, server: BenchServer) -> list[str]:
    floor = next((o for o in outcomes if o.name == "floor"), None)
    intake = next((o for o in outcomes if o.name == "intake"), None)
    lines = []
    if intake is None:
        return lines
    fives = sum(v for k, v in intake.statuses.items() if isinstance(k, int) and k >= 500)
    if floor is not None and floor.throughput and not args.chaos:
        ratio = intake.throughput / floor.throughput
        goal = report.INTAKE_TO_FLOOR
        lines.append(
            f"- Throughput ≥ {goal:.0%} of the floor: {'yes' if ratio >= goal else '**no**'}"
        )
    if not args.chaos:
        p99 = intake.percentile(0.99)
        lines.append(f"- p99 < 1 s: {'yes' if p99 is not None and p99 < 1 else '**no**'}")
    lines.append(f"- No 5xx: {'yes' if not fives else f'**no** ({fives})'}")
    if args.sqlite:
        log_locked = server.log_path.read_text(errors="replace").count("database is locked")
        total = intake.locked + log_locked + (floor.locked if floor else 0)
        lines.append(
            f"- No `database is locked`: {'yes' if not total else '**no**'} "
            f"({intake.locked} in answers, {log_locked} in the server log)"
        )
    return lines


async def run_bursts(args, server, factory, run, answers, targets) -> list[Outcome]:
    outcomes = []
    last = targets[-1][0]
    for name, url in targets:
        print(f"burst: {name}: {args.count} requests at {args.concurrency} clients", flush=True)
        outcome = await burst(
            # Chaos falls on the intake (on the floor only when the intake is skipped).
            name,
            url,
            args,
            factory,
            run,
            answers,
            server,
            chaos=args.chaos and name == last,
        )
        for event in outcome.events:
            print(f"burst: {name}: {event}", flush=True)
        for status, sample in outcome.samples.items():
            print(f"burst: {name}: a {status} answer: {sample}", flush=True)
        print(
            f"burst: {name}: {outcome.answered_ok} answered 200/201 in {outcome.wall:.0f} s "
            f"({outcome.throughput:.1f}/s), statuses {dict(outcome.statuses)}",
            flush=True,
        )
        outcomes.append(outcome)
    return outcomes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, help="applications (30000; 1000 with --sqlite)")
    parser.add_argument("--concurrency", type=int, help="clients (64; 16 with --sqlite)")
    parser.add_argument("--campaign", help="campaign slug (default: the open demo campaign)")
    parser.add_argument("--port", type=int, default=8410)
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers, floor and intake alike (2)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=8,
        help="threads per gthread worker (8, the production recommendation); 1 = sync workers",
    )
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=0,
        help="gunicorn --keep-alive in seconds (0, the production recommendation: "
        "every request is a new connection, taken by whichever worker is free)",
    )
    parser.add_argument("--size", type=int, default=200_000, help="résumé size in bytes")
    parser.add_argument("--chaos", action="store_true", help="kill a worker, then the server")
    parser.add_argument("--sqlite", action="store_true", help="the embedded default")
    parser.add_argument("--no-floor", action="store_true", help="skip the floor run")
    parser.add_argument("--no-intake", action="store_true", help="floor only")
    parser.add_argument("--attempts", type=int, default=30, help="tries per application")
    parser.add_argument("--max-seconds", type=int, default=1800, help="cap per burst")
    parser.add_argument("--keep", action="store_true", help="keep the uploaded files after")
    parser.add_argument("--record", action="store_true", help="append to bench/history/")
    parser.add_argument("--verify-answers", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--private-root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.verify_answers:  # the child process of verify_in_subprocess
        print(json.dumps(verify(args.verify_answers, args.private_root)))
        return 0

    args.count = args.count or (1_000 if args.sqlite else 30_000)
    args.concurrency = args.concurrency or (16 if args.sqlite else 64)
    if not 1 <= args.count <= 100_000 or not 1 <= args.concurrency <= 512:
        parser.error("--count must be 1..100000 and --concurrency 1..512")
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        print("burst: aiohttp is missing: pip install -r requirements-dev.txt", file=sys.stderr)
        return 1

    raise_on_sigterm()
    head = report.header(
        "Résumé intake burst"
        + (" (SQLite)" if args.sqlite else "")
        + (", chaos" if args.chaos else ""),
        "python -m bench.burst",
    )
    run = secrets.token_hex(3)
    factory = ResumeFactory(args.size)
    factory.check()
    server = BenchServer(
        args.port,
        sqlite=args.sqlite,
        workers=args.workers,
        threads=args.threads,
        keepalive=args.keep_alive,
        name=f"burst-{'sqlite' if args.sqlite else 'pg'}",
    )
    out_dir = STATE / f"burst-{time.strftime('%Y%m%d-%H%M%S')}-{run}"
    answers_path = out_dir / "answers.csv"
    results = {}
    try:
        server.prepare(fresh=True, articles=0)
        server.start()
        out_dir.mkdir(parents=True, exist_ok=True)
        targets = []
        if not args.no_floor:
            targets.append(("floor", server.base_url + "/_bench/upload/"))
        if not args.no_intake:
            slug = args.campaign or find_campaign(server.base_url)
            targets.append(("intake", intake_url(server.base_url, slug)))
        with answers_path.open("w", newline="") as handle:
            answers = csv.writer(handle)
            outcomes = asyncio.run(run_bursts(args, server, factory, run, answers, targets))
        server.stop()
        if (args.chaos or args.sqlite) and not args.no_intake:
            results = verify_in_subprocess(server, answers_path)
    except BenchError as exc:
        print(f"burst: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("burst: interrupted", file=sys.stderr)
        return 130
    finally:
        server.stop()
        if not args.keep:
            import shutil

            # 30,000 résumés are 6 GB; the next run recreates the database anyway.
            shutil.rmtree(server.dir / "floor", ignore_errors=True)
            shutil.rmtree(server.private_root, ignore_errors=True)

    intake = next((o for o in outcomes if o.name == "intake"), None)
    pdf_kb = len(factory.make("0" * ID_WIDTH)) / 1000
    stack = (
        "SQLite (embedded default), tasks immediate"
        if args.sqlite
        else (
            f"PostgreSQL db `{server.database_url.rsplit('/', 1)[-1]}`, "
            f"Redis db {server.redis_url.rsplit('/', 1)[-1]}, "
            "tasks to the database backend (no worker)"
        )
    )
    text = head + (
        f"- Load: {args.count} distinct applications per target, {args.concurrency} "
        f"concurrent clients (Python asyncio + aiohttp on the same machine), "
        f"a {pdf_kb:.0f} KB PDF each; {server.description} for both; {stack}; answers in "
        f"`{answers_path.relative_to(REPO)}`\n\n"
    )
    text += table(outcomes, args) + "\n\n" + "\n".join(verdict(outcomes, args, server))
    if intake is not None and intake.events:
        text += "\n- Chaos: " + "; ".join(intake.events)
    if results:
        counts = results["counts"]
        text += "\n- Durability check: " + ", ".join(f"{k}: {v}" for k, v in counts.items())
        text += f"\n- Sweeper: {results['sweeper']}"
        lost = counts.get("missing application", 0) + counts.get("file missing or changed", 0)
        orphaned = counts.get("orphaned files after the sweep", 0)
        text += f"\n- No acknowledged application lost: {'yes' if not lost else '**no**'}"
        text += f"\n- No orphaned file after the sweep: {'yes' if not orphaned else '**no**'}"
    print("\n" + text)
    (out_dir / "result.md").write_text(text + "\n")
    if args.record:
        report.append_results(text)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.exit(main())
