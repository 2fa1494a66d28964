"""The one XLSX writer: what every exported workbook can rely on."""

import datetime
import io

import openpyxl
import pytest

from reviews.spreadsheets import FORMULA_STARTS, Sheet, workbook


def read(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_that_looks_like_a_formula_stays_text(start):
    typed = f'{start}HYPERLINK("http://x", "y")'
    sheet = read(workbook([Sheet(title="t", headers=["a", "b"], rows=[[typed, 7]])]))["t"]
    cell = sheet.cell(row=2, column=1)
    # A lone CR reads back as LF through Python's XML parser, as itself through lxml
    # (which openpyxl uses when it is installed: python-docx brings it).
    assert cell.value in (typed, typed.replace("\r", "\n"))
    assert cell.data_type == "s"
    assert cell.quotePrefix  # Excel keeps it text when the cell is edited
    assert sheet.cell(row=2, column=2).value == 7


def test_headers_are_bold_and_stay_in_view():
    book = read(workbook([Sheet(title="t", headers=["name", "total"], rows=[["x", 1]])]))
    sheet = book["t"]
    assert [cell.value for cell in sheet[1]] == ["name", "total"]
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet.cell(row=2, column=1).font.bold
    assert sheet.freeze_panes == "A2"


def test_titles_are_cut_to_what_excel_accepts_and_sheets_keep_their_order():
    long = "una hoja con un nombre de más de treinta y un caracteres"
    book = read(workbook([Sheet(title=long, headers=["a"], rows=[]), Sheet("b", ["a"], [["x"]])]))
    assert book.sheetnames == [long[:31], "b"]
    assert len(book.sheetnames[0]) == 31


def test_empty_values_times_and_widths():
    saved = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)
    sheet = read(
        workbook(
            [
                Sheet(
                    title="t",
                    headers=["a", "b", "c"],
                    rows=[[None, saved, "x"], [], ["after an empty row"]],
                    widths=[24, None, 100],
                )
            ]
        )
    )["t"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == (None, datetime.datetime(2024, 5, 1, 12, 30))  # UTC, as stored
    assert rows[3][0] == "after an empty row"
    assert sheet.column_dimensions["A"].width == 24
    assert sheet.column_dimensions["C"].width == 100
