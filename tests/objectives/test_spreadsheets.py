"""Spreadsheet import and export of the reference data through the admin."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from objectives import models
from tests.objectives.test_reference_data import snapshot

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # positions in ReferenceAdmin.formats
OBJECTIVE_HEADER = [
    "number", "title_es", "title_en", "short_label_es", "short_label_en",
    "highlights_es", "highlights_en", "thematic_areas", "round_table",
]  # fmt: skip


def objective_row(objective_number, **changes):
    objective = models.Objective.objects.get(number=objective_number)
    row = {
        name: getattr(objective, name)
        for name in OBJECTIVE_HEADER
        if name not in {"thematic_areas", "round_table"}
    }
    row["thematic_areas"] = ",".join(
        str(n) for n in objective.thematic_areas.values_list("number", flat=True)
    )
    row["round_table"] = objective.round_table.number
    row.update(changes)
    return row


def csv_bytes(rows, header=None, encoding="utf-8"):
    header = header or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content, *, name="objectives.csv", file_format=CSV, model="objective"):
    return client.post(
        reverse(f"admin:objectives_{model}_import"),
        {"format": file_format, "resource": "0", "import_file": SimpleUploadedFile(name, content)},
    )


def page_text(response):
    return response.content.decode()


@pytest.fixture
def admin_client(client, administrator):
    """An administrator working in English (the messages below are the English ones)."""
    client.force_login(administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_valid_csv_is_previewed_then_saved_on_confirmation(admin_client):
    rows = [objective_row(1, title_en="Collect data (edited)"), objective_row(2)]
    response = upload(admin_client, csv_bytes(rows))

    assert response.status_code == 200
    result = response.context["result"]
    assert (result.totals["update"], result.totals["skip"]) == (1, 1)
    assert "Collect" in page_text(response) and "(edited)" in page_text(response)
    confirm = response.context["confirm_form"]
    assert models.Objective.objects.get(number=1).title_en.startswith("Collect and utilize")

    response = admin_client.post(
        reverse("admin:objectives_objective_process_import"), confirm.initial
    )
    assert response.status_code == 302
    assert models.Objective.objects.get(number=1).title_en == "Collect data (edited)"
    assert models.Objective.objects.count() == 23


def test_valid_xlsx_sets_thematic_areas(admin_client):
    rows = [objective_row(7, thematic_areas="2,5")]
    response = upload(admin_client, xlsx_bytes(rows), name="o.xlsx", file_format=XLSX)
    confirm = response.context["confirm_form"]
    admin_client.post(reverse("admin:objectives_objective_process_import"), confirm.initial)
    objective = models.Objective.objects.get(number=7)
    assert set(objective.thematic_areas.values_list("number", flat=True)) == {2, 5}


BAD_FILES = {
    "unknown column": (
        lambda: csv_bytes([{**objective_row(1), "colour": "blue"}]),
        "Unknown column colour",
    ),
    "duplicate objective number": (
        lambda: csv_bytes([objective_row(1, title_en="X"), objective_row(3), objective_row(1)]),
        "number 1 appears in rows 1, 3",
    ),
    "objective 24": (
        lambda: csv_bytes([objective_row(1, title_en="Changed"), objective_row(2, number=24)]),
        "Ensure this value is less than or equal to 23",
    ),
    "thematic area that does not exist": (
        lambda: csv_bytes(
            [objective_row(1, title_en="Changed"), objective_row(2, thematic_areas="2,9")]
        ),
        "There is no thematic area with number 9",
    ),
    "round table that does not exist": (
        lambda: csv_bytes([objective_row(2, round_table=7)]),
        "There is no IMRF round table with number 7",
    ),
    "wrong encoding": (
        lambda: csv_bytes([objective_row(1), objective_row(2)], encoding="latin-1"),
        "The file is not in UTF-8: the byte 0xed on line 2 cannot be read",
    ),
    "empty file": (lambda: b"", "The submitted file is empty"),
    "header only": (
        lambda: ",".join(OBJECTIVE_HEADER).encode(),
        "No valid data to import",
    ),
    "not a spreadsheet": (
        lambda: b"%PDF-1.7 this is no sheet",
        "The file could not be read",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_is_refused_with_its_problem_and_nothing_is_saved(admin_client, case):
    make_content, message = BAD_FILES[case]
    content = make_content()
    before = snapshot()

    file_format = XLSX if case == "not a spreadsheet" else CSV
    response = upload(admin_client, content, file_format=file_format)

    assert response.status_code == 200
    assert message in page_text(response)
    assert "confirm_form" not in response.context
    assert snapshot() == before


def test_messages_are_in_spanish_by_default(admin_client):
    del admin_client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = upload(admin_client, csv_bytes([{**objective_row(1), "colour": "blue"}]))
    assert "Columna desconocida: colour" in page_text(response)


def test_row_errors_name_the_row(admin_client):
    rows = [objective_row(1), objective_row(2, number=24)]
    response = upload(admin_client, csv_bytes(rows))
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]


def test_direct_import_of_a_bad_sheet_rolls_back_every_row():
    """Outside the admin too: one invalid row and the valid rows are not kept."""
    import tablib

    from objectives.resources import ObjectiveResource

    rows = [objective_row(1, title_en="Must not stay"), objective_row(2, number=24)]
    dataset = tablib.Dataset(*[list(r.values()) for r in rows], headers=list(rows[0]))
    result = ObjectiveResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert models.Objective.objects.get(number=1).title_en != "Must not stay"


def test_country_import_refuses_unknown_commission(admin_client):
    header = ["iso3", "iso2", "name_es", "name_en", "regional_commissions", "is_gcm_champion"]
    content = csv_bytes(
        [dict(zip(header, ["GTM", "GT", "Guatemala", "Guatemala", "ECLAC,XYZ", "0"], strict=True))]
    )
    response = upload(admin_client, content, model="country")
    assert "There is no regional commission with code XYZ" in page_text(response)


def test_export_csv_has_every_objective(admin_client):
    response = admin_client.post(
        reverse("admin:objectives_objective_export"),
        {
            "format": CSV,
            "resource": "0",
            **{f"objectiveresource_{f}": "on" for f in OBJECTIVE_HEADER},
        },
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 23
    assert rows[22]["thematic_areas"] == "1,2,3,4,5"
    assert rows[0]["short_label_es"] == "Datos"


def test_export_xlsx_reimports_unchanged(admin_client):
    response = admin_client.post(
        reverse("admin:objectives_objective_export"),
        {
            "format": XLSX,
            "resource": "0",
            **{f"objectiveresource_{f}": "on" for f in OBJECTIVE_HEADER},
        },
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.active.max_row == 24
    before = snapshot()
    response = upload(admin_client, response.content, name="o.xlsx", file_format=XLSX)
    assert response.context["result"].totals["skip"] == 23
    assert snapshot() == before


@pytest.mark.parametrize("name", ["import", "export"])
def test_spreadsheet_pages_are_for_administrators_only(client, plain_user, name):
    url = reverse(f"admin:objectives_objective_{name}")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(plain_user)
    assert client.get(url).status_code == 302  # not staff: to the login page
