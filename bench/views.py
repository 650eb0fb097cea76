"""Baseline views: the floor of the stack that product pages are compared with.

- ``constant``: a bare view returning a constant HTML page (``?bytes=N``, default
  about the size of an article page); the ceiling for any page on this stack.
- ``rows``: a bare view rendering 20 rows from PostgreSQL through a template;
  what an uncached list or detail page cannot beat by much.
- ``upload``: the floor of résumé intake: accepts the same multipart upload as
  the intake API, writes the file to disk and inserts one row, answers 201.
"""

import hashlib
import secrets
from functools import cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from portal.models import Organization
from portal.storage import DurableFileSystemStorage

DEFAULT_BYTES = 30_000
MAX_BYTES = 2_000_000


@cache
def _constant_page(size: int) -> bytes:
    head = b"<!doctype html><html lang=en><head><meta charset=utf-8><title>Constant</title>"
    head += b"</head><body><main><h1>Constant page</h1>"
    tail = b"</main></body></html>\n"
    paragraph = b"<p>Liangjiang New Area: innovation platforms, parks and talent.</p>\n"
    filler = paragraph * (max(0, size - len(head) - len(tail)) // len(paragraph) + 1)
    body = head + filler
    return body[: max(len(head), size - len(tail))] + tail


def constant(request):
    try:
        size = int(request.GET.get("bytes", DEFAULT_BYTES))
    except ValueError:
        size = DEFAULT_BYTES
    size = min(max(size, 0), MAX_BYTES)
    return HttpResponse(_constant_page(size), content_type="text/html; charset=utf-8")


def rows(request):
    organizations = Organization.objects.order_by("pk").values(
        "name", "slug", "kind", "short_name", "website", "updated_at"
    )[:20]
    return render(request, "bench/rows.html", {"rows": organizations})


_TABLE_DDL = {
    "postgresql": (
        "CREATE TABLE IF NOT EXISTS bench_upload (id bigserial PRIMARY KEY, "
        "email varchar(254) NOT NULL, full_name varchar(200) NOT NULL, "
        "path varchar(300) NOT NULL, sha256 char(64) NOT NULL, "
        "created_at timestamptz NOT NULL DEFAULT now())"
    ),
    "sqlite": (
        "CREATE TABLE IF NOT EXISTS bench_upload (id integer PRIMARY KEY AUTOINCREMENT, "
        "email varchar(254) NOT NULL, full_name varchar(200) NOT NULL, "
        "path varchar(300) NOT NULL, sha256 char(64) NOT NULL, "
        "created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)"
    ),
}


def create_upload_table() -> None:
    """Called once by bench.seed before the server starts (CREATE TABLE IF NOT
    EXISTS is not safe against itself under concurrency in PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(_TABLE_DDL[connection.vendor])


def _floor_storage() -> DurableFileSystemStorage:
    # The same durable write as the intake's private storage: like for like.
    return DurableFileSystemStorage(location=settings.BENCH_UPLOAD_ROOT, base_url=None)


@csrf_exempt
def upload(request):
    if request.method != "POST":
        return JsonResponse({"detail": "POST a multipart form."}, status=405)
    resume = request.FILES.get("resume")
    email = request.POST.get("email", "")
    if resume is None or not email:
        return JsonResponse({"detail": "resume and email are required."}, status=400)
    data = resume.read()
    digest = hashlib.sha256(data).hexdigest()
    name = _floor_storage().save(f"{secrets.token_hex(16)}.pdf", ContentFile(data))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_upload (email, full_name, path, sha256) VALUES (%s, %s, %s, %s)",
            [email[:254], request.POST.get("full_name", "")[:200], name, digest],
        )
    reference = f"B{secrets.token_hex(5).upper()}"
    return JsonResponse({"reference": reference, "created": True}, status=201)
