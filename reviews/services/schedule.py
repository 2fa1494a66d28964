"""The reminders that follow the deadline plan, sent by a schedule
(``manage.py send_due_reminders`` from cron, or ``tasks.send_due_reminders_task``).

Which reviews: those of an open cycle that collect inputs, consolidate them or
validate the draft (a review being prepared has asked nobody yet; a submitted
one is closed). Which institutions, and which step: ``selectors.reminders_due``
(only the latest step reached: a schedule that missed days sends no burst).

Never twice: each scheduled reminder is a ``Reminder`` row, unique per review,
institution, step and due date. A review's rows are written in one transaction
that first locks the review, so two runs at the same time take turns and the
second finds the first's rows; should one slip through anyway, the unique
constraint refuses its rows, the whole review's transaction is undone and it
sends nothing. E-mails go after the commit: a reminder recorded is sent at most
once (a mail server down at that moment loses it, it is never sent twice).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.models import NationalCoordinator, NationalReview, Reminder, ReviewCycle
from reviews.selectors.schedule import Late, ReviewDue, reminders_due
from reviews.selectors.units import cycle_groups, unit_title
from reviews.services import notifications

logger = logging.getLogger(__name__)

# The reviews whose institutions are chased: asked, and not submitted yet.
SCHEDULED_STATUSES = (
    NationalReview.Status.COLLECTING,
    NationalReview.Status.CONSOLIDATING,
    NationalReview.Status.VALIDATING,
)


@dataclass
class Summary:
    """What a run did."""

    reviews: int = 0
    reminders: int = 0  # Reminder rows recorded (one per institution and step)
    emails: int = 0  # messages sent (one per language of their readers)
    nobody: int = 0  # institutions with a step due but nobody to write to

    def __str__(self) -> str:
        return _("%(reviews)s, %(reminders)s, %(emails)s, %(nobody)s.") % {
            "reviews": ngettext("%(n)s review", "%(n)s reviews", self.reviews)
            % {"n": self.reviews},
            "reminders": ngettext(
                "%(n)s reminder recorded", "%(n)s reminders recorded", self.reminders
            )
            % {"n": self.reminders},
            "emails": ngettext("%(n)s e-mail sent", "%(n)s e-mails sent", self.emails)
            % {"n": self.emails},
            "nobody": ngettext(
                "%(n)s institution with nobody to write to",
                "%(n)s institutions with nobody to write to",
                self.nobody,
            )
            % {"n": self.nobody},
        }


def due_reminders_send(*, today=None) -> Summary:
    """Send every scheduled reminder due today (``today``: the local date unless
    told), review by review. Harmless when run twice, or twice at once."""
    today = today or timezone.localdate()
    summary = Summary()
    reviews = NationalReview.objects.filter(
        cycle__status=ReviewCycle.Status.OPEN, status__in=SCHEDULED_STATUSES
    ).order_by("pk")
    for review_id in list(reviews.values_list("pk", flat=True)):
        with transaction.atomic():
            # Two runs take turns on a review: the second reads the first's rows.
            review = (
                NationalReview.objects.select_for_update(of=("self",))
                .select_related("cycle", "country")
                .get(pk=review_id)
            )
            due = reminders_due(review, today=today)
            summary.nobody += len(due.nobody)
            recorded, emails = review_reminders_send(due=due)
        summary.reviews += 1
        summary.reminders += recorded
        summary.emails += emails
    return summary


def review_reminders_send(*, due: ReviewDue) -> tuple[int, int]:
    """Record the reminders ``selectors.reminders_due`` found and send them once
    committed; returns (rows recorded, messages). Rows another run recorded in the
    meantime refuse the whole lot: nothing is recorded or sent twice."""
    review = due.review
    rows = [
        Reminder(
            review=review,
            institution=late.request.institution,
            step=late.step,
            due_on=late.due_on,
            recipients=", ".join(user.email for user in late.recipients if user.email),
        )
        for late in due.reminders
    ]
    titles = _titles(review)
    messages = [m for late in due.reminders for m in _reminder_messages(due, late, titles)]
    if due.escalated:
        coordinators = [
            c.user
            for c in NationalCoordinator.objects.filter(review=review, user__is_active=True)
            .select_related("user__profile")
            .order_by("pk")
        ]
        emails = ", ".join(user.email for user in coordinators if user.email)
        if emails:
            rows += [
                Reminder(
                    review=review,
                    institution=late.request.institution,
                    step=Reminder.Step.COORDINATOR,
                    due_on=late.due_on,
                    recipients=emails,
                )
                for late in due.escalated
            ]
            messages += _coordinator_messages(due, coordinators, titles)
    if not rows:
        return 0, 0
    try:
        with transaction.atomic():
            Reminder.objects.bulk_create(rows)
    except IntegrityError:
        logger.warning("Reminders of review %s already recorded by another run", review.pk)
        return 0, 0
    # robust: a mail server that fails is logged, and the next reviews are still sent.
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False), robust=True)
    return len(rows), len(messages)


def _titles(review: NationalReview) -> Callable[[list], list[str]]:
    """Names the forms in the current language, reading the cycle's groups once per
    language."""
    groups: dict[str, dict] = {}

    def titles(inputs) -> list[str]:
        language = translation.get_language()
        if language not in groups and any(i.group_number for i in inputs):
            groups[language] = {g.number: g for g in cycle_groups(review.cycle)}
        return [unit_title(i, groups.get(language, {})) for i in inputs]

    return titles


def _reminder_messages(due: ReviewDue, late: Late, titles: Callable[[list], list[str]]) -> list:
    review = due.review
    login_url = notifications.site_url() + reverse("login")
    days_left = (late.due_on - due.today).days

    def compose() -> tuple[str, str]:
        # Worded by where the institution stands today, not by the step: a run that
        # missed the due day says "overdue", never "due today".
        context = {
            "review": review,
            "institution": late.request.institution,
            "step": late.step,
            "due_on": late.due_on,
            "days_left": days_left,
            "days_overdue": -days_left,
            "missing": titles(late.missing),
            "no_alternate": late.no_alternate,
            "login_url": login_url,
        }
        if late.step == Reminder.Step.ALTERNATE:
            subject = _("Overdue, to the alternate focal point: %(cycle)s")
        elif days_left > 0:
            subject = _("Due on %(date)s: %(cycle)s")
        elif days_left == 0:
            subject = _("Due today: %(cycle)s")
        else:
            subject = _("Overdue since %(date)s: %(cycle)s")
        subject %= {"cycle": review.cycle, "date": formats.date_format(late.due_on, "DATE_FORMAT")}
        return subject, render_to_string("reviews/email/due_reminder.txt", context)

    return notifications.messages_by_language(late.recipients, compose)


def _coordinator_messages(
    due: ReviewDue, coordinators: list, titles: Callable[[list], list[str]]
) -> list:
    review = due.review
    url = notifications.site_url() + reverse("reviews:plan", args=[review.pk])

    def compose() -> tuple[str, str]:
        context = {
            "review": review,
            "late": [
                {
                    "institution": late.request.institution,
                    "due_on": late.due_on,
                    "days_overdue": days,
                    "missing": titles(late.missing),
                }
                for late, days in due.overdue
            ],
            "plan_url": url,
        }
        subject = ngettext(
            "%(count)s institution late in the national review of %(country)s",
            "%(count)s institutions late in the national review of %(country)s",
            len(due.overdue),
        ) % {"count": len(due.overdue), "country": review.country}
        return subject, render_to_string("reviews/email/due_coordinator.txt", context)

    return notifications.messages_by_language(coordinators, compose)
