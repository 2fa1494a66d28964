"""Both shapes of the questionnaire, from the focal points' forms to both national reports.

Questions a–d asked once per thematic area (a regional cycle: the 2020
questionnaire, seed 000) or once per objective (an IMRF cycle, seed 001); 7, 8
and 10 asked once per review to the institutions too. Two institutions answer
two units and the general questions in the browser and submit them; the
coordinator inserts every answer into the national texts, writes the
methodology, opens the validation and submits through the confirmation page.
Both PDF reports then print every inserted answer exactly once, in its place.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from objectives.models import Country, Objective, ThematicArea
from reviews import selectors, services
from reviews.models import (
    FocalPoint,
    Input,
    Institution,
    NationalCoordinator,
    NationalReview,
    NationalText,
    Question,
    ReviewCycle,
)
from reviews.rendering.pdf import report_pdf
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.reviews.conftest import make_cycle

SAVED = re.compile(r"Guardado a las \d\d:\d\d")
PASSWORD = "pw-instruments-1"
INSTITUTIONS = {  # in the order the coordinator's pages list them (by name)
    "IGM": "Instituto Guatemalteco de Migración",
    "RENAP": "Registro Nacional de las Personas",
}
CODES = ("a", "b", "c", "d")
GENERAL = ("7", "8", "10")  # asked to the institutions once per review
METHODOLOGY = "Metodología de Guatemala: la coordinación consultó a dos instituciones."
ANSWER_9 = "Respuesta nacional 9: mesas de trabajo con la sociedad civil."


@dataclass(frozen=True)
class Shape:
    name: str
    asked_per: str
    kind: str
    units: tuple[int, int]  # thematic areas, or objectives, in the order they are answered

    @property
    def per_area(self) -> bool:
        return self.asked_per == Question.AskedPer.GROUP

    def tag(self, unit: int) -> str:
        return f"A{unit}" if self.per_area else f"O{unit}"

    def label(self, unit: int) -> str:
        """The unit as the portal names it ("Área temática 3: …", "Objetivo 21: …")."""
        if self.per_area:
            return f"Área temática {unit}: {ThematicArea.objects.get(number=unit).title_es}"
        return f"Objetivo {unit}: {Objective.objects.get(number=unit).short_label_es}"

    def covered(self) -> set[int]:
        """The objectives the submitted answers cover (through their area, per area)."""
        if not self.per_area:
            return set(self.units)
        return {
            objective.number
            for objective in Objective.objects.filter(thematic_areas__number__in=self.units)
        }


AREAS = Shape("areas", Question.AskedPer.GROUP, ReviewCycle.Kind.REGIONAL, (3, 5))
OBJECTIVES = Shape("objectives", Question.AskedPer.OBJECTIVE, ReviewCycle.Kind.IMRF, (21, 4))


def answer_text(acronym: str, where: str, code: str) -> str:
    """Distinct and recognisable: "IGM-A3-b: …" (area 3), "RENAP-O21-a: …" (objective 21),
    "IGM-G-7: …" (the general questions)."""
    return f"{acronym}-{where}-{code}: respuesta de {acronym} número {code} en {where}."


def question_answers(where: str, code: str) -> list[str]:
    """Both institutions' answers to one question of a unit, as inserted: IGM, then RENAP."""
    return [answer_text(acronym, where, code) for acronym in INSTITUTIONS]


def unit_answers(shape: Shape, unit: int) -> list[str]:
    """A unit's answers in the order the coordinator inserts them, hence prints them."""
    where = shape.tag(unit)
    if shape.per_area:  # one national text per question: IGM, then RENAP
        return [answer for code in CODES for answer in question_answers(where, code)]
    return [answer_text(acronym, where, code) for acronym in INSTITUTIONS for code in CODES]


def general_answers(code: str) -> list[str]:
    return question_answers("G", code)


@pytest.fixture(params=[AREAS, OBJECTIVES], ids=lambda shape: f"per-{shape.name}")
def shape(request):
    return request.param


