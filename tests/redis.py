"""The task backends for many workers, for the report-job tests: the database queue
(django-tasks-db, worked by ``db_worker``) and RQ (django-tasks-rq on Redis, worked
by an RQ worker).

``redis_server`` starts Debian's ``redis-server`` on the loopback address and a free
port, keeping nothing on disk, once per test session (per xdist worker).
``task_backend`` runs a test on each backend; its ``work()`` is a real worker in
burst mode, run in the test's process so that it sees the test's data: the
portal's RQ worker (``gcm_portal.workers.SimpleWorker``) with its scheduler, which
moves the deferred tasks now due to the queue, or ``manage.py db_worker --batch``.
Every task goes through Redis or the database table; nothing of the portal is mocked.

Without redis-server the RQ half is skipped, saying how to install it, unless
``GCM_TEST_REDIS=required`` (``.ci/run``): then it fails.
"""

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass

import pytest
import redis
from django.core.management import call_command
from django_rq import get_queue
from django_rq.workers import get_worker
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from gcm_portal import workers

INSTALL = "install it with `make apt PACKAGES=redis-server` (Debian: apt-get install redis-server)"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """The server's URL, e.g. redis://127.0.0.1:40123/0."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("GCM_TEST_REDIS") == "required":
            pytest.fail(f"redis-server is missing: {INSTALL}")
        pytest.skip(f"redis-server is missing, so the RQ backend is not tested: {INSTALL}")
    folder = tmp_path_factory.mktemp("redis")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder)]
        + ["--save", "", "--appendonly", "no", "--logfile", str(folder / "redis.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = (folder / "redis.log").read_text(errors="replace")
                    pytest.fail(f"redis-server did not start on port {port}:\n{log}")
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


@dataclass
class Backend:
    name: str  # "database" or "rq"
    redis_url: str = ""

    def work(self) -> None:
        """A worker in burst mode: runs the tasks waiting, and the deferred ones now due,
        until none is left, then stops."""
        if self.name == "rq":
            worker = get_worker("default", worker_class=workers.SimpleWorker)
            worker.work(burst=True, with_scheduler=True)
        else:
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    def waiting(self) -> int:
        """Tasks in the queue, and deferred ones, not yet run."""
        if self.name == "rq":
            queue = get_queue("default")
            return queue.count + queue.scheduled_job_registry.count
        return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()


@pytest.fixture(params=["database", "rq"])
def task_backend(request, settings, monkeypatch) -> Backend:
    """The test once on the database queue, once on RQ (a fresh Redis database)."""
    if request.param == "database":
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
        }
        # The worker drops a connection left inside a transaction (a long-running
        # process's care); the test's data lives in one, so it keeps it.
        monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
        return Backend("database")
    url = request.getfixturevalue("redis_server")
    redis.Redis.from_url(url).flushdb()
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 600}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    return Backend("rq", url)
