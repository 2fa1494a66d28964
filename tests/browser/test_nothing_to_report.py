"""A focal point says there is nothing to report on an objective, in Spanish, on a
laptop and on a phone; the coordinator's progress page then counts the institution
as answered."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from objectives.models import Country, Objective
from reviews import selectors, services
from reviews.models import (
    FocalPoint,
    Input,
    Institution,
    NationalCoordinator,
    NationalReview,
    Question,
)
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import answer_every_question
from tests.reviews.conftest import make_cycle

REASON = "El instituto no tiene acciones sobre este objetivo en el período."
SIZES = {1366: 768, 390: 844}


@pytest.fixture
def asked(page):
    """The IGM asked about objective 7; it has already sent the general questions."""
    User = get_user_model()
    guatemala = Country.objects.get(iso3="GTM")
    cycle = make_cycle("browser")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    igm = Institution.objects.create(
        country=guatemala, name="Instituto Guatemalteco de Migración", acronym="IGM"
    )
    request = services.institution_request_save(
        review=review, institution=igm, objectives=[Objective.objects.get(number=7)]
    )
    focal = User.objects.create_user("luis", "luis@example.org", "pw-luis-1")
    FocalPoint.objects.create(institution=igm, user=focal)
    coordinator = User.objects.create_user("ana", "ana@example.org", "pw-ana-1")
    NationalCoordinator.objects.create(review=review, user=coordinator)
    forms = selectors.request_inputs(request=request)
    general = next(i for i in forms if i.objective is None)
    answer_every_question(general, focal)
    services.input_submit(input=general, user=focal)
    return next(i for i in forms if i.objective is not None)


def fits(page, width):
    """Nothing of the page lies beyond its width, and the page does not scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for selector in ("#nothing-reason", "#nothing-to-report button[type=submit]"):
        box = page.locator(selector).bounding_box()
        assert box and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", SIZES, ids=lambda width: f"{width}px")
def test_nothing_to_report_on_an_objective_counts_as_answered(page, asked, width):
    page.set_viewport_size({"width": width, "height": SIZES[width]})
    sign_in(page, "luis", "pw-luis-1")
    page.goto(asked.get_absolute_url())
    assert_accessible(page)
    fits(page, width)

    # Sent without a reason: refused, said on the page, nothing sent.
    page.locator("#nothing-to-report button[type=submit]").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.locator(".alert-danger")).to_be_visible()
    assert Input.objects.get(pk=asked.pk).status == Input.Status.NOT_STARTED

    page.locator("#nothing-reason").fill(REASON)
    page.locator("#nothing-to-report button[type=submit]").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.locator(".nothing-to-report")).to_contain_text(REASON)
    expect(page.locator("#nothing-reason")).to_have_count(0)
    # Sent: the focal point may take it back while the coordinator has not decided.
    withdraw = reverse("reviews:input_withdraw", args=[asked.pk])
    expect(page.locator(f"form[action='{withdraw}'] button")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.context.clear_cookies()
    sign_in(page, "ana", "pw-ana-1")
    page.goto(reverse("reviews:progress", args=[asked.request.review_id]))
    assert_accessible(page)
    expect(page.locator(".display-6").first).to_have_text("1 / 1")
    expect(page.locator("#nothing-heading + ul")).to_contain_text(REASON)
    expect(page.locator("#nothing-heading + ul")).to_contain_text("IGM")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
