"""Report jobs that survive their worker: claimed once, leased, retried, checked before offered."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reviews import services, tasks
from reviews.models import ReportJob
from reviews.rendering import pdf
from reviews.services import reports
from tests.factories import UserFactory
from tests.redis import redis_server, task_backend  # noqa: F401 (fixtures)
from tests.reviews.test_coordination import known  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

RUNNING, QUEUED, FAILED, DONE = (
    ReportJob.Status.RUNNING,
    ReportJob.Status.QUEUED,
    ReportJob.Status.FAILED,
    ReportJob.Status.DONE,
)


@pytest.fixture
def queued(known):  # noqa: F811
    ReportJob.objects.all().delete()
    return ReportJob.objects.create(review=known.review_a, layout="imrf", language="en")


def page_of(client, job) -> str:
    client.cookies["django_language"] = "en"
    return client.get(reverse("reviews:report_job", args=[job.review_id, job.pk])).content.decode()


def test_a_claimed_job_is_not_claimed_again(queued):
    first = services.report_claim(queued.pk)
    assert (first.status, first.attempts) == (RUNNING, 1)
    assert first.lease_until - timezone.now() <= datetime.timedelta(seconds=30)
    assert services.report_claim(queued.pk) is None
    # A second worker handed the same job renders nothing.
    again = services.report_render(queued.pk)
    assert (again.status, again.attempts, again.file.name) == (RUNNING, 1, "")


def test_a_worker_that_dies_is_retried_within_a_minute(
    queued, settings, tmp_path, as_role, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.report_claim(queued.pk)  # ... and its worker is killed
        clock.shift(datetime.timedelta(seconds=20))
        services.jobs_expire(ReportJob.objects.all())
        queued.refresh_from_db()
        assert queued.status == RUNNING  # its lease still runs
        clock.shift(datetime.timedelta(seconds=15))
        # A page shows it waiting again, and writes nothing.
        assert "Waiting for its turn" in page_of(as_role("coord_a"), queued)
        queued.refresh_from_db()
        assert queued.status == RUNNING
        # The next worker poll queues it again and sends it to a worker, which renders it.
        with django_capture_on_commit_callbacks(execute=True) as enqueued:
            services.report_watch(queued.pk, 1)
    assert len(enqueued) == 1
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.lease_until) == (DONE, 2, None)
    assert queued.pages > 5 and queued.file.storage.exists(queued.file.name)


def test_after_the_last_attempt_the_job_fails_with_why(
    queued, settings, as_role, django_capture_on_commit_callbacks
):
    settings.REPORT_ATTEMPTS = 3
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for attempt in (1, 2, 3):
            job = services.report_claim(queued.pk)
            assert (job.status, job.attempts) == (RUNNING, attempt)
            clock.shift(datetime.timedelta(seconds=31))
            with django_capture_on_commit_callbacks() as enqueued:
                services.jobs_expire(ReportJob.objects.all())
            queued.refresh_from_db()
            assert len(enqueued) == (1 if attempt < 3 else 0)
    assert (queued.status, queued.attempts) == (FAILED, 3)
    assert queued.error == "The report worker stopped before the report was finished."
    assert services.report_claim(queued.pk) is None
    html = page_of(as_role("coord_a"), queued)
    assert "The report worker stopped before the report was finished. It was tried 3 times." in html
    assert "Try again" in html


def test_a_worker_that_lost_its_job_writes_nothing_more(queued):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        slow = services.report_claim(queued.pk)
        clock.shift(datetime.timedelta(seconds=31))
        services.jobs_expire(ReportJob.objects.all())
        taken = services.report_claim(queued.pk)
        assert taken.attempts == 2
        # The first worker wakes up: its news is refused, so it stops.
        with pytest.raises(reports.LeaseLost):
            reports._progress(slow, 80, pdf.WRITING)
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.stage) == (RUNNING, 2, "")


def test_identical_requests_share_one_job(queued, known):  # noqa: F811
    queued.delete()
    user = UserFactory()
    first = services.report_request(review=known.review_a, layout="imrf", language="es", user=user)
    second = services.report_request(review=known.review_a, layout="imrf", language="es", user=user)
    assert first.pk == second.pk and ReportJob.objects.count() == 1
    # Keyed by the report's content.
    assert first.fingerprint == services.fingerprint(pdf.report_html(known.review_a, "imrf", "es"))
    other = services.report_request(review=known.review_a, layout="imrf", language="en", user=user)
    assert other.pk != first.pk
    # The database refuses a second pending job for the same report, too.
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJob.objects.create(review=known.review_a, layout="imrf", language="es")
    assert ReportJob.objects.count() == 2


def test_a_pdf_missing_a_section_or_pages_is_not_whole(known):  # noqa: F811
    report = pdf.report_pdf(known.review_a, "imrf", "en")
    assert pdf.incomplete(report) == []
    expected = pdf.sections(report.html)
    sections = {"National report of Guatemala", "1. Methodology", "Annex 1: executive summary"}
    assert sections <= set(expected)
    assert 5 < pdf.least_pages(report.html) <= report.pages
    lacking = pdf.RenderedReport(
        content=report.content, pages=report.pages, html=report.html + "<h2>Annex 9:\n lost</h2>"
    )
    assert pdf.incomplete(lacking) == [
        f"1 of {len(expected) + 1} section bookmarks missing: Annex 9: lost"
    ]
    short = pdf.RenderedReport(
        content=report.content,
        pages=report.pages,
        html=report.html + '<p class="new-page"></p>' * report.pages,
    )
    assert pdf.incomplete(short) == [
        f"{report.pages} pages where the layout makes at least {pdf.least_pages(short.html)}"
    ]
    cut = pdf.RenderedReport(
        content=report.content[: len(report.content) // 2], pages=report.pages, html=report.html
    )
    assert pdf.incomplete(cut)[0].startswith("the PDF cannot be read back")


def test_an_incomplete_pdf_fails_its_job_with_why(queued, as_role):
    ReportJob.objects.filter(pk=queued.pk).update(
        status=FAILED, error=f"{reports.INCOMPLETE}\n3 pages in the file, 9 laid out"
    )
    queued.refresh_from_db()
    html = page_of(as_role("coord_a"), queued)
    assert "The PDF came out incomplete, so it is not offered." in html
    assert "3 pages in the file, 9 laid out" in html  # the details, for the administrators
    download = reverse("reviews:report_download", args=[queued.review_id, queued.pk])
    assert as_role("coord_a").get(download).status_code == 404


def test_a_dead_workers_job_is_noticed_by_its_watch_and_rendered_by_another(
    queued,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    task_backend,  # noqa: F811
):
    """On each backend for many workers (the database queue, RQ on Redis), through
    its real queue and a real worker: the watch task deferred past the lease runs
    within a minute of the death, and the job is rendered by the next worker."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(timezone.now(), tick=False) as clock:
        # A worker claims the job and asks to be watched, as it starts rendering,
        # and is killed: nothing else is left of it.
        job = services.report_claim(queued.pk)
        reports._watch_later(job)
        assert task_backend.waiting() == 1  # the watch, deferred past the lease
        task_backend.work()
        queued.refresh_from_db()
        assert (queued.status, task_backend.waiting()) == (RUNNING, 1)  # not due yet
        clock.shift(datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS + 6))
        with django_capture_on_commit_callbacks(execute=True) as sent:
            task_backend.work()  # the watch runs: the job is queued again, and sent
        queued.refresh_from_db()
        assert (queued.status, queued.attempts, len(sent)) == (QUEUED, 1, 1)
        task_backend.work()  # the next worker renders it
        queued.refresh_from_db()
        assert (queued.status, queued.attempts, queued.lease_until) == (DONE, 2, None)
        assert queued.pages > 5 and queued.file.storage.exists(queued.file.name)
        # Its own watch finds it done later and does nothing more.
        clock.shift(datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS + 6))
        task_backend.work()
    assert task_backend.waiting() == 0
    assert ReportJob.objects.get().status == DONE


def test_a_job_sent_to_workers_twice_is_rendered_once(queued, task_backend, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    tasks.render_report_task.enqueue(queued.pk)
    tasks.render_report_task.enqueue(queued.pk)
    task_backend.work()
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (DONE, 1)
    assert len(list(tmp_path.rglob("*.pdf"))) == 1


@pytest.mark.parametrize("task_backend", ["rq"], indirect=True)
def test_an_idle_rq_worker_notices_a_dead_workers_job_without_the_scheduler(
    queued,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    task_backend,  # noqa: F811
):
    """The scheduler may have died with the worker: each wake-up of the portal's RQ
    worker (every 20 s when idle) looks at the leases itself."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.report_claim(queued.pk)  # ... and the worker is killed, its watch lost
        assert task_backend.waiting() == 0
        clock.shift(datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS + 1))
        with django_capture_on_commit_callbacks(execute=True) as sent:
            task_backend.work()  # nothing to run, but it wakes
        queued.refresh_from_db()
        assert (queued.status, len(sent), task_backend.waiting()) == (QUEUED, 1, 1)
        task_backend.work()
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (DONE, 2)
