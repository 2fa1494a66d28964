"""The region's workbook: every country with its state and deadline; coverage,
challenges and programmes read from the submitted reviews only; numbers as numbers,
dates as dates, headers in the reader's language, what people typed never a formula."""

import datetime
import io

import openpyxl
import pytest
from django.utils import translation

from objectives.models import ChallengeCategory
from reviews.models import Input, NationalReview, Programme
from reviews.spreadsheets.region import COVERED_BY_ANSWERS, region_workbook
from tests.factories import (
    InstitutionFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ProgrammeFactory,
    ReviewCycleFactory,
    country,
    objective,
)

pytestmark = pytest.mark.django_db

Kind = Programme.Kind


def _review(cycle, iso3, institution_name, acronym, programmes, *, submitted=True, **fields):
    review = NationalReviewFactory(cycle=cycle, country=country(iso3), **fields)
    institution = InstitutionFactory(country=review.country, name=institution_name, acronym=acronym)
    request = InstitutionRequestFactory(review=review, institution=institution)
    for name, kind, numbers in programmes:
        ProgrammeFactory(
            request=request, name=name, kind=kind, objectives=[objective(n) for n in numbers]
        )
    if submitted:
        review.status = NationalReview.Status.SUBMITTED
        review.save(update_fields=["status"])
    return review


@pytest.fixture
def region():
    """Mexico and El Salvador submitted (Mexico with its own deadline); Guatemala
    collecting, with a programme that must not be exported."""
    cycle = ReviewCycleFactory()
    _review(
        cycle,
        "MEX",
        "Secretaría de Relaciones Exteriores",
        "SRE",
        [
            ("Programa Paisano", Kind.GOOD_PRACTICE, [7, 14]),
            ("Política Integral", Kind.POLICY, [7]),
        ],
        plan_submission=datetime.date(2026, 12, 1),
    )
    _review(
        cycle,
        "SLV",
        '=HYPERLINK("http://x","Ministerio")',  # typed by someone: never a formula
        "",
        [("@SUM(1+1)", Kind.TOOL, [14]), ("126 te orienta", Kind.PROGRAMME, [3, 14])],
    )
    _review(
        cycle, "GTM", "Ministerio GT", "MINEX", [("Borrador GT", Kind.TOOL, [7])], submitted=False
    )
    return cycle


def _open(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_has_its_sheets_in_the_readers_language(region):
    with translation.override("es"):
        book = _open(region_workbook(region))
    assert book.sheetnames == ["Países", "Cobertura", "Retos", "Programas"]
    assert _rows(book["Países"])[0] == ["País", "Estado", "Fecha límite"]
    assert _rows(book["Programas"])[0] == ["País", "Institución", "Programa", "Tipo", "Objetivos"]
    with translation.override("en"):
        book = _open(region_workbook(region))
    assert book.sheetnames == ["Countries", "Coverage", "Challenges", "Programmes"]
    assert _rows(book["Coverage"])[0][:3] == ["Country", "1", "2"]


def test_the_countries_sheet_lists_every_country_with_a_date(region):
    with translation.override("en"):
        rows = {row[0]: row for row in _rows(_open(region_workbook(region))["Countries"])[1:]}
    assert len(rows) == region.countries().count() == 33
    assert rows["Mexico"][1] == "Submitted"
    assert rows["Guatemala"][1] == "Preparing"  # started, not submitted
    assert rows["Costa Rica"][1] == "Not started"
    # Dates are dates: the national submission of Mexico's plan, the cycle's deadline
    # for the countries without a review.
    assert rows["Mexico"][2] == datetime.datetime(2026, 12, 1)
    assert rows["Costa Rica"][2] == datetime.datetime.combine(region.deadline, datetime.time())


def test_coverage_counts_the_submitted_programmes_as_numbers(region):
    with translation.override("en"):
        sheet = _open(region_workbook(region))["Coverage"]
    rows = {row[0]: row for row in _rows(sheet)[1:]}
    assert set(rows) == {"El Salvador", "Mexico", "Countries covering it", "Programmes"}
    mexico, salvador = rows["Mexico"], rows["El Salvador"]
    # Column n is objective n.
    assert (mexico[7], mexico[14], mexico[1]) == (2, 1, 0)
    assert (salvador[3], salvador[14], salvador[7]) == (1, 2, 0)  # Guatemala's 7 not counted
    assert rows["Countries covering it"][7] == 1 and rows["Countries covering it"][14] == 2
    assert rows["Programmes"][14] == 3 and rows["Programmes"][7] == 2
    for row in sheet.iter_rows(min_row=2, min_col=2):
        assert all(cell.data_type == "n" for cell in row)  # never a localised text
    assert isinstance(mexico[7], int)


def test_coverage_marks_an_objective_covered_by_answers_alone():
    """A submitted input about objective 9 covers it without any programme: marked, not 0."""
    cycle = ReviewCycleFactory()
    review = NationalReviewFactory(cycle=cycle, country=country("MEX"))
    request = InstitutionRequestFactory(review=review, objectives=[objective(9)])
    Input.objects.filter(request=request).update(status=Input.Status.SUBMITTED)
    review.status = NationalReview.Status.SUBMITTED
    review.save(update_fields=["status"])
    with translation.override("en"):
        rows = _rows(_open(region_workbook(cycle))["Coverage"])
    mexico = next(row for row in rows if row[0] == "Mexico")
    assert mexico[9] == COVERED_BY_ANSWERS
    assert mexico[1] == 0
    assert next(row for row in rows if row[0] == "Countries covering it")[9] == 1


def test_challenges_are_summed_by_category(region):
    with translation.override("en"):
        rows = _rows(_open(region_workbook(region))["Challenges"])
    assert rows[0] == ["Category", "El Salvador", "Mexico", "Region"]
    first = ChallengeCategory.objects.order_by("number").first()
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name[first.name_en] == [2, 2, 4]  # one challenge per programme
    assert len(by_name) == ChallengeCategory.objects.count()


def test_programmes_of_submitted_reviews_only_and_never_a_formula(region):
    with translation.override("en"):
        sheet = _open(region_workbook(region))["Programmes"]
    rows = _rows(sheet)[1:]
    assert [row[2] for row in rows] == [
        "126 te orienta",
        "@SUM(1+1)",
        "Política Integral",
        "Programa Paisano",
    ]
    paisano = rows[3]
    assert paisano == [
        "Mexico",
        "Secretaría de Relaciones Exteriores",
        "Programa Paisano",
        "Good practice",
        "7; 14",
    ]
    assert "Borrador GT" not in {row[2] for row in rows}
    assert "Ministerio GT" not in {row[1] for row in rows}
    # What people typed is text, marked so: no cell runs as a formula.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in "=@":
                assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert sum(1 for row in rows if row[1].startswith("=HYPERLINK")) == 2


def test_a_cycle_with_no_submitted_review_exports_its_countries_only():
    cycle = ReviewCycleFactory()
    _review(
        cycle, "GTM", "Ministerio GT", "MINEX", [("Borrador GT", Kind.TOOL, [7])], submitted=False
    )
    with translation.override("en"):
        book = _open(region_workbook(cycle))
    assert len(_rows(book["Countries"])) == 34
    assert _rows(book["Programmes"]) == [
        ["Country", "Institution", "Programme", "Kind", "Objectives"]
    ]
    assert [row[0] for row in _rows(book["Coverage"])] == [
        "Country",
        "Countries covering it",
        "Programmes",
    ]
