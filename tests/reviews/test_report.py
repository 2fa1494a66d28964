"""The national report: both layouts in both languages, read back from the PDF; the jobs."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from reviews import selectors
from reviews.models import NationalReview, NationalText, ReportJob
from reviews.rendering import pdf
from tests.redis import redis_server, task_backend  # noqa: F401 (fixtures)
from tests.reviews.test_coordination import known, programme  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def bookmarks(outline) -> list[str]:
    """Every bookmark title of the PDF, at any depth."""
    return [
        title
        for item in outline
        for title in (bookmarks(item) if isinstance(item, list) else [item["/Title"]])
    ]


def render_report_pdf(review, layout, language) -> bytes:
    return pdf.report_pdf(review, layout, language).content


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def written(known):  # noqa: F811
    """The known review with consolidated texts, and no report asked for yet."""
    ReportJob.objects.all().delete()
    texts = selectors.review_texts(review=known.review_a)
    for key, text in {
        "methodology": "Metodología: consulta a 2 instituciones.",
        "objective-1": "Guatemala mejoró sus datos migratorios con el censo.",
        "objective-21": "Ventanilla de atención a personas retornadas en el aeropuerto.",
        "principle-3": "Se aplica en todos los programas.",
        "next-steps": "Crear un sistema nacional de estadísticas.",
    }.items():
        NationalText.objects.filter(pk=texts[key].pk).update(text=text)
    return known


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "es",
            {
                "contents": "Índice",
                "methodology": "1. Metodología",
                "objectives": "3. Avances en los objetivos",
                "objective": "Objetivo 21: Retorno y reintegración dignos",
                "draft": "BORRADOR",
                "programmes": "5 programas y acciones",
                "covered": "4 de 23 objetivos cubiertos",
                "missing": "No hay aportes sobre este objetivo.",
            },
        ),
        (
            "en",
            {
                "contents": "Contents",
                "methodology": "1. Methodology",
                "objectives": "3. Progress on the objectives",
                "objective": "Objective 21: Dignified return and reintegration",
                "draft": "DRAFT",
                "programmes": "5 programmes and actions",
                "covered": "4 of 23 objectives covered",
                "missing": "No input on this objective.",
            },
        ),
    ],
)
def test_imrf_report_says_what_the_review_says(written, language, words):
    reader, text = pdf_text(render_report_pdf(written.review_a, "imrf", language))

    for expected in words.values():
        assert expected in text, expected
    assert "Guatemala mejoró sus datos migratorios con el censo." in text
    assert "Ventanilla de atención a personas retornadas en el aeropuerto." in text
    assert "Crear un sistema nacional de estadísticas." in text
    assert re.search(r"Personas\s+atendidas", text)  # a statistics table of objective 1
    # Contents entries carry the page their section starts on.
    contents = re.search(rf"{words['methodology']} \.+ (\d+)", text)
    assert contents and 2 < int(contents.group(1)) <= len(reader.pages)
    assert reader.metadata.title.startswith(("Informe nacional", "National report"))
    assert reader.trailer["/Root"]["/Lang"] == language
    titles = bookmarks(reader.outline)
    assert {words["methodology"], words["objectives"], words["objective"]} <= set(titles)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            [
                "Cuestionario de Guatemala",
                "Área temática 1: Promoción de un discurso, políticas y planificación",
                "Principios rectores",
                "Preguntas transversales",
                "Anexo 1: resumen ejecutivo",
                "5 programas y acciones",
            ],
        ),
        (
            "en",
            [
                "Questionnaire of Guatemala",
                "Guiding principles",
                "Cross-cutting questions",
                "Annex 1: executive summary",
                "5 programmes and actions",
            ],
        ),
    ],
)
def test_regional_layout_follows_the_cycles_groups(written, language, expected):
    _reader, text = pdf_text(render_report_pdf(written.review_a, "regional", language))
    for words in expected:
        assert words in text, words
    assert "Se aplica en todos los programas." in text
    assert "Guatemala mejoró sus datos migratorios con el censo." in text
    assert re.search(r"Personas\s+atendidas", text)


def test_the_draft_watermark_goes_when_the_review_is_submitted(written):
    _reader, before = pdf_text(render_report_pdf(written.review_a, "imrf", "es"))
    NationalReview.objects.filter(pk=written.review_a.pk).update(
        status=NationalReview.Status.SUBMITTED
    )
    written.review_a.refresh_from_db()
    _reader, after = pdf_text(render_report_pdf(written.review_a, "imrf", "es"))
    assert before.count("BORRADOR") > 5  # on every page
    assert "BORRADOR" not in after


def ask(client, review, layout="imrf", language="es"):
    return client.post(
        reverse("reviews:report_home", args=[review.pk]), {"layout": layout, "language": language}
    )


def test_asking_for_a_report_renders_it_and_offers_the_download(
    written,
    as_role,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    task_backend,  # noqa: F811
):
    """Through each backend for many workers (the database queue, RQ on Redis) and
    a real worker."""
    settings.MEDIA_ROOT = tmp_path
    client = as_role("coord_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, written.review_a)
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.QUEUED  # until a worker takes it
    task_backend.work()
    job.refresh_from_db()
    assert response.url == reverse("reviews:report_job", args=[written.review_a.pk, job.pk])
    assert (job.status, job.progress) == (ReportJob.Status.DONE, 100)
    assert job.pages > 5
    page = client.get(response.url).content.decode()
    assert "Descargar el PDF" in page
    download = client.get(reverse("reviews:report_download", args=[written.review_a.pk, job.pk]))
    _reader, text = pdf_text(b"".join(download.streaming_content))
    assert "Ventanilla de atención a personas retornadas" in text

    # Nothing changed: the same file, at once, without a new job.
    with django_capture_on_commit_callbacks(execute=True):
        again = ask(client, written.review_a)
    assert again.url == response.url
    assert ReportJob.objects.count() == 1
    # A changed text makes a new report.
    NationalText.objects.filter(review=written.review_a, key="policy").update(text="Ley nueva.")
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, written.review_a)
    assert ReportJob.objects.count() == 2


def test_a_second_click_while_it_runs_starts_nothing(written, as_role):
    running = ReportJob.objects.create(
        review=written.review_a, layout="imrf", language="es", status=ReportJob.Status.RUNNING
    )
    response = ask(as_role("coord_a"), written.review_a)
    assert response.url.endswith(f"/pdf/{running.pk}/")
    assert ReportJob.objects.count() == 1
    page = as_role("coord_a").get(response.url).content.decode()
    assert 'role="progressbar"' in page and 'hx-trigger="every 2s"' in page
    # No half-written file is ever served.
    download = reverse("reviews:report_download", args=[written.review_a.pk, running.pk])
    assert as_role("coord_a").get(download).status_code == 404


def test_a_job_whose_worker_stopped_says_so_and_can_be_retried(
    written, as_role, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    # Its worker stopped on the last attempt (earlier ones are queued again by themselves).
    stuck = ReportJob.objects.create(
        review=written.review_a,
        layout="imrf",
        language="es",
        status=ReportJob.Status.RUNNING,
        attempts=settings.REPORT_ATTEMPTS,
    )
    ReportJob.objects.filter(pk=stuck.pk).update(
        updated_at=stuck.updated_at - datetime.timedelta(minutes=30)
    )
    client = as_role("coord_a")
    page = client.get(reverse("reviews:report_job", args=[written.review_a.pk, stuck.pk]))
    html = page.content.decode()
    assert "El programa que escribe los informes se detuvo" in html and "Intentar de nuevo" in html
    assert 'hx-trigger="every 2s"' not in html  # nothing left to wait for
    home = client.get(reverse("reviews:report_home", args=[written.review_a.pk])).content.decode()
    assert "Falló" in home
    # Pages only show it: the row changes when a report is asked for again.
    stuck.refresh_from_db()
    assert stuck.status == ReportJob.Status.RUNNING
    with django_capture_on_commit_callbacks(execute=True):
        retry = client.post(reverse("reviews:report_retry", args=[written.review_a.pk, stuck.pk]))
    stuck.refresh_from_db()
    assert stuck.status == ReportJob.Status.FAILED
    # Kept untranslated: each reader is told in their own language.
    assert stuck.error == "The report worker stopped before the report was finished."
    again = client.get(reverse("reviews:report_job", args=[written.review_a.pk, stuck.pk]))
    assert "El programa que escribe los informes se detuvo" in again.content.decode()
    job = ReportJob.objects.exclude(pk=stuck.pk).get()
    assert retry.url.endswith(f"/pdf/{job.pk}/")
    assert job.status == ReportJob.Status.DONE


def test_a_failed_job_says_why(
    written, as_role, settings, tmp_path, django_capture_on_commit_callbacks
):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("the uploads disk is not where it should be")
    settings.MEDIA_ROOT = blocked
    client = as_role("coord_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, written.review_a)
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED
    assert "NotADirectoryError" in job.error or "FileExistsError" in job.error
    page = client.get(response.url).content.decode()
    assert "No se pudo escribir el informe." in page and "Intentar de nuevo" in page
    assert not job.file


@pytest.mark.parametrize(
    ("language", "stored", "shown"),
    [
        # A report in English asked for by someone reading Spanish, and the reverse.
        ("es", "Laying out the pages", "En redacción: Componiendo las páginas"),
        ("en", "Laying out the pages", "Being written: Laying out the pages"),
        # A stage stored translated by an earlier version of the portal.
        ("en", "Componiendo las páginas", "Being written: Laying out the pages"),
    ],
)
def test_a_running_jobs_stage_is_in_the_readers_language(written, as_role, language, stored, shown):
    job = ReportJob.objects.create(
        review=written.review_a,
        layout="imrf",
        language="en",
        status=ReportJob.Status.RUNNING,
        stage=stored,
        progress=30,
    )
    client = as_role("coord_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("reviews:report_job", args=[written.review_a.pk, job.pk]))
    assert shown in page.content.decode()


def test_why_a_job_failed_is_in_the_readers_language(written, as_role):
    url = "reviews:report_job"
    stalled = ReportJob.objects.create(
        review=written.review_a,
        layout="imrf",
        language="es",
        status=ReportJob.Status.FAILED,
        # Stored in Spanish by an earlier version of the portal.
        error="El programa que escribe los informes se detuvo antes de terminar el informe.",
    )
    broken = ReportJob.objects.create(
        review=written.review_a,
        layout="imrf",
        language="es",
        status=ReportJob.Status.FAILED,
        error="OSError: disk full",
    )
    client = as_role("coord_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse(url, args=[written.review_a.pk, stalled.pk])).content.decode()
    assert "Failed" in html and "The report worker stopped before" in html
    assert "El programa" not in html
    html = client.get(reverse(url, args=[written.review_a.pk, broken.pk])).content.decode()
    assert "An unexpected error stopped it" in html
    # The programmer's words, apart, for the administrators.
    assert "Details for the administrators" in html and "OSError: disk full" in html


def test_preview_is_the_same_report_in_html(written, as_role):
    page = as_role("coord_a").get(
        reverse("reviews:report_preview", args=[written.review_a.pk, "imrf"])
    )
    html = page.content.decode()
    assert "Ventanilla de atención a personas retornadas en el aeropuerto." in html
    assert 'class="watermark"' not in html  # the screen says DRAFT in the header only
    missing = as_role("coord_a").get(
        reverse("reviews:report_preview", args=[written.review_a.pk, "x"])
    )
    assert missing.status_code == 404


def test_the_worker_and_the_command_share_one_render_that_says_how_far_it_is(written):
    heard = []
    report = pdf.report_pdf(
        written.review_a, "imrf", "en", progress=lambda *news: heard.append(news)
    )
    assert heard == [
        (10, "Gathering the texts and figures"),
        (30, "Laying out the pages"),
        (80, "Writing the PDF"),
    ]
    assert report.pages == len(PdfReader(io.BytesIO(report.content)).pages)
    assert "Guatemala mejoró sus datos migratorios" in report.html


def test_render_report_command(written, tmp_path):
    out = tmp_path / "informe.pdf"
    call_command(
        "render_report", "gtm", "current", "--layout", "imrf", "--lang", "en", "--out", str(out)
    )
    _reader, text = pdf_text(out.read_bytes())
    assert "National report of Guatemala" in text
    assert not list(tmp_path.glob("*.partial"))
    with pytest.raises(CommandError, match="No national review of MEX in the cycle nope"):
        call_command("render_report", "MEX", "nope", "--out", str(out))


def test_report_context_runs_a_bounded_number_of_queries(written, django_assert_max_num_queries):
    for n in range(10):
        programme(written, written.request_a1, f"Extra {n}", [2, 4, 6])
    # 33: the consultations with stakeholders, the pledges and the good practices
    # proposed are a query more each.
    with django_assert_max_num_queries(33):
        pdf.report_html(written.review_a, "imrf", "es")