@pytest.fixture
def review(page, shape):
    """Guatemala's review in a cycle of the shape; IGM and RENAP asked about all 23 objectives."""
    User = get_user_model()
    guatemala = Country.objects.get(iso3="GTM")
    cycle = make_cycle(
        f"instruments-{shape.name}",
        kind=shape.kind,
        **({} if shape.kind == ReviewCycle.Kind.REGIONAL else {"regional_commission": None}),
    )
    services.questionnaire_create_default(cycle=cycle, asked_per=shape.asked_per)
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    coordinator = User.objects.create_user("ana", "ana@example.org", PASSWORD, first_name="Ana")
    NationalCoordinator.objects.create(review=review, user=coordinator)
    for acronym, name in INSTITUTIONS.items():
        institution = Institution.objects.create(country=guatemala, name=name, acronym=acronym)
        user = User.objects.create_user(acronym.lower(), f"{acronym.lower()}@example.org", PASSWORD)
        FocalPoint.objects.create(institution=institution, user=user)
        services.institution_request_save(
            review=review, institution=institution, objectives=[], mark_sent=True
        )
    services.review_rows_sync(review=review)  # as review_start does
    return review


def saved(page, box):
    """The autosave status beside a text box."""
    return page.locator("form.autosave", has=box).get_by_role("status")


def answer_box(page, code):
    return page.get_by_role("textbox", name=re.compile(rf"^{code}\. "))


def type_text(page, box, text: str) -> None:
    """Type into an autosaved box and leave it (it saves now, not in three seconds)."""
    box.fill(text)
    box.blur()
    expect(saved(page, box)).to_have_text(SAVED, timeout=15_000)


def answer_and_submit(page, acronym: str, answers: dict[str, str]) -> None:
    """On an input's page: type each answer and wait for its autosave, then submit.

    One save at a time: the test database (SQLite in memory) refuses concurrent
    writers at once, and the page then retries only five seconds later."""
    for code, text in answers.items():
        type_text(page, answer_box(page, code), text)
    follow(page, page.locator("a[href$='/submit/']"))  # what will be sent, then confirm
    follow(page, page.get_by_role("button", name="Enviar a la coordinación"))
    expect(
        page.get_by_text(
            re.compile(r"^Enviado\. Sus coordinadores recibirán un resumen por correo")
        )
    ).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)  # locked
    breadcrumb = page.get_by_role("navigation", name="Ruta de navegación")
    follow(page, breadcrumb.get_by_role("link", name=f"{INSTITUTIONS[acronym]} ({acronym})"))


def focal_point_answers(page, shape: Shape, acronym: str) -> None:
    """A focal point answers two units and the general questions, and submits the three forms."""
    sign_in(page, acronym.lower(), PASSWORD)  # lands on the institution's page
    forms = page.get_by_role("table", name="Lo que se consulta a su institución")
    for unit in shape.units:
        if shape.per_area:
            name = shape.label(unit)
        else:
            label = Objective.objects.get(number=unit).short_label_es
            name = re.compile(rf"^{unit}\.\s*{re.escape(label)}$")
        follow(page, forms.get_by_role("link", name=name))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        answers = {code: answer_text(acronym, shape.tag(unit), code) for code in CODES}
        answer_and_submit(page, acronym, answers)
    follow(page, forms.get_by_role("link", name="Preguntas generales sobre la revisión"))
    answer_and_submit(page, acronym, {code: answer_text(acronym, "G", code) for code in GENERAL})
    follow(page, page.get_by_role("button", name="Cerrar sesión"))


def insert(page, editor, button_name: str, text: str) -> None:
    """Press "Insertar en el texto nacional" and wait until the passage is in the editor
    (one at a time: the editor's queue of saves keeps only the last one waiting)."""
    expect(page.get_by_text(text, exact=True)).to_be_visible()
    page.get_by_role(
        "button", name=f"Insertar en el texto nacional · {button_name}", exact=True
    ).click()
    expect(editor).to_have_value(re.compile(re.escape(text)))
    expect(saved(page, editor)).to_have_text(SAVED)


