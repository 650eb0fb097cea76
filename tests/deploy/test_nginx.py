"""deploy/nginx.conf for real: Debian's nginx in front of gunicorn, both on loopback.

A client that sends its headers and then stops sending the body would hold a
gunicorn thread until it gave up; behind nginx, which reads every body whole
before passing the request on, fifty of them change nothing for everyone else.
"""

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import ExitStack, closing
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from recruitment.models import Campaign
from tests.recruitment.conftest import pdf_bytes

REPO = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
BOUNDARY = "----portal-deploy-test"
STALLED_CLIENTS = 50

pytestmark = [
    pytest.mark.skipif(not NGINX.exists(), reason="needs Debian's nginx (apt-get install nginx)"),
    # The test database is set up for these tests; the servers fixture fills it.
    pytest.mark.django_db,
]

MAIN_CONFIG = """
daemon off;
worker_processes 1;
{user}
pid {root}/nginx.pid;
error_log {root}/nginx-error.log info;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {root}/portal.conf;
}}
"""


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render_site_config(root: Path, *, nginx_port: int, gunicorn_port: int) -> str:
    """deploy/nginx.conf with this test's ports and folders."""
    config = (REPO / "deploy" / "nginx.conf").read_text()
    for shipped, ours in {
        "server 127.0.0.1:8000 ": f"server 127.0.0.1:{gunicorn_port} ",
        "listen 80;": f"listen 127.0.0.1:{nginx_port};",
        "listen [::]:80;": "",
        "/var/log/nginx/": f"{root}/",
        "/srv/portal/static/": f"{root}/static/",
        "/srv/portal/media/": f"{root}/media/",
    }.items():
        assert shipped in config, f"deploy/nginx.conf no longer says {shipped!r}"
        config = config.replace(shipped, ours)
    return config


