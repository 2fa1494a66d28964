"""Asking for the national report's PDF, and rendering it in the background.

A report is asked for with a layout and a language. If the same report is
already being written, that job is the answer (a second click starts nothing);
if nothing changed since the last finished one (same HTML, so the same
fingerprint), its file is the answer at once. Otherwise a job is queued for
``manage.py db_worker``. The job's file is set only after the whole PDF is
written, so a half-written file is never served.

Workers hold a job with a lease (``lease_until``, ``REPORT_LEASE_SECONDS``): one
claims a queued job in one conditional UPDATE, so no two render it, and renews the
lease with each piece of news and from a heartbeat during a long stage. A lease
left to expire means the worker stopped: the next worker poll (``jobs_expire``,
run as each report job starts, by the watch task every lease, and when a report
is asked for) queues the job again, up to ``REPORT_ATTEMPTS`` claims, then fails it
with why. Pages only show it so (``job_as_seen``): reads never write.

Before a job is done its PDF is read back: a file with fewer pages than laid out,
or missing a section's bookmark, fails the job and is never offered.
"""

import contextlib
import datetime
import functools
import hashlib
import logging
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop, ngettext

from reviews import tasks
from reviews.models import NationalReview, ReportJob, ReviewCycle
from reviews.rendering import pdf
from reviews.services import audit

logger = logging.getLogger(__name__)


Status = ReportJob.Status
PENDING = (Status.QUEUED, Status.RUNNING)
# Stored untranslated, like the stages (``pdf.STAGES``): each page says them in its
# reader's language. (A translated text stored by one request was shown as it was to
# every other reader, whatever their language.)
STALLED = gettext_noop("The report worker stopped before the report was finished.")
# The first line of ``error``; the lines after it are details for the administrators.
INCOMPLETE = gettext_noop("The PDF came out incomplete, so it is not offered.")
REASONS = (STALLED, INCOMPLETE)


class LeaseLost(Exception):
    """The job is no longer this worker's: its lease expired and it was queued again."""


def fingerprint(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS)


def _lapsed(now) -> Q:
    """Running, and its worker's lease expired (a job from before leases: no news)."""
    return Q(status=Status.RUNNING) & (
        Q(lease_until__lt=now) | Q(lease_until__isnull=True, updated_at__lt=now - _lease())
    )


def _has_lapsed(job: ReportJob) -> bool:
    """``_lapsed`` for a job in memory."""
    now = timezone.now()
    held = job.lease_until or job.updated_at + _lease()
    return job.status == Status.RUNNING and held < now


def job_as_seen(job: ReportJob) -> ReportJob:
    """The job as a page shows it: one whose worker stopped as waiting again (it will
    be retried) or, after its last attempt, as failed, with why.

    Only the instance in memory changes, never the row, so that a page (a GET)
    writes nothing; ``jobs_expire`` records it.
    """
    if _has_lapsed(job):
        if job.attempts >= settings.REPORT_ATTEMPTS:
            job.status, job.error, job.finished_at = Status.FAILED, STALLED, job.updated_at
        else:
            job.status, job.stage, job.progress = Status.QUEUED, "", 0
    stage = _known(job.stage, pdf.STAGES)
    job.stage_label = gettext(stage) if stage else job.stage  # type: ignore[attr-defined]
    # Why it failed, in the reader's words; an unforeseen error's own text (a
    # programmer's, in English) is shown apart, as details for the administrators.
    head, _newline, rest = job.error.partition("\n")
    reason = _known(head, REASONS)
    job.reason = gettext(reason) if reason else ""  # type: ignore[attr-defined]
    if reason == STALLED and job.attempts > 1:
        job.reason += " " + ngettext(  # type: ignore[attr-defined]
            "It was tried %(count)d time.", "It was tried %(count)d times.", job.attempts
        ) % {"count": job.attempts}
    job.detail = rest if reason else job.error  # type: ignore[attr-defined]
    return job


def _known(text: str, msgids) -> str | None:
    """The untranslated message that ``text`` is, also when it was stored translated
    (as jobs were before): None for any other text."""
    for msgid in msgids if text else ():
        if text == msgid:
            return msgid
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                if text == gettext(msgid):
                    return msgid
    return None


