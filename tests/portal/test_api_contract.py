"""The OpenAPI schema tells the truth: an outside client (schemathesis, every check) runs
every operation against the live server, anonymously and, for the staff API, with a
superuser's token, and finds no answer the schema does not describe."""

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

SCHEMATHESIS = shutil.which("schemathesis", path=str(Path(sys.executable).parent))

INTAKE = "^/api/v1/campaigns/[^/]+/applications/$"


def schemathesis(
    live_server, *arguments: str, cwd: Path, config_file=None
) -> subprocess.CompletedProcess:
    config = ["--config-file", str(config_file)] if config_file else []
    return subprocess.run(  # noqa: S603 - our own dev requirement, our own arguments
        [
            SCHEMATHESIS,
            *config,
            "--no-color",
            "run",
            f"{live_server.url}/api/schema/",
            "--url",
            live_server.url,
            "--checks",
            "all",
            "--max-examples",
            "8",
            "--seed",
            "20261208",
            "--generation-database",
            "none",
            "--workers",
            "1",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,  # schemathesis keeps a cache of what it found in its working folder
    )


@pytest.mark.skipif(SCHEMATHESIS is None, reason="schemathesis is a dev requirement")
@pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote
def test_every_operation_answers_only_what_the_schema_says(
    live_server, django_user_model, settings, tmp_path
):
    settings.INTAKE_RATE_LIMIT = 0
    call_command("loaddemo", stdout=io.StringIO())
    # Allowed every staff operation, so that each is run beyond its 403.
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-long-1")
    token = Token.objects.create(user=boss)

    public = schemathesis(
        live_server, "--exclude-path-regex", f"^/api/v1/staff/|{INTAKE}", cwd=tmp_path
    )
    # Every check but one: no generated file is a real PDF or Word document, so an
    # application valid by the schema is still refused for its résumé (400), as it must be.
    intake = schemathesis(
        live_server,
        "--include-path-regex",
        INTAKE,
        "--exclude-checks",
        "positive_data_acceptance",
        cwd=tmp_path,
    )
    # The token as the schema's security scheme, so that schemathesis can also try
    # the staff operations without it, and with a wrong one.
    config = tmp_path / "schemathesis.toml"
    config.write_text(f'[auth.openapi.tokenAuth]\napi_key = "Token {token.key}"\n')
    staff = schemathesis(
        live_server, "--include-path-regex", "^/api/v1/staff/", cwd=tmp_path, config_file=config
    )

    for run in (public, intake, staff):
        assert run.returncode == 0, run.stdout[-6000:]
        assert "Authentication failed" not in run.stdout, run.stdout[-3000:]


def test_every_operation_has_a_summary_and_a_subject(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    subjects = [tag["name"] for tag in schema["tags"]]

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
            assert len(operation["tags"]) == 1 and operation["tags"][0] in subjects, (
                f"{method.upper()} {path}: {operation['tags']}"
            )
