"""Retention (``manage.py prune_reports``): what it keeps of the report jobs, the files
it deletes through the storage, the dry run, and abandoned import previews."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from reviews.models import NationalReview, ReportJob
from reviews.services.retention import preview_storage, reports_prune
from reviews.spreadsheets.imports import PreviewExpired, pending_keep, pending_take
from tests.factories import NationalReviewFactory, ReportJobFactory, ReviewCycleFactory, country
from tests.s3 import media, s3_server  # noqa: F401 (fixtures)

Status = ReportJob.Status
NOW = timezone.now()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def job(review=None, *, days_ago: int, status=Status.DONE, layout="imrf", language="es", **more):
    """A report job asked for ``days_ago`` days ago, its PDF stored if it is done."""
    made = ReportJobFactory(review=review, layout=layout, language=language, status=status, **more)
    if status == Status.DONE:
        made.file.save("report.pdf", ContentFile(b"%PDF-1.7 a report"), save=False)
    when = NOW - datetime.timedelta(days=days_ago)
    finished = when if status in (Status.DONE, Status.FAILED) else None
    made.created_at, made.finished_at = when, finished
    made.save()
    ReportJob.objects.filter(pk=made.pk).update(created_at=when)
    return made


def remaining(*jobs) -> list[bool]:
    kept = set(ReportJob.objects.values_list("pk", flat=True))
    return [j.pk in kept for j in jobs]


@pytest.fixture
def draft(db):
    return NationalReviewFactory(cycle=ReviewCycleFactory(slug="retention"))


def test_a_draft_keeps_its_last_done_reports_of_each_layout_and_language(draft, settings):
    settings.REPORTS_KEPT_PER_DRAFT = 3
    spanish = [job(draft, days_ago=days) for days in (10, 9, 8, 7, 6)]  # oldest first
    english = job(draft, days_ago=30, language="en")
    regional = job(draft, days_ago=30, layout="regional")
    failed = job(draft, days_ago=5, status=Status.FAILED)

    summary = reports_prune()

    assert remaining(*spanish) == [False, False, True, True, True]
    # Alone in their layout or language: each is the last of its own.
    assert remaining(english, regional) == [True, True]
    assert remaining(failed) == [False]
    assert (summary.jobs, summary.files, summary.previews) == (3, 2, 0)
    with translation.override("en"):  # whatever language an earlier test left active
        assert str(summary) == "Deleted 3 report jobs, 2 PDF files and 0 import previews."


def test_the_files_of_deleted_jobs_leave_the_storage_and_the_others_stay(draft, settings):
    settings.REPORTS_KEPT_PER_DRAFT = 1
    old, new = job(draft, days_ago=9), job(draft, days_ago=8)
    old_file, new_file = old.file.name, new.file.name
    assert default_storage.exists(old_file)

    reports_prune()

    assert not default_storage.exists(old_file)
    assert default_storage.exists(new_file)


def test_a_submitted_review_keeps_its_final_reports_and_the_published_ones(draft):
    first, published, middle, final = (job(draft, days_ago=d) for d in (40, 30, 20, 10))
    english = job(draft, days_ago=35, language="en")
    NationalReview.objects.filter(pk=draft.pk).update(
        status=NationalReview.Status.SUBMITTED,
        published_at=NOW,
        published_reports={"imrf-es": published.pk},
    )

    reports_prune(keep=3)

    # Submitted: the last of each layout and language is its final report; drafts go.
    assert remaining(first, published, middle, final, english) == [False, True, False, True, True]


def test_jobs_waiting_or_being_written_are_never_deleted(draft):
    done = [job(draft, days_ago=d) for d in (9, 8)]
    queued = job(draft, days_ago=60, status=Status.QUEUED, language="fr")
    running = job(draft, days_ago=60, status=Status.RUNNING, layout="regional")

    reports_prune(keep=1)

    assert remaining(*done, queued, running) == [False, True, True, True]


def test_a_job_finished_within_a_day_is_kept_beyond_the_count(draft):
    older, recent, newest = (
        job(draft, days_ago=3),
        job(draft, days_ago=0),
        job(draft, days_ago=0),
    )
    failed_now = job(draft, days_ago=0, status=Status.FAILED)

    reports_prune(keep=1)

    assert remaining(older, recent, newest, failed_now) == [False, True, True, True]


def test_a_cycles_synthesis_keeps_its_last_reports_per_language(db):
    cycle = ReviewCycleFactory(slug="synthesis-retention")
    syntheses = [job(None, days_ago=d, layout="synthesis", cycle=cycle) for d in (12, 11, 10, 9)]
    other = NationalReviewFactory(
        cycle=ReviewCycleFactory(slug="other-retention"), country=country("MEX")
    )
    national = job(other, days_ago=12)

    reports_prune(keep=2)

    assert remaining(*syntheses, national) == [False, False, True, True, True]


def test_the_dry_run_lists_what_would_go_and_deletes_nothing(draft):
    jobs = [job(draft, days_ago=d) for d in (9, 8, 7)]
    files = [j.file.name for j in jobs]
    before = ReportJob.objects.count()
    out = StringIO()

    call_command("prune_reports", "--dry-run", "--keep", "1", stdout=out)

    assert ReportJob.objects.count() == before
    assert all(default_storage.exists(name) for name in files)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "Would delete 2 report jobs, 2 PDF files and 0 import previews."
    assert {f"report job {j.pk}" for j in jobs[:2]} == {line.split(" (")[0] for line in lines[:-1]}
    assert files[0] in out.getvalue() and files[2] not in out.getvalue()


def test_the_command_prints_one_summary_line(draft):
    job(draft, days_ago=9), job(draft, days_ago=8)
    out = StringIO()

    call_command("prune_reports", "--keep", "1", stdout=out)

    assert out.getvalue() == "Deleted 1 report job, 1 PDF file and 0 import previews.\n"


@pytest.mark.parametrize("keep", ["0", "-2", "three"])
def test_the_command_refuses_a_count_below_one(keep, draft):
    job(draft, days_ago=9)
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_reports", "--keep", keep)
    assert ReportJob.objects.count() == 1


def test_an_import_preview_abandoned_for_a_day_is_removed(db):
    abandoned = pending_keep("programmes.xlsx", b"a sheet nobody confirmed")
    storage, folder = preview_storage()
    path = f"{folder}/{abandoned['storage']}"
    assert storage.exists(path)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23)):
        assert reports_prune().previews == 0
    assert storage.exists(path)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        summary = reports_prune()

    assert summary.previews == 1
    assert summary.deleted == [f"import preview {abandoned['storage']}"]
    assert not storage.exists(path)
    with pytest.raises(PreviewExpired):
        pending_take(abandoned)


def test_a_preview_waiting_for_its_confirmation_stays(db):
    waiting = pending_keep("programmes.xlsx", b"a sheet being confirmed")
    assert reports_prune().previews == 0
    assert pending_take(waiting) == ("programmes.xlsx", b"a sheet being confirmed")


def test_a_dry_run_keeps_the_abandoned_previews(db):
    abandoned = pending_keep("institutions.xlsx", b"a sheet nobody confirmed")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert reports_prune(dry_run=True).previews == 1
    assert pending_take(abandoned)[1] == b"a sheet nobody confirmed"


def test_no_preview_folder_is_nothing_to_remove(db):
    assert reports_prune().previews == 0


def test_on_disk_and_in_the_bucket_the_pdfs_and_previews_leave_the_store(media, draft):  # noqa: F811
    """Seen from outside the portal (the folder, or the bucket read with boto3)."""
    old, new = job(draft, days_ago=9), job(draft, days_ago=8)
    preview = pending_keep("programmes.xlsx", b"a sheet nobody confirmed")
    preview_name = f"django-import-export/{preview['storage']}"
    assert {old.file.name, new.file.name, preview_name} <= media.names()

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        summary = reports_prune(keep=1)

    assert (summary.jobs, summary.files, summary.previews) == (1, 1, 1)
    assert media.names() == {new.file.name}
