"""A focal point checks a form before sending it and takes it back; later the same
institution reads the whole draft and comments on one of its sections at the end.

Located by what does not change when the Spanish catalogue is filled (addresses,
field names), since the pages are read in Spanish."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from objectives.models import Country
from reviews import selectors, services
from reviews.models import (
    FocalPoint,
    Input,
    Institution,
    NationalCoordinator,
    NationalReview,
    Question,
    ValidationResponse,
)
from tests import factories
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.reviews.conftest import make_cycle


@pytest.fixture
def form(page):
    """IGM's form on objective 21, every question answered but not sent."""
    User = get_user_model()
    guatemala = Country.objects.get(iso3="GTM")
    cycle = make_cycle("browser")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    coordinator = User.objects.create_user("ana", "ana@example.org", "pw-ana-1")
    NationalCoordinator.objects.create(review=review, user=coordinator)
    institution = Institution.objects.create(
        country=guatemala, name="Instituto Guatemalteco de Migración", acronym="IGM"
    )
    user = User.objects.create_user("luis", "luis@example.org", "pw-luis-1")
    FocalPoint.objects.create(institution=institution, user=user)
    request = services.institution_request_save(
        review=review, institution=institution, objectives=[]
    )
    input = next(i for i in selectors.request_inputs(request=request) if i.objective.number == 21)
    factories.answer_every_question(
        input, user, lambda answer: f"Respuesta {answer.question.code} del IGM."
    )
    services.review_rows_sync(review=review)
    return input


def test_send_after_checking_withdraw_then_validate_at_the_end_of_the_draft(page, form):
    sign_in(page, "luis", "pw-luis-1")
    page.goto(form.get_absolute_url())
    assert_accessible(page)

    # Sending first shows what will be sent; nothing is locked yet.
    follow(page, page.locator("main a[href$='/submit/']"))
    expect(page.locator("#missing-heading")).to_have_count(0)  # every question answered
    assert Input.objects.get(pk=form.pk).status == Input.Status.DRAFT
    follow(page, page.locator("main form:has(input[name=confirm]) button[type=submit]"))
    assert Input.objects.get(pk=form.pk).status == Input.Status.SUBMITTED
    expect(page.locator("main textarea")).to_have_count(0)  # locked

    # Taken back before the coordinator decides: a draft again, editable.
    follow(page, page.locator("main form[action$='/withdraw/'] button"))
    assert Input.objects.get(pk=form.pk).status == Input.Status.DRAFT
    expect(page.locator("main textarea").first).to_be_visible()
    steps = list(form.transitions.values_list("from_status", "to_status"))
    assert steps[-2:] == [("draft", "submitted"), ("submitted", "draft")]

    # The draft opened for validation: read first, answer at the end.
    review = form.request.review
    services.validation_open(review=review, user=review.coordinators.get().user)
    page.goto(f"/work/reviews/{review.pk}/draft/")
    assert_accessible(page)
    respond = page.locator("section[aria-labelledby=respond-heading]")
    draft = page.locator("article[aria-labelledby=draft-heading]")
    assert respond.bounding_box()["y"] > draft.bounding_box()["y"] + draft.bounding_box()["height"]
    page.locator("main a[href='#respond-heading']").click()
    expect(respond).to_be_in_viewport()
    respond.locator("select[name=section]").select_option("objective-21")
    respond.locator("textarea[name=comment]").fill("Falta el programa de retorno.")
    follow(page, respond.locator("button[name=decision][value=comment]"))
    response = ValidationResponse.objects.get(review=review)
    assert (response.section, response.comment) == ("objective-21", "Falta el programa de retorno.")


def test_progress_shows_who_has_nobody_to_answer(page, form):
    review = form.request.review
    nobody = Institution.objects.create(
        country=review.country, name="Ministerio de Trabajo", acronym="MINTRAB"
    )
    services.institution_request_save(review=review, institution=nobody, objectives=[])
    sign_in(page, "ana", "pw-ana-1")
    page.goto(f"/work/reviews/{review.pk}/progress/")
    assert_accessible(page)
    blocker = page.locator("section[aria-labelledby=nobody-heading]")
    expect(blocker).to_contain_text("Ministerio de Trabajo")
    expect(blocker).not_to_contain_text("Instituto Guatemalteco")
    invite = blocker.locator(f"a[href$='/institutions/{nobody.pk}/invite/']")
    follow(page, invite)
