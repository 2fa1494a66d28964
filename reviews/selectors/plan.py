"""A review's deadline plan: its steps' dates, as the coordinator set them or as
computed back from the cycle's deadline (and the forum's date, where the cycle
has one), and each institution's due date."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.models import InstitutionRequest, NationalReview, Reminder
from reviews.selectors.answered import requests_answered

# The steps of a plan, in order: the review's field, and its name for people.
STEPS = (
    ("plan_requests_out", _("Requests sent to the institutions")),
    ("internal_deadline", _("First inputs due")),
    ("plan_review_until", _("Coordinator's review of the inputs")),
    ("plan_validation_until", _("Validation round with the institutions")),
    ("plan_submission", _("National submission")),
)

# Days each step takes by default, counted back from the submission: four weeks
# to answer, two for the coordinator's review, two of validation, three to submit.
DEFAULT_DAYS = {
    "plan_requests_out": 28,
    "internal_deadline": 14,
    "plan_review_until": 14,
    "plan_validation_until": 3,
}
# With a forum, the national submission comes this long before it.
BEFORE_FORUM = datetime.timedelta(days=28)


@dataclass(frozen=True)
class Step:
    field: str
    label: str
    date: datetime.date
    moved: bool  # set by the coordinator, not the computed default


@dataclass(frozen=True)
class Plan:
    review: NationalReview
    steps: tuple[Step, ...]

    def date(self, field: str) -> datetime.date:
        return next(step.date for step in self.steps if step.field == field)

    @property
    def inputs_due(self) -> datetime.date:
        return self.date("internal_deadline")

    @property
    def submission(self) -> datetime.date:
        return self.date("plan_submission")


def default_dates(review: NationalReview) -> dict[str, datetime.date]:
    """The plan computed back from the cycle's deadline (or four weeks before its
    forum, when that is earlier), squeezed in proportion when the review opened
    too late for the default lengths."""
    cycle = review.cycle
    submission = cycle.deadline
    if cycle.forum_date:
        submission = min(submission, cycle.forum_date - BEFORE_FORUM)
    start = max(cycle.opens_on, timezone.localtime(review.created_at).date())
    start = min(start, submission)
    total = sum(DEFAULT_DAYS.values())
    available = (submission - start).days
    scale = min(1.0, available / total)
    dates: dict[str, datetime.date] = {"plan_submission": submission}
    day = submission
    for field, _label in reversed(STEPS[:-1]):
        day -= datetime.timedelta(days=round(DEFAULT_DAYS[field] * scale))
        dates[field] = max(day, start)
    return dates


def review_plan(review: NationalReview) -> Plan:
    """The review's plan: each step's date as moved by the coordinator, or its default."""
    defaults = default_dates(review)
    steps = []
    for field, label in STEPS:
        stored = getattr(review, field)
        steps.append(
            Step(field=field, label=str(label), date=stored or defaults[field], moved=bool(stored))
        )
    return Plan(review=review, steps=tuple(steps))


def request_due_on(request: InstitutionRequest, plan: Plan) -> datetime.date:
    """When an institution's inputs are due: its own date, or the plan's."""
    return request.due_on or plan.inputs_due


@dataclass(frozen=True)
class Due:
    """Where an institution stands against its due date, today."""

    on: datetime.date
    answered: bool
    today: datetime.date

    @property
    def days_left(self) -> int:
        return (self.on - self.today).days

    @property
    def days_overdue(self) -> int:
        return (self.today - self.on).days

    @property
    def overdue(self) -> bool:
        """Past its due date (today is after it) without having answered."""
        return not self.answered and self.today > self.on

    @property
    def state(self) -> str:
        if self.answered:
            return "answered"
        return "overdue" if self.overdue else "due"


def request_due(
    request: InstitutionRequest, plan: Plan, *, answered: bool, today: datetime.date | None = None
) -> Due:
    """The request's due date and whether it is overdue (``answered``: as
    ``requests_answered`` says)."""
    return Due(
        on=request_due_on(request, plan),
        answered=answered,
        today=today or timezone.localdate(),
    )


def requests_due(review: NationalReview, *, today: datetime.date | None = None) -> list[dict]:
    """Every institution the review asked, by name: its request, its due date and
    state (``due``), the forms it was asked and sent (``forms``), and the reminders
    sent to it, latest first. Four queries, however many institutions."""
    today = today or timezone.localdate()
    plan = review_plan(review)
    answered = requests_answered(review)
    reminders: dict[int, list[Reminder]] = {}
    for reminder in review.reminders.order_by("-sent_at", "-pk"):
        reminders.setdefault(reminder.institution_id, []).append(reminder)
    return [
        {
            "request": request,
            "institution": request.institution,
            "due": request_due(request, plan, answered=answered[request.pk].answered, today=today),
            "forms": answered[request.pk],
            "reminders": reminders.get(request.institution_id, []),
        }
        for request in review.requests.select_related("institution").order_by("institution__name")
    ]
