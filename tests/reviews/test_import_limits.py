"""Imports cost what their limits allow, whatever the file (issue 14, hole 3).

A 25 KiB XLSX of 10,000 rows kept a request busy 44 s: the 5 MB limit was on
the compressed bytes. Sheets are now checked while they are read
(``objectives.sheets``) and refused at the first limit, with a message naming
it, before a single row is imported.
"""

import csv
import io
import struct
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from objectives import sheets
from objectives.models import ThematicArea
from reviews import spreadsheets
from reviews.models import Programme

pytestmark = pytest.mark.django_db

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def n(value: int) -> str:
    """A number as the messages write it, in English (the tests read them in English)."""
    with translation.override("en"):
        return number_format(value, force_grouping=True)


def xlsx(rows, write_only=False) -> bytes:
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("programas") if write_only else book.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def with_sheet_xml(rows_xml: bytes, repeat: int = 1) -> bytes:
    """A valid XLSX whose first sheet's rows are ``rows_xml`` (``repeat`` times),
    written as a spreadsheet program could, after a header row."""
    template = zipfile.ZipFile(io.BytesIO(xlsx([["name", "objectives"]])))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in template.infolist():
            if member.filename == "xl/worksheets/sheet1.xml":
                with target.open(member.filename, "w", force_zip64=True) as sheet:
                    sheet.write(
                        f'<worksheet xmlns="{MAIN}"><sheetData>'
                        '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
                        '<c r="B1" t="inlineStr"><is><t>objectives</t></is></c></row>'.encode()
                    )
                    for _ in range(repeat):
                        sheet.write(rows_xml)
                    sheet.write(b"</sheetData></worksheet>")
            else:
                target.writestr(member, template.read(member.filename))
    return output.getvalue()


def csv_bytes(rows) -> bytes:
    output = io.StringIO()
    csv.writer(output).writerows(rows)
    return output.getvalue().encode()


def refused(name: str, content: bytes) -> str:
    """The one problem a sheet is refused with, in English."""
    with translation.override("en"), pytest.raises(spreadsheets.ImportRefused) as refusal:
        spreadsheets.read_sheet(name, content)
    assert len(refusal.value.problems) == 1
    return refusal.value.problems[0]


def upload(client, world, name, content):
    url = reverse("reviews:programme_import", args=[world.request_a1.pk])
    return client.post(url, {"sheet": SimpleUploadedFile(name, content)})


TEN_THOUSAND = [["name", "objectives"]] + [[f"Programa {i}", "7"] for i in range(10_000)]


