"""Questions asked per thematic area or per review reach the coordinator, progress,
the draft and both report layouts (issue 12), as questions per objective do."""

import re

import pytest
from django.urls import reverse

from reviews import selectors, services
from reviews.models import Input, Passage, Question
from reviews.rendering.pdf import report_html
from tests import factories

pytestmark = pytest.mark.django_db

AREA_3 = [9, 10, 11, 14, 21, 23]


def answer_and_submit(input, user, tag):
    """Answer every question of an input with a recognisable text, then submit it."""
    factories.answer_every_question(
        input, user, lambda answer: f"{tag}-{answer.question.code}: texto de la institución."
    )
    services.input_submit(input=Input.objects.get(pk=input.pk), user=user)


def unit_input(request, *, group=None, objective=None, general=False):
    for input in selectors.request_inputs(request=request):
        if general and input.unit == Question.AskedPer.REVIEW:
            return input
        if group and input.group_number == group:
            return input
        if objective and input.objective and input.objective.number == objective:
            return input
    raise LookupError


@pytest.fixture
def areas():
    """A regional cycle asked per thematic area: IGM answered area 3 and the general
    questions and submitted them; RENAP has not started."""
    cycle = factories.ReviewCycleFactory(questionnaire=Question.AskedPer.GROUP)
    coordinator = factories.UserFactory()
    review = factories.NationalReviewFactory(cycle=cycle, coordinator=coordinator)
    igm = factories.InstitutionRequestFactory(review=review, institution__acronym="IGM")
    renap = factories.InstitutionRequestFactory(review=review, institution__acronym="RENAP")
    focal = factories.UserFactory()
    factories.FocalPointFactory(institution=igm.institution, user=focal)
    answer_and_submit(unit_input(igm, group=3), focal, "IGM-A3")
    answer_and_submit(unit_input(igm, general=True), focal, "IGM-GEN")
    return review, igm, renap, coordinator


def test_the_regional_default_asks_per_area_and_the_imrf_default_per_objective():
    regional = factories.ReviewCycleFactory(questionnaire=False)
    services.questionnaire_create_default(cycle=regional)
    imrf = factories.ReviewCycleFactory(questionnaire=False, kind="imrf")
    services.questionnaire_create_default(cycle=imrf)
    for cycle, asked in [(regional, "group"), (imrf, "objective")]:
        shapes = dict(cycle.questions.values_list("code", "asked_per"))
        assert shapes == {
            "a": asked,
            "b": asked,
            "c": asked,
            "d": asked,
            **dict.fromkeys(["6", "7", "8", "9", "10"], "review"),
        }
    places = dict(regional.questions.values_list("code", "report_section"))
    assert places["9"] == "methodology" and places["10"] == "means" and places["7"] == "policy"
    institutions = set(
        regional.questions.filter(asked_to_institutions=True).values_list("code", flat=True)
    )
    assert institutions == {"a", "b", "c", "d", "7", "8", "10"}


def test_the_area_page_shows_each_question_with_every_answer_beside_its_text(client, areas):
    review, igm, _renap, coordinator = areas
    client.force_login(coordinator)
    page = client.get(reverse("reviews:consolidate_group", args=[review.pk, 3]))
    html = page.content.decode()
    assert "Área temática 3: Abordar la migración irregular" in html
    for code in "abcd":
        assert f"IGM-A3-{code}: texto de la institución." in html
        assert f"3.{code}. " in html
    for number in AREA_3:
        assert f'<span class="objective-number">{number}.</span>' in html
    assert "RENAP" in html  # not started yet, named once
    texts = [item["text"] for item in page.context["questions"]]
    assert [t.key for t in texts] == ["group-3-a", "group-3-b", "group-3-c", "group-3-d"]
    assert client.get(reverse("reviews:consolidate_group", args=[review.pk, 6])).status_code == 404


def test_an_area_answer_inserted_keeps_its_provenance(client, areas):
    review, igm, _renap, coordinator = areas
    text = selectors.review_texts(review=review)["group-3-b"]
    answer = next(
        a for a in selectors.input_answers(input=unit_input(igm, group=3)) if a.question.code == "b"
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:text_save", args=[review.pk, text.pk]),
        {"text": "", "version": text.version, "source": f"answer-{answer.pk}"},
    )
    assert response.status_code == 200
    text.refresh_from_db()
    assert text.text == "IGM-A3-b: texto de la institución."
    assert Passage.objects.get(text=text).institution == igm.institution


def test_the_general_questions_sit_beside_their_national_texts(client, areas):
    review, _igm, _renap, coordinator = areas
    client.force_login(coordinator)
    html = client.get(reverse("reviews:report_sections", args=[review.pk])).content.decode()
    for code in ("7", "8", "10"):
        assert f"IGM-GEN-{code}: texto de la institución." in html
    assert "La coordinación responde esta pregunta" in html  # 9, the methodology


