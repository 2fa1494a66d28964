"""A person's calendar: the page that gives the feed's link, and the feed (.ics) that
calendar programs fetch without signing in, with the dates of the person's roles."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reviews import services
from reviews.models import FocalPoint, NationalReview, Profile, ReviewCycle
from reviews.selectors.plan import review_plan
from tests.factories import (
    FocalPointFactory,
    InstitutionFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ReviewCycleFactory,
    UserFactory,
    country,
)

DAY = datetime.timedelta(days=1)


def uid(kind, pk, what):
    return f"{kind}-{pk}-{what}@gcm-portal"


def key_of(user, language="es"):
    """A calendar key for ``user``, whose profile reads ``language``."""
    Profile.objects.update_or_create(user=user, defaults={"language": language})
    return services.calendar_key_renew(user=user)


def fetch(client, token):
    """The feed of ``token``, fetched as a calendar program does: without signing in."""
    client.logout()
    return client.get(reverse("reviews:calendar_feed", args=[token]))


def events_of(client, user, language="es"):
    """{UID: event} of the person's feed, parsed as a calendar program parses it."""
    response = fetch(client, key_of(user, language))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def start(event) -> datetime.date:
    return event.decoded("DTSTART")


@pytest.fixture
def forum(world):
    """The world's cycle has a forum two months after its deadline."""
    world.cycle.forum_date = world.cycle.deadline + 60 * DAY
    world.cycle.save(update_fields=["forum_date"])
    return world.cycle.forum_date


# The feed of each role


def test_a_focal_points_feed_holds_the_institutions_due_date_and_the_reviews_last_steps(
    client, world
):
    review, request = world.review_a, world.request_a1
    request.due_on = review.cycle.deadline - 30 * DAY
    request.save(update_fields=["due_on"])
    plan = review_plan(review)
    events = events_of(client, world.users["focal_a1"], "en")
    assert set(events) == {
        uid("request", request.pk, "due"),
        uid("review", review.pk, "plan_validation_until"),
        uid("review", review.pk, "plan_submission"),
    }
    due = events[uid("request", request.pk, "due")]
    assert start(due) == request.due_on
    assert event_end(due) == request.due_on + DAY  # an all-day event
    assert str(due["SUMMARY"]) == "Inputs due: Instituto A1 (A1) · Cycle current"
    assert "Instituto A1 (A1)" in str(due["DESCRIPTION"])
    assert str(due["URL"]) == f"http://testserver{world.a1.get_absolute_url()}"
    submission = events[uid("review", review.pk, "plan_submission")]
    assert start(submission) == plan.submission
    assert str(submission["SUMMARY"]) == "National submission: Guatemala · Cycle current"
    validation = events[uid("review", review.pk, "plan_validation_until")]
    assert start(validation) == plan.date("plan_validation_until")


def event_end(event) -> datetime.date:
    return event.decoded("DTEND")


def test_the_feed_is_written_in_the_language_of_the_persons_profile(client, world):
    request = world.request_a1
    spanish = events_of(client, world.users["focal_a1"], "es")[uid("request", request.pk, "due")]
    with translation.override("es"):
        expected = translation.gettext("Inputs due: %(institution)s · %(cycle)s") % {
            "institution": "Instituto A1 (A1)",
            "cycle": "Ciclo current",
        }
    assert str(spanish["SUMMARY"]) == expected
    assert "Cycle current" not in str(spanish["DESCRIPTION"])
    english = events_of(client, world.users["focal_a1"], "en")[uid("request", request.pk, "due")]
    assert "Ciclo current" not in str(english["SUMMARY"]) + str(english["DESCRIPTION"])


def test_the_calendar_is_named_after_the_person_in_their_language(client, world):
    user = world.users["focal_a1"]
    user.first_name, user.last_name = "Ana", "López"
    user.save()
    response = fetch(client, key_of(user, "en"))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "GCM Review Portal: dates of Ana López"
    assert str(calendar["VERSION"]) == "2.0"
    assert "GCM Review Portal" in str(calendar["PRODID"])


def test_an_alternate_gets_the_dates_of_their_institution_and_nothing_of_another_country(
    client, world
):
    # The alternate of A1 (Guatemala) is also the focal point of B1 (Mexico), which
    # Mexico's review has not asked: only A1's request and Guatemala's review are in.
    world.review_b.plan_submission = world.cycle.deadline - 2 * DAY
    world.review_b.save(update_fields=["plan_submission"])
    events = events_of(client, world.fp_pending.user)
    assert set(events) == {
        uid("request", world.request_a1.pk, "due"),
        uid("review", world.review_a.pk, "plan_validation_until"),
        uid("review", world.review_a.pk, "plan_submission"),
    }
    assert (
        start(events[uid("request", world.request_a1.pk, "due")])
        == review_plan(world.review_a).inputs_due
    )


