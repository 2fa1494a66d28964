"""The regional level, in Spanish: two countries of Latin America and the Caribbean
submit their reviews (the 2020 questionnaire, asked per thematic area); the regional
reviewer sees both, compares one objective across them, writes a cluster's overview,
and downloads both national PDFs and the regional synthesis; one country publishes
and its report appears on the public pages while the other's does not.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from objectives.models import Country, Objective
from reviews import selectors, services
from reviews.models import Programme, Question, RegionalReviewer
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.factories import answer_every_question
from tests.reviews.conftest import make_cycle

PASSWORD = "pw-regional-1"
# iso3: (coordinator, institution, its acronym, programmes: name → objectives, area 2's text)
COUNTRIES = {
    "MEX": (
        "jorge",
        "Instituto Nacional de Migración",
        "INM",
        {"Programa Héroes Paisanos": [21], "Estrategia Educación sin Fronteras": [7, 16]},
        "México fortaleció la protección consular en la frontera sur.",
    ),
    "SLV": (
        "carla",
        "Dirección General de Migración y Extranjería",
        "DGME",
        {"126 te orienta sin fronteras": [7, 14], "Programa El Salvador MÁS": [21]},
        "El Salvador amplió la atención a personas retornadas.",
    ),
}
OVERVIEW = "Los países comparten la atención a personas retornadas y en tránsito."


def _user(username, **fields):
    return get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, **fields
    )


def submitted_review(cycle, iso3):
    """A country's review made and submitted through the services: one institution
    answers every area and reports its programmes, the coordinator accepts and writes."""
    coordinator_name, name, acronym, programmes, text = COUNTRIES[iso3]
    country = Country.objects.get(iso3=iso3)
    coordinator = _user(coordinator_name)
    review = services.review_start(cycle=cycle, country=country, user=coordinator)
    institution = country.institutions.create(name=name, acronym=acronym)
    focal_point = _user(f"{acronym.lower()}.{iso3.lower()}")
    institution.focal_points.create(user=focal_point)
    # Asked about thematic areas 2, 3 and 5 (through their objectives): areas 1 and 4
    # stay gaps of the region, but for objective 23, which is in every area.
    request = services.institution_request_save(
        review=review,
        institution=institution,
        objectives=list(Objective.objects.filter(number__in=[7, 14, 16, 21])),
        mark_sent=True,
    )
    for programme_name, numbers in programmes.items():
        programme = Programme.objects.create(
            request=request, name=programme_name, description=programme_name
        )
        programme.objectives.set(Objective.objects.filter(number__in=numbers))
    for input in selectors.request_inputs(request=request):
        answer_every_question(input, focal_point)
        services.input_submit(input=input, user=focal_point)
        services.input_accept(input=input, user=coordinator)
    national = review.texts.get(key="group-2-a")
    services.text_save(text_id=national.pk, user=coordinator, text=text, base_version=0)
    services.review_submit(review=review, user=coordinator)
    return review


@pytest.fixture
def region(page):
    """A cycle of ECLAC asked per thematic area, Mexico's and El Salvador's reviews
    submitted, Guatemala's started only; Rosa reviews the region."""
    cycle = make_cycle("regional-2020")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.GROUP)
    reviews = {iso3: submitted_review(cycle, iso3) for iso3 in COUNTRIES}
    services.review_start(cycle=cycle, country=Country.objects.get(iso3="GTM"), user=_user("ana"))
    RegionalReviewer.objects.create(cycle=cycle, user=_user("rosa", first_name="Rosa"))
    return cycle, reviews


def download(page, link) -> bytes:
    response = page.request.get(link.get_attribute("href"))
    assert response.ok, response.status
    assert response.headers["content-type"] == "application/pdf"
    return response.body()


def text_of(pdf: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "no pdftotext: apt-get install poppler-utils"
    return subprocess.run(
        [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def make_pdf(page, button_name: str) -> str:
    """Ask for a PDF on the page, wait for it (the test's task backend renders at
    once), download it and read its text."""
    follow(page, page.get_by_role("button", name=button_name))
    link = page.get_by_role("link", name="Descargar el PDF")
    expect(link).to_be_visible()
    return text_of(download(page, link))


def reviewer_follows_and_compares(page, cycle, reviews):
    sign_in(page, "rosa", PASSWORD)
    # Her home is the region: every country, with its state.
    expect(page.get_by_role("heading", name="Países de la región")).to_be_visible()
    for country in ("México", "El Salvador"):
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=country))
        expect(row).to_contain_text("Enviada")
    guatemala = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Guatemala"))
    expect(guatemala).to_contain_text("En preparación")
    expect(guatemala.get_by_role("link")).to_have_count(0)  # nothing to read before submission
    costa_rica = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Costa Rica")
    )
    expect(costa_rica).to_contain_text("No iniciada")

    follow(page, page.get_by_role("link", name="Cobertura"))
    expect(page.get_by_role("heading", name="Brechas de la región")).to_be_visible()
    matrix = page.get_by_role("table", name=re.compile("Programas reportados"))
    for country in ("México", "El Salvador"):
        expect(matrix.get_by_role("rowheader", name=country)).to_be_visible()
    expect(matrix.get_by_role("rowheader", name="Guatemala")).to_have_count(0)

    follow(page, page.get_by_role("link", name="Comparar un objetivo"))
    page.get_by_label("Objetivo que comparar").select_option("7")
    follow(page, page.get_by_role("button", name="Comparar"))
    page.wait_for_url(f"**{reverse('reviews:region_compare', args=[cycle.pk, 7])}")
    mexico = page.get_by_role("region", name="México")
    salvador = page.get_by_role("region", name="El Salvador")
    expect(mexico).to_contain_text("Estrategia Educación sin Fronteras")
    expect(salvador).to_contain_text("126 te orienta sin fronteras")
    # Objective 7 is in thematic area 2: each country's text of the area is beside it.
    expect(mexico).to_contain_text(COUNTRIES["MEX"][4])
    expect(salvador).to_contain_text(COUNTRIES["SLV"][4])


