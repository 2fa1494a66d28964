"""The reference-data import takes its format from the file's name (issue 13, item 11):
a .csv or .xlsx uploaded with the format left on its default is previewed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from objectives import models
from tests.objectives.test_spreadsheets import CSV, csv_bytes, objective_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator, settings):
    client.force_login(administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, content, name, **fields):
    return client.post(
        reverse("admin:objectives_objective_import"),
        {"resource": "0", "import_file": SimpleUploadedFile(name, content), **fields},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("objectives.csv", lambda rows: csv_bytes(rows)),
        ("OBJECTIVES.CSV", lambda rows: csv_bytes(rows)),
        ("objectives.xlsx", lambda rows: xlsx_bytes(rows)),
    ],
)
def test_a_file_uploaded_without_a_format_is_previewed(admin_client, name, content):
    rows = [objective_row(1, title_en="Collect data (edited)"), objective_row(2)]
    response = upload(admin_client, content(rows), name)

    assert response.status_code == 200
    assert "result" in response.context, response.context["form"].errors
    assert response.context["result"].totals["update"] == 1

    confirm = response.context["confirm_form"]
    response = admin_client.post(
        reverse("admin:objectives_objective_process_import"), confirm.initial
    )
    assert response.status_code == 302
    assert models.Objective.objects.get(number=1).title_en == "Collect data (edited)"


def test_a_format_chosen_by_hand_still_wins(admin_client):
    rows = [objective_row(1, title_en="Chosen by hand")]
    response = upload(admin_client, csv_bytes(rows), "objectives.txt", format=CSV)
    assert response.context["result"].totals["update"] == 1


def test_a_file_of_unknown_kind_asks_for_the_format(admin_client):
    response = upload(admin_client, csv_bytes([objective_row(1)]), "objectives.txt")
    assert response.status_code == 200
    assert "result" not in response.context
    assert "Choose the format: the file name does not end in .csv or .xlsx." in (
        response.content.decode()
    )


def test_the_import_page_says_the_format_is_taken_from_the_file_name(admin_client):
    page = admin_client.get(reverse("admin:objectives_objective_import")).content.decode()
    assert "From the file name (.csv or .xlsx)" in page
