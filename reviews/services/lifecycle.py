"""A review's state: it changes only through the portal's actions, never through a form.

The coordinator's work moves a review forward by itself: recording a request as
sent starts the collection of inputs, the first national text saved starts the
consolidation. Opening validation and submitting are the coordinator's explicit
acts (``consolidation``); only an administrator reopens a submitted review, and
says why (the audit log keeps it).

Every service that writes into a review calls ``check_open`` first, so a
submitted review refuses each write whatever page or request it comes from.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.models import NationalReview
from reviews.services import audit
from reviews.text import MAX_NOTE_CHARACTERS, check_length

Status = NationalReview.Status

# The states that follow one another by themselves, in their order.
FORWARD = [Status.PREPARING, Status.COLLECTING, Status.CONSOLIDATING]

MAX_REASON_CHARACTERS = MAX_NOTE_CHARACTERS


def check_open(review: NationalReview) -> None:
    """Refuse any change to a submitted review (ValidationError, said plainly)."""
    if review.is_locked:
        raise ValidationError(
            _(
                "This review was submitted: nothing in it can change any more. "
                "Only an administrator can reopen it, giving a reason."
            ),
            code="review_locked",
        )


def is_submitted(review_id: int) -> bool:
    """Whether the review is submitted now, as committed (not as read earlier)."""
    submitted = NationalReview.objects.filter(pk=review_id, status=NationalReview.Status.SUBMITTED)
    return submitted.exists()


def review_advance(*, review: NationalReview, to_status: str) -> bool:
    """Move the review forward to ``to_status`` if it has not gone that far yet.

    Only among preparing → collecting → consolidating; never back, and never
    out of validation or submission. The UPDATE is conditional, so two requests
    racing move it once."""
    if to_status not in FORWARD:
        raise ValueError(to_status)
    earlier = FORWARD[: FORWARD.index(Status(to_status))]
    moved = NationalReview.objects.filter(pk=review.pk, status__in=earlier).update(status=to_status)
    if moved:
        review.status = to_status
    return bool(moved)


@transaction.atomic
def review_reopen(*, review: NationalReview, user, reason: str) -> None:
    """An administrator reopens a submitted review, for its coordinators to change
    and submit it again; the reason is required and goes to the audit log."""
    reason = " ".join((reason or "").split())
    if not (user.is_active and user.is_superuser):
        raise ValidationError(_("Only an administrator can reopen a submitted review."))
    if not reason:
        raise ValidationError(_("Say why the review is reopened."))
    check_length(reason, limit=MAX_REASON_CHARACTERS)
    published = (
        NationalReview.objects.filter(pk=review.pk).values_list("published_at", flat=True).first()
    )
    # A reopened review is no longer the report that was published: it comes off the
    # public pages until its coordinators publish it again.
    moved = NationalReview.objects.filter(pk=review.pk, status=Status.SUBMITTED).update(
        status=Status.CONSOLIDATING, published_at=None, published_reports={}
    )
    if not moved:
        raise ValidationError(_("Only a submitted review can be reopened."))
    review.status, review.published_at, review.published_reports = Status.CONSOLIDATING, None, {}
    audit.record(audit.Action.REVIEW_REOPENED, user, subject=review, detail=reason)
    if published:
        audit.record(audit.Action.REVIEW_UNPUBLISHED, user, subject=review, detail=reason)