def consolidate_unit(page, review, shape: Shape, unit: int) -> None:
    """On the unit's page, insert every answer of both institutions into its national text."""
    if shape.per_area:
        for code in CODES:
            editor = page.get_by_role(
                "textbox", name=f"Respuesta nacional a la pregunta {unit}.{code}", exact=True
            )
            for acronym, name in INSTITUTIONS.items():
                text = answer_text(acronym, shape.tag(unit), code)
                insert(page, editor, f"{name} ({acronym}), {unit}.{code}", text)
            stored = NationalText.objects.get(review=review, key=f"group-{unit}-{code}")
            assert stored.text == "\n\n".join(question_answers(shape.tag(unit), code))
    else:
        editor = page.get_by_role("textbox", name="Texto nacional", exact=True)
        for acronym, name in INSTITUTIONS.items():
            for code in CODES:
                text = answer_text(acronym, shape.tag(unit), code)
                insert(page, editor, f"{name} ({acronym}), {code}", text)
        stored = NationalText.objects.get(review=review, key=f"objective-{unit}")
        assert stored.text == "\n\n".join(unit_answers(shape, unit))
    assert_accessible(page)


def coordinator_consolidates_and_submits(page, review, shape: Shape) -> None:
    sign_in(page, "ana", PASSWORD)  # lands on the review's page
    workspace = page.get_by_role("navigation", name="Espacio de trabajo de la revisión")
    follow(page, workspace.get_by_role("link", name="Avance"))
    matrix = page.get_by_role(
        "table", name="Estado del formulario de cada institución en cada unidad del cuestionario"
    )
    for acronym in INSTITUTIONS:
        for unit in shape.units:
            cell = f"{acronym}, {shape.label(unit)}: Enviado"
            expect(matrix.get_by_role("link", name=cell, exact=True)).to_be_visible()
        cell = f"{acronym}, Preguntas generales sobre la revisión: Enviado"
        expect(matrix.get_by_role("link", name=cell, exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Formularios enviados: 6 de \d+\.$"))).to_be_visible()

    for unit in shape.units:
        if shape.per_area and "/areas/" in page.url:
            areas = page.get_by_role("navigation", name="Áreas temáticas")
            follow(page, areas.get_by_role("link", name=f"Área temática {unit}", exact=True))
        else:
            if "/progress/" not in page.url:
                follow(page, workspace.get_by_role("link", name="Avance"))
            header = matrix.get_by_role("columnheader", name=shape.label(unit), exact=True)
            follow(page, header.get_by_role("link"))
        expect(page.get_by_role("heading", level=1)).to_have_text(shape.label(unit))
        consolidate_unit(page, review, shape, unit)

    follow(page, workspace.get_by_role("link", name="Secciones transversales"))
    for code in GENERAL:
        editor = page.get_by_role("textbox", name=f"Respuesta a la pregunta {code}", exact=True)
        for acronym, name in INSTITUTIONS.items():
            insert(page, editor, f"{name} ({acronym}), {code}", answer_text(acronym, "G", code))
    type_text(page, page.get_by_role("textbox", name="Metodología", exact=True), METHODOLOGY)
    type_text(
        page, page.get_by_role("textbox", name="Respuesta a la pregunta 9", exact=True), ANSWER_9
    )
    assert_accessible(page)

    follow(page, workspace.get_by_role("link", name="Borrador y validación"))
    follow(
        page,
        page.get_by_role("button", name="Abrir el borrador a las instituciones para su validación"),
    )
    expect(page.get_by_text(unit_answers(shape, shape.units[0])[0], exact=True)).to_be_visible()

    follow(page, page.get_by_role("link", name="Revisar lo que falta y enviar la revisión"))
    # Three units of five (per area), or 21 objectives of 23, were never answered.
    expect(
        page.get_by_role("heading", name="Instituciones que no han enviado todo")
    ).to_be_visible()
    page.get_by_label("Revisé el borrador; bloquear la revisión y marcarla como enviada").check()
    follow(page, page.get_by_role("button", name="Enviar y bloquear la revisión"))
    expect(page.get_by_text("La revisión se marcó como enviada")).to_be_visible()
    review.refresh_from_db()
    assert review.status == NationalReview.Status.SUBMITTED


def pdf_text(review, layout: str) -> str:
    """The report's words, in reading order, on one line (headings wrap; paragraphs too)."""
    content = report_pdf(review, layout, "es").content
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "no pdftotext: apt-get install poppler-utils"
    text = subprocess.run(
        [pdftotext, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.replace("\ufb01", "fi").replace("\ufb02", "fl").split())


def after(text: str, needle: str, start: int) -> int:
    """Where ``needle`` first appears from ``start`` on (a failure names what is missing)."""
    position = text.find(needle, start)
    assert position >= 0, f"{needle!r} is not in the report after position {start}"
    return position


def question_heading(review, code: str, area: int | None = None) -> str:
    """The first words of a question as the reports print them: "7. ¿Qué desafíos de",
    or in a thematic area (group_head.html) "3.b. ¿Qué estrategias, políticas,"."""
    question = review.cycle.questions.get(code=code)
    number = f"{area}.{code}" if area else code
    return f"{number}. {' '.join(question.text_es.split()[:3])}"


def assert_in_order(text: str, needles: list[str], start: int, end: int) -> None:
    positions = [after(text, needle, start) for needle in needles]
    assert positions == sorted(positions), f"not in this order: {needles}"
    assert all(start < p < end for p in positions), f"not between {start} and {end}: {needles}"


def without_input(text: str) -> set[int]:
    """The objectives the IMRF report calls "without input from the institutions"."""
    found = re.search(r"Objetivos sin aportes de las instituciones: ([\d, ]+)\.", text)
    return {int(n) for n in found.group(1).split(", ")} if found else set()


def gaps(text: str) -> set[int]:
    """The objectives the executive summary (annex 1) says nobody has covered."""
    found = re.search(r"Brechas, objetivos que nadie ha cubierto: (.*?)\. Objetivos sin", text)
    return {int(n) for n in re.findall(r"(?:^|; )(\d+)\. ", found.group(1))} if found else set()


def assert_every_answer_once(text: str, answers: list[str]) -> None:
    counts = {answer: text.count(answer) for answer in answers}
    assert all(n == 1 for n in counts.values()), {a: n for a, n in counts.items() if n != 1}


def assert_objective_sections_have_input(text: str, covered: set[int], start: int, end: int):
    """No covered objective is printed as "No hay aportes sobre este objetivo."."""
    for number in covered:
        label = Objective.objects.get(number=number).short_label_es
        heading = f"Objetivo {number}: {label}"
        position = text.find(heading, start)
        while 0 <= position < end:
            following = text.find("Objetivo ", position + len(heading))
            section = text[position : following if following > 0 else end]
            assert "No hay aportes sobre este objetivo." not in section, heading
            position = text.find(heading, position + 1)


def assert_regional_report(review, shape: Shape, text: str, answers: list[str]) -> None:
    assert_every_answer_once(text, answers)
    body = after(text, "Anexo 3: programas y acciones por objetivo", 0)  # after the contents
    end = after(text, "Anexo 1: resumen ejecutivo", body)
    areas = {
        n: after(text, f"Área temática {n}: {ThematicArea.objects.get(number=n).title_es}", body)
        for n in range(1, 6)
    }
    principles = after(text, question_heading(review, "6"), areas[5])
    next_area = {n: areas.get(n + 1, principles) for n in areas}
    for unit in shape.units:
        if shape.per_area:
            for code in CODES:
                heading = after(text, question_heading(review, code, unit), areas[unit])
                answers = question_answers(shape.tag(unit), code)
                assert_in_order(text, answers, heading, next_area[unit])
        else:  # the objective's section, under the area that holds it
            area = Objective.objects.get(number=unit).thematic_areas.get().number
            heading = after(text, shape.label(unit), areas[area])
            following = text.find("Objetivo ", heading + 1)  # the next objective's section
            stop = min(following, next_area[area]) if following > 0 else next_area[area]
            assert_in_order(text, unit_answers(shape, unit), heading, stop)
    cross_cutting = after(text, "Preguntas transversales", principles)
    for code in GENERAL:
        heading = after(text, question_heading(review, code), cross_cutting)
        assert_in_order(text, general_answers(code), heading, end)
    assert_in_order(
        text, [ANSWER_9], after(text, question_heading(review, "9"), cross_cutting), end
    )
    assert_in_order(
        text, [METHODOLOGY], after(text, "Otras secciones del informe nacional", cross_cutting), end
    )
    assert_objective_sections_have_input(text, shape.covered(), body, end)
    assert gaps(text) == set(range(1, 24)) - shape.covered()


def assert_imrf_report(review, shape: Shape, text: str, answers: list[str]) -> None:
    assert_every_answer_once(text, answers)
    body = after(text, "Anexo 3: programas y acciones por objetivo", 0)  # after the contents
    sections = [
        after(text, heading, body)
        for heading in (
            "1. Metodología",
            "2. Política y entorno propicio",
            "3. Avances en los objetivos",
            "4. Medios de implementación",
            "5. Próximos pasos",
        )
    ]
    assert sections == sorted(sections)
    methodology, policy, objectives, means, next_steps = sections
    assert_in_order(text, [METHODOLOGY], methodology, policy)
    assert_in_order(
        text, [ANSWER_9], after(text, question_heading(review, "9"), methodology), policy
    )
    for code in ("7", "8"):
        heading = after(text, question_heading(review, code), policy)
        assert_in_order(text, general_answers(code), heading, objectives)
    heading = after(text, question_heading(review, "10"), means)
    assert_in_order(text, general_answers("10"), heading, next_steps)
    if shape.per_area:
        areas = [after(text, shape.label(unit), objectives) for unit in shape.units]
        assert areas == sorted(areas)
        for unit, start, stop in zip(shape.units, areas, [*areas[1:], means], strict=True):
            for code in CODES:
                heading = after(text, question_heading(review, code, unit), start)
                assert_in_order(text, question_answers(shape.tag(unit), code), heading, stop)
    else:
        for unit in shape.units:
            heading = after(text, shape.label(unit), objectives)
            following = after(text, f"Objetivo {unit + 1}: ", heading)
            assert_in_order(text, unit_answers(shape, unit), heading, following)
    uncovered = without_input(text[objectives:means])
    assert not uncovered & shape.covered(), sorted(uncovered & shape.covered())
    assert uncovered == set(range(1, 24)) - shape.covered()
    assert_objective_sections_have_input(text, shape.covered(), objectives, means)
    assert gaps(text) == set(range(1, 24)) - shape.covered()


def test_both_institutions_answers_reach_both_reports_once_and_in_place(page, shape, review):
    page.set_viewport_size({"width": 1366, "height": 768})
    for acronym in INSTITUTIONS:
        focal_point_answers(page, shape, acronym)
    assert Input.objects.filter(
        request__review=review, status=Input.Status.SUBMITTED
    ).count() == 2 * (len(shape.units) + 1)

    coordinator_consolidates_and_submits(page, review, shape)

    answers = [
        *(answer for unit in shape.units for answer in unit_answers(shape, unit)),
        *(answer for code in GENERAL for answer in general_answers(code)),
    ]
    assert_regional_report(review, shape, pdf_text(review, "regional"), answers)
    assert_imrf_report(review, shape, pdf_text(review, "imrf"), answers)


@pytest.mark.parametrize("shape", [AREAS], ids=["per-areas"])
def test_objective_page_does_not_say_nobody_reported_what_its_area_received(page, shape, review):
    """Per area, an objective's answers are its area's: both institutions answered area 3,
    so the page of objective 21 (linked from the area's page) must not say that nobody
    reported on it, nor that nobody was asked about it."""
    for request in review.requests.select_related("institution"):
        input = request.inputs.get(group_number=3)
        user = request.institution.focal_points.get().user
        for answer in selectors.input_answers(input=input):
            services.answer_save(
                answer_id=answer.pk,
                user=user,
                text=answer_text(request.institution.acronym, "A3", answer.question.code),
                not_applicable=False,
                reason="",
                base_version=answer.version,
            )
        services.input_submit(input=input, user=user)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "ana", PASSWORD)
    workspace = page.get_by_role("navigation", name="Espacio de trabajo de la revisión")
    follow(page, workspace.get_by_role("link", name="Avance"))
    objective_21 = page.get_by_role("rowheader", name=re.compile(r"^21\."))
    expect(objective_21.get_by_text("a través de su área")).to_be_visible()
    follow(page, workspace.get_by_role("link", name="Áreas temáticas"))
    areas = page.get_by_role("navigation", name="Áreas temáticas")
    follow(page, areas.get_by_role("link", name="Área temática 3", exact=True))
    expect(page.get_by_text(answer_text("RENAP", "A3", "b"), exact=True)).to_be_visible()

    follow(page, page.get_by_role("link", name=re.compile(r"^21\.\s*Colaborar para facilitar")))
    expect(page.get_by_role("heading", level=1)).to_have_text(OBJECTIVES.label(21))
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Ninguna institución ha informado sobre este objetivo")
    expect(main).not_to_contain_text("No se consultó a ninguna institución sobre este objetivo.")
