"""The health check of a web node, for the load balancer: ``GET /health/``.

No sign-in, no session, no cookie: a probe every few seconds must stay cheap and
leave nothing behind. It answers JSON::

    {"database": "ok", "storage": "ok",
     "queue": {"oldest_waiting_seconds": 0, "waiting": 0}}

200 when every part answers, 503 otherwise, the part that failed saying
``"error"`` (why goes to the log, never to whoever asks). The queue's numbers
are news for monitoring, not a reason to take a web node out of the pool: a
slow worker does not make a web node unhealthy (only a queue that cannot be
read does, which is the database failing). It counts the report jobs waiting
for a worker, and its age is that of the longest wait among them and among the
tasks due in django-tasks' database queue (the digests, the reminders).
"""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count, Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from reviews.models import ReportJob

logger = logging.getLogger(__name__)

OK, ERROR = "ok", "error"
PROBE = b"gcm-portal health check"


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _storage() -> str:
    """Write, read back and delete a tiny object: a store that only answers
    ``exists`` could still refuse every upload. Each probe its own name, so that
    two nodes probing at once never read each other's."""
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(PROBE))
    try:
        with default_storage.open(name, "rb") as stored:
            if stored.read() != PROBE:
                raise OSError("the storage gave back other bytes than were written")
    finally:
        default_storage.delete(name)
    return OK


def _seconds_since(moment, now) -> int:
    return max(0, int((now - moment).total_seconds())) if moment else 0


def _queue() -> dict:
    now = timezone.now()
    jobs = ReportJob.objects.filter(status=ReportJob.Status.QUEUED).aggregate(
        waiting=Count("pk"), oldest=Min("created_at")
    )
    oldest = _seconds_since(jobs["oldest"], now)
    if isinstance(task_backends["default"], DatabaseBackend):
        # A task waits from when it was enqueued, or from when it was due if deferred.
        ready = DBTaskResult.objects.ready()
        undeferred = ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))
        deferred = ready.exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))
        for moment in (undeferred["at"], deferred["at"]):
            oldest = max(oldest, _seconds_since(moment, now))
    return {"oldest_waiting_seconds": oldest, "waiting": jobs["waiting"]}


def _check(part: str, probe):
    try:
        return probe()
    except Exception:  # any failure is the answer; its details go to the log only
        logger.exception("health check: %s failed", part)
        return ERROR


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    answer = {
        "database": _check("database", _database),
        "storage": _check("storage", _storage),
        "queue": _check("queue", _queue),
    }
    healthy = ERROR not in answer.values()
    return JsonResponse(answer, status=200 if healthy else 503)
