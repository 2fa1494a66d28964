"""The reminders that follow the deadline plan, over a simulated six weeks: the
command runs every day (twice), the clock moved with time-machine."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from reviews import selectors, services
from reviews.models import FocalPoint, Input, InstitutionRequest, NationalReview, Profile, Reminder
from tests.factories import (
    FocalPointFactory,
    InstitutionFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ReviewCycleFactory,
    UserFactory,
    objective,
)

# The day the requests go out; the first inputs are due three weeks later.
START = datetime.date(2027, 3, 1)
DUE = 21
# With the default settings (7 days before, 3 after, alternate 7, coordinators 14):
BEFORE, ON, AFTER, ALTERNATE, COORDINATOR = DUE - 7, DUE, DUE + 3, DUE + 7, DUE + 14


def day(number: int) -> datetime.date:
    return START + datetime.timedelta(days=number)


def person(name: str, language: str = "en"):
    user = UserFactory(username=name)
    Profile.objects.create(user=user, language=language)
    return user


def asked(review, acronym: str, *people):
    """An institution asked about objective 1, with focal points (name, kind)."""
    institution = InstitutionFactory(acronym=acronym, name=f"Institución {acronym}")
    for name, kind in people:
        FocalPointFactory(institution=institution, user=person(name), kind=kind)
    return InstitutionRequestFactory(
        review=review, institution=institution, objectives=[objective(1)], mark_sent=True
    )


@pytest.fixture
def plan(db):
    """A review whose first inputs are due on day 21, asking four institutions:
    A (a main and an alternate focal point), B (a main one only), C (answers on
    day 22), D (its due date moved on day 25)."""
    cycle = ReviewCycleFactory(opens_on=day(-5), deadline=day(90))
    coordinator = person("coordinator")
    review = NationalReviewFactory(cycle=cycle, coordinator=coordinator, internal_deadline=day(DUE))
    requests = {
        "A": asked(review, "A", ("a_main", "main"), ("a_alternate", "alternate")),
        "B": asked(review, "B", ("b_main", "main")),
        "C": asked(review, "C", ("c_main", "main")),
        "D": asked(review, "D", ("d_main", "main")),
    }
    review.refresh_from_db()
    assert review.status == NationalReview.Status.COLLECTING
    return review, requests


def run(django_capture_on_commit_callbacks, when: datetime.date) -> list:
    """The command, as cron runs it on that day (the clock moved there); the
    e-mails it sent."""
    sent_before = len(mail.outbox)
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(6, 0)))
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_due_reminders", stdout=io.StringIO())
    return mail.outbox[sent_before:]


def answer(request) -> None:
    Input.objects.filter(request=request).update(status=Input.Status.SUBMITTED)


def test_six_weeks_of_reminders_each_step_once_on_its_day(plan, django_capture_on_commit_callbacks):
    review, requests = plan
    sent: dict[int, list] = {}
    for number in range(42):
        if number == 22:
            answer(requests["C"])  # C answers after the reminder of its due day
        if number == 25:
            services.due_dates_save(review=review, due={requests["D"].pk: day(30)})
        mails = run(django_capture_on_commit_callbacks, day(number))
        # A second run the same day sends nothing.
        assert run(django_capture_on_commit_callbacks, day(number)) == []
        if mails:
            sent[number] = sorted((sorted(m.to), m.subject) for m in mails)

    to = {number: [recipients for recipients, _subject in mails] for number, mails in sent.items()}
    assert to == {
        BEFORE: [
            ["a_main@example.org"],
            ["b_main@example.org"],
            ["c_main@example.org"],
            ["d_main@example.org"],
        ],
        ON: [
            ["a_main@example.org"],
            ["b_main@example.org"],
            ["c_main@example.org"],
            ["d_main@example.org"],
        ],
        # C answered: nothing more for it.
        AFTER: [["a_main@example.org"], ["b_main@example.org"], ["d_main@example.org"]],
        # D's due date moved to day 30: its steps start again (day 23's is reached at once).
        25: [["d_main@example.org"]],
        # A's alternate; B has none: its main focal point gets the escalation.
        ALTERNATE: [["a_alternate@example.org"], ["b_main@example.org"]],
        30: [["d_main@example.org"]],
        33: [["d_main@example.org"]],
        # The coordinators: one e-mail listing who is late.
        COORDINATOR: [["coordinator@example.org"]],
        37: [["d_main@example.org"]],
    }
    steps = {
        (r.institution.acronym, r.step, r.due_on, timezone.localtime(r.sent_at).date())
        for r in Reminder.objects.filter(review=review).select_related("institution")
    }
    expected = set()
    for acronym in "AB":
        for step, number in (("before", BEFORE), ("on", ON), ("after", AFTER)):
            expected.add((acronym, step, day(DUE), day(number)))
        expected.add((acronym, "alternate", day(DUE), day(ALTERNATE)))
        expected.add((acronym, "coordinator", day(DUE), day(COORDINATOR)))
    expected |= {("C", "before", day(DUE), day(BEFORE)), ("C", "on", day(DUE), day(ON))}
    expected |= {
        ("D", "before", day(DUE), day(BEFORE)),
        ("D", "on", day(DUE), day(ON)),
        ("D", "after", day(DUE), day(AFTER)),
        ("D", "before", day(30), day(25)),
        ("D", "on", day(30), day(30)),
        ("D", "after", day(30), day(33)),
        ("D", "alternate", day(30), day(37)),
    }
    assert steps == expected
    assert Reminder.objects.filter(review=review).count() == len(expected)

    # What the e-mails say: the due date, the forms missing, the escalation.
    before = next(m for m in mail.outbox if m.to == ["a_main@example.org"])
    assert "They are due on 22 March 2027: in 7 days." in before.body
    assert "Objective 1:" in before.body
    alternate = next(m for m in mail.outbox if m.to == ["a_alternate@example.org"])
    assert "as the alternate focal point of Institución A" in alternate.body
    no_alternate = [m for m in mail.outbox if m.to == ["b_main@example.org"]][-1]
    assert "has no alternate focal point" in no_alternate.body
    coordinators = next(m for m in mail.outbox if m.to == ["coordinator@example.org"])
    assert "Institución A (A): due on 22 March 2027, 14 days overdue" in coordinators.body
    assert "Institución B (B): due on 22 March 2027, 14 days overdue" in coordinators.body
    assert "Institución D (D): due on 31 March 2027, 5 days overdue" in coordinators.body
    assert "Institución C" not in coordinators.body
    assert "Forms missing: Objective 1:" in coordinators.body


def test_missed_days_send_only_the_latest_step(plan, django_capture_on_commit_callbacks):
    review, requests = plan
    assert run(django_capture_on_commit_callbacks, day(0)) == []
    # Cron was down from day 1 to day 28: A is 8 days overdue.
    mails = run(django_capture_on_commit_callbacks, day(29))
    steps = set(Reminder.objects.filter(review=review).values_list("step", flat=True))
    assert steps == {"alternate"}  # not before, on and after as well
    assert sorted(m.to for m in mails) == [
        ["a_alternate@example.org"],
        ["b_main@example.org"],
        ["c_main@example.org"],
        ["d_main@example.org"],
    ]
    for number in range(30, 42):
        mails = run(django_capture_on_commit_callbacks, day(number))
        assert [m.to for m in mails] == ([["coordinator@example.org"]] if number == 35 else [])
    assert Reminder.objects.filter(review=review, step="coordinator").count() == 4


def test_overlapping_runs_send_each_reminder_once(plan, django_capture_on_commit_callbacks):
    """Two runs that read the schedule before either wrote: the second one's rows
    are refused, and it sends nothing."""
    review, _requests = plan
    first = selectors.reminders_due(review, today=day(BEFORE))
    second = selectors.reminders_due(review, today=day(BEFORE))
    assert len(first.reminders) == len(second.reminders) == 4
    with django_capture_on_commit_callbacks(execute=True):
        assert services.review_reminders_send(due=first) == (4, 4)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.review_reminders_send(due=second) == (0, 0)
    assert len(mail.outbox) == 4
    assert Reminder.objects.filter(review=review).count() == 4


def test_an_answered_or_unscheduled_review_gets_nothing(plan, django_capture_on_commit_callbacks):
    review, requests = plan
    for request in requests.values():
        answer(request)
    assert run(django_capture_on_commit_callbacks, day(ON)) == []
    # A review still being prepared, or submitted, is not chased.
    Input.objects.filter(request__review=review).update(status=Input.Status.DRAFT)
    for status in (NationalReview.Status.PREPARING, NationalReview.Status.SUBMITTED):
        NationalReview.objects.filter(pk=review.pk).update(status=status)
        assert run(django_capture_on_commit_callbacks, day(ON)) == []
    assert not Reminder.objects.exists()


def test_manual_reminders_still_work_beside_the_schedule(
    plan, client, django_capture_on_commit_callbacks
):
    review, _requests = plan
    coordinator = review.coordinators.get().user
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:reminders", args=[review.pk]))
    assert set(Reminder.objects.values_list("step", "due_on")) == {("manual", None)}
    assert len(mail.outbox) == 4
    # The schedule's steps are not manual ones: the "before" reminders still go.
    assert len(run(django_capture_on_commit_callbacks, day(BEFORE))) == 4


def test_the_command_takes_a_day_and_prints_a_summary(plan, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_reminders", "--today", day(BEFORE).isoformat(), stdout=out)
    assert len(out.getvalue().strip().splitlines()) == 1
    assert Reminder.objects.filter(step="before").count() == 4
    assert len(mail.outbox) == 4
    with pytest.raises(CommandError):
        call_command("send_due_reminders", "--today", "14/03/2027")


def test_the_task_calls_the_same_service(plan, django_capture_on_commit_callbacks):
    from reviews.tasks import send_due_reminders_task

    moment = timezone.make_aware(datetime.datetime.combine(day(ON), datetime.time(6, 0)))
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_due_reminders_task.enqueue()
    assert Reminder.objects.filter(step="on").count() == 4


def test_each_reader_gets_their_language(plan, django_capture_on_commit_callbacks):
    review, requests = plan
    FocalPointFactory(
        institution=requests["A"].institution, user=person("a_second", "es"), kind="main"
    )
    mails = run(django_capture_on_commit_callbacks, day(BEFORE))
    to_a = sorted(
        m.to for m in mails if "a_main@example.org" in m.to or "a_second@example.org" in m.to
    )
    assert to_a == [["a_main@example.org"], ["a_second@example.org"]]
    # Each subject in its reader's language (the cycle's name too).
    for address, language in (("a_main@example.org", "en"), ("a_second@example.org", "es")):
        with translation.override(language):
            subject = _("Due on %(date)s: %(cycle)s") % {
                "date": formats.date_format(day(DUE), "DATE_FORMAT"),
                "cycle": review.cycle,
            }
        assert next(m for m in mails if m.to == [address]).subject == subject
    assert "Ciclo" in next(m for m in mails if m.to == ["a_second@example.org"]).subject
    # One row for the institution, naming both.
    row = Reminder.objects.get(institution=requests["A"].institution)
    assert row.recipients == "a_main@example.org, a_second@example.org"


def test_nobody_to_write_to_is_not_recorded(plan, django_capture_on_commit_callbacks):
    review, requests = plan
    FocalPoint.objects.filter(institution=requests["B"].institution).delete()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_reminders", "--today", day(BEFORE).isoformat(), stdout=out)
    assert not Reminder.objects.filter(institution=requests["B"].institution).exists()
    assert "1 institution with nobody to write to" in out.getvalue()


def test_thematic_areas_name_the_areas_missing(db, django_capture_on_commit_callbacks):
    """The 2020 shape: the questions asked once per thematic area."""
    cycle = ReviewCycleFactory(opens_on=day(-5), deadline=day(90), questionnaire="group")
    review = NationalReviewFactory(
        cycle=cycle, coordinator=person("coordinator"), internal_deadline=day(DUE)
    )
    request = asked(review, "A", ("a_main", "main"))
    mails = run(django_capture_on_commit_callbacks, day(ON))
    assert len(mails) == 1
    inputs = list(Input.objects.filter(request=request).select_related("objective"))
    assert any(i.group_number for i in inputs)
    with translation.override("en"):  # the reader's language
        groups = {g.number: g for g in selectors.cycle_groups(cycle)}
        for i in inputs:
            assert selectors.unit_title(i, groups) in mails[0].body


def test_queries_do_not_grow_with_the_institutions(
    db, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """A review of 33 institutions in the 2020 shape (thematic areas), every one due
    a reminder: a fixed number of queries (the review, its requests, forms, focal
    points and reminders, the areas' titles, the insert)."""
    cycle = ReviewCycleFactory(opens_on=day(-5), deadline=day(90), questionnaire="group")
    review = NationalReviewFactory(
        cycle=cycle, coordinator=person("coordinator"), internal_deadline=day(DUE)
    )
    for number in range(33):
        asked(review, f"N{number}", (f"n{number}_main", "main"), (f"n{number}_alt", "alternate"))
    with django_assert_max_num_queries(14):
        summary = services.due_reminders_send(today=day(BEFORE))
    assert summary.reminders == 33
    with django_assert_max_num_queries(16):
        summary = services.due_reminders_send(today=day(COORDINATOR))
    assert summary.reminders == 33


def test_a_run_that_missed_the_due_day_says_overdue(plan, django_capture_on_commit_callbacks):
    mails = run(django_capture_on_commit_callbacks, day(DUE + 1))
    assert set(Reminder.objects.values_list("step", flat=True)) == {"on"}
    body = next(m for m in mails if m.to == ["a_main@example.org"]).body
    assert "They were due on 22 March 2027: 1 day ago." in body
    assert "due today" not in body


def test_the_coordinators_list_does_not_stop_a_manual_reminder(
    plan, client, django_capture_on_commit_callbacks
):
    """The coordinators' "who is late" e-mail is recorded per late institution; a
    coordinator who then reminds them by hand must reach them (they were skipped as
    "reminded within the last day")."""
    review, _requests = plan
    run(django_capture_on_commit_callbacks, day(COORDINATOR))
    assert Reminder.objects.filter(step=Reminder.Step.COORDINATOR).count() == 4
    mail.outbox.clear()
    moment = timezone.make_aware(datetime.datetime.combine(day(COORDINATOR), datetime.time(9)))
    with time_machine.travel(moment, tick=False):
        client.force_login(review.coordinators.get().user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("reviews:reminders", args=[review.pk]))
    assert Reminder.objects.filter(step=Reminder.Step.MANUAL).count() == 4
    assert len(mail.outbox) == 4


def test_a_manual_reminder_names_the_institutions_own_due_date(
    plan, client, django_capture_on_commit_callbacks
):
    """It named the review's stored first-inputs date, empty until moved."""
    review, requests = plan
    own = day(DUE + 9)
    InstitutionRequest.objects.filter(pk=requests["A"].pk).update(due_on=own)
    client.force_login(review.coordinators.get().user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:reminders", args=[review.pk]))
    [to_a] = [m for m in mail.outbox if "a_main@example.org" in m.to]
    with translation.override("en"):  # a_main reads English
        assert formats.date_format(own, "DATE_FORMAT") in to_a.body
