"""The regional synthesis (seed 003's shape) rendered to PDF, read back with pdftotext:
each country's programmes under their clusters, attributed; the reviewers' texts; the
requests, challenges summed, coverage and gaps; never an unsubmitted review's content."""

import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from objectives.models import ChallengeCategory
from reviews import services
from reviews.models import Input, NationalReview, Programme, Question, RegionalText, ReportJob
from reviews.rendering import pdf
from reviews.selectors.units import cycle_groups
from tests.factories import (
    ChallengeFactory,
    InstitutionFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ProgrammeFactory,
    ReviewCycleFactory,
    UserFactory,
    country,
    objective,
)

pytestmark = pytest.mark.django_db

Kind = Programme.Kind
Section = RegionalText.Section


def pdftotext(content: bytes) -> str:
    """The PDF's text as pdftotext reads it, its whitespace made single spaces (lines
    wrap where the layout wraps them)."""
    tool = shutil.which("pdftotext")
    assert tool, "no pdftotext: apt-get install poppler-utils"
    done = subprocess.run([tool, "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def _submit(review: NationalReview) -> None:
    review.status = NationalReview.Status.SUBMITTED
    review.save(update_fields=["status"])


def _country_review(cycle, iso3, acronym, programmes, *, submitted=True):
    """A review of ``iso3`` with one institution reporting ``programmes``:
    (name, kind, objective numbers) each."""
    review = NationalReviewFactory(cycle=cycle, country=country(iso3))
    institution = InstitutionFactory(country=review.country, acronym=acronym)
    request = InstitutionRequestFactory(review=review, institution=institution)
    for name, kind, numbers in programmes:
        ProgrammeFactory(
            request=request, name=name, kind=kind, objectives=[objective(n) for n in numbers]
        )
    if submitted:
        _submit(review)
    return review


def _written(cycle, key: str, text: str, *, group_number=None) -> RegionalText:
    """A text of the synthesis as the reviewers saved it."""
    section = Section.CLUSTER if group_number else key
    return RegionalText.objects.create(
        cycle=cycle, key=key, section=section, group_number=group_number, text=text, version=1
    )


def _group_of(cycle, number: int):
    return next(g for g in cycle_groups(cycle) if number in {o.number for o in g.objectives})


@pytest.fixture
def region():
    """Mexico and El Salvador submitted; Guatemala still collecting (its programme must
    never print). A cluster overview and the recommendations written."""
    cycle = ReviewCycleFactory()
    mexico = _country_review(
        cycle,
        "MEX",
        "SRE",
        [
            ("Programa Paisano", Kind.GOOD_PRACTICE, [7]),
            ("Política Migratoria Integral", Kind.POLICY, [7, 14]),
        ],
    )
    salvador = _country_review(
        cycle,
        "SLV",
        "",  # no acronym: the institution's name is given
        [
            ("126 te orienta sin fronteras", Kind.PROGRAMME, [14]),
            ("Protocolo de asistencia humanitaria", Kind.TOOL, [14]),
        ],
    )
    guatemala = _country_review(
        cycle, "GTM", "MINEX", [("Borrador guatemalteco", Kind.TOOL, [7])], submitted=False
    )
    # One more challenge, in the second category, for El Salvador.
    second = ChallengeCategory.objects.order_by("number")[1]
    ChallengeFactory(
        programme=Programme.objects.get(name="126 te orienta sin fronteras"), categories=[second]
    )
    cluster = _group_of(cycle, 7)
    _written(
        cycle,
        f"group-{cluster.number}",
        "La protección de los migrantes es un desafío regional.\nSegunda línea del panorama.",
        group_number=cluster.number,
    )
    _written(cycle, "recommendations", "Fortalecer las redes consulares.")
    mexico.texts.filter(section="means").order_by("key").update(
        text="México pide cooperación técnica en datos.", version=1
    )
    return cycle, mexico, salvador, guatemala, cluster


def test_the_synthesis_names_each_countrys_material_under_its_cluster(region):
    cycle, mexico, salvador, guatemala, cluster = region
    rendered = pdf.synthesis_pdf(cycle, "es")
    text = pdftotext(rendered.content)

    # The programmes, attributed to country and institution, in their lists.
    salvador_institution = salvador.requests.get().institution.name
    assert "Programa Paisano — México (SRE)" in text
    assert "Política Migratoria Integral — México (SRE)" in text
    assert f"126 te orienta sin fronteras — El Salvador ({salvador_institution})" in text
    assert f"Protocolo de asistencia humanitaria — El Salvador ({salvador_institution})" in text
    # ... under the cluster of their objectives: objective 7's cluster lists Mexico's
    # good practice before the next cluster starts.
    start = text.rindex(f"2.{cluster.number}. {cluster.label}")  # not the contents entry
    following = [g for g in cycle_groups(cycle) if g.number > cluster.number]
    end = text.index(following[0].label, start) if following else len(text)
    assert "Programa Paisano — México (SRE)" in text[start:end]
    # The reviewers' overview and recommendations; a cluster without an overview says so.
    assert "La protección de los migrantes es un desafío regional." in text
    assert "Segunda línea del panorama." in text
    assert "Fortalecer las redes consulares." in text
    with translation.override("es"):  # as the catalogue says it, translated or not yet
        assert gettext("No overview written yet.") in text
    # The requests, attributed to their country.
    assert "México pide cooperación técnica en datos." in text
    # Who submitted.
    assert "El Salvador, México." in text
    # Never the unsubmitted country's programme, nor Guatemala as a contributor.
    assert "Borrador guatemalteco" not in text
    assert "MINEX" not in text
    assert rendered.pages > 5


def test_the_synthesis_sums_the_challenges_and_names_the_gaps(region):
    cycle, *_rest = region
    text = pdftotext(pdf.synthesis_pdf(cycle, "en").content)
    first, second = ChallengeCategory.objects.order_by("number")[:2]
    # Four programmes, one challenge each in the first category; one more in the second.
    # Columns: El Salvador, Mexico, the region.
    with_en = {c.pk: c.name_en for c in (first, second)}
    assert f"{with_en[first.pk]} 2 2 4" in text
    assert f"{with_en[second.pk]} 1 0 1" in text
    assert "5 challenges reported with the programmes of the submitted reviews" in text
    # Objectives 7 and 14 are covered; the other 21 are the region's gaps.
    gaps = "; ".join(f"{n}. {objective(n).short_label_en}" for n in (5, 6, 8))
    assert "No country reported on these 21 objectives:" in text
    assert gaps in text  # 7 is no gap
    assert "13. " + objective(13).short_label_en + "; 15. " in text  # nor is 14
    # The coverage table: Mexico reported one programme under 7 and one under 14.
    assert "Programmes reported per country and objective" in text
    # The requests, attributed: Mexico's means of implementation, and El Salvador wrote none.
    assert "Mexico: means of implementation From the national review of Mexico." in text
    assert "México pide cooperación técnica en datos." in text
    assert "El Salvador: means of implementation" not in text


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        (
            "en",
            [
                "Regional synthesis",
                "Contents",
                "1. Introduction and methodology",
                "2. The objectives, cluster by cluster",
                "Good practices",
                "Policies",
                "Tools",
                "3. The region's requests for cooperation and support",
                "4. Challenges by category",
                "5. Coverage of the objectives and gaps",
                "6. Conclusions",
                "7. Recommendations",
                "Annex: the countries of the region and their reviews",
            ],
        ),
        ("es", ["Índice", "6. Conclusiones", "7. Recomendaciones"]),
    ],
)
def test_the_synthesis_is_tagged_and_speaks_its_language(region, language, headings):
    cycle, *_rest = region
    content = pdf.synthesis_pdf(cycle, language).content
    text = pdftotext(content)
    for heading in headings:
        assert heading in text, heading
    reader = PdfReader(io.BytesIO(content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == language
    assert (cycle.name_en if language == "en" else cycle.name_es) in reader.metadata.title
    assert reader.metadata.title.startswith(
        "Regional synthesis" if language == "en" else ("Síntesis regional", "Regional synthesis")
    )
    # Headings are bookmarks: the clusters among them.
    titles = [item["/Title"] for item in _flatten(reader.outline)]
    with translation.override(language):
        first = cycle_groups(cycle)[0].label
    assert any(title.endswith(first) for title in titles)


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_the_synthesis_is_rendered_by_the_report_worker(region, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cycle, *_rest = region
    job = services.synthesis_request(cycle=cycle, language="es", user=UserFactory())
    job = services.report_render(job.pk)
    assert (job.status, job.layout, job.cycle_id) == (ReportJob.Status.DONE, "synthesis", cycle.pk)
    assert job.review is None and job.pages > 5
    with job.file.open("rb") as stored:
        text = pdftotext(stored.read())
    assert "Programa Paisano — México (SRE)" in text
    assert "La protección de los migrantes es un desafío regional." in text
    assert "Borrador guatemalteco" not in text


def test_a_cycle_asked_per_thematic_area_renders_its_clusters(settings):
    """The real 2020 shape: questions a–d asked once per thematic area; an area's
    answers cover its objectives without a programme (✓, no gap)."""
    cycle = ReviewCycleFactory(questionnaire=Question.AskedPer.GROUP)
    review = _country_review(cycle, "MEX", "SRE", [("Programa Paisano", Kind.GOOD_PRACTICE, [7])])
    # The institution answered about thematic area 1 (objectives 1, 3, 17 and 23).
    area = _group_of(cycle, 1)
    answered = Input.objects.filter(request__review=review, group_number=area.number)
    assert answered.update(status=Input.Status.SUBMITTED) >= 1
    text = pdftotext(pdf.synthesis_pdf(cycle, "en").content)
    with translation.override("en"):
        labels = [group.label for group in cycle_groups(cycle)]
    assert len(labels) == 5
    for label in labels:
        assert label in text
    assert "Programa Paisano — Mexico (SRE)" in text
    assert "1 of 33 countries" in text
    assert review.country.name_en in text
    # Area 1's objectives are covered by the answers (✓), and objective 7 by the programme:
    # 23 - 5 gaps.
    assert "No country reported on these 18 objectives: 2. " in text
    assert "✓" in text


def test_a_cycle_with_no_submitted_review_says_so():
    cycle = ReviewCycleFactory()
    _country_review(cycle, "GTM", "MINEX", [("Borrador", Kind.TOOL, [7])], submitted=False)
    rendered = pdf.synthesis_pdf(cycle, "en")
    text = pdftotext(rendered.content)
    assert "0 of 33 countries" in text
    assert "No country of the region has submitted its review yet" in text
    assert "Borrador" not in text
    assert "No overview written yet." in text
    assert "None reported under these objectives." in text


def test_the_synthesis_names_the_objectives_fewer_than_half_cover(region):
    """Three countries: objective 20, reported by Panama alone, is covered by fewer than
    half; 14, by Mexico and El Salvador, is not."""
    cycle, *_rest = region
    _country_review(cycle, "PAN", "MIRE", [("Remesas seguras", Kind.PROGRAMME, [20, 7])])
    text = pdftotext(pdf.synthesis_pdf(cycle, "en").content)
    assert f"Covered by fewer than half the countries: 20. {objective(20).short_label_en}." in text
    assert "3 of the 33 countries of the region submitted their reviews" in text
    assert "El Salvador, Mexico, Panama." in text


def test_many_countries_turn_the_challenges_table_and_cost_no_more_queries(
    region, django_assert_num_queries
):
    """Past 12 countries, the countries are the challenge table's rows (33 columns would
    not fit a page); the synthesis reads the same number of queries for any number of
    countries."""
    cycle, *_rest = region
    with CaptureQueriesContext(connection) as two:
        html = pdf.synthesis_html(cycle, "en")
    assert 'class="challenges-table"' in html and "by-country" not in html
    more = ["PAN", "CRI", "HND", "COL", "ECU", "PER", "CHL", "ARG", "URY", "PRY", "BOL"]
    for iso3 in more:
        _country_review(cycle, iso3, f"I-{iso3}", [(f"Programa {iso3}", Kind.POLICY, [20])])
    with django_assert_num_queries(len(two.captured_queries)):
        html = pdf.synthesis_html(cycle, "en")
    assert 'class="challenges-table by-country"' in html
    assert html.count("Programa PAN — Panama (I-PAN)") == 1
    text = pdftotext(pdf.synthesis_pdf(cycle, "en").content)
    assert "13 of the 33 countries of the region submitted their reviews" in text


def test_what_a_reviewer_typed_prints_as_text_with_its_line_breaks():
    cycle = ReviewCycleFactory()
    _written(
        cycle,
        "conclusions",
        '<img src="https://example.org/x.png"> Primera.\n\nSegunda <b>línea</b>.',
    )
    html = pdf.synthesis_html(cycle, "en")
    assert "&lt;img src=&quot;https://example.org/x.png&quot;&gt; Primera.</p>" in html
    assert "<p>Segunda &lt;b&gt;línea&lt;/b&gt;.</p>" in html
    text = pdftotext(pdf.synthesis_pdf(cycle, "en").content)
    assert '<img src="https://example.org/x.png"> Primera. Segunda <b>línea</b>.' in text
