"""The load balancer's health check, ``/health/``: database, storage and the queue."""

import datetime
import json

import pytest
import time_machine
from django.conf import settings
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gcm_portal import storage
from reviews import tasks
from reviews.models import ReportJob
from tests.factories import ReportJobFactory
from tests.s3 import KEYS, REGION, media, s3_server  # noqa: F401 (fixtures)

URL = "/health/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_url_is_health():
    assert reverse("health") == URL


def test_all_well_is_200_with_numbers(db, client, media):  # noqa: F811
    """On the local disk and on a bucket of the S3-compatible server alike."""
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "database": "ok",
        "storage": "ok",
        "queue": {"oldest_waiting_seconds": 0, "waiting": 0},
    }
    # The probe's object is gone; no session, no cookie for a load balancer to keep.
    assert media.names() == set()
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_the_queue_says_how_long_the_oldest_report_has_waited(db, client):
    asked = timezone.now() - datetime.timedelta(hours=2)
    with time_machine.travel(asked, tick=False):
        ReportJobFactory()  # queued
        ReportJobFactory(language="en")
    ReportJobFactory(language="fr", status=ReportJob.Status.RUNNING)
    ReportJobFactory(language="pt", status=ReportJob.Status.DONE)

    # In Spanish, where 7200 would be written "7.200": machine-read numbers never are.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(URL)

    assert response.status_code == 200
    queue = response.json()["queue"]
    assert queue["waiting"] == 2
    assert type(queue["oldest_waiting_seconds"]) is int
    assert 7200 <= queue["oldest_waiting_seconds"] < 7300
    assert b'"oldest_waiting_seconds": 72' in response.content


def test_the_queue_counts_the_tasks_waiting_in_the_database_queue(db, client):
    database_queue = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with override_settings(TASKS=database_queue):
        with time_machine.travel(timezone.now() - datetime.timedelta(minutes=5), tick=False):
            tasks.send_due_reminders_task.enqueue()
        response = client.get(URL)

    assert response.status_code == 200
    assert 300 <= response.json()["queue"]["oldest_waiting_seconds"] < 400


def test_a_storage_that_refuses_writes_is_503_naming_it(db, client, tmp_path):
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file where the media folder should be")
    broken = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(not_a_folder)},
        },
    }
    with override_settings(STORAGES=broken):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["storage"] == "error"
    assert response.json()["database"] == "ok"


def test_a_database_that_cannot_be_reached_is_503_naming_it(db, client):
    def unreachable(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(unreachable):
        response = client.get(URL)

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["database"] == "error"
    assert body["queue"] == "error"  # read from the same database
    assert body["storage"] == "ok"
    # Why goes to the log, not to whoever asks.
    assert b"connect" not in response.content


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_and_head(db, client, method):
    assert getattr(client, method)(URL).status_code == 405
    assert client.head(URL).status_code == 200


def test_a_bucket_that_does_not_exist_is_503_naming_the_storage(db, client, settings, s3_server):  # noqa: F811
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage.s3(
            bucket="gcm-no-such-bucket", endpoint_url=s3_server, region=REGION, **KEYS
        ),
    }

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "storage": "error",
        "queue": {"oldest_waiting_seconds": 0, "waiting": 0},
    }
