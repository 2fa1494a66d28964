import re

from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from objectives.models import Country
from reviews import services
from reviews.models import Institution, NationalCoordinator, NationalReview, Question
from tests.browser.conftest import assert_accessible, sign_in
from tests.reviews.conftest import make_cycle


def test_coordinator_invites_a_focal_point_who_sets_a_password_and_lands_on_their_page(page):
    guatemala = Country.objects.get(iso3="GTM")
    cycle = make_cycle("browser")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    coordinator = get_user_model().objects.create_user(
        "coordinadora", "c@example.org", "pw-coord-1"
    )
    NationalCoordinator.objects.create(review=review, user=coordinator)
    igm = Institution.objects.create(
        country=guatemala, name="Instituto Guatemalteco de Migración", acronym="IGM"
    )

    sign_in(page, "coordinadora", "pw-coord-1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisión nacional de Guatemala")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Solicitud · Instituto Guatemalteco")).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Solicitar información a esta institución").check()
    page.get_by_label("Registrar la solicitud como enviada hoy").check()
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(
        page.get_by_text(re.compile(r"^Ahora se consulta a .* sobre 23 objetivos\."))
    ).to_be_visible()
    expect(page.get_by_text("La solicitud queda registrada como enviada hoy.")).to_be_visible()

    page.get_by_role("link", name=re.compile("Invitar a un punto focal · Instituto")).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Nombre").fill("Luis")
    page.get_by_label("Apellidos").fill("Pérez")
    page.get_by_label("Correo electrónico").fill("luis.perez@igm.example.org")
    page.get_by_role("button", name="Enviar la invitación").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_text("Se envió una invitación a luis.perez@igm.example.org")).to_be_visible()
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_load_state("load")
    assert_accessible(page)

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/invitation/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Le damos la bienvenida: elija su contraseña"
    )
    page.get_by_label("Contraseña nueva").first.fill("Pacto-Migración-2026")
    page.get_by_label("Contraseña nueva (confirmación)").fill("Pacto-Migración-2026")
    page.get_by_role("button", name="Establecer mi contraseña").click()
    page.wait_for_url("**/accounts/login/")
    assert_accessible(page)
    expect(page.get_by_text("Su contraseña quedó establecida")).to_be_visible()

    page.get_by_label("Correo electrónico o nombre de usuario").fill("luis.perez@igm.example.org")
    page.get_by_label("Contraseña").fill("Pacto-Migración-2026")
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(f"**{igm.get_absolute_url()}")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Instituto Guatemalteco de Migración"
    )
    expect(
        page.get_by_text("Recopilar y utilizar").or_(page.get_by_text("Datos")).first
    ).to_be_visible()

    page.goto(link)  # the link worked once
    assert_accessible(page)
    expect(page.get_by_text("Este enlace ya se utilizó o ha caducado")).to_be_visible()
