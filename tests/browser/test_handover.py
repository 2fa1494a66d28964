"""A coordinator replaces a focal point from the review's page: the one replaced finds
their open page gone on reload; the new one accepts the invitation and finds the draft."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from objectives.models import Country
from reviews import selectors, services
from reviews.models import FocalPoint, Institution, NationalCoordinator, NationalReview, Question
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_every_page import CHECKS
from tests.factories import answer_every_question
from tests.reviews.conftest import make_cycle


def assert_fits_a_phone(page):
    """At 390 px, as the walk of every page checks: nothing cut off, covered or empty."""
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(CHECKS) == []
    assert_accessible(page)  # a table that scrolls sideways must take the keyboard's focus
    page.set_viewport_size({"width": 1280, "height": 720})


DRAFT = "Borrador de Luis: 1 200 personas retornadas recibieron acompañamiento."


def test_a_replaced_focal_point_loses_the_page_and_the_new_one_finds_the_draft(
    page, browser, live_server
):
    User = get_user_model()
    guatemala = Country.objects.get(iso3="GTM")
    cycle = make_cycle("handover")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    coordinator = User.objects.create_user(
        "coordinadora", "c@example.org", "pw-coord-1", first_name="Carla", last_name="Ruiz"
    )
    NationalCoordinator.objects.create(review=review, user=coordinator)
    igm = Institution.objects.create(
        country=guatemala, name="Instituto Guatemalteco de Migración", acronym="IGM"
    )
    request = services.institution_request_save(
        review=review, institution=igm, objectives=[], mark_sent=True
    )
    luis = User.objects.create_user(
        "luis@igm.example.org",
        "luis@igm.example.org",
        "pw-luis-1",
        first_name="Luis",
        last_name="Pérez",
    )
    old = FocalPoint.objects.create(institution=igm, user=luis)
    input = next(i for i in selectors.request_inputs(request=request) if i.objective.number == 7)
    answer_every_question(input, luis, text=lambda answer: DRAFT)

    # Luis has his form open, in a browser of his own.
    context = browser.new_context(base_url=live_server.url, reduced_motion="reduce")
    luis_page = context.new_page()
    luis_page.set_default_timeout(10_000)
    luis_page.checked_urls = set()
    sign_in(luis_page, "luis@igm.example.org", "pw-luis-1")
    luis_page.goto(input.get_absolute_url())
    assert_accessible(luis_page)
    expect(luis_page.locator("textarea").first).to_have_value(DRAFT)

    # The coordinator replaces him from the review's page.
    sign_in(page, "coordinadora", "pw-coord-1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisión nacional de Guatemala")
    replace_url = reverse("reviews:focal_point_replace", args=[review.pk, old.pk])
    page.locator(f'a[href="{replace_url}"]').click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Instituto Guatemalteco")
    expect(page.get_by_text("luis@igm.example.org")).to_be_visible()
    assert_fits_a_phone(page)
    page.get_by_label("Nombre").fill("Ana")
    page.get_by_label("Apellidos").fill("Gómez")
    page.get_by_label("Correo electrónico").fill("ana.gomez@igm.example.org")
    page.locator("form:has(input[name=email]) button[type=submit]").click()
    page.wait_for_url(f"**{review.get_absolute_url()}")
    assert_accessible(page)
    expect(page.get_by_role("alert").or_(page.locator(".alert")).first).to_contain_text("Ana Gómez")
    row = page.get_by_role("row", name=re.compile("Instituto Guatemalteco"))
    expect(row).to_contain_text("Ana Gómez")
    expect(row).to_contain_text(re.compile(r"Luis Pérez .* Ana Gómez"))
    assert_fits_a_phone(page)
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_load_state("load")
    assert_accessible(page)

    # Luis's open page is gone the moment he reloads it.
    response = luis_page.reload()
    assert response is not None and response.status == 404
    assert_accessible(luis_page)
    assert luis_page.evaluate("document.body.innerText").find(DRAFT) == -1
    context.close()

    # Ana accepts the invitation from the e-mail and finds Luis's draft.
    invitation = next(m for m in mail.outbox if m.to == ["ana.gomez@igm.example.org"])
    link = re.search(r"http://\S+/accounts/invitation/\S+/", invitation.body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("Contraseña nueva").first.fill("Pacto-Migración-2026")
    page.get_by_label("Contraseña nueva (confirmación)").fill("Pacto-Migración-2026")
    page.get_by_role("button", name="Establecer mi contraseña").click()
    page.wait_for_url("**/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Correo electrónico o nombre de usuario").fill("ana.gomez@igm.example.org")
    page.get_by_label("Contraseña").fill("Pacto-Migración-2026")
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(f"**{igm.get_absolute_url()}")
    assert_accessible(page)
    page.goto(input.get_absolute_url())
    assert_accessible(page)
    expect(page.locator("textarea").first).to_have_value(DRAFT)
    history = page.locator("section", has=page.locator("#timeline-heading"))
    expect(history).to_contain_text(re.compile(r"Luis Pérez .* Ana Gómez .* Carla Ruiz"))