def test_a_sheet_of_10000_rows_is_refused_through_the_page_and_nothing_is_saved(
    world, english, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    content = xlsx(TEN_THOUSAND, write_only=True)
    assert len(content) < 200 * 1024  # small once compressed, as in the issue
    client = english("focal_a1")

    response = upload(client, world, "programas.xlsx", content)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"more than {n(sheets.MAX_ROWS)} rows below its header" in page
    assert response.context["problems"] == [
        f"The sheet has more than {n(sheets.MAX_ROWS)} rows below its header: import it in "
        f"parts of at most {n(sheets.MAX_ROWS)} rows."
    ]
    assert not Programme.objects.exists()
    assert not list(tmp_path.rglob("*"))  # nothing waits to be confirmed
    assert f"programme-import-{world.request_a1.pk}" not in client.session


def test_a_csv_of_10000_rows_is_refused():
    assert "rows below its header" in refused("p.csv", csv_bytes(TEN_THOUSAND))


def test_the_row_limit_counts_rows_below_the_header():
    at_the_limit = [["name", "objectives"]] + [[f"P{i}", "7"] for i in range(sheets.MAX_ROWS)]
    for name, content in (("p.xlsx", xlsx(at_the_limit)), ("p.csv", csv_bytes(at_the_limit))):
        assert spreadsheets.read_sheet(name, content).height == sheets.MAX_ROWS
    one_more = [*at_the_limit, ["P", "7"]]
    assert "rows below its header" in refused("p.xlsx", xlsx(one_more))
    assert "rows below its header" in refused("p.csv", csv_bytes(one_more))


def test_a_value_far_below_is_a_row_too_but_empty_formatted_rows_are_not():
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    assert "rows below its header" in refused("p.xlsx", with_sheet_xml(far))
    # Rows that only carry a format (a height, a fill) down to row 5,000: the
    # sheet has one programme and reads as one row, not 5,000.
    rows = b'<row r="2"><c r="A2" t="inlineStr"><is><t>Ventanilla</t></is></c>'
    rows += b'<c r="B2"><v>7</v></c></row>'
    rows += b"".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>'.encode() for r in range(3, 5001))
    dataset = spreadsheets.read_sheet("p.xlsx", with_sheet_xml(rows))
    assert (dataset.headers, list(dataset)) == (["name", "objectives"], [("Ventanilla", 7)])


@pytest.mark.parametrize("name", ["p.xlsx", "p.csv"])
def test_a_wide_sheet_is_refused_naming_the_row(name):
    width = sheets.MAX_COLUMNS + 1
    rows = [["name", "objectives"], ["Ventanilla", "7", *[f"x{i}" for i in range(width - 2)]]]
    content = xlsx(rows) if name.endswith("xlsx") else csv_bytes(rows)
    assert refused(name, content) == (
        f"Row 2 has more than {n(sheets.MAX_COLUMNS)} columns: a sheet may have at most "
        f"{n(sheets.MAX_COLUMNS)}."
    )


@pytest.mark.parametrize(
    "name, make",
    [
        ("p.xlsx", lambda rows: xlsx(rows)),  # shared strings
        ("p.xlsx", lambda rows: xlsx(rows, write_only=True)),
        ("p.csv", csv_bytes),
    ],
)
def test_a_huge_cell_is_refused_naming_its_row_and_column(name, make):
    long = "a" * (sheets.MAX_CELL + 1)
    rows = [["name", "objectives", "description"], ["Ventanilla", "7", "corta"], ["P", "7", long]]
    assert refused(name, make(rows)) == (
        f"Row 3, column C: the cell has {n(sheets.MAX_CELL + 1)} characters, more than the "
        f"{n(sheets.MAX_CELL)} a cell may have."
    )
    rows[2][2] = long[:-1]  # at the limit: read
    assert spreadsheets.read_sheet(name, make(rows)).height == 2


def test_an_inline_string_too_long_is_refused():
    cell = b"x" * (sheets.MAX_CELL + 1)
    rows = b'<row r="2"><c r="B2" t="inlineStr"><is><t>' + cell + b"</t></is></c></row>"
    assert "Row 2, column B: the cell has" in refused("p.xlsx", with_sheet_xml(rows))


def test_an_unclosed_quote_in_a_csv_is_a_cell_too_long():
    content = b'name,objectives\nVentanilla,"7\n' + b"texto sin fin " * 20_000
    assert refused("p.csv", content) == (
        f"Line 3: a cell has more than {n(sheets.MAX_CELL)} characters."
    )


def test_a_zip_bomb_is_refused_before_it_is_inflated(world, english, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    content = with_sheet_xml(row * 1000, repeat=sheets.MAX_UNCOMPRESSED // 1_000_000 + 1)
    assert len(content) < 200 * 1024  # some kilobytes that expand past the limit

    response = upload(english("focal_a1"), world, "bomba.xlsx", content)

    assert response.context["problems"] == [
        f"The file holds more than {n(sheets.MAX_UNCOMPRESSED // 1024 // 1024)} MB once "
        "uncompressed: a sheet of programmes needs far less. Copy only the rows and columns "
        "of the template into a new file."
    ]
    assert not Programme.objects.exists()


def test_a_flood_of_empty_formatted_cells_is_refused_at_the_cell_limit():
    row = b"<row>" + b'<c s="0"/>' * 1_000 + b"</row>"
    content = with_sheet_xml(row, repeat=sheets.MAX_CELLS // 1_000 + 1)
    assert "cells, counting empty cells that carry a format" in refused("p.xlsx", content)


def test_a_file_over_5_mb_is_refused_before_it_is_read(world, english, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = b"name,objectives\n" + b"Ventanilla,7\n" * (sheets.MAX_BYTES // 12)
    response = upload(english("focal_a1"), world, "p.csv", content)
    assert response.context["problems"] == ["The file is larger than 5 MB."]
    assert not Programme.objects.exists()


def test_the_admins_reference_imports_have_the_same_limits(admin_client, settings):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("admin:objectives_thematicarea_import")
    rows = [["number", "title_es", "title_en"]]
    rows += [[i, f"Área {i}", f"Area {i}"] for i in range(1, sheets.MAX_ROWS + 2)]
    for name, content in (("areas.csv", csv_bytes(rows)), ("areas.xlsx", xlsx(rows))):
        response = admin_client.post(
            url, {"resource": "0", "format": "", "import_file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 200
        errors = response.context["form"].errors["import_file"]
        assert errors == [
            f"The sheet has more than {n(sheets.MAX_ROWS)} rows below its header: import it "
            f"in parts of at most {n(sheets.MAX_ROWS)} rows."
        ]
    assert not ThematicArea.objects.filter(number__gt=5).exists()

    wide = [["number", "title_es"], [1, "x", *["y"] * sheets.MAX_COLUMNS]]
    response = admin_client.post(
        url,
        {"resource": "0", "format": "", "import_file": SimpleUploadedFile("a.xlsx", xlsx(wide))},
    )
    assert "Row 2 has more than" in response.context["form"].errors["import_file"][0]


def test_the_preview_writes_no_history_and_the_confirmation_keeps_it(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = csv_bytes([["name", "objectives"], ["Ventanilla", "7"]])
    arguments = {"institution_request": world.request_a1, "user": world.users["focal_a1"]}
    pending, _shown = spreadsheets.import_preview(file_name="p.csv", content=sheet, **arguments)
    assert not Programme.history.exists()
    spreadsheets.import_confirm(pending=pending, **arguments)
    assert Programme.history.filter(name="Ventanilla").exists()


def test_a_zip_that_understates_its_sheet_is_unreadable_not_inflated():
    """Python's zip reader stops at the size a member declares: a sheet that
    declares 1 KB and inflates to 10 MB fails its checksum instead."""
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    content = bytearray(with_sheet_xml(row * 10_000))
    directory = content.rfind(b"PK\x01\x02")
    while directory != -1:  # every central directory entry of the sheet
        length = struct.unpack("<H", content[directory + 28 : directory + 30])[0]
        name = bytes(content[directory + 46 : directory + 46 + length])
        if name == b"xl/worksheets/sheet1.xml":
            content[directory + 24 : directory + 28] = struct.pack("<I", 1024)
            local = struct.unpack("<I", content[directory + 42 : directory + 46])[0]
            content[local + 22 : local + 26] = struct.pack("<I", 1024)
        directory = content.rfind(b"PK\x01\x02", 0, directory)
    assert refused("p.xlsx", bytes(content)) == "The file could not be read as XLSX."


def test_the_page_says_the_row_limit_and_a_cell_holds_what_a_programme_field_may(world, english):
    from reviews.text import MAX_PROGRAMME_CHARACTERS

    page = english("focal_a1").get(reverse("reviews:programme_import", args=[world.request_a1.pk]))
    assert f"up to {sheets.MAX_ROWS} programmes, one per row" in page.content.decode()
    assert sheets.MAX_CELL == MAX_PROGRAMME_CHARACTERS  # a cell that fits fits its field


def test_the_admin_refuses_a_reference_sheet_over_5_mb_before_reading_it(admin_client, settings):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = b"number,title_es,title_en\n" + b"1,x,y\n" * (sheets.MAX_BYTES // 6 + 1)
    response = admin_client.post(
        reverse("admin:objectives_thematicarea_import"),
        {"resource": "0", "format": "", "import_file": SimpleUploadedFile("a.csv", content)},
    )
    assert response.context["form"].errors["import_file"] == ["The file is larger than 5 MB."]
