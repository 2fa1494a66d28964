"""The RQ workers of the portal, with ``GCM_TASKS_BACKEND=rq`` (``RQ["WORKER_CLASS"]``,
run by ``manage.py rqworker``).

RQ's own worker, which also looks after the report jobs: each time it wakes, at
least every ``WAKE_SECONDS`` when idle (RQ's: about 7 minutes), it queues again
the jobs whose worker stopped (``jobs_expire``: their lease expired), as the
database queue's workers do as each job starts. It also looks then for a scheduler
to take over, should the worker that ran it have died (RQ's: every 10 minutes), so
that the deferred tasks (the report jobs' lease watch, the digests) run on time
again. So a worker that dies is noticed within the lease and ``WAKE_SECONDS``,
even when it took the scheduler with it.
"""

from django.db import connections
from rq import SimpleWorker as RQSimpleWorker
from rq import Worker as RQWorker

WAKE_SECONDS = 20


class _WatchesReportJobs:
    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()  # type: ignore[misc]
        from reviews.models import ReportJob
        from reviews.services.reports import jobs_expire

        jobs_expire(ReportJob.objects.all())


class Worker(_WatchesReportJobs, RQWorker):
    """Runs each task in a child process it forks (RQ's way)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("maintenance_interval", WAKE_SECONDS - 5)
        super().__init__(*args, **kwargs)

    @property
    def dequeue_timeout(self) -> int:
        return min(super().dequeue_timeout, WAKE_SECONDS)

    def run_maintenance_tasks(self) -> None:
        try:
            super().run_maintenance_tasks()
        finally:
            # The children forked for the tasks must not share this process's connection.
            connections.close_all()


class SimpleWorker(_WatchesReportJobs, RQSimpleWorker):
    """Runs the tasks in its own process: for the tests (they see the test's data)."""
