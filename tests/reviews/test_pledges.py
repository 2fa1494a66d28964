"""A review's pledges (issue 17): the Hub's form refuses what it must, saving nothing;
a valid pledge is saved with its one attachment, listed, downloaded, exported as XLSX
and as .docx (both read back); only the review's coordinators write, until submission."""

import datetime
import io
import re

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from objectives.models import GuidingPrinciple, Objective
from reviews.models import AuditEvent, NationalReview
from reviews.models.network import Pledge
from tests.reviews.conftest import PNG

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEXT = (
    "El Estado se compromete a abrir tres centros de atención a personas migrantes "
    "retornadas en los departamentos fronterizos, con asistencia psicosocial, orientación "
    "laboral y acceso a documentos de identidad, y a publicar cada año el número de "
    "personas atendidas, desagregado por sexo, edad y nacionalidad, hasta el fin de 2028."
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root) -> list:
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def pledge_data(**changes) -> dict:
    data = {
        "title": "Centros de atención a personas retornadas",
        "kind": "individual",
        "text": TEXT,
        "indicator": "Centros abiertos; personas atendidas por año",
        "due_on": (datetime.date.today() + datetime.timedelta(days=700)).isoformat(),
        "partners": "",
        "objectives": [Objective.objects.get(number=21).pk],
        "principles": [GuidingPrinciple.objects.get(number=4).pk],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def add_url(world) -> str:
    return reverse("reviews:pledge_add", args=[world.review_a.pk])


def test_the_text_is_long_enough_for_the_hub(world):
    assert len(TEXT) >= 300


def test_a_pledge_under_300_characters_is_refused_and_nothing_is_saved(world, as_role, media):
    client = as_role("coord_a")
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    short = "x" * 299
    response = client.post(add_url(world), {**pledge_data(text=short), "new_document": upload})
    assert response.status_code == 200
    page = response.content.decode()
    # The count and both limits, grouped as the language writes them (3.000, 3 000, 3,000).
    assert re.search(r"\b299\b.*\b300\b.*\b3[\s.,\xa0]?000\b", page)
    assert not Pledge.objects.exists()
    assert stored_files(media) == []  # the document was not kept either


BAD_PLEDGES = {
    # case: (changes, the field the message is shown on)
    "over 3,000 characters": ({"text": "x" * 3001}, "3001"),
    "neither objective nor principle": ({"objectives": [], "principles": []}, "objective"),
    "due date in the past": (
        {"due_on": (datetime.date.today() - datetime.timedelta(days=1)).isoformat()},
        "still to come",
    ),
    "joint pledge without partners": ({"kind": "joint", "partners": " "}, "partners"),
    "collective pledge without partners": ({"kind": "collective"}, "partners"),
    "no title": ({"title": ""}, "This field is required"),
}


@pytest.mark.parametrize("case", sorted(BAD_PLEDGES))
def test_a_pledge_missing_what_the_hub_asks_is_refused_and_nothing_is_saved(
    case, world, english, media
):
    changes, said = BAD_PLEDGES[case]
    response = english("coord_a").post(add_url(world), pledge_data(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert said.replace(",", "") in page.replace(",", "")
    assert not Pledge.objects.exists()


def test_a_document_that_is_not_one_the_portal_keeps_is_refused(world, english, media):
    disguised = SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>", content_type="text/html")
    response = english("coord_a").post(add_url(world), {**pledge_data(), "new_document": disguised})
    assert response.status_code == 200
    assert "is not a PDF, DOCX, XLSX, ODT, PNG or JPEG file" in response.content.decode()
    assert not Pledge.objects.exists()
    assert stored_files(media) == []


def test_a_valid_pledge_is_saved_listed_downloaded_and_exported(world, as_role, media):
    client = as_role("coord_a")
    upload = SimpleUploadedFile("Plan de acción.pdf", PDF, content_type="application/pdf")
    data = pledge_data(kind="joint", partners="OIM, ACNUR")
    response = client.post(add_url(world), {**data, "new_document": upload})
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert (pledge.review, pledge.created_by) == (world.review_a, world.users["coord_a"])
    assert (pledge.file_name, pledge.file_type, pledge.file_size) == (
        "Plan de acción.pdf",
        "application/pdf",
        len(PDF),
    )
    assert [o.number for o in pledge.objectives.all()] == [21]

    page = client.get(reverse("reviews:network", args=[world.review_a.pk])).content.decode()
    assert "Centros de atención a personas retornadas" in page
    assert reverse("reviews:pledge_document", args=[world.review_a.pk, pledge.pk]) in page

    download = client.get(reverse("reviews:pledge_document", args=[world.review_a.pk, pledge.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF

    sheet = client.get(reverse("reviews:pledges_export", args=[world.review_a.pk]))
    assert sheet["Content-Disposition"].startswith("attachment;")
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.values)
    assert len(rows) == 2  # the header and the one pledge
    title, kind, text, indicator, due_on, partners, objectives, principles, name, _at = rows[1]
    assert (title, text, indicator) == (data["title"], TEXT, data["indicator"])
    with translation.override("es"):
        assert kind == str(Pledge.Kind.JOINT.label)
    assert due_on.date() == pledge.due_on  # a date, never localised text
    assert (partners, objectives, principles, name) == ("OIM, ACNUR", "21", "4", pledge.file_name)

    word = client.get(reverse("reviews:pledge_docx", args=[world.review_a.pk, pledge.pk]))
    assert word["Content-Disposition"].startswith("attachment;")
    table = docx.Document(io.BytesIO(word.content)).tables[0]
    cells = {r.cells[0].text: r.cells[1].text for r in table.rows}
    values = list(cells.values())
    assert "Centros de atención a personas retornadas" in values
    assert TEXT in values
    assert "Centros abiertos; personas atendidas por año" in values
    assert "OIM, ACNUR" in values
    assert "Plan de acción.pdf" in values
    assert any(v.startswith("21.") for v in values)
    assert any(v.startswith("4.") for v in values)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).count() == 2


def test_a_new_attachment_replaces_the_old_one(
    world, as_role, media, django_capture_on_commit_callbacks
):
    client = as_role("coord_a")
    first = SimpleUploadedFile("uno.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add_url(world), {**pledge_data(), "new_document": first})
    pledge = Pledge.objects.get()
    second = SimpleUploadedFile("dos.png", PNG, content_type="image/png")
    edit = reverse("reviews:pledge_edit", args=[world.review_a.pk, pledge.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {**pledge_data(title="Otro título"), "new_document": second})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.title, pledge.file_name, pledge.file_type) == (
        "Otro título",
        "dos.png",
        "image/png",
    )
    assert stored_files(media) == ["dos.png"]


def test_a_pledge_deleted_takes_its_document_with_it(
    world, as_role, media, django_capture_on_commit_callbacks
):
    client = as_role("coord_a")
    upload = SimpleUploadedFile("uno.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add_url(world), {**pledge_data(), "new_document": upload})
        pledge = Pledge.objects.get()
        client.post(reverse("reviews:pledge_delete", args=[world.review_a.pk, pledge.pk]))
    assert not Pledge.objects.exists()
    assert stored_files(media) == []


def test_only_the_reviews_coordinators_write_pledges(world, as_role, media):
    assert as_role("coord_b").post(add_url(world), pledge_data()).status_code == 404
    assert as_role("focal_a1").post(add_url(world), pledge_data()).status_code == 403
    assert as_role("focal_a1").get(add_url(world)).status_code == 403
    assert as_role("reviewer").get(add_url(world)).status_code == 404
    assert not Pledge.objects.exists()
    assert as_role("admin").post(add_url(world), pledge_data()).status_code == 302


def test_another_reviews_pledge_cannot_be_reached_through_ones_own_review(world, as_role, media):
    as_role("coord_b").post(reverse("reviews:pledge_add", args=[world.review_b.pk]), pledge_data())
    theirs = Pledge.objects.get(review=world.review_b)
    client = as_role("coord_a")
    for name in ("pledge_edit", "pledge_docx", "pledge_document"):
        url = reverse(f"reviews:{name}", args=[world.review_a.pk, theirs.pk])
        assert client.get(url).status_code == 404, name
    url = reverse("reviews:pledge_delete", args=[world.review_a.pk, theirs.pk])
    assert client.post(url).status_code == 404
    assert Pledge.objects.filter(pk=theirs.pk).exists()


def test_after_submission_pledges_are_read_only(world, as_role, media):
    as_role("coord_a").post(add_url(world), pledge_data())
    pledge = Pledge.objects.get()
    NationalReview.objects.filter(pk=world.review_a.pk).update(
        status=NationalReview.Status.SUBMITTED
    )
    client = as_role("coord_a")
    listing = reverse("reviews:network", args=[world.review_a.pk])
    response = client.post(add_url(world), pledge_data(title="Tarde"))
    assert response.status_code == 302 and response["Location"] == listing
    edit = reverse("reviews:pledge_edit", args=[world.review_a.pk, pledge.pk])
    assert client.post(edit, pledge_data(title="Tarde")).status_code == 302
    delete = reverse("reviews:pledge_delete", args=[world.review_a.pk, pledge.pk])
    assert client.post(delete).status_code == 302
    assert list(Pledge.objects.values_list("title", flat=True)) == [pledge.title]
    page = client.get(listing).content.decode()
    assert pledge.title in page
    assert f'href="{edit}"' not in page and f'action="{delete}"' not in page
    # The cycle's regional reviewer reads the submitted review's pledges, and exports them.
    reviewer = as_role("reviewer")
    assert pledge.title in reviewer.get(listing).content.decode()
    docx_url = reverse("reviews:pledge_docx", args=[world.review_a.pk, pledge.pk])
    assert reviewer.get(docx_url).status_code == 200
    assert reviewer.get(edit).status_code == 403


def test_an_unwritable_uploads_disk_saves_nothing_and_says_so(world, english, settings, tmp_path):
    not_a_folder = tmp_path / "uploads"
    not_a_folder.write_text("the uploads disk is not writable")
    settings.MEDIA_ROOT = not_a_folder
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = english("coord_a").post(add_url(world), {**pledge_data(), "new_document": upload})
    assert response.status_code == 200
    assert "The document could not be stored: nothing was saved" in response.content.decode()
    assert not Pledge.objects.exists()


def test_the_imrf_report_has_an_annex_of_the_pledges(world, as_role, media):
    from reviews.rendering.pdf import report_html

    as_role("coord_a").post(add_url(world), pledge_data(kind="joint", partners="OIM, ACNUR"))
    review = NationalReview.objects.get(pk=world.review_a.pk)
    html = report_html(review, "imrf", "es")
    annex = html[html.index('id="annex-pledges"') :]
    assert "Centros de atención a personas retornadas" in annex
    assert TEXT in annex and "OIM, ACNUR" in annex
    assert 'href="#annex-pledges"' in html  # in the contents
    assert "annex-pledges" not in report_html(review, "regional", "es")
