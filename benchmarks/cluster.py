"""Beyond one machine: two web nodes and two report workers over one PostgreSQL and
one object store, one worker killed in the middle of a render.

Starts an S3-compatible store (``moto_server`` on the loopback address, one
bucket) and two gunicorn nodes on two loopback ports, every process with the
same environment (DATABASE_URL, GCM_S3_BUCKET/ENDPOINT_URL/keys). Then:

1. USERS focal points (by default 200, load.py's people), alternately on one
   node and the other, autosave and open their pages for DURATION seconds;
   afterwards the stored text of every answer must be the last save the
   server acknowledged (a lost write otherwise).
2. Ten distinct reports are asked for (the load review in both layouts and
   four languages, and a second, smaller review in both layouts, Spanish):
   one ``manage.py db_worker`` renders them, timed until all ten are done.
   The jobs and their files are then removed and the same ten asked for again,
   rendered by two workers; then once more by two workers, one of them killed
   (SIGKILL) while both are in the middle of a render (a job running with
   progress > 0). Each round is timed until all ten are finished; the killed
   worker's job is queued again by the other worker when its lease
   (REPORT_LEASE_SECONDS, 10 s here) lapses, and rendered by it.

The reviews are smaller than Mexico's of benchmarks/mexico.py (20
institutions, general questions only, national texts of about 600 words per
section) so that both rounds fit in a few minutes on two cores.

"Rendered twice": a report two workers both rendered. Counted as the PDF
objects written to the bucket in a round beyond one per done job (a second
render's file), plus the renders a worker finished or continued after losing
its job ("taken over" in the workers' logs: the lease had passed to another),
plus done jobs of the same report and fingerprint beyond the first. A job
whose worker was killed and that another worker then rendered is "retried"
(attempts > 1), not rendered twice: the first render never finished.

    scripts/with-postgres .venv/bin/python benchmarks/cluster.py [--users 200] [--duration 45]

Prints one JSON line. Targets (issue 19): 0 5xx, 0 lost writes, 10 reports
done, 0 rendered twice.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = HERE.parent / ".venv" / "bin"
LEASE_SECONDS = 10
BUCKET = "gcm-cluster"
KEYS = {"AWS_ACCESS_KEY_ID": "test-only-key", "AWS_SECRET_ACCESS_KEY": "test-only-secret"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_store():
    """moto in server mode in its own process (not a thread of this busy one)."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (moto's own server, loopback only)
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    raise SystemExit("moto_server did not start")


# Every process (this one, both nodes, the workers) gets the same environment:
# it must be set before Django is set up, which importing load.py does.
STORE, ENDPOINT = start_store()
os.environ.update(
    GCM_S3_BUCKET=BUCKET,
    GCM_S3_ENDPOINT_URL=ENDPOINT,
    GCM_S3_REGION="us-east-1",
    GCM_REAL_TASKS="1",  # the database queue, as in production
    REPORT_LEASE_SECONDS=str(LEASE_SECONDS),
    MEDIA_ROOT=tempfile.mkdtemp(prefix="gcm-cluster-media-"),  # nothing may land there
    **KEYS,
)
sys.path.insert(0, str(HERE))

import boto3  # noqa: E402
from load import (  # noqa: E402
    ROOT,
    FocalPoint,
    figures,
    fresh_people,
    start_portal,
    warm_up,
)
from mexico import text  # noqa: E402

LAYOUTS = ("imrf", "regional")


def bucket():
    client = boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1", **{
        "aws_access_key_id": KEYS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": KEYS["AWS_SECRET_ACCESS_KEY"],
    })  # fmt: skip
    return client


def report_objects(client) -> list[str]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix="reports/")
    return [item["Key"] for item in listed.get("Contents", [])]


