"""A person's dates, for their calendar page and their calendar feed (.ics).

What a person sees follows their roles at the moment of asking, so a calendar
program that fetches the feed again drops the events of a role the person lost
(a focal point replaced, a coordinator removed) and shows moved dates:

- a focal point (main or alternate), for each request to their institution in
  a review of an open cycle that is not submitted yet: the institution's due
  date, the end of the validation round and the national submission;
- a coordinator, for each of their reviews in an open cycle: every step of the
  deadline plan, the cycle's deadline and its forum's date;
- a regional reviewer: the deadline and the forum's date of each open cycle
  they review.

Each event has a UID that stays the same when its date moves, so calendar
programs replace it instead of adding a second one; an event two roles share
(a cycle's deadline for a coordinator who also reviews the region) is listed once.
Texts are in the language active when this is called (the feed activates the
person's). Four queries, whatever the number of institutions and reviews.
"""

import datetime
from dataclasses import dataclass

import icalendar
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.models import InstitutionRequest, NationalReview, ReviewCycle
from reviews.selectors.plan import STEPS, request_due_on, review_plan

# The domain part of every UID: the events of this portal, whatever its host name.
UID_DOMAIN = "gcm-portal"
# How often calendar programs are asked to fetch the feed again.
REFRESH = datetime.timedelta(hours=12)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    date: datetime.date
    summary: str  # what happens and in which review, for the calendar's grid
    what: str  # what happens, for the page's table
    context: str  # the review or cycle it belongs to, for the page's table
    description: str
    path: str  # the page concerned


def _uid(kind: str, pk: int, what: str) -> str:
    return f"{kind}-{pk}-{what}@{UID_DOMAIN}"


def _open_requests(user):
    """The requests to the institutions the person answers for, in reviews still under way."""
    return (
        InstitutionRequest.objects.filter(
            institution__focal_points__user=user,
            review__cycle__status=ReviewCycle.Status.OPEN,
        )
        .exclude(review__status=NationalReview.Status.SUBMITTED)
        .select_related("institution", "review__cycle", "review__country")
        .distinct()
        .order_by("pk")
    )


def _review_name(review: NationalReview) -> str:
    return f"{review.country.name} · {review.cycle.name}"


def _focal_point_events(user) -> list[CalendarEvent]:
    events = []
    for request in _open_requests(user):
        review, institution = request.review, request.institution
        plan = review_plan(review)
        path = institution.get_absolute_url()
        context = _review_name(review)
        events.append(
            CalendarEvent(
                uid=_uid("request", request.pk, "due"),
                date=request_due_on(request, plan),
                summary=_("Inputs due: %(institution)s · %(cycle)s")
                % {"institution": institution, "cycle": review.cycle.name},
                what=_("Inputs due: %(institution)s") % {"institution": institution},
                context=context,
                description=_(
                    "The date by which %(institution)s sends its inputs to the national "
                    "review of %(review)s."
                )
                % {"institution": institution, "review": context},
                path=path,
            )
        )
        for field in ("plan_validation_until", "plan_submission"):
            events.append(_step_event(review, field, plan.date(field), path))
    return events


def _step_event(
    review: NationalReview, field: str, date: datetime.date, path: str
) -> CalendarEvent:
    """A step of a review's deadline plan; its UID names the review, not the person's role."""
    label = str(dict(STEPS)[field])
    context = _review_name(review)
    return CalendarEvent(
        uid=_uid("review", review.pk, field),
        date=date,
        summary=f"{label}: {context}",
        what=label,
        context=context,
        description=_("A step of the deadline plan of the national review of %(review)s.")
        % {"review": context},
        path=path,
    )


def _cycle_events(cycle: ReviewCycle, path: str) -> list[CalendarEvent]:
    """The cycle's submission deadline, and its forum where it has one."""
    name = cycle.name
    events = [
        CalendarEvent(
            uid=_uid("cycle", cycle.pk, "deadline"),
            date=cycle.deadline,
            summary=_("Submission deadline: %(cycle)s") % {"cycle": name},
            what=_("Submission deadline of the cycle"),
            context=name,
            description=_("The deadline for the national reviews of %(cycle)s.") % {"cycle": name},
            path=path,
        )
    ]
    if cycle.forum_date:
        events.append(
            CalendarEvent(
                uid=_uid("cycle", cycle.pk, "forum"),
                date=cycle.forum_date,
                summary=_("Forum: %(cycle)s") % {"cycle": name},
                what=_("Forum of the cycle"),
                context=name,
                description=_("The date of the forum of %(cycle)s.") % {"cycle": name},
                path=path,
            )
        )
    return events


def _coordinator_events(user) -> list[CalendarEvent]:
    events = []
    reviews = (
        NationalReview.objects.filter(
            coordinators__user=user, cycle__status=ReviewCycle.Status.OPEN
        )
        .select_related("cycle", "country")
        .order_by("pk")
    )
    for review in reviews:
        path = reverse("reviews:plan", args=[review.pk])
        events += [
            _step_event(review, step.field, step.date, path) for step in review_plan(review).steps
        ]
        events += _cycle_events(review.cycle, path)
    return events


def _reviewer_events(user) -> list[CalendarEvent]:
    cycles = ReviewCycle.objects.filter(
        reviewers__user=user, status=ReviewCycle.Status.OPEN
    ).order_by("pk")
    return [
        event
        for cycle in cycles
        for event in _cycle_events(cycle, reverse("reviews:region", args=[cycle.pk]))
    ]


def calendar_events(user) -> list[CalendarEvent]:
    """Every date of the person's roles, by date, each event once."""
    events: dict[str, CalendarEvent] = {}
    for event in _coordinator_events(user) + _focal_point_events(user) + _reviewer_events(user):
        events.setdefault(event.uid, event)
    return sorted(events.values(), key=lambda event: (event.date, event.summary))


def calendar_ics(*, user, name: str, site: str) -> bytes:
    """The person's calendar feed (RFC 5545): one all-day event per date. ``name`` is
    the calendar's name; ``site`` the portal's address (scheme and host), for the
    events' links. Dates are written as iCalendar dates, never localised."""
    now = timezone.now()
    calendar = icalendar.Calendar.new(
        name=name,
        prodid="-//GCM Review Portal//Calendar//EN",
        uid=_uid("calendar", user.pk, "dates"),
        method="PUBLISH",
        calscale="GREGORIAN",
    )
    # RFC 7986's refresh interval, and the older name Outlook reads.
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    for event in calendar_events(user):
        calendar.add_component(
            icalendar.Event.new(
                uid=event.uid,
                stamp=now,
                start=event.date,
                end=event.date + datetime.timedelta(days=1),
                summary=event.summary,
                description=f"{event.description}\n{site}{event.path}",
                url=f"{site}{event.path}",
                transparency=icalendar.TRANSP.TRANSPARENT,  # a date, not a busy day
            )
        )
    return calendar.to_ical()
