"""Bad inputs of the catalogue (docs/bad-inputs.md) not covered elsewhere."""

import pytest
from django.urls import reverse

from reviews import spreadsheets
from reviews.models import Answer, Programme
from tests.reviews.test_inputs import autosave

pytestmark = pytest.mark.django_db


def test_a_huge_answer_is_refused_with_a_reason_and_nothing_is_lost(world, as_role):
    client = as_role("focal_a1")
    autosave(client, world, "Primera versión.", 0)
    response = autosave(client, world, "palabra " * 20_000, 1)
    assert response.status_code == 422
    # Numbers grouped as Spanish writes them (found walking the portal: "100,000").
    assert "este texto tiene 160\xa0000 caracteres, más de 100\xa0000" in response.content.decode()
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    assert (answer.text, answer.version) == ("Primera versión.", 1)


def test_a_huge_national_text_is_refused(world, as_role):
    url = reverse("reviews:text_save", args=[world.review_a.pk, world.text_a.pk])
    response = as_role("coord_a").post(url, {"text": "x" * 100_001, "version": 0})
    assert response.status_code == 422


def test_right_to_left_and_mixed_scripts_are_kept_and_counted(world, as_role):
    text = "مرحبا بالعالم · שלום עולם · Migración segura 2024"
    response = autosave(as_role("focal_a1"), world, text, 0)
    assert response.status_code == 200
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    assert answer.text == text
    assert answer.word_count == 7
    page = as_role("focal_a1").get(world.input_a1.get_absolute_url()).content.decode()
    assert "مرحبا بالعالم" in page and "שלום עולם" in page


def test_a_null_byte_and_other_control_characters_are_dropped(world, as_role):
    autosave(as_role("focal_a1"), world, "uno\x00dos\x1btres\x7f\tcuatro\r\ncinco", 0)
    assert Answer.objects.get(pk=world.answer_a1.pk).text == "unodostres\tcuatro\ncinco"


def test_a_spreadsheet_over_5_mb_is_refused(world):
    with pytest.raises(spreadsheets.ImportRefused, match="5 MB"):
        spreadsheets.programme_import(
            institution_request=world.request_a1,
            file_name="p.csv",
            content=b"name,objectives\n" + b"a,1\n" * 1_400_000,
            user=world.users["focal_a1"],
            dry_run=True,
        )
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2020-02-31", "", "Introduzca una fecha válida"),
        ("2024-05-01", "2023-01-01", "no puede terminar antes de empezar"),
    ],
)
def test_impossible_programme_dates_are_refused(world, as_role, start, end, message):
    data = {
        "name": "Programa",
        "kind": "programme",
        "period_start": start,
        "period_end": end,
        "version": "",
        "statistics-TOTAL_FORMS": "0",
        "statistics-INITIAL_FORMS": "0",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
    }
    response = as_role("focal_a1").post(
        reverse("reviews:programme_add", args=[world.input_a1.pk]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Programme.objects.exists()


def test_an_unwritable_uploads_disk_keeps_the_programme_and_says_so(
    world, as_role, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews.models import Attachment
    from tests.reviews.conftest import PNG

    not_a_folder = tmp_path / "uploads"
    not_a_folder.write_text("the uploads disk is not writable")
    settings.MEDIA_ROOT = not_a_folder
    data = {
        "name": "Programa Quédate",
        "kind": "programme",
        "description": "Reintegración de niñez retornada.",
        "version": "",
        "statistics-TOTAL_FORMS": "1",
        "statistics-INITIAL_FORMS": "0",
        "statistics-0-indicator": "Niñas y niños atendidos",
        "statistics-0-total": "215",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
        "new_attachment": SimpleUploadedFile("informe.png", PNG),
    }
    response = as_role("focal_a1").post(
        reverse("reviews:programme_add", args=[world.input_a1.pk]), data, follow=True
    )
    page = response.content.decode()
    assert "se guardó, pero el documento no se pudo almacenar" in page
    programme = Programme.objects.get(name="Programa Quédate")
    assert programme.statistics.get().total == 215
    assert not Attachment.objects.exists()
