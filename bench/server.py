"""Start, stop and kill the benchmark server: the product under gunicorn.

    python -m bench.server [--port 8400] [--cache redis|dummy] [--sqlite] [--fresh]

Prepares the database first (migrate, ``loaddemo``, ``bench.seed``,
``collectstatic``), then serves ``bench.settings`` with two sync workers on
127.0.0.1 until interrupted (or ``--max-seconds``). The benchmarks import
``BenchServer`` to do the same and to kill workers on purpose.

Defaults: PostgreSQL ``postgres://postgres@127.0.0.1:5432/bench`` (override
with ``BENCH_DATABASE_URL``) and Redis ``redis://127.0.0.1:6379/4``
(``BENCH_REDIS_URL``). ``--sqlite`` runs the embedded default instead: no
``DATABASE_URL``, no ``REDIS_URL``, tasks run immediately.
"""

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STATE = REPO / "var" / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/4"


class BenchError(RuntimeError):
    """A benchmark cannot go on; the message says why and what to do."""


def _bin(name: str) -> str:
    for candidate in (REPO / ".venv" / "bin" / name, Path(sys.executable).parent / name):
        if candidate.exists():
            return str(candidate)
    raise BenchError(f"{name} not found in .venv/bin: run `make test` or pip install first")


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class BenchServer:
    def __init__(
        self,
        port: int,
        *,
        cache: str = "redis",
        sqlite: bool = False,
        workers: int = 2,
        threads: int = 1,
        keepalive: int | None = None,
        name: str | None = None,
    ):
        if cache not in {"redis", "dummy"}:
            raise BenchError(f"cache must be redis or dummy, not {cache!r}")
        self.port = port
        self.cache = cache
        self.sqlite = sqlite
        self.workers = workers
        self.threads = threads
        self.keepalive = keepalive
        self.name = name or ("sqlite" if sqlite else "pg")
        self.dir = STATE / self.name
        self.private_root = self.dir / "private"
        self.log_path = self.dir / f"gunicorn-{port}.log"
        self.process: subprocess.Popen | None = None
        self.database_url = "" if sqlite else os.environ.get("BENCH_DATABASE_URL", "")
        self.database_url = self.database_url or ("" if sqlite else DEFAULT_DATABASE_URL)
        self.redis_url = "" if sqlite else os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
        self._secret = secrets.token_urlsafe(50)
        self._cpu_of_killed = 0.0

    @property
    def description(self) -> str:
        """The server configuration, as a results table states it."""
        if self.threads > 1:
            keepalive = "" if self.keepalive is None else f", `--keep-alive {self.keepalive}`"
            return f"gunicorn, {self.workers} gthread workers × {self.threads} threads{keepalive}"
        return f"gunicorn, {self.workers} sync workers"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=self._secret,
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            INTAKE_RATE_LIMIT="0",
            BENCH_CACHE=self.cache,
            # The run's own var/ (the embedded default's cache), never the site's.
            VAR_DIR=str(self.dir / "var"),
            MEDIA_ROOT=str(self.dir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.private_root),
            STATIC_ROOT=str(STATE / "static"),
            BENCH_UPLOAD_ROOT=str(self.dir / "floor"),
            # Confirmation emails are part of the work, but not 30,000 of them on a console.
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
            PYTHONUNBUFFERED="1",
        )
        if self.sqlite:
            env["BENCH_SQLITE_PATH"] = str(self.dir / "db.sqlite3")
            env["DJANGO_TASKS_BACKEND"] = "immediate"
        else:
            env["DATABASE_URL"] = self.database_url
            env["REDIS_URL"] = self.redis_url
            # Production's durable queue; its worker is not run during a benchmark.
            env["DJANGO_TASKS_BACKEND"] = os.environ.get("BENCH_TASKS_BACKEND", "database")
        return env

    # --- preparation -----------------------------------------------------------------
    def _manage(self, *args: str, timeout: int = 600) -> None:
        command = [_bin("python"), "manage.py", *args]
        result = subprocess.run(
            command, cwd=REPO, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise BenchError(
                f"`manage.py {' '.join(args)}` failed ({result.returncode}):\n"
                f"{result.stdout[-2000:]}{result.stderr[-3000:]}"
            )

    def reset(self) -> None:
        """A clean database, cache and file area (only ever the bench's own)."""
        import shutil

        if self.dir.exists():
            shutil.rmtree(self.dir)
        if self.sqlite:
            return
        self._create_database(drop=True)
        import redis

        try:
            redis.Redis.from_url(self.redis_url, socket_connect_timeout=2).flushdb()
        except redis.RedisError as exc:
            raise BenchError(f"cannot reach Redis at {self.redis_url}: {exc}") from exc

    def _create_database(self, *, drop: bool) -> None:
        """Create the bench's PostgreSQL database; with `drop`, drop it first."""
        import dj_database_url
        import psycopg

        config = dj_database_url.parse(self.database_url)
        name = config["NAME"]
        if drop and not name.startswith("bench"):
            raise BenchError(f"refusing to drop database {name!r}: its name must start 'bench'")
        try:
            with psycopg.connect(
                host=config["HOST"] or "127.0.0.1",
                port=config["PORT"] or 5432,
                user=config["USER"] or "postgres",
                password=config["PASSWORD"] or None,
                dbname="postgres",
                autocommit=True,
                connect_timeout=5,
            ) as conn:
                if drop:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if exists.fetchone() is None:
                    conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.Error as exc:
            raise BenchError(f"cannot create PostgreSQL database {name!r}: {exc}") from exc

    def prepare(self, *, fresh: bool = False, articles: int = 500) -> None:
        if fresh:
            self.reset()
        elif not self.sqlite:
            self._create_database(drop=False)
        self.dir.mkdir(parents=True, exist_ok=True)
        step = time.monotonic()
        self._manage("migrate", "--noinput", "--verbosity", "0")
        self._manage("loaddemo")
        command = [_bin("python"), "-m", "bench.seed", "--articles", str(articles)]
        result = subprocess.run(
            command, cwd=REPO, env=self.env, capture_output=True, text=True, timeout=600
        )
        if result.returncode != 0:
            raise BenchError(f"bench.seed failed:\n{result.stdout}{result.stderr[-3000:]}")
        print(result.stdout.strip(), flush=True)
        self._manage("collectstatic", "--noinput", "--verbosity", "0")
        print(f"server: prepared in {time.monotonic() - step:.0f} s", flush=True)

    # --- running ---------------------------------------------------------------------
    def start(self, *, timeout: float = 60, probe: bool = True) -> None:
        """Start gunicorn; wait for /healthz, or (probe=False, under load) only for
        the listening socket and every worker process."""
        if self.process is not None and self.process.poll() is None:
            raise BenchError("server already running")
        # A server killed a moment ago may hold the port for a few more milliseconds.
        deadline = time.monotonic() + 5
        while port_in_use(self.port):
            if time.monotonic() > deadline:
                raise BenchError(f"port {self.port} is already in use on 127.0.0.1")
            time.sleep(0.1)
        self.dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "a")  # noqa: SIM115 - handed to the child process
        command = [
            _bin("gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            *(
                ["--worker-class", "gthread", "--threads", str(self.threads)]
                + ([] if self.keepalive is None else ["--keep-alive", str(self.keepalive)])
                if self.threads > 1
                else ["--worker-class", "sync"]
            ),
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        if probe:
            self.wait_ready(timeout=timeout)
            return
        deadline = time.monotonic() + timeout
        while not (port_in_use(self.port) and len(self.worker_pids()) >= self.workers):
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}")
            if time.monotonic() > deadline:
                raise BenchError(f"server not up within {timeout:.0f} s; see {self.log_path}")
            time.sleep(0.05)

    def wait_ready(self, *, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise BenchError(
                    f"gunicorn exited with {self.process.returncode}; see {self.log_path}:\n"
                    + self.log_tail()
                )
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise BenchError(f"server not ready within {timeout:.0f} s; see {self.log_path}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        master = self.process.pid
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def process_cpu_seconds(self) -> float:
        """CPU time of the master and its workers, including those killed on purpose."""
        pids = ([self.process.pid] if self.process else []) + self.worker_pids()
        return self._cpu_of_killed + self._cpu_seconds(pids)

    @staticmethod
    def _cpu_seconds(pids) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def kill_worker(self) -> int | None:
        workers = self.worker_pids()
        if not workers:
            return None
        self._cpu_of_killed += self._cpu_seconds(workers[:1])
        os.kill(workers[0], signal.SIGKILL)
        return workers[0]

    def kill_all(self) -> None:
        """SIGKILL the master and every worker at once, like a crashed machine's processes."""
        if self.process is None:
            return
        workers = self.worker_pids()
        self._cpu_of_killed += self._cpu_seconds([self.process.pid, *workers])
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in workers):
            if time.monotonic() > deadline:
                raise BenchError(f"workers {workers} survived SIGKILL")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None


def raise_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt so `finally: server.stop()` always runs."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Serve the portal for benchmarks.")
    parser.add_argument("--port", type=int, default=8400)
    parser.add_argument("--cache", choices=["redis", "dummy"], default="redis")
    parser.add_argument("--sqlite", action="store_true", help="the embedded default")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench DB")
    parser.add_argument("--no-prepare", action="store_true", help="skip migrate/loaddemo/seed")
    parser.add_argument("--articles", type=int, default=500, help="articles to seed")
    parser.add_argument("--max-seconds", type=int, default=3600, help="stop after this long")
    args = parser.parse_args(argv)
    raise_on_sigterm()
    server = BenchServer(args.port, cache=args.cache, sqlite=args.sqlite)
    try:
        if not args.no_prepare:
            server.prepare(fresh=args.fresh, articles=args.articles)
        server.start()
        print(f"server: {server.base_url} (log {server.log_path}); Ctrl-C stops it", flush=True)
        deadline = time.monotonic() + args.max_seconds
        while time.monotonic() < deadline and server.process.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    except BenchError as exc:
        print(f"server: error: {exc}", file=sys.stderr)
        return 1
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
