"""An attachment is stored and served with the extension of its content, never its
name's (issue 14, item 6): a PDF named x.html is kept and downloaded as x.pdf."""

from pathlib import PurePosixPath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Programme
from reviews.validators import attachment_download_name, attachment_stored_name
from tests.reviews.conftest import PNG

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def programme_with(client, world, upload) -> Programme:
    data = {
        "name": "Programa Quédate",
        "kind": "programme",
        "objectives": [],
        "description": "Reintegración de niñez retornada.",
        "principles": [],
        "version": "",
        "statistics-TOTAL_FORMS": "0",
        "statistics-INITIAL_FORMS": "0",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
        "new_attachment": upload,
    }
    response = client.post(reverse("reviews:programme_add", args=[world.input_a1.pk]), data)
    assert response.status_code == 302
    return Programme.objects.get(name="Programa Quédate")


@pytest.mark.parametrize(
    ("name", "stem"),
    [("x.html", "x"), ("Informe anual.hta", "Informe anual"), ("plan 2026.docm", "plan 2026")],
)
def test_a_pdf_under_another_name_is_stored_and_served_as_a_pdf(
    world, as_role, settings, tmp_path, name, stem
):
    settings.MEDIA_ROOT = tmp_path
    client = as_role("focal_a1")
    programme = programme_with(client, world, SimpleUploadedFile(name, PDF, "text/html"))
    attachment = programme.attachments.get()
    # The name shown in the list is the uploader's; the file on disk is a .pdf.
    assert (attachment.original_name, attachment.content_type) == (name, "application/pdf")
    stored = PurePosixPath(attachment.file.name)
    assert stored.suffix == ".pdf" and stored.parts[:2] == ("attachments", str(world.review_a.pk))
    assert (tmp_path / attachment.file.name).read_bytes() == PDF

    url = reverse("reviews:attachment", args=[world.input_a1.pk, attachment.pk])
    download = client.get(url)
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert f'filename="{stem}.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_an_image_keeps_its_name_and_is_still_a_download(world, as_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_role("focal_a1")
    programme = programme_with(client, world, SimpleUploadedFile("Foto del taller.png", PNG))
    attachment = programme.attachments.get()
    assert PurePosixPath(attachment.file.name).name == "foto-del-taller.png"
    download = client.get(reverse("reviews:attachment", args=[world.input_a1.pk, attachment.pk]))
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"] == 'attachment; filename="Foto del taller.png"'


@pytest.mark.parametrize(
    ("name", "stored", "served"),
    [
        ("informe.pdf", "informe.pdf", "informe.pdf"),
        ("Migración – informe.PDF", "migracion-informe.pdf", "Migración – informe.pdf"),
        ("../../etc/passwd", "passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\ana\\nota.html", "nota.pdf", "nota.pdf"),
        ("línea\nnueva\r.html", "linea-nueva.pdf", "líneanueva.pdf"),
        (".html", "html.pdf", "html.pdf"),
        ("...", "document.pdf", "document.pdf"),
        ("x.pdf.hta", "xpdf.pdf", "x.pdf.pdf"),
        ("a" * 300 + ".html", "a" * 40 + ".pdf", "a" * 150 + ".pdf"),
    ],
)
def test_names_keep_a_safe_stem_and_take_the_content_s_extension(name, stored, served):
    assert attachment_stored_name(name, "application/pdf") == stored
    assert attachment_download_name(name, "application/pdf") == served
