"""The coordinator follows the inputs, consolidates them, validates the draft and submits."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from objectives.models import Country
from reviews import selectors, services
from reviews.models import (
    FocalPoint,
    Institution,
    NationalCoordinator,
    NationalReview,
    NationalText,
    Passage,
    Question,
)
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.reviews.conftest import make_cycle

SAVED = re.compile(r"Guardado a las \d\d:\d\d")


@pytest.fixture
def review(page):
    """Guatemala's review: IGM and RENAP have submitted their answers on objective 21."""
    User = get_user_model()
    guatemala = Country.objects.get(iso3="GTM")
    cycle = make_cycle("browser")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    coordinator = User.objects.create_user("ana", "ana@example.org", "pw-ana-1", first_name="Ana")
    NationalCoordinator.objects.create(review=review, user=coordinator)
    texts = {
        "IGM": "El IGM abrió una ventanilla para personas retornadas.",
        "RENAP": "El RENAP documentó a 5.000 personas retornadas.",
    }
    for n, (acronym, text) in enumerate(texts.items()):
        institution = Institution.objects.create(
            country=guatemala, name=f"Institución {acronym}", acronym=acronym
        )
        user = User.objects.create_user(f"focal{n}", f"focal{n}@example.org", "pw-focal-1")
        FocalPoint.objects.create(institution=institution, user=user)
        request = services.institution_request_save(
            review=review, institution=institution, objectives=[]
        )
        input = next(
            i for i in selectors.request_inputs(request=request) if i.objective.number == 21
        )
        for answer in selectors.input_answers(input=input):
            services.answer_save(
                answer_id=answer.pk,
                user=user,
                text=text if answer.question.code == "a" else f"{acronym}: {answer.question.code}.",
                not_applicable=False,
                reason="",
                base_version=0,
            )
        services.input_submit(input=input, user=user)
    services.review_rows_sync(review=review)  # as review_start does
    return review


def test_coordinator_follows_consolidates_validates_and_submits(page, review):
    sign_in(page, "ana", "pw-ana-1")
    page.goto(f"/work/reviews/{review.pk}/progress/")
    assert_accessible(page)
    matrix = page.get_by_role(
        "table", name="Estado del formulario de cada institución en cada unidad del cuestionario"
    )
    igm_21 = matrix.get_by_role(
        "link", name="IGM, Objetivo 21: Retorno y reintegración dignos: Enviado", exact=True
    )
    expect(igm_21).to_be_visible()
    # Each sent one of the forms it was asked for: neither has answered yet.
    expect(page.get_by_text("0 / 2", exact=True)).to_be_visible()

    # Return IGM's input with a comment on question b.
    follow(page, igm_21)
    page.get_by_label("Comentario sobre la pregunta b").fill("Agreguen cifras de 2024.")
    follow(page, page.get_by_role("button", name="Devolver con estos comentarios"))
    expect(page.locator(".comment").filter(has_text="Agreguen cifras de 2024.")).to_be_visible()

    # Consolidate objective 21 from both institutions' passages.
    page.goto(f"/work/reviews/{review.pk}/objectives/21/")
    assert_accessible(page)
    editor = page.get_by_role("textbox", name="Texto nacional")
    editor.fill("Guatemala atiende el retorno con varias instituciones.")
    page.get_by_role(
        "button", name=re.compile(r"Insertar en el texto nacional · Institución IGM.*, a$")
    ).click()
    expect(editor).to_have_value(re.compile("El IGM abrió una ventanilla"))
    page.get_by_role(
        "button", name=re.compile(r"Insertar en el texto nacional · Institución RENAP.*, a$")
    ).click()
    expect(editor).to_have_value(re.compile("El RENAP documentó"))
    assert_accessible(page)
    text = NationalText.objects.get(review=review, key="objective-21")
    assert text.text.startswith("Guatemala atiende el retorno con varias instituciones.\n\nEl IGM")
    assert Passage.objects.filter(text=text).count() == 2

    follow(page, page.get_by_role("link", name="Ver el texto con sus fuentes"))
    sources = page.get_by_role("region", name="El texto nacional y de dónde proviene")
    expect(sources.get_by_text("Fuente: Institución IGM (IGM)")).to_be_visible()
    expect(sources.get_by_text("Fuente: Institución RENAP (RENAP)")).to_be_visible()

    # The methodology, drafted from the facts, then edited by hand.
    follow(page, page.get_by_role("link", name="Secciones transversales"))
    follow(page, page.get_by_role("button", name="Redactarla a partir de los datos de la revisión"))
    methodology = page.get_by_role("textbox", name="Metodología")
    expect(methodology).to_have_value(re.compile("Se pidió información a 2 instituciones"))
    methodology.press("Control+End")
    methodology.press_sequentially(" Se consultó también a la sociedad civil.")
    status = page.locator(
        "#status-t" + str(NationalText.objects.get(review=review, key="methodology").pk)
    )
    expect(status).to_have_text("Aún sin guardar…")
    expect(status).to_have_text(SAVED, timeout=15_000)
    assert NationalText.objects.get(review=review, key="methodology").text.endswith(
        "Se consultó también a la sociedad civil."
    )

    # Open the draft to the institutions.
    follow(page, page.get_by_role("link", name="Borrador y validación"))
    follow(
        page,
        page.get_by_role("button", name="Abrir el borrador a las instituciones para su validación"),
    )
    follow(page, page.get_by_role("button", name="Cerrar sesión"))

    # RENAP's focal point reads the draft and confirms it, but edits nothing.
    sign_in(page, "focal1", "pw-focal-1")
    follow(page, page.get_by_role("link", name="Leer el borrador nacional consolidado"))
    expect(
        page.get_by_text("Guatemala atiende el retorno con varias instituciones.")
    ).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(1)  # only the validation comment
    follow(page, page.get_by_role("button", name="Confirmar el borrador"))
    expect(page.get_by_text("confirma el borrador")).to_be_visible()
    response = page.goto(f"/work/reviews/{review.pk}/objectives/21/")
    assert response.status == 403
    assert_accessible(page)
    page.goto("/")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Cerrar sesión"))

    # The coordinator marks the review submitted: it is locked.
    sign_in(page, "ana", "pw-ana-1")
    page.goto(f"/work/reviews/{review.pk}/draft/")
    assert_accessible(page)
    expect(page.get_by_text("Institución RENAP (RENAP): confirma el borrador")).to_be_visible()
    follow(page, page.get_by_role("link", name="Revisar lo que falta y enviar la revisión"))
    # The confirmation page says what is missing, and locks nothing until the box is ticked.
    missing = page.get_by_role("heading", name="Instituciones que no han enviado todo")
    expect(missing).to_be_visible()
    follow(page, page.get_by_role("button", name="Enviar y bloquear la revisión"))
    expect(page.get_by_role("alert")).to_contain_text("Marque la casilla")
    review.refresh_from_db()
    assert review.status == NationalReview.Status.VALIDATING
    page.get_by_label("Revisé el borrador; bloquear la revisión y marcarla como enviada").check()
    follow(page, page.get_by_role("button", name="Enviar y bloquear la revisión"))
    expect(page.get_by_text("La revisión se marcó como enviada")).to_be_visible()
    review.refresh_from_db()
    assert review.status == NationalReview.Status.SUBMITTED
    page.goto(f"/work/reviews/{review.pk}/objectives/21/")
    assert_accessible(page)
    expect(page.get_by_role("textbox", name="Texto nacional")).to_have_attribute("readonly", "")
    expect(page.get_by_role("button", name=re.compile("Insertar"))).to_have_count(0)


