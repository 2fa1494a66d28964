"""A coordinator with many institutions, from an empty review to the draft PDF, in Spanish.

The coordinator imports ten institutions and their focal points from the
institutions sheet (invitations go out), asks one more objective in the ask
matrix; three focal points import programmes with challenges from their
programme sheet and send their forms; the coordinator accepts every form in
one go, assembles the first draft, and makes the national PDF, which names
every contributing institution under each objective it covered.
"""

import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from objectives.models import Country, Objective
from reviews import services
from reviews.models import (
    FocalPoint,
    Input,
    Institution,
    NationalCoordinator,
    NationalReview,
    Question,
    ReviewCycle,
)
from reviews.spreadsheets.resources import column_of
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.factories import answer_every_question
from tests.reviews.conftest import make_cycle

PASSWORD = "pw-bulk-review-1"
# acronym: (name, objectives asked about)
INSTITUTIONS = {
    "IGM": ("Instituto Guatemalteco de Migración", [1, 3, 4]),
    "RENAP": ("Registro Nacional de las Personas", [4, 21]),
    "MINEX": ("Ministerio de Relaciones Exteriores", [14, 19]),
    "MINTRAB": ("Ministerio de Trabajo y Previsión Social", [6]),
    "MSPAS": ("Ministerio de Salud Pública y Asistencia Social", [15]),
    "MINEDUC": ("Ministerio de Educación", [15, 16]),
    "PGN": ("Procuraduría General de la Nación", [7]),
    "SVET": ("Secretaría contra la Violencia Sexual, Explotación y Trata", [10]),
    "CONAMIGUA": ("Consejo Nacional de Atención al Migrante de Guatemala", [2, 23]),
    "INE": ("Instituto Nacional de Estadística", [1]),
}
ANSWERING = ["IGM", "MINEX", "RENAP"]  # import programmes and send their forms
MATRIX_EXTRA = ("MINEX", 21)  # asked in the matrix, beyond the sheet


@pytest.fixture
def review(page):
    """Guatemala's review in an IMRF cycle (questions asked per objective), with no
    institution yet; its coordinator Ana."""
    cycle = make_cycle("bulk-review", kind=ReviewCycle.Kind.IMRF, regional_commission=None)
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    # Only the questions per objective, as in seed 001: the general ones are the coordinator's.
    cycle.questions.filter(asked_per=Question.AskedPer.REVIEW).update(asked_to_institutions=False)
    review = NationalReview.objects.create(cycle=cycle, country=Country.objects.get(iso3="GTM"))
    coordinator = get_user_model().objects.create_user(
        "ana", "ana@example.org", PASSWORD, first_name="Ana"
    )
    NationalCoordinator.objects.create(review=review, user=coordinator)
    services.review_rows_sync(review=review)
    return review


def download(page, link) -> bytes:
    """The file a link serves, fetched with the page's session."""
    response = page.request.get(link.get_attribute("href"))
    assert response.ok, response.status
    return response.body()