def jobs_expire(jobs) -> None:
    """Jobs whose worker stopped (lease expired) are queued again and sent to a worker,
    or, after ``REPORT_ATTEMPTS`` claims, failed with why so they can be asked again.
    ``jobs``: a review's or a cycle's (``review.report_jobs``), or all."""
    now = timezone.now()
    limit = settings.REPORT_ATTEMPTS
    jobs.filter(_lapsed(now), attempts__gte=limit).update(
        status=Status.FAILED, error=STALLED, finished_at=now, lease_until=None, updated_at=now
    )
    for pk in jobs.filter(_lapsed(now), attempts__lt=limit).values_list("pk", flat=True):
        # The condition again: another sweeper, or the worker's renewal, may have come first.
        again = ReportJob.objects.filter(_lapsed(now), pk=pk).update(
            status=Status.QUEUED, lease_until=None, progress=0, stage="", updated_at=now
        )
        if again:
            logger.warning("report job %s lost its worker: queued again", pk)
            transaction.on_commit(functools.partial(tasks.render_report_task.enqueue, pk))


def report_request(*, review: NationalReview, layout: str, language: str, user) -> ReportJob:
    """The job that answers this request: one running, one already done, or a new one."""
    if layout not in ReportJob.NATIONAL_LAYOUTS or language not in dict(settings.LANGUAGES):
        raise ValueError("unknown layout or language")
    return _request(
        review.report_jobs,
        NationalReview.objects.filter(pk=review.pk),
        html=lambda: pdf.report_html(review, layout, language),
        fields={"review": review, "layout": layout, "language": language},
        user=user,
        subject=review,
    )


def synthesis_request(*, cycle: ReviewCycle, language: str, user) -> ReportJob:
    """The regional synthesis of a cycle, asked for as a national report is."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError("unknown language")
    layout = ReportJob.Layout.SYNTHESIS
    return _request(
        cycle.report_jobs,
        ReviewCycle.objects.filter(pk=cycle.pk),
        html=lambda: pdf.synthesis_html(cycle, language),
        fields={"cycle": cycle, "layout": layout, "language": language},
        user=user,
        subject=cycle,
    )


def _request(jobs, owner, *, html, fields: dict, user, subject) -> ReportJob:
    jobs_expire(jobs)
    with transaction.atomic():
        # One request at a time per review (or cycle): two clicks cannot queue two jobs,
        # and a constraint keeps one pending job per report.
        owner.select_for_update().get()
        same = jobs.filter(layout=fields["layout"], language=fields["language"])
        pending = same.filter(status__in=PENDING).first()
        if pending:
            return pending
        # The job is keyed by the report's content: unchanged, the done one answers.
        current = fingerprint(html())
        done = same.filter(status=Status.DONE, fingerprint=current).first()
        if done and done.file and done.file.storage.exists(done.file.name):
            return done
        job = ReportJob.objects.create(**fields, fingerprint=current, requested_by=user)
        audit.record(
            audit.Action.REPORT_REQUESTED,
            user,
            subject=subject,
            detail=f"{fields['layout']} {fields['language']}",
        )
        transaction.on_commit(lambda: tasks.render_report_task.enqueue(job.pk))
    return job


def report_claim(job_id: int) -> ReportJob | None:
    """The queued job, now this worker's (running, leased, one more attempt); None when
    another worker has it or it is finished. One conditional UPDATE: two workers
    asking at once cannot both get it."""
    now = timezone.now()
    claimed = ReportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        lease_until=now + _lease(),
        progress=0,
        stage="",
        error="",
        updated_at=now,
    )
    if not claimed:
        return None
    return ReportJob.objects.select_related("review__cycle", "review__country", "cycle").get(
        pk=job_id
    )


def _held(job: ReportJob):
    """The job's row while this worker (this attempt) holds it."""
    return ReportJob.objects.filter(pk=job.pk, status=Status.RUNNING, attempts=job.attempts)


