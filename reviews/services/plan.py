"""The coordinator moves the review's deadline plan, its reminder settings and the
institutions' own due dates. A refusal changes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from reviews.models import InstitutionRequest, NationalReview
from reviews.selectors.plan import STEPS, default_dates
from reviews.services.lifecycle import check_open

PLAN_FIELDS = [name for name, _label in STEPS]
REMINDER_FIELDS = [
    "remind_days_before",
    "remind_days_after",
    "escalate_alternate_after",
    "escalate_coordinator_after",
]


def _day(date: datetime.date) -> str:
    return formats.date_format(date, "DATE_FORMAT")


def plan_problems(
    review: NationalReview, dates: dict[str, datetime.date | None], reminders: dict[str, int]
) -> list[str]:
    """What is wrong with a plan, in plain words (empty: nothing)."""
    defaults = default_dates(review)
    effective = [(label, dates.get(name) or defaults[name]) for name, label in STEPS]
    problems = []
    for (previous, before), (label, date) in zip(effective, effective[1:], strict=False):
        if date < before:
            problems.append(
                _("“%(step)s” (%(date)s) cannot come before “%(previous)s” (%(before)s).")
                % {"step": label, "date": _day(date), "previous": previous, "before": _day(before)}
            )
    submission = effective[-1][1]
    if submission > review.cycle.deadline:
        problems.append(
            _(
                "The national submission (%(date)s) cannot come after the cycle's deadline, "
                "%(deadline)s."
            )
            % {"date": _day(submission), "deadline": _day(review.cycle.deadline)}
        )
    after, alternate = reminders["remind_days_after"], reminders["escalate_alternate_after"]
    coordinator = reminders["escalate_coordinator_after"]
    if alternate <= after:
        problems.append(
            _(
                "The alternate focal points are written to after the reminder that follows "
                "the due date: more than %(days)s days overdue."
            )
            % {"days": after}
        )
    if coordinator <= alternate:
        problems.append(
            _(
                "The coordinators are told after the alternate focal points: more than "
                "%(days)s days overdue."
            )
            % {"days": alternate}
        )
    return problems


@transaction.atomic
def plan_save(
    *, review: NationalReview, dates: dict[str, datetime.date | None], reminders: dict[str, int]
) -> None:
    """Store the plan's dates (a date equal to its computed default, or none, is kept
    as the default: it follows the cycle) and the reminder settings, or refuse them
    all with the reasons."""
    check_open(review)
    problems = plan_problems(review, dates, reminders)
    if problems:
        raise ValidationError(problems)
    defaults = default_dates(review)
    for name in PLAN_FIELDS:
        date = dates.get(name)
        setattr(review, name, date if date and date != defaults[name] else None)
    for name in REMINDER_FIELDS:
        setattr(review, name, reminders[name])
    review.save(update_fields=PLAN_FIELDS + REMINDER_FIELDS)


@transaction.atomic
def plan_reset(*, review: NationalReview) -> None:
    """Back to the computed dates (the reminder settings stay)."""
    check_open(review)
    for name in PLAN_FIELDS:
        setattr(review, name, None)
    review.save(update_fields=PLAN_FIELDS)


@transaction.atomic
def due_dates_save(*, review: NationalReview, due: dict[int, datetime.date | None]) -> int:
    """Each asked institution's own due date (by request pk; None: the plan's date).
    None may come after the cycle's deadline. Returns how many changed."""
    check_open(review)
    requests = list(review.requests.filter(pk__in=due).select_related("institution"))
    deadline = review.cycle.deadline
    late = [(r, date) for r in requests if (date := due[r.pk]) and date > deadline]
    if late:
        raise ValidationError(
            [
                _(
                    "%(institution)s: the due date (%(date)s) cannot come after the "
                    "cycle's deadline, %(deadline)s."
                )
                % {"institution": r.institution, "date": _day(date), "deadline": _day(deadline)}
                for r, date in late
            ]
        )
    changed = [r for r in requests if r.due_on != due[r.pk]]
    for request in changed:
        request.due_on = due[request.pk]
    InstitutionRequest.objects.bulk_update(changed, ["due_on"])
    return len(changed)