def upload(page, tmp_path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.locator("input[type=file]").set_input_files(path)


def institutions_sheet(template: bytes) -> bytes:
    """The downloaded institutions template, with one row per institution and its focal point."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    assert sheet.max_row == 1, "a review with no institution has an empty template"
    for acronym, (name, numbers) in INSTITUTIONS.items():
        sheet.append(
            [
                name,
                acronym,
                "ministerio",
                "; ".join(str(n) for n in numbers),
                "",
                f"Punto {acronym}",
                "Focal",
                f"{acronym.lower()}@example.org",
                "principal",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def programme_sheet(template: bytes, acronym: str) -> bytes:
    """The institution's programme template, with one programme on its first objective
    and a challenge counted in the first two categories."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    programmes, challenges = book.worksheets[0], book.worksheets[1]
    headers = [column_of(cell.value) for cell in programmes[1]]  # titled in Spanish
    first = INSTITUTIONS[acronym][1][0]
    values = {
        "name": f"Programa de {acronym}",
        "kind": "programme",
        "objectives": str(first),
        "description": f"Lo que hace el programa de {acronym}.",
        "principles": "1; 4",
    }
    programmes.append([values.get(header, "") for header in headers])
    width = challenges.max_column
    challenges.append(
        [f"Programa de {acronym}", f"Desafío del programa de {acronym}.", "x", "x"]
        + [""] * (width - 4)
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def coordinator_imports_institutions(page, review, tmp_path) -> None:
    sign_in(page, "ana", PASSWORD)  # a single review: straight to it
    expect(page.get_by_role("heading", level=1)).to_contain_text("Guatemala")
    follow(page, page.get_by_role("link", name="Importar instituciones y puntos focales"))
    sheet = institutions_sheet(
        download(page, page.get_by_role("link", name="Descargar la hoja (XLSX)"))
    )
    upload(page, tmp_path, "instituciones.xlsx", sheet)
    follow(page, page.get_by_role("button", name="Ver la vista previa"))
    expect(page.get_by_text("Instituciones: 10 por crear")).to_be_visible()
    expect(page.get_by_text("Puntos focales: 10 por invitar")).to_be_visible()
    follow(page, page.get_by_role("button", name="Confirmar la importación"))
    expect(page.get_by_text(re.compile(r"Importado: 10 instituciones creadas"))).to_be_visible()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"{acronym.lower()}@example.org" for acronym in INSTITUTIONS
    )
    assert review.requests.filter(sent_at__isnull=False).count() == len(INSTITUTIONS)


def coordinator_asks_in_the_matrix(page, review) -> None:
    follow(page, page.get_by_role("link", name=re.compile("^A quién se consulta sobre qué")))
    acronym, number = MATRIX_EXTRA
    name = INSTITUTIONS[acronym][0]
    cell = page.get_by_label(f"{name} ({acronym}) — objetivo {number}", exact=True)
    expect(cell).not_to_be_checked()
    cell.check()
    follow(page, page.get_by_role("button", name="Guardar", exact=True))
    expect(page.get_by_text("1 consultada sobre otros objetivos", exact=False)).to_be_visible()
    asked = review.requests.get(institution__acronym=acronym).objectives
    assert number in set(asked.values_list("number", flat=True))
    follow(page, page.get_by_role("button", name="Cerrar sesión"))


def focal_point_imports_programmes(page, acronym: str, tmp_path) -> None:
    """Through the programme sheet, then every form of the institution sent."""
    user = FocalPoint.objects.get(institution__acronym=acronym).user
    user.set_password(PASSWORD)  # as the invitation's link would have them do
    user.save()
    sign_in(page, user.username, PASSWORD)
    follow(page, page.get_by_role("link", name="Importar programas desde una hoja de cálculo"))
    template = download(page, page.get_by_role("link", name="Descargar la plantilla (XLSX)"))
    upload(page, tmp_path, f"programas-{acronym}.xlsx", programme_sheet(template, acronym))
    follow(page, page.get_by_role("button", name="Ver la vista previa"))
    expect(page.get_by_text("1 programa nuevo")).to_be_visible()
    follow(page, page.get_by_role("button", name="Confirmar la importación"))
    programme = user.focal_point_roles.get().institution.requests.get().programmes.get()
    assert programme.challenges.get().categories.count() == 2
    assert sorted(programme.principles.values_list("number", flat=True)) == [1, 4]
    # Sending each form is walked in other journeys; here it goes through the services.
    for input in Input.objects.filter(request__institution__acronym=acronym):
        answer_every_question(
            input, user, text=lambda a, acronym=acronym: f"{acronym}: {a.question.code}."
        )
        services.input_submit(input=input, user=user)
    follow(page, page.get_by_role("button", name="Cerrar sesión"))


def coordinator_accepts_assembles_and_renders(page, review) -> str:
    sign_in(page, "ana", PASSWORD)
    waiting = Input.objects.filter(request__review=review, status=Input.Status.SUBMITTED).count()
    follow(page, page.get_by_role("link", name=f"Aceptar aportes enviados ({waiting})"))
    boxes = page.get_by_role("checkbox")
    expect(boxes).to_have_count(waiting)
    for box in boxes.all():
        box.check()
    follow(page, page.get_by_role("button", name="Aceptar los aportes marcados"))
    expect(page.get_by_text(f"{waiting} aportes aceptados.")).to_be_visible()
    assert not Input.objects.filter(request__review=review, status=Input.Status.SUBMITTED).exists()

    page.goto(reverse("reviews:progress", args=[review.pk]))
    assert_accessible(page)
    follow(page, page.get_by_role("link", name=re.compile("primer borrador")).first)
    follow(page, page.get_by_role("button", name="Redactar el primer borrador"))
    expect(page.get_by_text(re.compile("tienen? ahora un primer borrador"))).to_be_visible()

    page.goto(reverse("reviews:report_home", args=[review.pk]))
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Hacer el PDF"))
    pdf = download(page, page.get_by_role("link", name="Descargar el PDF"))
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "no pdftotext: apt-get install poppler-utils"
    return subprocess.run(
        [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def objective_sections(text: str) -> dict[int, str]:
    """Each objective's section of the report's text, by number."""
    starts = [
        (int(match.group(1)), match.start())
        for match in re.finditer(r"^\f?Objetivo (\d+)\b", text, re.MULTILINE)  # \f: a new page
    ]
    sections: dict[int, str] = {}
    for (number, start), (_next, end) in zip(starts, starts[1:] + [(0, len(text))], strict=True):
        sections[number] = sections.get(number, "") + text[start:end]
    return sections


def test_a_review_of_ten_institutions_set_up_accepted_and_drafted_in_bulk(page, review, tmp_path):
    coordinator_imports_institutions(page, review, tmp_path)
    coordinator_asks_in_the_matrix(page, review)
    for acronym in ANSWERING:
        focal_point_imports_programmes(page, acronym, tmp_path)
    text = coordinator_accepts_assembles_and_renders(page, review)

    sections = objective_sections(text)
    covered = {}
    for acronym in ANSWERING:
        numbers = set(INSTITUTIONS[acronym][1])
        if acronym == MATRIX_EXTRA[0]:
            numbers.add(MATRIX_EXTRA[1])
        for number in numbers:
            covered.setdefault(number, set()).add(acronym)
    assert covered, "the journey covered no objective"
    for number, acronyms in covered.items():
        section = " ".join(sections[number].split())
        for acronym in acronyms:
            name = Institution.objects.get(acronym=acronym).name
            assert name in section, f"objective {number} does not name {name}"
            assert f"{acronym}: a." in section, f"objective {number} lacks {acronym}'s answer a"
    # Never "no institution contributed" where institutions did.
    for number in covered:
        assert "No hay aportes sobre este objetivo" not in sections[number]
        assert "Aún no consolidado" not in sections[number]  # the first draft filled it
    assert Objective.objects.count() == 23
