"""Asking for the national report's PDF, and rendering it in the background.

A report is asked for with a layout and a language. If the same report is
already being written, that job is the answer (a second click starts nothing);
if nothing changed since the last finished one (same HTML, so the same
fingerprint), its file is the answer at once. Otherwise a job is queued for
``manage.py db_worker``. The job's file is set only after the whole PDF is
written, so a half-written file is never served.

A job whose worker stopped (no news for ``REPORT_STALE_AFTER_MINUTES``) shows
as failed, with why, and can be asked for again. Pages only show it so
(``job_as_seen``): reads never write. The row itself is marked failed when
someone asks for a report again (``report_request``, a POST).
"""

import datetime
import functools
import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

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


def fingerprint(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def _stale_before():
    return timezone.now() - datetime.timedelta(minutes=settings.REPORT_STALE_AFTER_MINUTES)


def _is_stalled(job: ReportJob) -> bool:
    return job.status in PENDING and job.updated_at < _stale_before()


def job_as_seen(job: ReportJob) -> ReportJob:
    """The job as a page shows it: a stalled one as failed, with why.

    Only the instance in memory changes, never the row, so that a page (a GET)
    writes nothing; ``jobs_expire`` records it when a report is asked for.
    """
    if _is_stalled(job):
        job.status, job.error, job.finished_at = Status.FAILED, STALLED, job.updated_at
    stage = _known(job.stage, pdf.STAGES)
    job.stage_label = gettext(stage) if stage else job.stage  # type: ignore[attr-defined]
    # Why it failed, in the reader's words; an unforeseen error's own text (a
    # programmer's, in English) is shown apart, as details for the administrators.
    reason = _known(job.error, (STALLED,))
    job.reason = gettext(reason) if reason else ""  # type: ignore[attr-defined]
    job.detail = "" if reason else job.error  # type: ignore[attr-defined]
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
    """A job with no news for a while lost its worker: say so, so it can be asked again.
    ``jobs``: a review's or a cycle's (``review.report_jobs``)."""
    jobs.filter(status__in=PENDING, updated_at__lt=_stale_before()).update(
        status=Status.FAILED, error=STALLED, finished_at=timezone.now()
    )


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
        # One request at a time per review (or cycle): two clicks cannot queue two jobs.
        owner.select_for_update().get()
        same = jobs.filter(layout=fields["layout"], language=fields["language"])
        pending = same.filter(status__in=PENDING).first()
        if pending:
            return pending
        current = fingerprint(html())
        done = same.filter(status=Status.DONE, fingerprint=current).first()
        if done and done.file and done.file.storage.exists(done.file.name):
            return done
        job = ReportJob.objects.create(**fields, requested_by=user)
        audit.record(
            audit.Action.REPORT_REQUESTED,
            user,
            subject=subject,
            detail=f"{fields['layout']} {fields['language']}",
        )
        transaction.on_commit(lambda: tasks.render_report_task.enqueue(job.pk))
    return job


def _progress(job: ReportJob, percent: int, stage: str) -> None:
    """News of the job: the page that waits shows it, and it proves the worker alive."""
    job.progress, job.stage = percent, stage
    job.save(update_fields=["progress", "stage", "status", "updated_at"])


def report_render(job_id: int) -> ReportJob:
    """Write the job's PDF. Any failure is recorded on the job with its reason."""
    job = ReportJob.objects.select_related("review__cycle", "review__country", "cycle").get(
        pk=job_id
    )
    if job.status != Status.QUEUED:
        return job  # done, failed or taken by another worker
    job.status = Status.RUNNING
    progress = functools.partial(_progress, job)
    try:
        if job.review is not None:
            report = pdf.report_pdf(job.review, job.layout, job.language, progress=progress)
        elif job.cycle is not None:  # the regional synthesis
            report = pdf.synthesis_pdf(job.cycle, job.language, progress=progress)
        else:  # a check constraint forbids it
            raise ValueError("a report job belongs to a review or a cycle")
        # The file is complete before the job says so.
        job.file.save("report.pdf", ContentFile(report.content), save=False)
        job.fingerprint = fingerprint(report.html)
        job.pages = report.pages
        job.status, job.progress, job.stage = Status.DONE, 100, ""
    except Exception as error:  # the reason is shown to the coordinator
        logger.exception("report job %s failed", job.pk)
        job.status = Status.FAILED
        job.error = f"{type(error).__name__}: {error}"
    job.finished_at = timezone.now()
    job.save()
    return job