def test_a_coordinator_gets_every_step_of_the_plan_and_the_cycles_dates(client, world, forum):
    review = world.review_a
    review.plan_review_until = review.cycle.deadline - 20 * DAY
    review.save(update_fields=["plan_review_until"])
    events = events_of(client, world.users["coord_a"], "en")
    steps = [step.field for step in review_plan(review).steps]
    assert set(events) == {uid("review", review.pk, field) for field in steps} | {
        uid("cycle", world.cycle.pk, "deadline"),
        uid("cycle", world.cycle.pk, "forum"),
    }
    for step in review_plan(review).steps:
        assert start(events[uid("review", review.pk, step.field)]) == step.date
    assert start(events[uid("review", review.pk, "plan_review_until")]) == (
        review.plan_review_until
    )
    deadline = events[uid("cycle", world.cycle.pk, "deadline")]
    assert start(deadline) == world.cycle.deadline
    assert str(deadline["SUMMARY"]) == "Submission deadline: Cycle current"
    assert start(events[uid("cycle", world.cycle.pk, "forum")]) == forum
    assert str(events[uid("cycle", world.cycle.pk, "forum")]["SUMMARY"]) == "Forum: Cycle current"
    # The coordinator's dates lead to the review's deadline plan.
    plan = reverse("reviews:plan", args=[review.pk])
    assert str(deadline["URL"]) == f"http://testserver{plan}"
    # Nothing of Mexico's review, though it is in the same cycle.
    assert not [key for key in events if key.startswith(f"review-{world.review_b.pk}-")]


def test_a_regional_reviewer_gets_the_cycles_deadline_and_forum(client, world, forum):
    events = events_of(client, world.users["reviewer"])
    assert set(events) == {
        uid("cycle", world.cycle.pk, "deadline"),
        uid("cycle", world.cycle.pk, "forum"),
    }
    assert start(events[uid("cycle", world.cycle.pk, "forum")]) == forum
    region = reverse("reviews:region", args=[world.cycle.pk])
    assert str(events[uid("cycle", world.cycle.pk, "forum")]["URL"]) == f"http://testserver{region}"


def test_a_person_with_no_role_gets_an_empty_calendar(client, world):
    response = fetch(client, key_of(UserFactory()))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar.walk("VEVENT") == []


def test_the_feed_is_served_as_a_private_calendar_with_iso_dates(client, world):
    token = key_of(world.users["coord_a"], "es")
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reviews:calendar_feed", args=[token]))
    # Reading the feed writes nothing.
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["X-Robots-Tag"] == "noindex"
    # Dates as iCalendar writes them, in Spanish as in English: never 27/11/2026.
    deadline = world.cycle.deadline.strftime("%Y%m%d")
    assert f"DTSTART;VALUE=DATE:{deadline}".encode() in response.content
    assert b"\r\nDTSTAMP:" in response.content
    # Calendar programs are asked to fetch it again twice a day.
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in response.content
    assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in response.content


# The feed follows the person's work


def test_moved_dates_appear_at_the_next_fetch_under_the_same_uids(client, world):
    user, review, request = world.users["focal_a1"], world.review_a, world.request_a1
    token = key_of(user)
    before = icalendar.Calendar.from_ical(fetch(client, token).content)
    review.plan_submission = review.cycle.deadline - 3 * DAY
    review.save(update_fields=["plan_submission"])
    request.due_on = review.cycle.deadline - 25 * DAY
    request.save(update_fields=["due_on"])
    after = {
        str(event["UID"]): start(event)
        for event in icalendar.Calendar.from_ical(fetch(client, token).content).walk("VEVENT")
    }
    assert {str(event["UID"]) for event in before.walk("VEVENT")} == set(after)
    assert after[uid("request", request.pk, "due")] == request.due_on
    assert after[uid("review", review.pk, "plan_submission")] == review.plan_submission


def test_a_replaced_focal_point_gets_none_of_the_institutions_dates_and_the_new_one_does(
    client, world, mailoutbox
):
    user = world.users["focal_a1"]
    token = key_of(user)
    assert fetch(client, token).content.count(b"BEGIN:VEVENT") == 3
    services.focal_point_replace(
        review=world.review_a,
        focal_point=world.fp_a1,
        email="nueva@example.org",
        first_name="Nueva",
        last_name="Persona",
        user=world.users["coord_a"],
        base_url="http://testserver",
    )
    calendar = icalendar.Calendar.from_ical(fetch(client, token).content)
    assert calendar.walk("VEVENT") == []
    successor = FocalPoint.objects.get(institution=world.a1, user__email="nueva@example.org").user
    assert uid("request", world.request_a1.pk, "due") in events_of(client, successor)