def _renew(job: ReportJob, **news) -> None:
    now = timezone.now()
    if not _held(job).update(lease_until=now + _lease(), updated_at=now, **news):
        raise LeaseLost(job.pk)


def _progress(job: ReportJob, percent: int, stage: str) -> None:
    """News of the job: the page that waits shows it, and it renews the lease."""
    job.progress, job.stage = percent, stage
    _renew(job, progress=percent, stage=stage)


@contextlib.contextmanager
def _heartbeat(job: ReportJob):
    """Renews the lease every third of it while a long stage (the layout) runs."""
    if transaction.get_connection().in_atomic_block:
        # The thread's own connection could not see an uncommitted job; the news
        # between stages renews the lease (a test's render is short).
        yield
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.REPORT_LEASE_SECONDS / 3):
                try:
                    _renew(job)
                except LeaseLost:
                    return
                except DatabaseError:  # the next beat may get through
                    logger.warning("report job %s: could not renew its lease", job.pk)
        finally:
            connections.close_all()  # this thread's own

    thread = threading.Thread(target=beat, name=f"report-job-{job.pk}-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _watch_later(job: ReportJob) -> None:
    """Ask a worker to look at the job again just after its lease would expire (backends
    that cannot defer a task rely on the sweeps as each job starts)."""
    task = tasks.watch_report_task
    if task.get_backend().supports_defer:
        after = (job.lease_until or timezone.now()) + datetime.timedelta(seconds=5)
        task.using(run_after=after).enqueue(job.pk, job.attempts)


def report_watch(job_id: int, attempt: int) -> None:
    """A worker's poll: jobs whose worker stopped are queued again; while the job's
    ``attempt`` still runs, it is looked at again after its lease."""
    jobs_expire(ReportJob.objects.all())
    job = ReportJob.objects.filter(pk=job_id, status=Status.RUNNING, attempts=attempt).first()
    if job is not None and job.lease_until is not None:
        _watch_later(job)


def report_render(job_id: int) -> ReportJob:
    """Write the job's PDF and, once it is read back whole, offer it. Any failure is
    recorded on the job with its reason; a job another worker has is left alone."""
    jobs_expire(ReportJob.objects.all())  # this worker's poll notices stopped ones
    job = report_claim(job_id)
    if job is None:
        return ReportJob.objects.get(pk=job_id)  # done, failed or another worker's
    _watch_later(job)
    progress = functools.partial(_progress, job)
    try:
        with _heartbeat(job):
            if job.review is not None:
                report = pdf.report_pdf(job.review, job.layout, job.language, progress=progress)
            elif job.cycle is not None:  # the regional synthesis
                report = pdf.synthesis_pdf(job.cycle, job.language, progress=progress)
            else:  # a check constraint forbids it
                raise ValueError("a report job belongs to a review or a cycle")
        problems = pdf.incomplete(report)
        finished = timezone.now()
        done: dict[str, object]
        if problems:
            logger.error("report job %s: incomplete PDF: %s", job.pk, "; ".join(problems))
            done = {"status": Status.FAILED, "error": "\n".join([INCOMPLETE, *problems])}
        else:
            # The file is complete before the job says so.
            job.file.save("report.pdf", ContentFile(report.content), save=False)
            done = {
                "status": Status.DONE,
                "file": job.file.name,
                "fingerprint": fingerprint(report.html),
                "pages": report.pages,
                "progress": 100,
                "stage": "",
            }
        if not _held(job).update(
            **done, lease_until=None, finished_at=finished, updated_at=finished
        ):
            raise LeaseLost(job.pk)
    except LeaseLost:
        logger.warning("report job %s: taken over after its lease expired", job.pk)
        if job.file:
            job.file.delete(save=False)  # the worker that holds the job writes its own
    except Exception as error:  # the reason is shown to the coordinator
        logger.exception("report job %s failed", job.pk)
        now = timezone.now()
        _held(job).update(
            status=Status.FAILED,
            error=f"{type(error).__name__}: {error}",
            lease_until=None,
            finished_at=now,
            updated_at=now,
        )
    job.refresh_from_db()
    return job
