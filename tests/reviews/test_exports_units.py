"""The answers export: one row per answer, with the unit it answers about (issue 12)."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reviews import services, spreadsheets
from reviews.models import Answer, NationalCoordinator, Question, ReviewCycle
from tests import factories

pytestmark = pytest.mark.django_db

HEADERS = [
    "institution",
    "answered per",
    "about",
    "status",
    "question",
    "answer",
    "not applicable",
    "why it does not apply",
    "words",
    "last saved",
]


def answer(request, *, code, objective=None, group=None, general=False, **fields):
    """Save, as its focal point would, the answer of one of the request's inputs."""
    inputs = request.inputs.all()
    if general:
        inputs = inputs.filter(objective__isnull=True, group_number__isnull=True)
    elif group:
        inputs = inputs.filter(group_number=group)
    else:
        inputs = inputs.filter(objective__number=objective)
    row = Answer.objects.get(input=inputs.get(), question__code=code)
    values = {"text": "", "not_applicable": False, "reason": "", **fields}
    return services.answer_save(
        answer_id=row.pk, user=factories.UserFactory(), base_version=row.version, **values
    )


def csv_rows(review) -> list[dict]:
    with translation.override("en"):
        content = spreadsheets.review_csv(review, "answers")
    reader = csv.reader(io.StringIO(content.removeprefix("\ufeff")))
    headers = next(reader)
    assert headers == HEADERS
    return [dict(zip(headers, row, strict=True)) for row in reader]


def rows_of(rows, institution, text):
    return [r for r in rows if r["institution"] == institution.name and r["answer"] == text]


@pytest.fixture
def per_area():
    """A review of a cycle asking a–d once per thematic area; two institutions answered."""
    cycle = factories.ReviewCycleFactory(questionnaire="group")
    review = factories.NationalReviewFactory(cycle=cycle)
    first = factories.InstitutionRequestFactory(review=review)
    second = factories.InstitutionRequestFactory(review=review)
    saved = [
        (first, "Thematic area 3: ", "a", answer(first, code="a", group=3, text="Tres a.")),
        (first, "Thematic area 1: ", "d", answer(first, code="d", group=1, text="Uno d.")),
        (
            first,
            "General questions about the review",
            "7",
            answer(first, code="7", general=True, text="General siete."),
        ),
        (second, "Thematic area 3: ", "a", answer(second, code="a", group=3, text="Tres a.")),
        (
            second,
            "Thematic area 5: ",
            "b",
            answer(second, code="b", group=5, not_applicable=True, reason="No nos toca."),
        ),
    ]
    return review, saved


def test_every_answer_of_an_area_cycle_appears_once_with_its_unit(per_area):
    review, saved = per_area
    rows = csv_rows(review)

    # Every answer row of the review, of every kind of input, once.
    assert len(rows) == Answer.objects.filter(input__request__review=review).count()
    assert {r["answered per"] for r in rows} == {"thematic area", "review"}
    for request, about, code, written in saved:
        if written.not_applicable:
            found = [
                r
                for r in rows
                if r["institution"] == request.institution.name
                and r["why it does not apply"] == "No nos toca."
            ]
        else:
            found = rows_of(rows, request.institution, written.text)
        assert len(found) == 1, (about, code)
        row = found[0]
        assert row["about"].startswith(about)
        assert row["question"] == code
        assert row["answered per"] == ("review" if code == "7" else "thematic area")
        assert row["not applicable"] == ("yes" if written.not_applicable else "no")
        assert row["status"] == "Draft"
    area_three = next(r for r in rows if r["about"].startswith("Thematic area 3: "))
    assert len(area_three["about"]) > len("Thematic area 3: ")  # the area's title follows


def test_every_answer_of_an_objective_cycle_appears_once_with_its_unit():
    cycle = factories.ReviewCycleFactory(questionnaire=Question.AskedPer.OBJECTIVE)
    review = factories.NationalReviewFactory(cycle=cycle)
    request = factories.InstitutionRequestFactory(
        review=review, objectives=[factories.objective(7), factories.objective(12)]
    )
    answer(request, code="b", objective=7, text="Siete b.")
    answer(request, code="a", objective=12, text="Doce a.")
    answer(request, code="8", general=True, text="General ocho.")
    rows = csv_rows(review)

    assert len(rows) == Answer.objects.filter(input__request=request).count()
    assert {r["answered per"] for r in rows} == {"objective", "review"}
    expected = {
        "Siete b.": ("objective", "Objective 7: ", "b"),
        "Doce a.": ("objective", "Objective 12: ", "a"),
        "General ocho.": ("review", "General questions about the review", "8"),
    }
    for text, (kind, about, code) in expected.items():
        (row,) = rows_of(rows, request.institution, text)
        assert (row["answered per"], row["question"]) == (kind, code)
        assert row["about"].startswith(about)
    # Objectives in order, then the general questions, each unit's questions in order.
    units = list(dict.fromkeys(r["about"] for r in rows))
    assert [u.split(":")[0] for u in units] == [
        "Objective 7",
        "Objective 12",
        "General questions about the review",
    ]


def test_a_round_table_cycle_names_its_round_tables():
    cycle = factories.ReviewCycleFactory(
        questionnaire="group", grouping=ReviewCycle.Grouping.ROUND_TABLES
    )
    review = factories.NationalReviewFactory(cycle=cycle)
    request = factories.InstitutionRequestFactory(review=review)
    answer(request, code="c", group=2, text="Mesa dos c.")
    (row,) = rows_of(csv_rows(review), request.institution, "Mesa dos c.")
    assert row["answered per"] == "round table"
    assert row["about"].startswith("Round table 2: ")


def test_the_workbook_carries_the_units_and_numbers_never_localised(per_area, client, settings):
    review, saved = per_area
    first = saved[0][0]
    long = answer(first, code="b", group=2, text=" ".join(["palabra"] * 1234))
    settings.USE_THOUSAND_SEPARATOR = True
    client.force_login(NationalCoordinator.objects.get(review=review).user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("reviews:export", args=[review.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["answers"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    (row,) = [r for r in rows if r[5] == long.text]
    assert row[1:3] == ("thematic area", row[2]) and row[2].startswith("Thematic area 2: ")
    assert row[8] == 1234  # a number, not "1,234"

    response = client.get(reverse("reviews:export", args=[review.pk, "answers"]))
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    (line,) = [line for line in lines if line[5] == long.text]
    assert line[8] == "1234"


def test_the_export_runs_a_fixed_number_of_queries(per_area):
    review, _ = per_area

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            spreadsheets.review_workbook(review)
        return len(context.captured_queries)

    few = queries()
    for _n in range(3):  # more institutions, inputs and answers: no more queries
        request = factories.InstitutionRequestFactory(review=review)
        answer(request, code="a", group=4, text="Cuatro a.")
        answer(request, code="10", general=True, text="General diez.")
    assert queries() == few
