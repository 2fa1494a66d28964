"""What people typed never runs as a formula in a spreadsheet (issue 14, hole 11).

The escaping missed a leading space and the full-width ＝＋－＠, which Excel
also reads as the start of a formula. Every exported cell whose first
character, or first after spaces, starts a formula, or that begins with a tab
or carriage return, is text in the XLSX and behind an apostrophe in the CSV;
numbers stay numbers.
"""

import csv
import decimal
import io

import openpyxl
import pytest
from django.urls import reverse

from objectives.models import Objective
from reviews.models import Programme, Statistic
from reviews.spreadsheets import Sheet, csv_safe, looks_like_formula, workbook

pytestmark = pytest.mark.django_db

FORMULAS = {
    "equals": '=HYPERLINK("http://x","y")',
    "plus": "+1+1",
    "minus": "-1+1",
    "at": "@SUM(A1)",
    "space": ' =HYPERLINK("http://x","y")',
    "spaces_and_tab": " \t =1+1",
    "ideographic_space": "\u3000=1+1",
    "no_break_space": "\xa0@SUM(A1)",
    "fullwidth_equals": '\uff1dHYPERLINK("http://x")',
    "fullwidth_plus": "\uff0b1+1",
    "fullwidth_minus": "\uff0d1+1",
    "fullwidth_at": "\uff20SUM(A1)",
    "space_fullwidth_equals": " \uff1d1+1",
    "tab": "\tHYPERLINK",
    "carriage_return": "\rHYPERLINK",
    "newline_then_equals": "\n=1+1",
}
HARMLESS = ["Programa de retorno", "a=b", "correo@example.org", "1-2 años", "", " texto"]


@pytest.mark.parametrize("typed", FORMULAS.values(), ids=FORMULAS.keys())
def test_every_start_of_a_formula_is_escaped(typed):
    assert looks_like_formula(typed)
    assert csv_safe(typed) == "'" + typed
    sheet = openpyxl.load_workbook(
        io.BytesIO(workbook([Sheet(title="t", headers=["a", "b"], rows=[[typed, -5]])]))
    )["t"]
    cell = sheet.cell(row=2, column=1)
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert cell.value.replace("\n", "\r") == typed.replace("\n", "\r")  # XML reads CR as LF


@pytest.mark.parametrize("typed", HARMLESS)
def test_ordinary_text_is_left_alone(typed):
    assert not looks_like_formula(typed)
    assert csv_safe(typed) == typed


@pytest.mark.parametrize("number", [-5, -1.5, decimal.Decimal("-2.25"), 0, 7])
def test_numbers_stay_numbers(number):
    assert not looks_like_formula(number)
    assert csv_safe(number) == str(number)  # no apostrophe before a negative number
    sheet = openpyxl.load_workbook(
        io.BytesIO(workbook([Sheet(title="t", headers=["n"], rows=[[number]])]))
    )["t"]
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "n" and not cell.quotePrefix
    assert cell.value == number
    assert csv_safe(None) == ""


@pytest.fixture
def formulas(world):
    """A programme of A1 per way of starting a formula, in its description."""
    objective = Objective.objects.get(number=7)
    for name, typed in FORMULAS.items():
        programme = Programme.objects.create(
            request=world.request_a1, name=f"P {name}", description=typed
        )
        programme.objectives.add(objective)
    first = Programme.objects.get(name="P equals")
    Statistic.objects.create(programme=first, indicator="-personas", men=3, women=4, total=7)
    return world


def descriptions(rows, header):
    column = rows[0].index(header)
    names = rows[0].index("nombre")
    return {row[names][2:]: row[column] for row in rows[1:]}


def test_the_csv_export_escapes_every_variant(formulas, as_role):
    response = as_role("coord_a").get(
        reverse("reviews:export", args=[formulas.review_a.pk, "programmes"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    written = descriptions(rows, "descripción")
    for name, typed in FORMULAS.items():
        assert written[name] == "'" + typed, name

    statistics = as_role("coord_a").get(
        reverse("reviews:export", args=[formulas.review_a.pk, "statistics"])
    )
    rows = list(csv.reader(io.StringIO(statistics.content.decode("utf-8-sig"))))
    assert rows[1][2:6] == ["'-personas", "3", "4", "7"]


def test_the_xlsx_export_writes_every_variant_as_text(formulas, as_role):
    response = as_role("coord_a").get(
        reverse("reviews:export", args=[formulas.review_a.pk, "xlsx"])
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["programas"]
    headers = [cell.value for cell in sheet[1]]
    name, description = headers.index("nombre"), headers.index("descripción")
    cells = {row[name].value[2:]: row[description] for row in sheet.iter_rows(min_row=2)}
    for variant in FORMULAS:
        assert (cells[variant].data_type, cells[variant].quotePrefix) == ("s", True), variant
    statistic = next(book["estadísticas"].iter_rows(min_row=2))
    assert statistic[2].data_type == "s" and statistic[2].quotePrefix  # "-personas"
    assert [cell.value for cell in statistic[3:6]] == [3, 4, 7]  # counts are numbers
    assert all(cell.data_type == "n" for cell in statistic[3:6])


def test_the_programme_template_writes_every_variant_as_text(formulas, as_role):
    response = as_role("focal_a1").get(
        reverse("reviews:programme_template", args=[formulas.request_a1.pk])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["programas"]
    headers = [cell.value for cell in sheet[1]]
    name, description = headers.index("nombre"), headers.index("descripción")
    cells = {row[name].value[2:]: row[description] for row in sheet.iter_rows(min_row=2)}
    for variant in FORMULAS:
        assert (cells[variant].data_type, cells[variant].quotePrefix) == ("s", True), variant
