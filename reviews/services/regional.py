"""The regional level: the reviewer's synthesis texts, and publishing national reports.

A regional text is saved like a national text: every save names the version it
edited, a save against a newer version raises ``EditConflict`` and writes
nothing, and every version is kept (one per pause in typing). Its row is made by
its first save, so that reading the synthesis never writes.

A coordinator publishes a submitted review: its report becomes readable by
everyone on the public pages, with the PDFs made for it at that moment (their
jobs are kept, so no other file is ever offered). Unpublishing takes it
off at once; both are in the audit log. Reopening a review unpublishes it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reviews.models import NationalReview, RegionalText, ReportJob, ReviewCycle
from reviews.selectors.region import synthesis_slot
from reviews.services import audit, history
from reviews.services.inputs import EditConflict
from reviews.services.reports import report_request
from reviews.text import MAX_NOTE_CHARACTERS, check_length, clean_text


def regional_text_save(
    *, cycle: ReviewCycle, key: str, user, text: str, base_version: int, milestone: str = ""
) -> RegionalText:
    """Save a section of the synthesis edited from ``base_version`` (0: never saved)."""
    slot = synthesis_slot(cycle, key)
    if slot is None:
        raise ValidationError(_("The synthesis has no such section."))
    text = clean_text(text)
    check_length(text)
    try:
        with transaction.atomic():
            stored = RegionalText.objects.select_for_update().filter(cycle=cycle, key=key).first()
            if stored is None:
                if base_version != 0:
                    raise EditConflict(slot.text)
                if not text:
                    return slot.text
                stored = slot.text  # created by this save
            elif stored.version != base_version:
                raise EditConflict(stored)
            elif stored.text == text:
                return stored
            stored.text = text
            history.save_new_version(stored, user, milestone)
    except IntegrityError:
        # Two first saves at once: the other one made the row.
        raise EditConflict(RegionalText.objects.get(cycle=cycle, key=key)) from None
    return stored


def _public_pdfs(language: str) -> list[tuple[str, str]]:
    """The PDFs published with a report: both layouts, in the portal's default language
    and in the publisher's (its texts are the country's own: the other languages
    would change the headings only). Each is a render: a 250-page report takes minutes."""
    languages = dict.fromkeys([settings.LANGUAGE_CODE, language])
    return [(layout, code) for layout in ReportJob.NATIONAL_LAYOUTS for code in languages]


def public_pdf_key(layout: str, language: str) -> str:
    return f"{layout}-{language}"


def review_publish(*, review: NationalReview, user, language: str = "") -> list[ReportJob]:
    """Publish a submitted review's report; the PDFs not made yet are queued, in the
    default language and ``language`` (the publisher's, by default the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if review.status != NationalReview.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted review can be published."))
    jobs = [
        report_request(review=review, layout=layout, language=language, user=user)
        for layout, language in _public_pdfs(language)
    ]
    with transaction.atomic():
        locked = NationalReview.objects.select_for_update().get(pk=review.pk)
        if locked.status != NationalReview.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted review can be published."))
        # The jobs that answered (a file already made, or one being made now): only
        # their files are offered to the public.
        locked.published_reports = {
            public_pdf_key(job.layout, job.language): job.pk for job in jobs
        }
        was_published = locked.published_at is not None
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at", "published_reports"])
        if not was_published:
            audit.record(audit.Action.REVIEW_PUBLISHED, user, subject=review)
    review.published_at, review.published_reports = locked.published_at, locked.published_reports
    return jobs


@transaction.atomic
def review_unpublish(*, review: NationalReview, user, reason: str) -> None:
    """Take a report off the public pages, at once; logged with its reason (required)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why the report is taken off the public pages."))
    check_length(reason, limit=MAX_NOTE_CHARACTERS)
    changed = NationalReview.objects.filter(pk=review.pk, published_at__isnull=False).update(
        published_at=None, published_reports={}
    )
    if not changed:
        raise ValidationError(_("This report is not published."))
    review.published_at, review.published_reports = None, {}
    audit.record(audit.Action.REVIEW_UNPUBLISHED, user, subject=review, detail=reason)


def public_job(review: NationalReview, layout: str, language: str) -> ReportJob | None:
    """The PDF published with the report in this layout and language, once it is made."""
    if not review.is_published:
        return None
    job_id = review.published_reports.get(public_pdf_key(layout, language))
    if job_id is None:
        return None
    return (
        review.report_jobs.filter(pk=job_id, status=ReportJob.Status.DONE).exclude(file="").first()
    )
