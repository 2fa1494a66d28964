"""An S3-compatible server for the storage tests: moto in server mode, on the
loopback address and a free port, started once per test session (per xdist worker).

The portal talks to it over HTTP with django-storages and boto3, as it would to
MinIO or AWS; nothing of the portal is mocked. ``media`` runs a test twice:
on the local disk, and on a fresh bucket of that server.
"""

import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from gcm_portal import storage

# moto accepts any keys; these say so.
KEYS = {"access_key": "test-only-key", "secret_key": "test-only-secret"}
REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_server():
    """The server's endpoint URL, e.g. http://127.0.0.1:40123."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )


@dataclass
class Media:
    """Where the test's files went, seen from outside the portal: the disk's folder
    or the bucket, read directly (``os``, boto3), never through Django's storage."""

    kind: str
    root: Path  # MEDIA_ROOT: on S3, nothing may land there
    bucket: str = ""
    client: object = None

    def names(self) -> set[str]:
        if self.kind == "disk":
            return {
                p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()
            }
        listed = self.client.list_objects_v2(Bucket=self.bucket)  # type: ignore[attr-defined]
        return {item["Key"] for item in listed.get("Contents", [])}

    def read(self, name: str) -> bytes:
        if self.kind == "disk":
            return (self.root / name).read_bytes()
        got = self.client.get_object(Bucket=self.bucket, Key=name)  # type: ignore[attr-defined]
        return got["Body"].read()

    @property
    def storage(self):
        return default_storage


@pytest.fixture(params=["disk", "s3"])
def media(request, settings, tmp_path) -> Media:
    """The default storage on the local disk, then on a new bucket of ``s3_server``."""
    settings.MEDIA_ROOT = root = tmp_path / "media"
    if request.param == "disk":
        settings.STORAGES = {**settings.STORAGES, "default": dict(storage.DISK)}
        return Media("disk", root)
    endpoint = request.getfixturevalue("s3_server")
    bucket = f"gcm-{uuid.uuid4().hex[:12]}"
    client = s3_client(endpoint)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage.s3(bucket=bucket, endpoint_url=endpoint, region=REGION, **KEYS),
    }
    return Media("s3", root, bucket, client)
