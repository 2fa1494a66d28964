"""A focal point fills an objective's questionnaire; nothing typed is lost."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from objectives.models import Country
from reviews import selectors, services
from reviews.models import (
    Answer,
    FocalPoint,
    Input,
    Institution,
    NationalCoordinator,
    NationalReview,
    Programme,
    Question,
)
from tests.browser.conftest import assert_accessible, sign_in
from tests.reviews.conftest import PNG, make_cycle

SAVED = re.compile(r"Guardado a las \d\d:\d\d")


@pytest.fixture
def questionnaire(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    User = get_user_model()
    guatemala = Country.objects.get(iso3="GTM")
    cycle = make_cycle("browser")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    igm = Institution.objects.create(country=guatemala, name="Instituto Guatemalteco de Migración")
    request = services.institution_request_save(review=review, institution=igm, objectives=[])
    focal = User.objects.create_user("luis", "luis@example.org", "pw-luis-1", first_name="Luis")
    FocalPoint.objects.create(institution=igm, user=focal)
    coordinator = User.objects.create_user("ana", "ana@example.org", "pw-ana-1", first_name="Ana")
    NationalCoordinator.objects.create(review=review, user=coordinator)
    input = next(i for i in selectors.request_inputs(request=request) if i.objective.number == 21)
    selectors.input_answers(input=input)
    return input


def answer_box(page, code):
    return page.get_by_role("textbox", name=re.compile(rf"^{code}\. "))


def status_of(page, code):
    return page.locator("section", has=answer_box(page, code)).get_by_role("status").first


def test_answer_saves_itself_and_is_there_after_reload(page, questionnaire):
    sign_in(page, "luis", "pw-luis-1")
    page.goto(questionnaire.get_absolute_url())
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("regreso y la readmisión")

    answer_box(page, "b").fill("Se firmó un memorando de retorno digno con México.")
    expect(
        page.locator("#" + answer_box(page, "b").get_attribute("aria-describedby").split()[-1])
    ).to_contain_text("9 de unas 500 palabras")
    expect(status_of(page, "b")).to_have_text(SAVED, timeout=15_000)
    assert_accessible(page)

    page.reload()
    assert_accessible(page)
    expect(answer_box(page, "b")).to_have_value(
        "Se firmó un memorando de retorno digno con México."
    )
    assert Answer.objects.get(input=questionnaire, question__code="b").version == 1


def test_network_cut_and_restored_without_losing_a_word(page, questionnaire):
    sign_in(page, "luis", "pw-luis-1")
    page.goto(questionnaire.get_absolute_url())
    assert_accessible(page)
    box = answer_box(page, "c")
    box.fill("Primera parte.")
    expect(status_of(page, "c")).to_have_text(SAVED, timeout=15_000)

    page.context.set_offline(True)
    box.fill("Primera parte. Segunda parte, escrita sin red.")
    box.blur()
    expect(status_of(page, "c")).to_have_text("No guardado — reintentando", timeout=15_000)
    kept = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('gcm-answer-')).length"
    )
    assert kept == 1

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status_of(page, "c")).to_have_text(SAVED, timeout=20_000)
    assert_accessible(page)
    answer = Answer.objects.get(input=questionnaire, question__code="c")
    assert answer.text == "Primera parte. Segunda parte, escrita sin red."


def test_text_typed_offline_comes_back_after_the_tab_is_closed(page, questionnaire):
    sign_in(page, "luis", "pw-luis-1")
    first = page.context.new_page()
    first.checked_urls = page.checked_urls
    first.goto(questionnaire.get_absolute_url())
    assert_accessible(first)
    page.context.set_offline(True)
    answer_box(first, "d").click()  # a real click: browsers only warn after a user gesture
    answer_box(first, "d").fill("Falta de presupuesto para albergues.")
    dialogs = []
    first.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    first.close(run_before_unload=True)
    first.wait_for_event("close")
    assert dialogs == ["beforeunload"]
    page.context.set_offline(False)

    page.goto(questionnaire.get_absolute_url())
    expect(answer_box(page, "d")).to_have_value("Falta de presupuesto para albergues.")
    expect(status_of(page, "d")).to_have_text(SAVED, timeout=15_000)
    assert_accessible(page)
    assert Answer.objects.get(input=questionnaire, question__code="d").text.startswith("Falta")


def test_two_tabs_editing_the_same_answer_end_in_the_merge_view(page, questionnaire):
    sign_in(page, "luis", "pw-luis-1")
    page.goto(questionnaire.get_absolute_url())
    assert_accessible(page)
    other = page.context.new_page()
    other.checked_urls = page.checked_urls
    other.goto(questionnaire.get_absolute_url())

    answer_box(page, "a").fill("El objetivo 21 es prioritario por los retornos desde EE. UU.")
    expect(status_of(page, "a")).to_have_text(SAVED, timeout=15_000)

    answer_box(other, "a").fill("Prioridad: retorno y reintegración.")
    answer_box(other, "a").blur()
    merge_region = other.get_by_role("region", name="Dos versiones de este texto")
    expect(merge_region).to_be_visible(timeout=15_000)
    expect(merge_region).to_contain_text("El objetivo 21 es prioritario")
    expect(merge_region.get_by_label(re.compile("Su texto"))).to_have_value(
        "Prioridad: retorno y reintegración."
    )
    assert_accessible(other)
    merge_region.get_by_label(re.compile("Su texto")).fill(
        "El objetivo 21 es prioritario: retorno y reintegración."
    )
    merge_region.get_by_role("button", name="Guardar el texto combinado").click()
    expect(status_of(other, "a")).to_have_text(SAVED, timeout=15_000)
    answer = Answer.objects.get(input=questionnaire, question__code="a")
    assert answer.text == "El objetivo 21 es prioritario: retorno y reintegración."
    assert answer.version == 2
    other.close()


def test_programme_submit_return_revise_resubmit(page, questionnaire, tmp_path):
    sign_in(page, "luis", "pw-luis-1")
    page.goto(questionnaire.get_absolute_url())
    assert_accessible(page)
    for code in "abcd":
        answer_box(page, code).fill(f"Respuesta {code}.")
    answer_box(page, "a").focus()
    for code in "abcd":
        expect(status_of(page, code)).to_have_text(SAVED, timeout=15_000)

    page.get_by_role("link", name="Agregar un programa o acción").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^\s*Nombre")).fill("Programa Te Queremos en Casa")
    page.get_by_label(re.compile(r"^\s*Descripción")).fill("Recepción de personas retornadas.")
    page.get_by_label("Indicador (fila 1)").fill("Personas retornadas atendidas")
    page.get_by_label("Hombres (fila 1)").fill("1200")
    page.get_by_label("Mujeres (fila 1)").fill("800")
    page.get_by_label("Total (fila 1)").fill("2000")
    document = Path(tmp_path) / "informe.png"
    document.write_bytes(PNG)
    page.get_by_label(re.compile("Adjuntar un documento")).set_input_files(str(document))
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    # Exactly: "Proponer como buena práctica" beside it names the programme too.
    expect(
        page.get_by_role("link", name="Programa Te Queremos en Casa", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("link", name="informe.png")).to_be_visible()
    programme = Programme.objects.get()
    assert programme.statistics.get().total == 2000

    page.locator("a[href$='/submit/']").click()  # what will be sent, then confirm
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_role("button", name="Enviar a la coordinación").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(
        page.get_by_text(
            re.compile(r"^Enviado\. Sus coordinadores recibirán un resumen por correo")
        )
    ).to_be_visible()
    expect(answer_box(page, "a")).to_have_count(0)  # locked: no more text boxes
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_load_state("load")
    assert_accessible(page)

    sign_in(page, "ana", "pw-ana-1")
    page.goto(questionnaire.get_absolute_url())
    assert_accessible(page)
    page.get_by_label("Comentario sobre la pregunta b").fill("Indiquen el número de convenios.")
    page.get_by_label("Comentario sobre «Programa Te Queremos en Casa»").fill("Desglosen por edad.")
    page.get_by_role("button", name="Devolver con estos comentarios").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_load_state("load")
    assert_accessible(page)

    sign_in(page, "luis", "pw-luis-1")
    page.goto(questionnaire.get_absolute_url())
    assert_accessible(page)
    comments = page.locator(".comment")
    expect(comments.filter(has_text="Indiquen el número de convenios.")).to_be_visible()
    expect(comments.filter(has_text="Desglosen por edad.")).to_be_visible()
    answer_box(page, "b").fill("Se firmaron 3 convenios de retorno.")
    expect(status_of(page, "b")).to_have_text(SAVED, timeout=15_000)
    page.locator("a[href$='/submit/']").click()  # what will be sent, then confirm
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_role("button", name="Enviar a la coordinación").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    questionnaire.refresh_from_db()
    assert questionnaire.status == Input.Status.SUBMITTED
    timeline = page.get_by_role("region", name="Historial")
    expect(timeline.get_by_role("listitem")).to_have_count(4)
    expect(timeline).to_contain_text("Enviado → Devuelto")
    expect(timeline).to_contain_text("Indiquen el número de convenios.")


def test_programmes_imported_from_a_spreadsheet_after_a_rejected_row(page, questionnaire, tmp_path):
    sign_in(page, "luis", "pw-luis-1")
    page.goto(questionnaire.request.institution.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Importar programas desde una hoja de cálculo").click()
    assert_accessible(page)

    bad = tmp_path / "programas.csv"
    bad.write_text("name,objectives\nRetorno digno,21\nVentanilla,24\n", encoding="utf-8")
    page.get_by_label("Hoja de cálculo").set_input_files(bad)
    page.get_by_role("button", name="Ver la vista previa").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Fila 3, columna objetivos: No existe el objetivo 24: los objetivos van del 1 al 23."
    )
    assert_accessible(page)
    assert not Programme.objects.exists()

    good = tmp_path / "programas-bien.csv"
    good.write_text('name,objectives\nRetorno digno,21\nVentanilla,"1,21"\n', encoding="utf-8")
    page.get_by_label("Hoja de cálculo").set_input_files(good)
    page.get_by_role("button", name="Ver la vista previa").click()
    expect(page.get_by_role("table")).to_contain_text("Ventanilla")
    assert_accessible(page)
    assert not Programme.objects.exists()
    page.get_by_role("button", name="Confirmar la importación").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Importado: 2 programas nuevos"
    )
    assert_accessible(page)
    assert Programme.objects.count() == 2

    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar nuestro aporte en PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
