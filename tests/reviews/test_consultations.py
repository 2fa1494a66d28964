"""A review's consultations with stakeholders (issue 17): recorded by its coordinators,
refused without what they need (saving nothing), and counted and cited in the
methodology drafted from the facts and in the IMRF report's PDF."""

import datetime
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from objectives.models import Objective
from reviews import selectors
from reviews.models import NationalReview
from reviews.models.network import Consultation
from reviews.rendering.pdf import report_pdf

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdftotext(content: bytes) -> str:
    """The PDF's text as pdftotext reads it, its whitespace made single spaces."""
    tool = shutil.which("pdftotext")
    assert tool, "no pdftotext: apt-get install poppler-utils"
    done = subprocess.run([tool, "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def numbers(*values) -> list[int]:
    return list(Objective.objects.filter(number__in=values).values_list("pk", flat=True))


FIRST = {
    "held_on": "2024-03-12",
    "format": "in_person",
    "groups": ["civil_society", "migrants"],
    "participants": "45",
    "objectives": numbers,  # filled in by consultation_data
    "summary": "Las organizaciones pidieron ventanillas únicas en la frontera.",
}
SECOND = {
    "held_on": "2024-05-20",
    "format": "virtual",
    "groups": ["academia"],
    "participants": "",
    "summary": "La academia ofreció datos de la encuesta de hogares.",
}


def consultation_data(base: dict, **changes) -> dict:
    data = {**base, **changes}
    if data.get("objectives") is numbers:
        data["objectives"] = numbers(7, 16)
    return data


def add_url(world) -> str:
    return reverse("reviews:consultation_add", args=[world.review_a.pk])


def record_two(world, client) -> None:
    minutes = SimpleUploadedFile("Acta 12 marzo.pdf", PDF, content_type="application/pdf")
    first = client.post(add_url(world), {**consultation_data(FIRST), "new_document": minutes})
    second = client.post(add_url(world), consultation_data(SECOND))
    assert (first.status_code, second.status_code) == (302, 302)


def test_two_consultations_are_counted_and_cited_in_the_methodology_draft(world, as_role, media):
    record_two(world, as_role("coord_a"))
    first = Consultation.objects.get(held_on="2024-03-12")
    assert first.groups == ["civil_society", "migrants"]
    assert first.file_name == "Acta 12 marzo.pdf"
    with translation.override("es"):
        draft = selectors.methodology_draft(world.review_a)
        civil_society = str(Consultation.Group.CIVIL_SOCIETY.label)
        in_person = str(Consultation.Format.IN_PERSON.label)
    paragraph = next(p for p in draft.split("\n\n") if "12 de marzo de 2024" in p)
    assert "2 consult" in paragraph[: paragraph.index("12 de marzo")]  # counted, then cited
    assert paragraph.index("12 de marzo de 2024") < paragraph.index("20 de mayo de 2024")
    assert in_person in paragraph and civil_society in paragraph
    assert "7, 16" in paragraph and "45" in paragraph


def test_a_review_without_consultations_says_nothing_of_them(world):
    with translation.override("en"):
        assert "consultation" not in selectors.methodology_draft(world.review_a)


def test_two_consultations_appear_counted_and_cited_in_the_imrf_pdfs_methodology(
    world, as_role, media
):
    client = as_role("coord_a")
    record_two(world, client)
    # The coordinator drafts the methodology from the facts (the real button's path).
    version = selectors.review_texts(review=world.review_a)["methodology"].version
    url = reverse("reviews:methodology_draft", args=[world.review_a.pk])
    response = client.post(url, {"version": version})
    assert response.status_code == 302
    review = NationalReview.objects.get(pk=world.review_a.pk)
    text = pdftotext(report_pdf(review, "imrf", "es").content)
    # The section, not its line in the contents: from its heading to the next one.
    start = text.index("1. Metodología", text.index("1. Metodología") + 1)
    methodology = text[start : text.index("2. Política", start)]
    # Cited in the drafted text, then listed: each date twice, each summary once.
    assert methodology.count("12 de marzo de 2024") == 2
    assert methodology.count("20 de mayo de 2024") == 2
    assert methodology.count("2 consult") == 2  # counted, in the text and above the table
    assert "Sociedad civil" in methodology and "Academia" in methodology
    assert "Presencial" in methodology and "Virtual" in methodology
    assert "7, 16" in methodology
    assert "ventanillas únicas en la frontera" in methodology
    assert "encuesta de hogares" in methodology


BAD_CONSULTATIONS = {
    "no stakeholder group": ({"groups": []}, "Tick at least one stakeholder group"),
    "a date still to come": (
        {"held_on": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()},
        "once it has been held",
    ),
    "no summary": ({"summary": " "}, "This field is required"),
    "no date": ({"held_on": ""}, "This field is required"),
    "no participants": ({"participants": "0"}, "greater than or equal to 1"),
}


@pytest.mark.parametrize("case", sorted(BAD_CONSULTATIONS))
def test_a_consultation_without_what_it_needs_is_refused_and_nothing_saved(
    case, world, english, media
):
    changes, said = BAD_CONSULTATIONS[case]
    response = english("coord_a").post(add_url(world), consultation_data(FIRST, **changes))
    assert response.status_code == 200
    assert said in response.content.decode()
    assert not Consultation.objects.exists()


def test_minutes_that_are_not_a_document_the_portal_keeps_are_refused(world, english, media):
    minutes = SimpleUploadedFile(
        "acta.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = english("coord_a").post(
        add_url(world), {**consultation_data(FIRST), "new_document": minutes}
    )
    assert "is not a PDF, DOCX, XLSX, ODT, PNG or JPEG file" in response.content.decode()
    assert not Consultation.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_the_minutes_are_downloaded_through_the_reviews_access(world, as_role, media):
    record_two(world, as_role("coord_a"))
    first = Consultation.objects.get(held_on="2024-03-12")
    url = reverse("reviews:consultation_minutes", args=[world.review_a.pk, first.pk])
    response = as_role("coord_a").get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    assert as_role("focal_a1").get(url).status_code == 403
    assert as_role("coord_b").get(url).status_code == 404
    # Without minutes there is nothing to download.
    second = Consultation.objects.get(held_on="2024-05-20")
    url = reverse("reviews:consultation_minutes", args=[world.review_a.pk, second.pk])
    assert as_role("coord_a").get(url).status_code == 404


def test_only_the_reviews_coordinators_record_consultations(world, as_role, media):
    data = consultation_data(SECOND)
    assert as_role("coord_b").post(add_url(world), data).status_code == 404
    assert as_role("focal_a1").post(add_url(world), data).status_code == 403
    assert not Consultation.objects.exists()


def test_after_submission_consultations_are_read_only(world, as_role, media):
    client = as_role("coord_a")
    record_two(world, client)
    NationalReview.objects.filter(pk=world.review_a.pk).update(
        status=NationalReview.Status.SUBMITTED
    )
    first = Consultation.objects.get(held_on="2024-03-12")
    edit = reverse("reviews:consultation_edit", args=[world.review_a.pk, first.pk])
    assert client.post(edit, consultation_data(FIRST, summary="Cambiado")).status_code == 302
    delete = reverse("reviews:consultation_delete", args=[world.review_a.pk, first.pk])
    assert client.post(delete).status_code == 302
    assert client.post(add_url(world), consultation_data(SECOND)).status_code == 302
    assert Consultation.objects.count() == 2
    first.refresh_from_db()
    assert first.summary == FIRST["summary"]
    page = client.get(reverse("reviews:network", args=[world.review_a.pk])).content.decode()
    assert "ventanillas únicas" in page and f'href="{edit}"' not in page


def test_the_reports_queries_do_not_grow_with_the_consultations(world, as_role, media):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.rendering.pdf import report_html

    client = as_role("coord_a")
    client.post(add_url(world), consultation_data(FIRST))
    review = NationalReview.objects.get(pk=world.review_a.pk)
    with CaptureQueriesContext(connection) as one:
        report_html(review, "imrf", "es")
    record_two(world, client)
    with CaptureQueriesContext(connection) as three:
        html = report_html(review, "imrf", "es")
    assert html.count("ventanillas únicas en la frontera") == 2
    assert len(three.captured_queries) == len(one.captured_queries)