def run_load(ports, people, duration):
    """load.py's focal points, alternately on each node."""
    results: list[tuple] = []
    until = time.monotonic() + duration
    threads = [
        FocalPoint(ports[n % len(ports)], person, until, results, n)
        for n, person in enumerate(people)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
        time.sleep(2.0 / len(threads))  # people arrive over two seconds
    for thread in threads:
        thread.join()
    return threads, results, time.monotonic() - started


def report_setup(load_review):
    """Ten distinct reports: (review, layout, language)."""
    from objectives.models import Country
    from reviews import services
    from reviews.models import NationalReview, NationalText

    rng = random.Random(19)  # noqa: S311 (repeatable data, not secrets)
    second = NationalReview.objects.create(
        cycle=load_review.cycle, country=Country.objects.get(iso3="GTM")
    )
    for review in (load_review, second):
        services.review_texts_create(review=review)
        for pk in NationalText.objects.filter(review=review).values_list("pk", flat=True):
            NationalText.objects.filter(pk=pk).update(text=text(rng, 600))
    return [
        *((load_review, layout, lang) for layout in LAYOUTS for lang in ("es", "en", "fr", "pt")),
        *((second, layout, "es") for layout in LAYOUTS),
    ]


def worker(log):
    return subprocess.Popen(  # noqa: S603 (our own worker)
        [str(BIN / "python"), "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gcm_portal.settings_test"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def jobs():
    from reviews.models import ReportJob

    return ReportJob.objects.all()


def round_of_reports(reports, user, client, workers: int, kill: bool, limit: float = 300):
    """Ask for the reports, render them with ``workers`` workers (one killed mid-render
    if ``kill``); the round's figures."""
    from django.db.models import Count

    from reviews import services
    from reviews.models import ReportJob

    logs = [tempfile.TemporaryFile() for _ in range(workers)]  # noqa: SIM115 (closed below)
    processes = [worker(log) for log in logs]
    time.sleep(3)  # the workers load Django before the clock starts
    started = time.monotonic()
    for review, layout, language in reports:
        services.report_request(review=review, layout=layout, language=language, user=user)
    killed_during = None
    deadline = started + limit
    try:
        while time.monotonic() < deadline:
            running = jobs().filter(status=ReportJob.Status.RUNNING, progress__gt=0)
            if kill and killed_during is None and running.count() >= 2:
                processes[0].send_signal(signal.SIGKILL)
                processes[0].wait()
                killed_during = sorted(running.values_list("stage", flat=True))
            if not jobs().filter(status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]):
                break
            time.sleep(0.2)
        seconds = round(time.monotonic() - started, 1)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=60)
    said = b""
    for log in logs:
        log.seek(0)
        said += log.read()
        log.close()
    done = jobs().filter(status=ReportJob.Status.DONE)
    same_report = (
        done.values("review", "layout", "language", "fingerprint")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    objects = report_objects(client)
    result = {
        "workers": workers,
        "seconds": seconds,
        "done": done.count(),
        "failed": jobs().filter(status=ReportJob.Status.FAILED).count(),
        "unfinished": jobs().exclude(status__in=[ReportJob.Status.DONE, "failed"]).count(),
        "pages": sum(done.values_list("pages", flat=True)),
        "pdf_objects": len(objects),
        "rendered_twice": max(0, len(objects) - done.count())
        + said.count(b"taken over after its lease expired")
        + sum(row["n"] - 1 for row in same_report),
        "retried": jobs().filter(attempts__gt=1).count(),
        "files_in_the_bucket": all(
            name in set(objects) for name in done.values_list("file", flat=True)
        ),
    }
    if kill:
        result["killed_during"] = killed_during
        result["queued_again_by_the_other_worker"] = said.count(b"lost its worker: queued again")
    return result


def reset(client):
    """The first round's jobs and files gone: the second renders the same ten again."""
    jobs().delete()
    for name in report_objects(client):
        client.delete_object(Bucket=BUCKET, Key=name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=float, default=45)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes per node")
    parser.add_argument("--threads", type=int, default=4, help="threads per process")
    args = parser.parse_args()
    if not 1 <= args.users <= 1000 or not 1 <= args.duration <= 600:
        raise SystemExit("--users 1..1000 and --duration 1..600 seconds")
    from django.contrib.auth import get_user_model

    from reviews.models import Answer

    client = bucket()
    nodes = []
    try:
        client.create_bucket(Bucket=BUCKET)
        people = fresh_people(args.users)
        nodes = [start_portal(args.workers, args.threads) for _ in range(2)]
        ports = [port for _server, port in nodes]
        for port in ports:
            warm_up(port, people, args.workers * args.threads)
        threads, results, elapsed = run_load(ports, people, args.duration)
        load = figures(threads, results, elapsed)
        for server, _port in nodes:
            server.terminate()
            server.wait(timeout=30)
        nodes = []

        review = Answer.objects.get(pk=people[0]["answer"].pk).input.request.review
        reports = report_setup(review)
        user = get_user_model().objects.create_user("coord", "coord@example.org", "x")
        one = round_of_reports(reports, user, client, workers=1, kill=False)
        reset(client)
        both = round_of_reports(reports, user, client, workers=2, kill=False)
        reset(client)
        two = round_of_reports(reports, user, client, workers=2, kill=True)
        media_left = [p.name for p in Path(os.environ["MEDIA_ROOT"]).rglob("*") if p.is_file()]
    finally:
        for server, _port in nodes:
            server.terminate()
            server.wait(timeout=30)
        STORE.terminate()
        STORE.wait(timeout=30)
        shutil.rmtree(os.environ["MEDIA_ROOT"], ignore_errors=True)
    print(
        json.dumps(
            {
                "benchmark": "cluster",
                "nodes": f"2 x gunicorn {args.workers} workers x {args.threads} threads",
                "storage": "S3 (moto_server)",
                "users": load["users"],
                "seconds": load["seconds"],
                "requests": load["requests"],
                "statuses": load["statuses"],
                "errors_5xx": load["errors_5xx"],
                "failed_connections": load["failed_connections"],
                "autosave": load["autosave"],
                "lost_writes": load["lost_writes"],
                "reports": len(reports),
                "reports_done": two["done"],
                "rendered_twice": sum(r["rendered_twice"] for r in (one, both, two)),
                "retried": two["retried"],
                "seconds_one_worker": one["seconds"],
                "seconds_two_workers": both["seconds"],
                "seconds_two_workers_one_killed": two["seconds"],
                "one_worker": one,
                "two_workers": both,
                "two_workers_one_killed": two,
                "files_on_the_local_disk": len(media_left),
                "lease_seconds": LEASE_SECONDS,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
