"""A coordinator on a phone opens the deadline plan, gives an institution an earlier
due date (it shows overdue), and is told why an out-of-order plan is refused."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from objectives.models import Country
from reviews import selectors, services
from reviews.models import Institution, NationalCoordinator, NationalReview, Question
from tests.browser.conftest import assert_accessible, sign_in
from tests.reviews.conftest import make_cycle


def test_a_coordinator_moves_a_due_date_and_sees_the_institution_overdue(page, live_server):
    guatemala = Country.objects.get(iso3="GTM")
    cycle = make_cycle("plan")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    coordinator = get_user_model().objects.create_user("coordinadora", "c@example.org", "pw-c-1")
    NationalCoordinator.objects.create(review=review, user=coordinator)
    igm = Institution.objects.create(
        country=guatemala, name="Instituto de Migración", acronym="IGM"
    )
    request = services.institution_request_save(
        review=review, institution=igm, objectives=[], mark_sent=True
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "coordinadora", "pw-c-1")
    page.goto(reverse("reviews:plan", args=[review.pk]))
    assert_accessible(page)

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.locator(f"#id_due_{request.pk}").fill(yesterday.isoformat())
    page.locator("#due-dates button[type=submit]").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.locator(".badge.text-bg-danger").first).to_be_visible()
    request.refresh_from_db()
    assert request.due_on == yesterday

    # The first inputs due after the coordinator's review: refused, said at the top.
    plan = selectors.review_plan(review)
    late = plan.date("plan_review_until") + datetime.timedelta(days=1)
    page.locator("#id_internal_deadline").fill(late.isoformat())
    page.locator("form[action$='/plan/'] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.locator(".alert-danger")).to_be_visible()
    review.refresh_from_db()
    assert review.internal_deadline is None
