from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "portal/home.html"


@never_cache
def healthz(request):
    """Liveness: the process answers."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: the database and the cache both answer, else 503."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        problems.append("database")
    try:
        cache.set("readyz", "1", 5)
        if cache.get("readyz") != "1":
            problems.append("cache")
    except Exception:  # noqa: BLE001 - any cache client error means "not ready"
        problems.append("cache")
    if problems:
        response = HttpResponse(
            "unavailable: " + ", ".join(problems), status=503, content_type="text/plain"
        )
        response["Retry-After"] = "5"
        return response
    return HttpResponse("ok", content_type="text/plain")