def database_url(root: Path) -> str:
    """The test database, for gunicorn's processes: PostgreSQL's as it is, SQLite's
    (in memory, this process's own) copied to a file."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        return (
            f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}"
            f":{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    connection.ensure_connection()
    path = root / "db.sqlite3"
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"


def wait_until_answering(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if get(port, "/healthz", timeout=1).status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"no answer on port {port}:\n{log.read_text()}")


class Answer:
    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()


def request(port, method, path, *, body=None, headers=None, timeout=1.0) -> Answer:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request(method, path, body=body, headers=headers or {})
        return Answer(client.getresponse())
    finally:
        client.close()


def get(port, path, timeout=1.0) -> Answer:
    return request(port, "GET", path, timeout=timeout)


def application_body(email: str, resume: bytes | None = None) -> bytes:
    fields = {
        "full_name": "Li Na",
        "email": email,
        "phone": "13812345678",
        "consent": "true",
        "share_consent": "true",
    }
    parts = [
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
        f'name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
        f'name="resume"; filename="resume.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + (pdf_bytes() if resume is None else resume)
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def apply(port, slug, email, timeout=1.0) -> Answer:
    return request(
        port,
        "POST",
        f"/api/v1/campaigns/{slug}/applications/",
        body=application_body(email),
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        timeout=timeout,
    )


def stall(port: int, slug: str) -> socket.socket:
    """A client that announces a 200 KB body, sends half of it and then nothing."""
    client = socket.create_connection(("127.0.0.1", port), timeout=5)
    client.sendall(
        f"POST /api/v1/campaigns/{slug}/applications/ HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        "Content-Length: 200000\r\n\r\n".encode()
        + b"x" * 100_000
    )
    return client


SLUG = "liangjiang-live"


class Servers:
    def __init__(self, nginx_port: int, gunicorn_port: int, root: Path):
        self.nginx_port, self.gunicorn_port, self.root = nginx_port, gunicorn_port, root


@pytest.fixture(scope="module")
def servers(tmp_path_factory, django_db_setup, django_db_blocker):
    """gunicorn (one worker, four threads) and nginx in front of it, as deployed, on
    the test database with an open campaign; emptied again afterwards, as after any
    test that commits."""
    root = tmp_path_factory.mktemp("deploy")
    for folder in ("static", "media", "private", "static-app", "var"):
        (root / folder).mkdir()
    with django_db_blocker.unblock():
        now = timezone.now()
        Campaign.objects.create(
            title="Liangjiang talent livestream",
            slug=SLUG,
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=30),
        )
        url = database_url(root)
    nginx_port, gunicorn_port = free_port(), free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "EMAIL_BACKEND"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="deploy-test-only-not-secret-0123456789abcdefghijklmnopqrstuvw",
        VAR_DIR=str(root / "var"),
        STATIC_ROOT=str(root / "static-app"),  # nginx's static folder is not gunicorn's
        MEDIA_ROOT=str(root / "media"),
        PRIVATE_MEDIA_ROOT=str(root / "private"),
        DJANGO_SERVE_MEDIA="0",
        TRUSTED_PROXIES="127.0.0.1",
        DATABASE_CONN_MAX_AGE="0",  # no connection left open on the test database
    )
    # As deployed: the pages (error pages included) link the collected, hashed files.
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=REPO,
        env=env,
        check=True,
    )
    (root / "portal.conf").write_text(
        render_site_config(root, nginx_port=nginx_port, gunicorn_port=gunicorn_port)
    )
    user = "user root;" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(MAIN_CONFIG.format(root=root, user=user))

    with ExitStack() as stack:
        stack.callback(empty_the_database, django_db_blocker)
        gunicorn_log = root / "gunicorn.log"
        gunicorn = subprocess.Popen(  # noqa: S603 - our own gunicorn and settings
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "portal.wsgi",
                f"--bind=127.0.0.1:{gunicorn_port}",
                "--worker-class=gthread",
                "--workers=1",
                "--threads=4",
                "--keep-alive=0",
                "--timeout=60",
                "--access-logfile=-",
            ],
            cwd=REPO,
            env=env,
            stdout=stack.enter_context(gunicorn_log.open("w")),
            stderr=subprocess.STDOUT,
        )
        stack.callback(stop, gunicorn)
        nginx_log = root / "nginx-error.log"
        nginx = subprocess.Popen(  # noqa: S603 - Debian's nginx
            [str(NGINX), "-p", str(root), "-c", str(root / "nginx.conf"), "-e", str(nginx_log)],
            stdout=subprocess.DEVNULL,
            stderr=stack.enter_context((root / "nginx-output.log").open("w")),
        )
        stack.callback(stop, nginx)
        wait_until_answering(gunicorn_port, gunicorn, gunicorn_log)
        wait_until_answering(nginx_port, nginx, root / "nginx-output.log")
        yield Servers(nginx_port, gunicorn_port, root)


def empty_the_database(django_db_blocker) -> None:
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)  # gunicorn and nginx: stop now, not gracefully
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_fifty_stalled_uploads_leave_the_site_answering(servers):
    nginx_port = servers.nginx_port
    # Warm: the first application loads the résumé checks in the worker.
    assert apply(nginx_port, SLUG, "first@example.com", timeout=30).status == 201

    with ExitStack() as stalled:
        for _ in range(STALLED_CLIENTS):
            stalled.enter_context(closing(stall(nginx_port, SLUG)))

        # Each with a one-second limit: a request queued behind the stalls times out.
        assert get(nginx_port, "/healthz").status == 200
        answer = apply(nginx_port, SLUG, "li.na@example.com")
        assert answer.status == 201, answer.body


INTAKE_CAP = 10 * 1024 * 1024 + 512 * 1024  # MAX_INTAKE_REQUEST_BYTES


def test_nginx_passes_a_body_of_the_intake_cap_to_the_portal(servers):
    """Read whole by the portal, which answers for itself (the résumé is too large)."""
    body = application_body("big@example.com", resume=b"")
    padding = INTAKE_CAP - len(body)
    body = application_body("big@example.com", resume=b"%PDF-1.4\n" + b"%" * (padding - 9))
    assert len(body) == INTAKE_CAP
    answer = request(
        servers.nginx_port,
        "POST",
        f"/api/v1/campaigns/{SLUG}/applications/",
        body=body,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        timeout=30,
    )
    assert answer.status == 400
    assert "larger than 10 MB" in json.loads(answer.body)["resume"][0]


def test_nginx_refuses_a_body_over_the_intake_cap_before_reading_it(servers):
    client = socket.create_connection(("127.0.0.1", servers.nginx_port), timeout=10)
    with closing(client):
        client.sendall(
            f"POST /api/v1/campaigns/{SLUG}/applications/ HTTP/1.1\r\n"
            "Host: 127.0.0.1\r\nConnection: close\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Content-Length: {INTAKE_CAP + 1}\r\n\r\n".encode()
        )
        answer = http.client.HTTPResponse(client)
        answer.begin()
        assert answer.status == 413
        assert "larger than 10 MB" in json.loads(answer.read())["resume"][0]


def test_nginx_serves_static_files_and_public_media_but_never_the_private_root(servers):
    nginx_port, root = servers.nginx_port, servers.root
    (root / "static" / "site.css").write_text("body { color: #222; }")
    (root / "media" / "logo.txt").write_text("a public logo")
    (root / "private" / "resume.pdf").write_bytes(pdf_bytes())

    assert get(nginx_port, "/static/site.css").body == b"body { color: #222; }"
    assert get(nginx_port, "/media/logo.txt").body == b"a public logo"
    for path in (
        "/private/resume.pdf",
        "/media/../private/resume.pdf",
        "/static/../private/resume.pdf",
    ):
        answer = get(nginx_port, path)
        assert answer.status in (400, 404), path
        assert b"%PDF" not in answer.body


def test_no_status_token_email_or_phone_reaches_the_access_logs(servers):
    nginx_port, root = servers.nginx_port, servers.root
    answer = apply(nginx_port, SLUG, "wang.fang@example.com", timeout=30)
    assert answer.status == 201, answer.body
    status_path = urlsplit(json.loads(answer.body)["status_url"]).path
    token = status_path.rstrip("/").rsplit("/", 1)[-1]
    assert get(nginx_port, f"/api/v1/applications/{token}/", timeout=10).status == 200
    get(nginx_port, f"{status_path}?email=wang.fang@example.com", timeout=10)

    gunicorn_log = (root / "gunicorn.log").read_text()
    nginx_log = (root / "portal.access.log").read_text()
    assert "/applications/[redacted]" in gunicorn_log
    assert "/applications/[redacted]" in nginx_log
    for log in (gunicorn_log, nginx_log):
        for secret in (token, "wang.fang@example.com", "13812345678"):
            assert secret not in log


def test_without_nginx_a_few_stalled_uploads_hold_every_thread(servers):
    """The same stalls straight at gunicorn: its four threads wait for the bodies."""
    gunicorn_port = servers.gunicorn_port
    with ExitStack() as stalled:
        for _ in range(4):
            stalled.enter_context(closing(stall(gunicorn_port, SLUG)))
        time.sleep(0.5)  # the worker hands each stalled request to a thread
        with pytest.raises(TimeoutError):
            get(gunicorn_port, "/healthz")
