"""The reminders that follow a review's deadline plan: which step each late
institution has reached today, and to whom it goes.

Each institution that has not answered goes through the steps of its due date:
a reminder ``remind_days_before`` it (BEFORE), on the day (ON),
``remind_days_after`` it (AFTER), to the alternate focal points
``escalate_alternate_after`` days overdue (ALTERNATE), and to the coordinators
``escalate_coordinator_after`` days overdue (COORDINATOR). Only the latest step
reached is due: when the schedule did not run for days, the institution gets that
one, not a burst of the ones it missed. A step already sent for the same due date,
or a later one, is never due again; moving the due date starts the steps again.

A read: ``services.due_reminders_send`` records and sends what this finds.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from reviews.models import FocalPoint, Input, InstitutionRequest, NationalReview, Reminder
from reviews.selectors.answered import requests_answered
from reviews.selectors.plan import request_due_on, review_plan

Step = Reminder.Step
# The scheduled steps, in the order they come.
STEP_ORDER = (Step.BEFORE, Step.ON, Step.AFTER, Step.ALTERNATE, Step.COORDINATOR)


def step_dates(review: NationalReview, due: datetime.date) -> dict[str, datetime.date]:
    """The day each step of one due date comes, with the review's settings."""
    day = datetime.timedelta(days=1)
    return {
        Step.BEFORE: due - review.remind_days_before * day,
        Step.ON: due,
        Step.AFTER: due + review.remind_days_after * day,
        Step.ALTERNATE: due + review.escalate_alternate_after * day,
        Step.COORDINATOR: due + review.escalate_coordinator_after * day,
    }


def step_reached(review: NationalReview, due: datetime.date, today: datetime.date) -> str | None:
    """The latest step whose day has come, or None before the first."""
    reached = None
    for step, day in step_dates(review, due).items():
        if day <= today:
            reached = step
    return reached


@dataclass
class Late:
    """One institution that has a step due today."""

    request: InstitutionRequest
    due_on: datetime.date
    step: str
    missing: list[Input]
    recipients: list  # users
    # The alternate step sent to the main focal points, there being no alternate.
    no_alternate: bool = False


@dataclass
class ReviewDue:
    """What one review's schedule has to send today."""

    review: NationalReview
    today: datetime.date
    # Steps BEFORE to ALTERNATE, one per institution, to its focal points.
    reminders: list[Late] = field(default_factory=list)
    # The institutions reaching the coordinators' step today.
    escalated: list[Late] = field(default_factory=list)
    # Every institution overdue today, for the coordinators' list: (late, days overdue).
    overdue: list[tuple[Late, int]] = field(default_factory=list)
    # Institutions with a step due but nobody (with an e-mail address) to write to.
    nobody: list[InstitutionRequest] = field(default_factory=list)


def reminders_due(review: NationalReview, *, today: datetime.date) -> ReviewDue:
    """The reminders of one review due today: a fixed number of queries, however
    many institutions it asked."""
    plan = review_plan(review)
    answered = requests_answered(review)
    requests = list(review.requests.select_related("institution").order_by("institution__name"))
    focal_points = defaultdict(list)
    for focal_point in (
        FocalPoint.objects.filter(
            institution__in=[r.institution_id for r in requests], user__is_active=True
        )
        .select_related("user__profile")
        .order_by("pk")
    ):
        focal_points[focal_point.institution_id].append(focal_point)
    rank: dict[str, int] = {step: number for number, step in enumerate(STEP_ORDER)}
    # The furthest step already sent for each institution and due date.
    sent: dict[tuple[int, datetime.date | None], int] = {}
    for institution_id, sent_step, due_on in (
        Reminder.objects.filter(review=review)
        .exclude(step=Step.MANUAL)
        .values_list("institution_id", "step", "due_on")
    ):
        key = (institution_id, due_on)
        sent[key] = max(sent.get(key, -1), rank[sent_step])
    result = ReviewDue(review=review, today=today)
    for request in requests:
        forms = answered[request.pk]
        if forms.answered or not forms.total:
            continue  # answered, or asked no form: nothing to remind of
        due = request_due_on(request, plan)
        reached = step_reached(review, due, today)
        already = sent.get((request.institution_id, due), -1)
        step = reached if reached is not None and rank[reached] > already else None
        people = focal_points[request.institution_id]
        mains = [fp.user for fp in people if fp.kind == FocalPoint.Kind.MAIN] or [
            fp.user for fp in people
        ]
        alternates = [fp.user for fp in people if fp.kind == FocalPoint.Kind.ALTERNATE]
        late = Late(
            request=request, due_on=due, step=step or "", missing=forms.missing, recipients=mains
        )
        if today > due:
            result.overdue.append((late, (today - due).days))
        if step is None:
            continue
        if step == Step.COORDINATOR:
            result.escalated.append(late)
            continue
        if step == Step.ALTERNATE and alternates:
            late.recipients = alternates
        elif step == Step.ALTERNATE:
            late.no_alternate = True
        if any(user.email for user in late.recipients):
            result.reminders.append(late)
        else:
            result.nobody.append(request)
    result.overdue.sort(key=lambda pair: (-pair[1], pair[0].request.institution.name))
    return result
