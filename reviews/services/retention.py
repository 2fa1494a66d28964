"""Retention: old report jobs and their files, and import previews nobody confirmed.

Run once a day by ``manage.py prune_reports`` (cron) or ``tasks.prune_reports_task``.
Harmless when run twice, or twice at once: a job already gone is skipped.

What is kept of the report jobs:

- every job still waiting or being written (queued, running), whatever its age;
- every job named in a review's ``published_reports`` (the public's PDFs);
- of a submitted review, its final report in each layout and language: the last
  one done. (A submitted review cannot change, so a report made after the
  submission is newer than any made before it; the model records no submission
  time to tell them apart, and the last one is the closest to final either way.)
- of a review not submitted (a draft), and of a cycle's regional synthesis, the
  last ``REPORTS_KEPT_PER_DRAFT`` done in each layout and language;
- every job finished less than a day ago: its page may still be open.

Everything else (older done jobs, failed ones) goes with its PDF, deleted through
the storage the file was written with (``job.file.delete()``), never from the disk.

An import preview waits in django-import-export's media storage between the
upload and the confirmation (``spreadsheets.imports.pending_keep``), named only in
the uploader's session; a preview still there a day later belongs to an import
that was abandoned (a session ends after two hours without a request).
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.tmp_storages import MediaStorage

from reviews.models import NationalReview, ReportJob

logger = logging.getLogger(__name__)

Status = ReportJob.Status
FINISHED = (Status.DONE, Status.FAILED)
# A job finished this recently is kept whatever else holds: its page may be open.
GRACE = datetime.timedelta(days=1)
# A preview nobody confirmed in this long was abandoned.
PREVIEW_MAX_AGE = datetime.timedelta(days=1)


@dataclass
class Summary:
    """What a run deleted (or, in a dry run, would delete)."""

    dry_run: bool = False
    jobs: int = 0
    files: int = 0
    previews: int = 0
    # One line per thing deleted, for the dry run's listing and the logs.
    deleted: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        counts = {
            "jobs": ngettext("%(n)s report job", "%(n)s report jobs", self.jobs) % {"n": self.jobs},
            "files": ngettext("%(n)s PDF file", "%(n)s PDF files", self.files) % {"n": self.files},
            "previews": ngettext("%(n)s import preview", "%(n)s import previews", self.previews)
            % {"n": self.previews},
        }
        if self.dry_run:
            return _("Would delete %(jobs)s, %(files)s and %(previews)s.") % counts
        return _("Deleted %(jobs)s, %(files)s and %(previews)s.") % counts


def reports_prune(*, keep: int | None = None, dry_run: bool = False, now=None) -> Summary:
    """Delete the report jobs retention does not keep (see the module), their PDFs,
    and the import previews abandoned for a day. ``keep``: the done reports kept of
    each draft's layout and language (default ``settings.REPORTS_KEPT_PER_DRAFT``);
    ``dry_run``: delete nothing, say what would go."""
    keep = settings.REPORTS_KEPT_PER_DRAFT if keep is None else keep
    if keep < 1:
        raise ValueError("keep at least one report of each draft")
    now = now or timezone.now()
    summary = Summary(dry_run=dry_run)
    for job in _jobs_not_kept(keep=keep, now=now):
        if dry_run or _job_delete(job.pk):
            summary.jobs += 1
            summary.files += bool(job.file)
            summary.deleted.append(
                f"report job {job.pk} ({job.layout} {job.language} {job.status}) "
                f"{job.file.name or '-'}"
            )
    for name in _previews_abandoned(now=now):
        if not dry_run:
            MediaStorage(name=name, read_mode="rb").remove()
        summary.previews += 1
        summary.deleted.append(f"import preview {name}")
    if not dry_run:
        logger.info("%s", summary)
    return summary


def _jobs_not_kept(*, keep: int, now) -> list[ReportJob]:
    """The finished jobs retention lets go, newest first. Two queries, whatever the count."""
    reviews = {
        review.pk: review
        for review in NationalReview.objects.filter(
            pk__in=ReportJob.objects.filter(review__isnull=False).values("review_id")
        ).only("pk", "status", "published_reports")
    }
    published = {
        job_id
        for review in reviews.values()
        for job_id in (review.published_reports or {}).values()
    }
    done_seen: Counter = Counter()
    let_go = []
    jobs = (
        ReportJob.objects.filter(status__in=FINISHED)
        .only(
            "review_id",
            "cycle_id",
            "layout",
            "language",
            "status",
            "file",
            "created_at",
            "finished_at",
        )
        .order_by("-created_at", "-pk")
    )
    for job in jobs:
        kept = job.pk in published or (job.finished_at or job.created_at) > now - GRACE
        if job.status == Status.DONE:
            group = (job.review_id, job.cycle_id, job.layout, job.language)
            done_seen[group] += 1
            review = reviews.get(job.review_id) if job.review_id else None
            submitted = review is not None and review.status == NationalReview.Status.SUBMITTED
            kept = kept or done_seen[group] <= (1 if submitted else keep)
        if not kept:
            let_go.append(job)
    return let_go


def _job_delete(job_id: int) -> bool:
    """Delete one finished job and its file, the row locked meanwhile: a job taken up
    again since it was listed (a retry) is left alone. The file goes first; if the
    storage refuses, the row stays and the next run tries again."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id, status__in=FINISHED).first()
        if job is None:
            return False
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return True


def preview_storage() -> tuple[Storage, str]:
    """The storage and folder where import previews wait: django-import-export's
    ``MediaStorage`` (its own ``import_export`` storage if one is configured, else
    the default), as ``spreadsheets.imports.pending_keep`` writes them."""
    name = "import_export" if "import_export" in storages.backends else "default"
    return storages[name], MediaStorage().MEDIA_FOLDER


def _previews_abandoned(*, now) -> list[str]:
    """The names (as ``MediaStorage`` names them) of previews older than a day."""
    storage, folder = preview_storage()
    try:
        _folders, names = storage.listdir(folder)
    except FileNotFoundError:  # no preview was ever kept on this storage
        return []
    return sorted(
        name
        for name in names
        if storage.get_modified_time(f"{folder}/{name}") < now - PREVIEW_MAX_AGE
    )
