"""The public pages: published national reports, read by anyone, signed in or not.

Nothing unpublished is ever public: a review submitted but not published, one in
preparation, one published then unpublished, and one reopened (which unpublishes
it) are on no public page, and every public URL of theirs answers 404.
"""

import shutil
import subprocess

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import selectors, services
from reviews.models import NationalReview, NationalText, ReportJob
from tests.factories import (
    InstitutionRequestFactory,
    NationalReviewFactory,
    ProgrammeFactory,
    ReviewCycleFactory,
    UserFactory,
    country,
    objective,
)
from tests.reviews.test_reads import writes

pytestmark = pytest.mark.django_db

SUBMITTED = NationalReview.Status.SUBMITTED
UNPUBLISHED = ["submitted", "preparing", "unpublished", "reopened"]


def pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "no pdftotext: apt-get install poppler-utils"
    done = subprocess.run([pdftotext, "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def review_with(cycle, iso3: str, programme: str, text: str, *, status=SUBMITTED):
    """A country's review with one programme and one national text under objective 7."""
    review = NationalReviewFactory(cycle=cycle, country=country(iso3))
    ProgrammeFactory(
        request=InstitutionRequestFactory(review=review), name=programme, objectives=[objective(7)]
    )
    review.texts.filter(key="objective-7").update(text=text, version=1)
    review.status = status
    review.save(update_fields=["status"])
    return review


def render(jobs, layout: str = "imrf", language: str = "es") -> ReportJob:
    """Make one of the PDFs that publishing queued, as the worker does."""
    job = next(j for j in jobs if (j.layout, j.language) == (layout, language))
    done = services.report_render(job.pk)
    assert done.status == ReportJob.Status.DONE, done.error
    return done


@pytest.fixture
def cycle(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return ReviewCycleFactory()


@pytest.fixture
def mexico(cycle):
    """Mexico's review, submitted and published; its PDFs queued, none made yet."""
    review = review_with(cycle, "MEX", "Programa Paisano", "México protege a quienes migran.")
    review.jobs = services.review_publish(review=review, user=None)
    return review


def unpublished(cycle, kind: str) -> NationalReview:
    """Guatemala's review, never public in one of four ways; the ones once published had
    their Spanish IMRF PDF made, so that its file exists when its URL answers 404."""
    status = NationalReview.Status.PREPARING if kind == "preparing" else SUBMITTED
    review = review_with(cycle, "GTM", "Programa Oculto", "Texto no publicado.", status=status)
    if kind in {"unpublished", "reopened"}:
        jobs = services.review_publish(review=review, user=None)
        render(jobs)
        if kind == "unpublished":
            services.review_unpublish(review=review, user=None, reason="Falta una cifra.")
        else:
            admin = UserFactory(is_staff=True, is_superuser=True)
            services.review_reopen(review=review, user=admin, reason="Corregir cifras.")
    review.refresh_from_db()
    assert not review.is_published
    return review


def test_a_published_report_is_listed_and_readable_by_anyone(mexico, client):
    index = client.get(reverse("public:index"))
    assert index.status_code == 200
    page = index.content.decode()
    assert reverse("public:country", args=["MEX"]) in page
    for layout in ReportJob.NATIONAL_LAYOUTS:
        assert reverse("public:report", args=[mexico.pk, layout]) in page
    assert reverse("public:objective", args=[7]) in page
    assert [item["cycle"] for item in index.context["cycles"]] == [mexico.cycle]

    page = client.get(reverse("public:country", args=["MEX"])).content.decode()
    assert "México" in page and mexico.cycle.name in page
    assert reverse("public:report", args=[mexico.pk, "imrf"]) in page

    page = client.get(reverse("public:objective", args=[7])).content.decode()
    assert "México" in page
    assert "México protege a quienes migran." in page and "Programa Paisano" in page
    # Another objective: Mexico's programme is not under it.
    other = client.get(reverse("public:objective", args=[8])).content.decode()
    assert "Programa Paisano" not in other

    report = client.get(reverse("public:report", args=[mexico.pk, "imrf"]))
    assert report.status_code == 200
    page = report.content.decode()
    assert '<h1 class="cover-title">Informe nacional de México</h1>' in page
    assert "Programa Paisano" in page and "México protege a quienes migran." in page
    assert reverse("public:index") in page  # inside the portal page, its way back
    assert page.count("<main") == 1
    # Its PDFs are not made yet: not offered (what it says instead: in English below).
    assert reverse("public:report_pdf", args=[mexico.pk, "imrf", "es"]) not in page
    pdf = client.get(reverse("public:report_pdf", args=[mexico.pk, "imrf", "es"]))
    assert pdf.status_code == 404
    page = client.get(reverse("public:report", args=[mexico.pk, "regional"])).content.decode()
    assert "Cuestionario de México" in page


def test_the_published_pdf_is_served_once_made(mexico, client):
    render(mexico.jobs, "imrf", "es")
    page = client.get(reverse("public:report", args=[mexico.pk, "imrf"])).content.decode()
    url = reverse("public:report_pdf", args=[mexico.pk, "imrf", "es"])
    assert url in page
    # The other three are still being made: not offered.
    assert reverse("public:report_pdf", args=[mexico.pk, "imrf", "en"]) not in page
    english = reverse("public:report_pdf", args=[mexico.pk, "imrf", "en"])
    assert client.get(english).status_code == 404

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline")
    # Unpublishing takes it off at once: no cache keeps it without asking.
    assert response["Cache-Control"] == "no-cache"
    assert f'filename="MEX-{mexico.cycle.slug}-imrf-es.pdf"' in disposition
    text = pdf_text(b"".join(response.streaming_content))
    assert "Informe nacional de México" in text
    assert "Programa Paisano" in text and "México protege a quienes migran." in text


@pytest.mark.parametrize("kind", UNPUBLISHED)
def test_an_unpublished_review_is_on_no_public_page(kind, mexico, cycle, client):
    hidden = unpublished(cycle, kind)
    for url in [
        reverse("public:index"),
        reverse("public:country", args=["MEX"]),
        reverse("public:objective", args=[7]),
        reverse("public:report", args=[mexico.pk, "imrf"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Programa Paisano" in page or "México" in page, url  # the published one is
        for secret in ("Guatemala", "Programa Oculto", "Texto no publicado."):
            assert secret not in page, (url, secret)
        assert f"/published/reports/{hidden.pk}/" not in page, url
    # Its country exists: its page says nothing is published.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("public:country", args=["GTM"]))
    assert page.status_code == 200
    assert "No report of Guatemala has been published yet." in page.content.decode()
    assert page.context["reviews"] == []
    for layout in ReportJob.NATIONAL_LAYOUTS:
        assert client.get(reverse("public:report", args=[hidden.pk, layout])).status_code == 404
        for language, _name in settings.LANGUAGES:
            url = reverse("public:report_pdf", args=[hidden.pk, layout, language])
            assert client.get(url).status_code == 404, url
    if kind in {"unpublished", "reopened"}:
        # Its PDF was made, and is still kept for its coordinators: not public.
        job = hidden.report_jobs.get(layout="imrf", language="es", status=ReportJob.Status.DONE)
        assert job.file.storage.exists(job.file.name)


def test_nothing_published_says_so(cycle, client):
    unpublished(cycle, "submitted")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("public:index"))
    assert response.status_code == 200
    assert "No national report has been published yet." in response.content.decode()
    page = client.get(reverse("public:objective", args=[7])).content.decode()
    assert "No national report has been published yet." in page
    assert "Programa Oculto" not in page


def test_the_pages_speak_english(mexico, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("public:index")).content.decode()
    assert "Published national reports" in page and "Mexico" in page
    page = client.get(reverse("public:country", args=["MEX"])).content.decode()
    assert "Published reports of Mexico" in page
    page = client.get(reverse("public:report", args=[mexico.pk, "imrf"])).content.decode()
    assert "National report of Mexico" in page and "Methodology" in page
    assert "English: being prepared, come back later" in page
    page = client.get(reverse("public:objective", args=[7])).content.decode()
    assert "Objective 7" in page and "Programa Paisano" in page
    assert "On the objective" in page


def test_a_signed_in_person_sees_the_same(mexico, client):
    client.force_login(UserFactory())
    page = client.get(reverse("public:index")).content.decode()
    assert reverse("public:report", args=[mexico.pk, "imrf"]) in page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (lambda m: reverse("public:country", args=["XXX"]), 404),
        (lambda m: reverse("public:country", args=["mex"]), 301),
        (lambda m: reverse("public:objective", args=[0]), 404),
        (lambda m: reverse("public:objective", args=[24]), 404),
        (lambda m: reverse("public:report", args=[m.pk, "synthesis"]), 404),
        (lambda m: reverse("public:report", args=[m.pk, "other"]), 404),
        (lambda m: reverse("public:report", args=[999999, "imrf"]), 404),
        (lambda m: reverse("public:report_pdf", args=[m.pk, "imrf", "fr"]), 404),
        (lambda m: reverse("public:report_pdf", args=[m.pk, "synthesis", "es"]), 404),
        (lambda m: reverse("public:report_pdf", args=[999999, "imrf", "es"]), 404),
    ],
)
def test_bad_addresses_answer_not_found(url, expected, mexico, client):
    response = client.get(url(mexico))
    assert response.status_code == expected
    if expected == 301:
        assert response["Location"] == reverse("public:country", args=["MEX"])


def test_a_pdf_whose_file_is_gone_is_not_found(mexico, client):
    job = render(mexico.jobs)
    job.file.storage.delete(job.file.name)
    url = reverse("public:report_pdf", args=[mexico.pk, "imrf", "es"])
    assert client.get(url).status_code == 404
    page = client.get(reverse("public:report", args=[mexico.pk, "imrf"])).content.decode()
    assert "Informe nacional de México" in page


def test_the_pages_only_read(mexico, client):
    render(mexico.jobs)
    urls = [
        reverse("public:index"),
        reverse("public:country", args=["MEX"]),
        reverse("public:objective", args=[7]),
        reverse("public:report", args=[mexico.pk, "imrf"]),
        reverse("public:report_pdf", args=[mexico.pk, "imrf", "es"]),
    ]
    for url in urls:
        assert Client().post(url).status_code == 405, url
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        assert writes(queries.captured_queries) == [], url


def count_queries(client, urls) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_the_pages_run_the_same_queries_for_one_report_or_many(mexico, cycle, client):
    urls = [
        reverse("public:index"),
        reverse("public:country", args=["MEX"]),
        reverse("public:objective", args=[7]),
        reverse("public:report", args=[mexico.pk, "imrf"]),
    ]
    one = count_queries(client, urls)
    for iso3 in ("SLV", "CRI", "HND"):
        other = review_with(cycle, iso3, f"Programa {iso3}", f"Texto {iso3}.")
        services.review_publish(review=other, user=None)
    # Mexico in an earlier cycle too.
    earlier = ReviewCycleFactory(opens_on=cycle.opens_on.replace(year=cycle.opens_on.year - 2))
    services.review_publish(
        review=review_with(earlier, "MEX", "Programa anterior", "Antes."), user=None
    )
    page = client.get(reverse("public:index"))
    assert [item["cycle"] for item in page.context["cycles"]] == [cycle, earlier]
    assert len(page.context["cycles"][0]["reviews"]) == 4
    assert count_queries(client, urls) == one
    page = client.get(reverse("public:objective", args=[7])).content.decode()
    for text in ("Programa HND", "Texto HND.", "Programa anterior", "Antes."):
        assert text in page


def test_an_objective_page_reads_the_texts_of_its_thematic_area(cycle, client):
    """A cycle asked per thematic area: the area's texts speak of the objective."""
    areas = ReviewCycleFactory(questionnaire="group")
    review = review_with(areas, "SLV", "Programa de área", "")
    area = next(g for g in selectors.cycle_groups(areas) if objective(7) in g.objectives)
    text = review.texts.filter(section=NationalText.Section.GROUP, group_number=area.number).first()
    NationalText.objects.filter(pk=text.pk).update(text="El área protege.", version=1)
    services.review_publish(review=review, user=None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("public:objective", args=[7]))
    [row] = response.context["rows"]
    assert [t["text"] for t in row["texts"]] == ["El área protege."]
    assert f"Thematic area {area.number}" in row["texts"][0]["heading"]
    assert "El área protege." in response.content.decode()
    assert "Programa de área" in response.content.decode()
