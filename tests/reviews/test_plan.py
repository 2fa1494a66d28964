"""The deadline plan page: dates computed from the cycle or moved, the reminder
settings, refusals that save nothing, each institution's due date and overdue
state (on the plan, the progress page and the focal point's home)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reviews import selectors
from reviews.models import Input, InstitutionRequest, NationalReview
from tests.factories import (
    FocalPointFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ReviewCycleFactory,
    UserFactory,
    days_from_today,
    objective,
)

DAY = datetime.timedelta(days=1)
PLAN_FIELDS = [
    "plan_requests_out",
    "internal_deadline",
    "plan_review_until",
    "plan_validation_until",
    "plan_submission",
]
SETTINGS = {
    "remind_days_before": 7,
    "remind_days_after": 3,
    "escalate_alternate_after": 7,
    "escalate_coordinator_after": 14,
}


@pytest.fixture
def review(db):
    """A review of a cycle ending in 100 days: time for the default lengths."""
    cycle = ReviewCycleFactory(opens_on=days_from_today(-1), deadline=days_from_today(100))
    return NationalReviewFactory(cycle=cycle)


@pytest.fixture
def coordinator(client, review):
    client.force_login(review.coordinators.get().user)
    client.cookies["django_language"] = "en"
    return client


def stored(review) -> dict:
    fields = PLAN_FIELDS + list(SETTINGS)
    return NationalReview.objects.values(*fields).get(pk=review.pk)


def form_data(review, **changes) -> dict:
    plan = selectors.review_plan(review)
    data = {step.field: step.date.isoformat() for step in plan.steps}
    data.update(SETTINGS)
    data.update(changes)
    return data


def test_the_defaults_count_back_from_the_cycle_deadline(review, coordinator):
    deadline = review.cycle.deadline
    plan = selectors.review_plan(review)
    assert [(step.field, step.date, step.moved) for step in plan.steps] == [
        ("plan_requests_out", deadline - 59 * DAY, False),
        ("internal_deadline", deadline - 31 * DAY, False),
        ("plan_review_until", deadline - 17 * DAY, False),
        ("plan_validation_until", deadline - 3 * DAY, False),
        ("plan_submission", deadline, False),
    ]
    page = coordinator.get(reverse("reviews:plan", args=[review.pk])).content.decode()
    assert f'value="{(deadline - 31 * DAY).isoformat()}"' in page
    assert page.count("Computed") == 5
    assert "Moved" not in page


def test_a_forum_ends_the_plan_four_weeks_before_it(review, coordinator):
    cycle = review.cycle
    cycle.forum_date = cycle.deadline + 10 * DAY
    cycle.save()
    review.refresh_from_db()
    plan = selectors.review_plan(review)
    assert plan.submission == cycle.forum_date - 28 * DAY
    assert plan.inputs_due == plan.submission - 31 * DAY
    page = coordinator.get(reverse("reviews:plan", args=[review.pk])).content.decode()
    assert "The forum:" in page
    assert f'value="{plan.submission.isoformat()}"' in page


def test_moving_dates_and_settings(review, coordinator):
    plan = selectors.review_plan(review)
    moved = plan.inputs_due + 2 * DAY
    response = coordinator.post(
        reverse("reviews:plan", args=[review.pk]),
        form_data(
            review,
            internal_deadline=moved.isoformat(),
            remind_days_before=5,
            escalate_coordinator_after=21,
        ),
        follow=True,
    )
    assert "The plan was saved." in response.content.decode()
    row = stored(review)
    # Only what moved is stored: the other dates still follow the cycle.
    assert row["internal_deadline"] == moved
    assert [row[name] for name in PLAN_FIELDS if name != "internal_deadline"] == [None] * 4
    assert (row["remind_days_before"], row["escalate_coordinator_after"]) == (5, 21)
    page = response.content.decode()
    assert page.count("Moved") == 1

    coordinator.post(reverse("reviews:plan_reset", args=[review.pk]))
    assert [stored(review)[name] for name in PLAN_FIELDS] == [None] * 5
    assert stored(review)["remind_days_before"] == 5  # the settings stay


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"plan_review_until": "internal_deadline"},
            "“Coordinator&#x27;s review of the inputs”",
        ),
        ({"plan_submission": "after_deadline"}, "cannot come after the cycle&#x27;s deadline"),
        ({"escalate_alternate_after": 3}, "The alternate focal points are written to after"),
        ({"escalate_coordinator_after": 7}, "The coordinators are told after the alternate"),
        ({"remind_days_before": 0}, "greater than or equal to 1"),
        ({"internal_deadline": "14/13/2026"}, "Enter a valid date"),
    ],
)
def test_a_refused_plan_says_why_and_saves_nothing(review, coordinator, changes, message):
    plan = selectors.review_plan(review)
    values = {
        "internal_deadline": (plan.inputs_due - DAY).isoformat(),  # before its step
        "after_deadline": (review.cycle.deadline + DAY).isoformat(),
    }
    data = form_data(review, internal_deadline=(plan.inputs_due + DAY).isoformat())
    data.update({name: values.get(value, value) for name, value in changes.items()})
    before = stored(review)
    response = coordinator.post(reverse("reviews:plan", args=[review.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved:" in page
    assert message in page
    assert stored(review) == before


def test_each_institution_has_its_due_date(review, coordinator):
    first = InstitutionRequestFactory(review=review, objectives=[objective(1)])
    second = InstitutionRequestFactory(review=review, objectives=[objective(2)])
    url = reverse("reviews:plan_due", args=[review.pk])
    own = selectors.review_plan(review).inputs_due + 5 * DAY
    response = coordinator.post(
        url, {f"due_{first.pk}": own.isoformat(), f"due_{second.pk}": ""}, follow=True
    )
    assert "1 due date saved." in response.content.decode()
    first.refresh_from_db()
    assert first.due_on == own
    plan = selectors.review_plan(review)
    assert selectors.request_due_on(second, plan) == plan.inputs_due

    # After the cycle's deadline: refused, with the institution named; nothing saved.
    late = (review.cycle.deadline + DAY).isoformat()
    response = coordinator.post(url, {f"due_{first.pk}": "", f"due_{second.pk}": late})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved:" in page
    assert f"{second.institution}: the due date" in page
    assert list(
        InstitutionRequest.objects.filter(review=review)
        .order_by("pk")
        .values_list("due_on", flat=True)
    ) == [own, None]


def test_overdue_shows_on_the_plan_the_progress_and_the_focal_points_home(review, client):
    late = InstitutionRequestFactory(review=review, objectives=[objective(1)], mark_sent=True)
    done = InstitutionRequestFactory(review=review, objectives=[objective(2)], mark_sent=True)
    InstitutionRequest.objects.filter(pk__in=[late.pk, done.pk]).update(
        due_on=timezone.localdate() - 3 * DAY
    )
    Input.objects.filter(request=done).update(status=Input.Status.SUBMITTED)
    focal_point = FocalPointFactory(institution=late.institution)
    client.cookies["django_language"] = "en"

    client.force_login(review.coordinators.get().user)
    plan_page = client.get(reverse("reviews:plan", args=[review.pk])).content.decode()
    assert plan_page.count("Overdue by 3 days") == 1
    assert "1 institution overdue" in plan_page
    assert "Answered" in plan_page
    progress = client.get(reverse("reviews:progress", args=[review.pk])).content.decode()
    assert progress.count("Overdue by 3 days") == 1

    client.force_login(focal_point.user)
    home = client.get(reverse("reviews:institution", args=[late.institution.pk])).content.decode()
    assert "Overdue by 3 days" in home

    # Answered: no longer overdue anywhere.
    Input.objects.filter(request=late).update(status=Input.Status.SUBMITTED)
    home = client.get(reverse("reviews:institution", args=[late.institution.pk])).content.decode()
    assert "Overdue" not in home
    assert "Answered" in home


def test_due_in_days_before_the_date(review, coordinator):
    request = InstitutionRequestFactory(review=review, objectives=[objective(1)])
    InstitutionRequest.objects.filter(pk=request.pk).update(due_on=days_from_today(4))
    page = coordinator.get(reverse("reviews:plan", args=[review.pk])).content.decode()
    assert "Due in 4 days" in page


def test_the_reminders_sent_show_on_the_plan(
    review, coordinator, django_capture_on_commit_callbacks
):
    request = InstitutionRequestFactory(review=review, objectives=[objective(1)], mark_sent=True)
    FocalPointFactory(institution=request.institution, user=UserFactory(username="fp"))
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("reviews:reminders", args=[review.pk]))
    assert len(mail.outbox) == 1
    page = coordinator.get(reverse("reviews:plan", args=[review.pk])).content.decode()
    assert "Sent by a coordinator" in page
    assert "fp@example.org" in page


def test_a_submitted_review_shows_its_plan_read_only(review, coordinator):
    NationalReview.objects.filter(pk=review.pk).update(status=NationalReview.Status.SUBMITTED)
    url = reverse("reviews:plan", args=[review.pk])
    page = coordinator.get(url).content.decode()
    assert "<form" not in page.split('id="steps-heading"')[1]
    assert "Computed" in page
    before = stored(review)
    plan = selectors.review_plan(review)
    response = coordinator.post(
        url, form_data(review, internal_deadline=(plan.inputs_due + DAY).isoformat()), follow=True
    )
    assert "nothing in it can change any more" in response.content.decode()
    assert stored(review) == before
    coordinator.post(reverse("reviews:plan_reset", args=[review.pk]))
    coordinator.post(reverse("reviews:plan_due", args=[review.pk]), {})
    assert stored(review) == before


def test_the_plan_page_reads_a_fixed_number_of_queries(
    review, coordinator, django_assert_max_num_queries
):
    """33 institutions (the real shape), each with a reminder sent."""
    for _number in range(33):
        request = InstitutionRequestFactory(review=review, objectives=[objective(1), objective(2)])
        review.reminders.create(institution=request.institution, recipients="x@example.org")
    with django_assert_max_num_queries(14):
        response = coordinator.get(reverse("reviews:plan", args=[review.pk]))
    assert response.content.decode().count("Due in") == 33


def test_the_cycle_admin_sets_the_forum_and_refuses_one_before_the_deadline(admin_client):
    from reviews.models import ReviewCycle
    from tests.reviews.test_admin_cycles import new_cycle_data

    admin_client.cookies["django_language"] = "en"
    url = reverse("admin:reviews_reviewcycle_add")
    assert 'name="forum_date"' in admin_client.get(url).content.decode()
    refused = admin_client.post(
        url, new_cycle_data(admin_client, status="draft", forum_date="2027-03-01")
    )
    assert response_text(refused).count("The forum cannot come before the submission deadline") == 1
    assert not ReviewCycle.objects.filter(slug="new-cycle").exists()
    admin_client.post(url, new_cycle_data(admin_client, status="draft", forum_date="2027-05-10"))
    assert ReviewCycle.objects.get(slug="new-cycle").forum_date == datetime.date(2027, 5, 10)


def response_text(response) -> str:
    return response.content.decode()


def test_a_due_date_that_is_not_a_date_is_refused(review, coordinator):
    request = InstitutionRequestFactory(review=review, objectives=[objective(1)])
    other = InstitutionRequestFactory(review=review, objectives=[objective(2)])
    url = reverse("reviews:plan_due", args=[review.pk])
    good = (review.cycle.deadline - DAY).isoformat()
    response = coordinator.post(url, {f"due_{request.pk}": "31/02/2027", f"due_{other.pk}": good})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved:" in page
    assert f"{request.institution}: Enter a valid date." in page
    assert set(InstitutionRequest.objects.values_list("due_on", flat=True)) == {None}


def test_a_due_date_of_another_review_is_not_touched(review, coordinator):
    mine = InstitutionRequestFactory(review=review, objectives=[objective(1)])
    theirs = InstitutionRequestFactory(objectives=[objective(1)])
    date = (review.cycle.deadline - DAY).isoformat()
    coordinator.post(
        reverse("reviews:plan_due", args=[review.pk]),
        {f"due_{mine.pk}": date, f"due_{theirs.pk}": date},
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.due_on == review.cycle.deadline - DAY
    assert theirs.due_on is None


def test_due_dates_not_on_the_page_are_kept(review, coordinator):
    """An institution asked after the coordinator loaded the plan has no field in
    the form sent: its due date stays (it was cleared)."""
    first = InstitutionRequestFactory(review=review, objectives=[objective(1)])
    later = InstitutionRequestFactory(review=review, objectives=[objective(2)])
    own = selectors.review_plan(review).inputs_due + 5 * DAY
    InstitutionRequest.objects.filter(pk=later.pk).update(due_on=own)
    coordinator.post(
        reverse("reviews:plan_due", args=[review.pk]), {f"due_{first.pk}": own.isoformat()}
    )
    assert InstitutionRequest.objects.get(pk=first.pk).due_on == own
    assert InstitutionRequest.objects.get(pk=later.pk).due_on == own