def reviewer_writes_and_renders_the_synthesis(page, cycle) -> str:
    follow(page, page.get_by_role("link", name="Síntesis regional"))
    overview = page.get_by_label(re.compile("Panorama general: Área temática 2"))
    overview.fill(OVERVIEW)
    overview.blur()
    expect(page.locator("#status-r-group-2")).to_contain_text("Guardado a las")
    page.reload()
    assert_accessible(page)
    expect(page.get_by_label(re.compile("Panorama general: Área temática 2"))).to_have_value(
        OVERVIEW
    )
    return make_pdf(page, "Hacer el PDF de la síntesis")


def reviewer_downloads_a_national_pdf(page, cycle, iso3: str, layout: str) -> str:
    page.goto(reverse("reviews:region", args=[cycle.pk]))
    assert_accessible(page)
    country = {"MEX": "México", "SLV": "El Salvador"}[iso3]
    follow(page, page.get_by_role("link", name=f"Informes PDF · {country}"))
    page.get_by_label(layout).check()
    return make_pdf(page, "Hacer el PDF")


def coordinator_publishes(page, review):
    page.context.clear_cookies()
    sign_in(page, COUNTRIES["SLV"][0], PASSWORD)
    page.goto(reverse("reviews:report_home", args=[review.pk]))
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Publicar el informe"))
    expect(page.get_by_text(re.compile("El informe está publicado"))).to_be_visible()


def public_sees_only_the_published(page, reviews):
    page.context.clear_cookies()
    page.goto(reverse("public:index"))
    assert_accessible(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("El Salvador")
    expect(main).not_to_contain_text("México")
    follow(page, main.get_by_role("link", name=re.compile("El Salvador")).first)
    expect(page.get_by_role("main")).to_contain_text("El Salvador")
    for layout in ("imrf", "regional"):
        response = page.request.get(
            reverse("public:report", args=[reviews["MEX"].pk, layout]), fail_on_status_code=False
        )
        assert response.status == 404
    published = page.request.get(reverse("public:report", args=[reviews["SLV"].pk, "imrf"]))
    assert published.ok and "126 te orienta sin fronteras" in published.text()


def test_a_region_followed_compared_synthesised_and_published(page, region):
    cycle, reviews = region
    reviewer_follows_and_compares(page, cycle, reviews)
    synthesis = reviewer_writes_and_renders_the_synthesis(page, cycle)
    if os.environ.get("SCREENSHOTS"):
        Path(os.environ["SCREENSHOTS"], "synthesis.txt").write_text(synthesis)
    # The country material under its cluster, attributed; the overview; the gaps.
    area_2 = synthesis[synthesis.index("Panorama general") :]
    assert OVERVIEW in synthesis
    for name in ("126 te orienta sin fronteras", "Estrategia Educación sin Fronteras"):
        assert name in area_2
    assert re.search(r"126 te orienta sin fronteras\s*—\s*El Salvador", synthesis)
    assert re.search(r"Programa Héroes Paisanos\s*—\s*México", synthesis)
    gaps = synthesis[synthesis.index("Ningún país reportó sobre estos") :]
    assert "1. Datos" in gaps[:600] and "6. Contratación y trabajo decente" in gaps[:600]
    assert "7. Reducir vulnerabilidades" not in gaps[:600]
    mexico = reviewer_downloads_a_national_pdf(page, cycle, "MEX", "Informe nacional para el FEMI")
    assert "México" in mexico and "Programa Héroes Paisanos" in mexico
    salvador = reviewer_downloads_a_national_pdf(page, cycle, "SLV", "Cuestionario regional")
    assert "El Salvador" in salvador and "126 te orienta sin fronteras" in salvador
    coordinator_publishes(page, reviews["SLV"])
    public_sees_only_the_published(page, reviews)