def test_submitted_reviews_and_closed_cycles_leave_the_focal_points_calendar(client, world):
    NationalReview.objects.filter(pk=world.review_a.pk).update(
        status=NationalReview.Status.SUBMITTED
    )
    assert events_of(client, world.users["focal_a1"]) == {}
    ReviewCycle.objects.filter(pk=world.cycle.pk).update(status=ReviewCycle.Status.CLOSED)
    assert events_of(client, world.users["coord_a"]) == {}
    assert events_of(client, world.users["reviewer"]) == {}


def test_a_new_key_voids_the_old_one(client, world):
    user = world.users["focal_a1"]
    old = key_of(user)
    new = services.calendar_key_renew(user=user)
    assert new != old and len(new) >= 43
    assert fetch(client, old).status_code == 404
    assert fetch(client, new).status_code == 200


@pytest.mark.parametrize("path", ["/work/calendar/.ics", "/work/calendar/not-a-key.ics"])
def test_a_wrong_or_empty_key_is_404(client, world, path):
    Profile.objects.update_or_create(user=world.users["focal_a1"], defaults={"calendar_token": ""})
    assert client.get(path).status_code == 404


def test_the_key_of_a_deactivated_account_is_404(client, world):
    user = world.users["focal_a1"]
    token = key_of(user)
    user.is_active = False
    user.save()
    assert fetch(client, token).status_code == 404


def test_a_coordinators_feed_of_33_institutions_takes_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries
):
    user = UserFactory()
    cycle = ReviewCycleFactory(questionnaire=False, forum_date=datetime.date.today() + 200 * DAY)
    review = NationalReviewFactory(cycle=cycle, country=country("GTM"), coordinator=user)
    # The coordinator answers for every institution too: 33 requests, each its due date.
    for number in range(33):
        institution = InstitutionFactory(country=review.country)
        FocalPointFactory(institution=institution, user=user)
        request = InstitutionRequestFactory(review=review, institution=institution)
        request.due_on = cycle.deadline - number * DAY
        request.save(update_fields=["due_on"])
    token = key_of(user)
    client.logout()
    # The key's person, their reviews, their requests, their cycles as a reviewer.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("reviews:calendar_feed", args=[token]))
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    # Five steps, the deadline, the forum and 33 due dates.
    assert len(events) == 5 + 2 + 33


# The page


def test_the_page_lists_the_dates_and_writes_nothing(english, world):
    user = world.users["coord_a"]
    client = english("coord_a")
    Profile.objects.filter(user=user).delete()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reviews:calendar"))
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    assert not Profile.objects.filter(user=user).exists()
    assert response.context["link"] == ""
    assert "Get my calendar link" in response.content.decode()
    assert {event.uid for event in response.context["events"]} >= {
        uid("review", world.review_a.pk, "plan_submission"),
        uid("cycle", world.cycle.pk, "deadline"),
    }


def test_the_button_gives_a_link_and_a_new_one_replaces_it(english, world):
    client = english("focal_a1")
    user = world.users["focal_a1"]
    response = client.post(reverse("reviews:calendar"), follow=True)
    token = Profile.objects.get(user=user).calendar_token
    assert token
    link = f"http://testserver/work/calendar/{token}.ics"
    assert response.context["link"] == link
    page = response.content.decode()
    assert link in page
    assert "Make a new link" in page
    assert "the old link stops working at once" in page
    response = client.post(reverse("reviews:calendar"), follow=True)
    new = Profile.objects.get(user=user).calendar_token
    assert new != token
    assert "The old link no longer works" in response.content.decode()
    assert fetch(client, token).status_code == 404
    assert fetch(client, new).status_code == 200


def test_anonymous_cannot_make_a_key(client, world):
    response = client.post(reverse("reviews:calendar"))
    assert response.status_code == 302
    assert not Profile.objects.exclude(calendar_token="").exists()


def test_a_person_without_a_profile_gets_one_with_the_key(world):
    user = UserFactory()
    with translation.override("en"):
        token = services.calendar_key_renew(user=user)
    profile = Profile.objects.get(user=user)
    assert profile.calendar_token == token
    assert profile.language == "en"


def test_the_focal_points_and_the_coordinators_pages_link_to_the_calendar(english, world):
    link = f'href="{reverse("reviews:calendar")}"'
    page = english("focal_a1").get(world.a1.get_absolute_url()).content.decode()
    assert link in page and "Add these dates to your calendar" in page
    page = english("coord_a").get(world.review_a.get_absolute_url()).content.decode()
    assert link in page and "Add these dates to your calendar" in page
