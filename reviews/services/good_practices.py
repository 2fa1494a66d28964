"""A programme (or policy, or tool) proposed as a good practice to the UN Network's
repository: its draft saved as it stands, proposed only once it meets every
criterion of the Hub's checklist, withdrawn back to a draft.

Proposing does not change the programme, so it stays possible after the
institution's form was sent; only a submitted review refuses it (``check_open``).
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.models import GoodPractice, Programme
from reviews.selectors.good_practices import (
    PRACTICE_FIELDS,
    PRINCIPLE_COUNT,
    good_practice_problems,
)
from reviews.services.lifecycle import check_open
from reviews.text import clean_text


def _locked_practice(programme: Programme) -> GoodPractice:
    practice = GoodPractice.objects.select_for_update().filter(programme=programme).first()
    return practice or GoodPractice(programme=programme)


def _refuse_if_proposed(practice: GoodPractice) -> None:
    if practice.status == GoodPractice.Status.PROPOSED:
        raise ValidationError(
            _("It was already proposed: withdraw the proposal to change it."),
            code="proposed",
        )


@transaction.atomic
def good_practice_save(
    *, programme: Programme, values: Mapping, user, propose: bool = False
) -> GoodPractice:
    """Save the practice's fields (``values``: those of ``PRACTICE_FIELDS`` and
    ``principles``, {"1": text, …}); with ``propose``, propose it too, but only if it
    meets the Hub's checklist. A refusal (ValidationError by the box where each
    criterion is met) saves nothing: the draft stays as it was before."""
    check_open(programme.request.review)
    practice = _locked_practice(programme)
    _refuse_if_proposed(practice)
    for name in PRACTICE_FIELDS:
        value = values.get(name) or ""
        setattr(practice, name, value.strip() if name.startswith("focal_point") else value)
    texts = values.get("principles") or {}
    practice.principles = {
        str(number): clean_text(texts.get(str(number)) or "").strip()
        for number in range(1, PRINCIPLE_COUNT + 1)
        if (texts.get(str(number)) or "").strip()
    }
    if propose:
        if problems := good_practice_problems(practice):
            raise ValidationError(problems)
        practice.status = GoodPractice.Status.PROPOSED
        practice.proposed_at = timezone.now()
        practice.proposed_by = user
    # The principles were tidied above; an empty {} is what a new draft holds.
    practice.full_clean(exclude=["programme", "principles"])
    practice.save()
    return practice


@transaction.atomic
def good_practice_withdraw(*, practice: GoodPractice, user) -> GoodPractice:
    """A proposed practice back to a draft, to change it (its focal points or the
    review's coordinators, whoever proposed it)."""
    check_open(practice.programme.request.review)
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != GoodPractice.Status.PROPOSED:
        raise ValidationError(_("It was not proposed: there is nothing to withdraw."))
    practice.status = GoodPractice.Status.DRAFT
    practice.proposed_at = None
    practice.proposed_by = None
    practice.save()
    return practice