def test_coordinator_asks_for_the_report_watches_it_and_downloads_it(page, review, settings):
    # A real queue and a real worker, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    NationalText.objects.filter(review=review, key="objective-21").update(
        text="Guatemala atiende el retorno con varias instituciones."
    )
    sign_in(page, "ana", "pw-ana-1")
    page.goto(f"/work/reviews/{review.pk}/pdf/")
    assert_accessible(page)
    page.get_by_label("Informe nacional para el FEMI").check()
    follow(page, page.get_by_role("button", name="Hacer el PDF"))
    expect(page.get_by_role("status")).to_contain_text("Esperando su turno")
    expect(page.get_by_role("progressbar")).to_be_visible()

    # The worker (in this process: it needs the main thread) writes the report
    # while the page in the browser goes on asking for news every two seconds.
    call_command("db_worker", "--batch", "--no-startup-delay")
    download_link = page.get_by_role("link", name="Descargar el PDF")
    expect(download_link).to_be_visible(timeout=15_000)
    expect(page.get_by_role("status")).to_contain_text("Listo")
    assert_accessible(page)
    with page.expect_download() as download:
        download_link.click()
    content = Path(download.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Informe nacional de Guatemala" in text
    assert "Guatemala atiende el retorno con varias instituciones." in text
    assert "BORRADOR" in text


def test_analysis_preview_and_versions_pages_are_accessible(page, review):
    text = NationalText.objects.get(review=review, key="objective-21")
    NationalText.objects.filter(pk=text.pk).update(text="Primera versión.", version=1)
    sign_in(page, "ana", "pw-ana-1")
    page.goto(f"/work/reviews/{review.pk}/analysis/")
    assert_accessible(page)
    expect(page.get_by_role("img", name="Programas y acciones por objetivo")).to_be_visible()
    page.goto(f"/work/reviews/{review.pk}/preview/regional/")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cuestionario de Guatemala")
    page.goto(f"/work/reviews/{review.pk}/texts/{text.pk}/versions/")
    assert_accessible(page)
    page.goto(f"/work/reviews/{review.pk}/")
    assert_accessible(page)
    expect(page.get_by_role("link", name="XLSX, una hoja por tipo")).to_be_visible()