def test_progress_counts_the_units_asked_and_covers_through_the_area(client, areas):
    review, igm, renap, coordinator = areas
    client.force_login(coordinator)
    progress = client.get(reverse("reviews:progress", args=[review.pk])).context
    labels = [unit["label"] for unit in progress["units"]]
    assert labels[:5] == [g.label for g in selectors.cycle_groups(review.cycle)]
    assert labels[5:] == ["Preguntas generales sobre la revisión"]
    row = next(r for r in progress["rows"] if r["institution"] == igm.institution)
    assert (row["done"], row["total"]) == (2, 6)
    assert [cell["status"] if cell else None for _unit, cell in row["cells"]] == [
        "not_started",
        "not_started",
        "submitted",
        "not_started",
        "not_started",
        "submitted",
    ]
    uncovered = {o.number for o in progress["uncovered"]}
    assert uncovered == set(range(1, 24)) - set(AREA_3)
    column = progress["columns"][20]  # objective 21
    assert column["covered"] == 1 and column["by_group"]
    analysis = selectors.review_analysis(review)
    assert {o.number for o in analysis["gaps"]} == uncovered
    assert analysis["covered"] == len(AREA_3)


def test_the_draft_reads_the_area_texts_and_calls_no_area_objective_without_input(client, areas):
    review, _igm, _renap, coordinator = areas
    texts = selectors.review_texts(review=review)
    services.text_save(
        text_id=texts["group-3-a"].pk, user=coordinator, text="Texto nacional 3.a.", base_version=0
    )
    client.force_login(coordinator)
    html = client.get(reverse("reviews:draft", args=[review.pk])).content.decode()
    assert "Texto nacional 3.a." in html
    listed = re.search(r"Objetivos sin aportes de las instituciones: ([\d, ]+)\.", html)
    assert listed is None or not set(AREA_3) & {int(n) for n in listed.group(1).split(", ")}


@pytest.mark.parametrize("layout", ["regional", "imrf"])
@pytest.mark.parametrize("shape", [Question.AskedPer.GROUP, Question.AskedPer.OBJECTIVE])
def test_every_national_text_appears_exactly_once_in_each_layout(shape, layout):
    """Each text of the report gets a distinct sentence; each is printed once."""
    cycle = factories.ReviewCycleFactory(questionnaire=shape)
    coordinator = factories.UserFactory()
    review = factories.NationalReviewFactory(cycle=cycle, coordinator=coordinator)
    texts = selectors.review_texts(review=review)
    for key, text in texts.items():
        services.text_save(
            text_id=text.pk,
            user=coordinator,
            text=f"Frase única de {key}.",
            base_version=text.version,
            applies=True if text.principle_id else None,
        )
    html = report_html(review, layout, "es")
    for key in texts:
        assert html.count(f"Frase única de {key}.") == 1, key
    if shape == Question.AskedPer.GROUP:
        # Area 3's answers come after area 3's heading and before area 4's.
        position = html.index("Frase única de group-3-b.")
        assert html.index('id="group-3"') < position < html.index('id="group-4"')
        assert html.index("3.b. ", html.index('id="group-3"')) < position


def test_an_objective_page_of_an_area_cycle_points_to_its_area_and_shows_programmes(client, areas):
    review, igm, _renap, coordinator = areas
    factories.ProgrammeFactory(
        request=igm, name="Te Queremos en Casa", objectives=[factories.objective(21)]
    )
    client.force_login(coordinator)
    html = client.get(reverse("reviews:consolidate", args=[review.pk, 21])).content.decode()
    assert reverse("reviews:consolidate_group", args=[review.pk, 3]) in html
    assert "Te Queremos en Casa" in html
    assert "Ninguna institución ha informado sobre este objetivo" not in html
    assert "No se consultó a ninguna institución" not in html
    assert "Aún sin respuesta" not in html  # IGM has no form on the objective to answer


def test_an_area_objective_with_statistics_is_reported_with_its_area(areas):
    review, igm, _renap, _coordinator = areas
    factories.ProgrammeFactory(
        request=igm, name="Te Queremos en Casa", objectives=[factories.objective(21)]
    )
    factories.StatisticFactory(programme=igm.programmes.get())
    for layout in ("regional", "imrf"):
        html = report_html(review, layout, "es")
        section = html[html.index('id="objective-21"') :]
        section = section[: section.index("</section>")]
        assert "Informado con las respuestas sobre Área temática 3." in section
        assert "Aún no hay texto nacional" not in html
        assert "Sin aportes sobre este objetivo" not in section


def test_a_question_asked_per_objective_speaks_of_this_objective():
    per_objective = factories.ReviewCycleFactory(questionnaire=Question.AskedPer.OBJECTIVE)
    per_area = factories.ReviewCycleFactory(questionnaire=Question.AskedPer.GROUP)
    assert per_objective.questions.get(code="a").text_es.startswith("¿Qué importancia tiene este")
    assert "estos objetivos" not in " ".join(
        per_objective.questions.values_list("text_es", flat=True)
    )
    assert per_area.questions.get(code="a").text_es.startswith("¿Cuál de estos objetivos")


def test_only_the_focal_points_are_offered_the_programme_import(client, areas):
    """Found by the every-page walk: the coordinator was offered a link that answered 403."""
    review, igm, _renap, coordinator = areas
    url = reverse("reviews:institution", args=[igm.institution.pk])
    link = reverse("reviews:programme_import", args=[igm.pk])
    client.force_login(coordinator)
    assert link not in client.get(url).content.decode()
    client.force_login(igm.institution.focal_points.get().user)
    assert link in client.get(url).content.decode()
