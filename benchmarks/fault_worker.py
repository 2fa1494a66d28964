"""The report worker killed in the middle of a render: no truncated PDF, a retry by itself.

Builds the Mexico-sized review with its national texts, asks for the IMRF
report, starts `manage.py db_worker`, and kills it (SIGKILL) while it lays the
pages out. Then checks that nothing is offered for download, and that another
worker, started at once, notices the expired lease (a 3-second lease here,
REPORT_LEASE_SECONDS) and renders the job again by itself, without anyone asking
again, into a complete PDF. Prints one JSON line.

    scripts/with-postgres .venv/bin/python benchmarks/fault_worker.py
"""

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["GCM_REAL_TASKS"] = "1"  # the database queue, as in production
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="gcm-fault-media-")  # shared with the worker
os.environ["REPORT_LEASE_SECONDS"] = str(LEASE_SECONDS := 3)  # read by the workers' settings
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.conf import settings  # noqa: E402
from mexico import ROOT, fresh_review  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from report import consolidate  # noqa: E402


def worker():
    return subprocess.Popen(  # noqa: S603 (our own worker)
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "db_worker", "--no-startup-delay"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gcm_portal.settings_test"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(job, condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        time.sleep(0.2)
    raise SystemExit(f"gave up waiting; the job is {job.status} ({job.stage})")


def main():
    from reviews import services
    from reviews.models import ReportJob

    media = Path(settings.MEDIA_ROOT)
    request, _focal, coordinator = fresh_review()
    review = request.review
    consolidate(review)

    job = services.report_request(review=review, layout="imrf", language="es", user=coordinator)
    process = worker()
    job = wait_for(job, lambda j: j.status == ReportJob.Status.RUNNING and j.progress >= 30)
    time.sleep(2)  # well into the layout
    killed_at = job.stage
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed = time.monotonic()
    job.refresh_from_db()
    after_kill = {"status": job.status, "attempts": job.attempts, "file": job.file.name or None}
    offered = job.status == ReportJob.Status.DONE and bool(job.file)

    process = worker()  # the other worker, idle until it notices
    try:
        job = wait_for(job, lambda j: j.attempts == 2)
        noticed = round(time.monotonic() - killed, 1)
        job = wait_for(job, lambda j: j.is_finished, seconds=300)
    finally:
        process.terminate()
        process.wait(timeout=30)
    pages = len(PdfReader(io.BytesIO((media / job.file.name).read_bytes())).pages)
    shutil.rmtree(media, ignore_errors=True)
    print(
        json.dumps(
            {
                "benchmark": "fault_worker",
                "lease_seconds": LEASE_SECONDS,
                "killed_during": killed_at,
                "after_the_kill": after_kill,
                "a_file_was_offered": offered,
                "retried_by_itself": {
                    "seconds_after_the_kill": noticed,
                    "status": job.status,
                    "attempts": job.attempts,
                    "pages": job.pages,
                    "pages_read_back": pages,
                    "reason": job.error,
                    "seconds": round(time.monotonic() - killed, 1),
                },
                "jobs": ReportJob.objects.filter(review=review).count(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
