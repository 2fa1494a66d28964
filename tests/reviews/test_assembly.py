"""A first draft written for the coordinator: every empty national text of a unit filled
from the accepted inputs, attributed, in a stable order; nothing a coordinator wrote is
ever overwritten; the draft report names who contributed to a unit not yet consolidated.

Only ACCEPTED inputs go into the draft: an input submitted and not yet accepted may
still be returned, and the coordinator has not read it.
"""

import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from objectives.models import Country, Objective
from reviews import selectors, services
from reviews.models import (
    Input,
    Institution,
    NationalCoordinator,
    NationalReview,
    NationalText,
    Passage,
    Programme,
    Question,
    ReportJob,
    ReviewCycle,
)
from reviews.selectors import material
from tests.reviews.conftest import make_cycle

pytestmark = pytest.mark.django_db

OBJECTIVE, GROUP = Question.AskedPer.OBJECTIVE, Question.AskedPer.GROUP


def write(draft, input, texts: dict, *, accept=True):
    """The institution answers (``None``: not applicable) and submits; then accepted."""
    for answer in selectors.input_answers(input=input):
        text = texts.get(answer.question.code, "")
        services.answer_save(
            answer_id=answer.pk,
            user=draft.focal,
            text=text or "",
            not_applicable=text is None or not text,
            reason="No aplica a esta institución." if not text else "",
            base_version=answer.version,
        )
    services.input_submit(input=Input.objects.get(pk=input.pk), user=draft.focal)
    if accept:
        services.input_accept(input=input, user=draft.coordinator)


def unit_input(request, asked_per, objective):
    """The institution's input about the objective: its own, or its thematic area's."""
    inputs = request.inputs.all()
    if asked_per == OBJECTIVE:
        return inputs.get(objective=objective)
    group = selectors.groups_of_objectives(selectors.cycle_groups(request.review.cycle))
    return inputs.get(group_number=group[objective.pk][0].number)


def build(world, asked_per) -> SimpleNamespace:
    """Three institutions asked about objectives 1–3 (created out of alphabetical order):
    Alfa and Beta accepted on objective 1 (or its area), Beta also on 2 (asked per
    objective), Gamma only submitted (on a and d);
    Alfa's programme serves objective 1; Alfa answered cross-cutting question 7."""
    kind = ReviewCycle.Kind.IMRF if asked_per == OBJECTIVE else ReviewCycle.Kind.REGIONAL
    cycle = make_cycle(f"draft-{asked_per}", kind=kind, regional_commission=None)
    services.questionnaire_create_default(cycle=cycle, asked_per=asked_per)
    country = Country.objects.get(iso3="SLV")
    review = NationalReview.objects.create(cycle=cycle, country=country)
    NationalCoordinator.objects.create(review=review, user=world.users["coord_a"])
    draft = SimpleNamespace(
        review=review,
        cycle=cycle,
        asked_per=asked_per,
        coordinator=world.users["coord_a"],
        focal=world.users["focal_a1"],
        objectives={o.number: o for o in Objective.objects.filter(number__in=[1, 2, 3, 4])},
    )
    made = {}
    for name, acronym in [("Beta Ministerio", "BM"), ("Alfa Instituto", "AI"), ("Gamma", "GS")]:
        institution = Institution.objects.create(country=country, name=name, acronym=acronym)
        made[acronym] = services.institution_request_save(
            review=review, institution=institution, objectives=list(draft.objectives.values())[:3]
        )
    services.review_texts_create(review=review)
    draft.requests = made
    one, two = draft.objectives[1], draft.objectives[2]
    write(draft, unit_input(made["AI"], asked_per, one), {"a": "Alfa a.", "b": "Alfa b."})
    write(draft, unit_input(made["BM"], asked_per, one), {"a": "Beta a.", "c": "Beta c."})
    write(
        draft,
        unit_input(made["GS"], asked_per, one),
        {"a": "Gamma a.", "d": "Gamma d."},
        accept=False,
    )
    if asked_per == OBJECTIVE:
        write(draft, unit_input(made["BM"], asked_per, two), {"b": "Beta objetivo 2."})
    general = made["AI"].inputs.get(objective=None, group_number=None)
    write(draft, general, {"7": "Alfa contexto.", "8": "Alfa integración.", "10": "Alfa fondos."})
    draft.programme = Programme.objects.create(
        request=made["AI"], name="Programa Alfa", description="Atiende a personas retornadas."
    )
    draft.programme.objectives.set([one])
    draft.texts = selectors.review_texts(review=review)
    return draft


def keys_of(draft, *codes, number=1):
    if draft.asked_per == OBJECTIVE:
        return [f"objective-{number}"]
    group = selectors.groups_of_objectives(selectors.cycle_groups(draft.cycle))
    group_number = group[draft.objectives[number].pk][0].number
    return [f"group-{group_number}-{code}" for code in codes]


def text_of(draft, key) -> NationalText:
    return NationalText.objects.get(review=draft.review, key=key)


@pytest.fixture(params=[OBJECTIVE, GROUP])
def draft(request, world):
    return build(world, request.param)


def test_assembly_fills_the_empty_texts_attributed_in_a_stable_order(draft):
    before = {t.key: t.version for t in draft.review.texts.all()}
    result = services.draft_assemble(review=draft.review, user=draft.coordinator)

    changed = {t.key for t in draft.review.texts.all() if t.version != before[t.key]}
    if draft.asked_per == OBJECTIVE:
        # Alfa's answers a, b then its programme; then Beta's a, c. Gamma is only submitted.
        one = text_of(draft, "objective-1").text
        assert one == (
            "Alfa Instituto (AI): Alfa a.\n\nAlfa b.\n\n"
            "Programa Alfa\nAtiende a personas retornadas.\n\n"
            "Beta Ministerio (BM): Beta a.\n\nBeta c."
        )
        assert text_of(draft, "objective-2").text == "Beta Ministerio (BM): Beta objetivo 2."
        unit_keys = {"objective-1", "objective-2"}
    else:
        a, b, c = keys_of(draft, "a", "b", "c")
        assert text_of(draft, a).text == (
            "Alfa Instituto (AI): Alfa a.\n\nBeta Ministerio (BM): Beta a."
        )
        assert text_of(draft, b).text == "Alfa Instituto (AI): Alfa b."
        assert text_of(draft, c).text == "Beta Ministerio (BM): Beta c."
        # Asked per area, an objective's page still offers its programmes.
        assert text_of(draft, "objective-1").text == (
            "Alfa Instituto (AI): Programa Alfa\nAtiende a personas retornadas."
        )
        unit_keys = {a, b, c, "objective-1"}
    questions = {"question-7", "question-8", "question-10"}
    assert changed == unit_keys | questions
    assert "Gamma" not in " ".join(text_of(draft, key).text for key in changed)
    assert text_of(draft, "question-10").text == "Alfa Instituto (AI): Alfa fondos."
    assert result.filled == len(changed)

    # Each passage remembered with its institution and source; each text a new version.
    passages = Passage.objects.filter(text__review=draft.review)
    assert result.passages == passages.count()
    one = text_of(draft, keys_of(draft, "a")[0])
    assert [p.institution.acronym for p in one.passages.order_by("pk")] == (
        ["AI", "AI", "AI", "BM", "BM"] if draft.asked_per == OBJECTIVE else ["AI", "BM"]
    )
    assert all(p.answer_id or p.programme_id for p in passages)
    assert one.updated_by == draft.coordinator and one.version == 1
    assert one.history.count() == 1 and one.history.get().history_change_reason == "inserted"
    assert [p["sources"] for p in selectors.text_with_sources(one)][0][0].acronym == "AI"
    draft.review.refresh_from_db()
    assert draft.review.status == NationalReview.Status.CONSOLIDATING


def test_a_written_text_is_left_alone_and_its_page_shows_the_new_material(draft, as_role):
    key = keys_of(draft, "a")[0]
    written = text_of(draft, key)
    services.text_save(
        text_id=written.pk, user=draft.coordinator, text="Lo que escribió la coordinación.",
        base_version=0,
    )  # fmt: skip
    services.draft_assemble(review=draft.review, user=draft.coordinator)
    written.refresh_from_db()
    assert written.text == "Lo que escribió la coordinación." and written.version == 1
    assert not written.passages.exists()

    client = as_role("coord_a")
    if draft.asked_per == OBJECTIVE:
        page = client.get(reverse("reviews:consolidate", args=[draft.review.pk, 1]))
    else:
        number = int(key.split("-")[1])
        page = client.get(reverse("reviews:consolidate_group", args=[draft.review.pk, number]))
    html = page.content.decode()
    # Alfa's and Beta's accepted answers (and Alfa's programme) are new beside it;
    # Gamma's, only submitted, is not.
    new = 5 if draft.asked_per == OBJECTIVE else 2
    assert html.count("Aceptado, aún no está en el texto nacional.") == new  # Spanish, the default
    # Inserting one by hand makes it old news.
    answer = next(
        a for a in material.unit_material(draft.review, written)[key] if a.answer is not None
    )
    services.passage_insert(
        text_id=written.pk, user=draft.coordinator, current_text=written.text,
        base_version=written.version, source=answer.answer,
    )  # fmt: skip
    assert answer.key not in material.new_material(text_of(draft, key))


def test_a_second_run_changes_nothing(draft):
    services.draft_assemble(review=draft.review, user=draft.coordinator)
    texts = list(draft.review.texts.values_list("key", "text", "version"))
    passages = Passage.objects.count()
    result = services.draft_assemble(review=draft.review, user=draft.coordinator)
    assert result.filled == 0 and result.passages == 0
    assert list(draft.review.texts.values_list("key", "text", "version")) == texts
    assert Passage.objects.count() == passages


def test_nothing_to_report_and_not_applicable_are_left_out(world):
    draft = build(world, OBJECTIVE)
    three = draft.requests["AI"].inputs.get(objective=draft.objectives[3])
    write(draft, three, {"a": "Escrito antes de decir que no hay nada."})
    Input.objects.filter(pk=three.pk).update(nothing_to_report=True)
    # Words left in an answer later marked not applicable are not an answer either.
    two = draft.requests["BM"].inputs.get(objective=draft.objectives[2])
    two.answers.filter(question__code="c").update(text="Palabras de antes.", not_applicable=True)
    services.draft_assemble(review=draft.review, user=draft.coordinator)
    assert text_of(draft, "objective-3").text == ""
    assert text_of(draft, "objective-2").text == "Beta Ministerio (BM): Beta objetivo 2."


def test_a_locked_review_refuses_and_nothing_changes(world, as_role):
    draft = build(world, OBJECTIVE)
    NationalReview.objects.filter(pk=draft.review.pk).update(status=NationalReview.Status.SUBMITTED)
    draft.review.refresh_from_db()
    before = list(draft.review.texts.values_list("key", "text", "version"))
    with pytest.raises(ValidationError):
        services.draft_assemble(review=draft.review, user=draft.coordinator)
    response = as_role("coord_a").post(reverse("reviews:draft_assemble", args=[draft.review.pk]))
    assert response.status_code == 302
    assert list(draft.review.texts.values_list("key", "text", "version")) == before
    assert not Passage.objects.filter(text__review=draft.review).exists()
    assert not NationalText.history.filter(review_id=draft.review.pk).exists()


def test_the_pages_say_what_will_happen_and_what_happened(world, english):
    draft = build(world, OBJECTIVE)
    services.text_save(
        text_id=text_of(draft, "objective-2").pk, user=draft.coordinator, text="Escrito.",
        base_version=0,
    )  # fmt: skip
    url = reverse("reviews:draft_assemble", args=[draft.review.pk])
    client = english("coord_a")
    # Before: the draft names who contributed to objective 1, Gamma (only submitted) too.
    before = client.get(reverse("reviews:draft", args=[draft.review.pk])).content.decode()
    assert (
        " ".join(before.split()).count(
            "Not yet consolidated. Institutions that contributed: "
            "Alfa Instituto (AI); Beta Ministerio (BM); Gamma (GS)."
        )
        == 1
    )
    page = client.get(url).content.decode()
    assert "4 empty national texts have accepted material: they will be filled." in page
    assert "1 national text already written will be left as it is" in page
    assert re.search(r"\d+ units have no accepted material yet", page)
    assert "Objective 1: " in page  # which texts
    response = client.post(url, follow=True)
    html = response.content.decode()
    assert "4 empty national texts now hold a first draft (8 passages" in html
    assert "1 national text already written was left as it was" in html
    # The links to it.
    for name in ("report_sections", "progress", "draft"):
        assert (
            url in client.get(reverse(f"reviews:{name}", args=[draft.review.pk])).content.decode()
        )


@pytest.mark.parametrize("role", ["focal_a1", "coord_b"])
def test_others_cannot_assemble(world, as_role, role):
    draft = build(world, OBJECTIVE)
    url = reverse("reviews:draft_assemble", args=[draft.review.pk])
    # A focal point of the same country is refused; another country's coordinator
    # finds nothing there.
    focal_of_review = role == "focal_a1"
    if focal_of_review:
        draft.requests["AI"].institution.focal_points.create(user=world.users[role])
    expected = 403 if focal_of_review else 404
    assert as_role(role).get(url).status_code == expected
    assert as_role(role).post(url).status_code == expected
    assert not Passage.objects.filter(text__review=draft.review).exists()


def test_assembly_runs_a_bounded_number_of_queries(world):
    """Three objectives or twenty: the same queries (one pass over the answers, bulk writes)."""
    draft = build(world, OBJECTIVE)
    for acronym in ("AI", "BM", "GS"):
        request = draft.requests[acronym]
        request.objectives.set(Objective.objects.all())
        services.review_rows_sync(review=draft.review)
        for input in request.inputs.filter(objective__number__gt=3):
            write(draft, input, {"a": f"{acronym} {input.objective.number}."})
    with CaptureQueriesContext(connection) as queries:
        result = services.draft_assemble(review=draft.review, user=draft.coordinator)
    assert result.filled == 2 + 20 + 3
    assert len(queries) <= 20, [q["sql"][:120] for q in queries.captured_queries]


def pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "no pdftotext: apt-get install poppler-utils"
    done = subprocess.run([pdftotext, "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def between(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


def test_the_draft_pdf_names_who_contributed_to_what_is_not_yet_consolidated(
    draft, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Through the report service, as the coordinator's "Make the PDF" does."""
    settings.MEDIA_ROOT = tmp_path
    # Alfa has written on objective 3 too, and sent it: not accepted yet.
    three = unit_input(draft.requests["AI"], draft.asked_per, draft.objectives[3])
    if draft.asked_per == OBJECTIVE:
        write(draft, three, {"a": "Alfa sobre el objetivo 3."}, accept=False)
    services.draft_assemble(review=draft.review, user=draft.coordinator)
    layout = "imrf" if draft.asked_per == OBJECTIVE else "regional"
    with django_capture_on_commit_callbacks(execute=True):
        job = services.report_request(
            review=draft.review, layout=layout, language="en", user=draft.coordinator
        )
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    text = pdf_text(job.file.read())
    assert "no institution contributed" not in text.lower()

    if draft.asked_per == OBJECTIVE:
        with translation.override("en"):
            titles = {n: str(o.title) for n, o in draft.objectives.items()}
        one = between(text, titles[1], "Objective 2: ")
        assert "Alfa Instituto (AI): Alfa a." in one and "Beta Ministerio (BM): Beta a." in one
        assert "Gamma" not in one
        # Only submitted: not in the draft, but named as having contributed.
        three = between(text, titles[3], "Objective 4: ")
        assert "Not yet consolidated. Institution that contributed: Alfa Instituto (AI)." in three
        assert "No input on this objective" not in three
        nobody = between(text, titles[4], "Objective 5: ")
        assert "No input on this objective." in nobody
    else:
        a, d = keys_of(draft, "a", "d")
        number = a.split("-")[1]
        section_a = between(text, f"{number}.a. ", f"{number}.b. ")
        assert "Alfa Instituto (AI): Alfa a." in section_a and "Gamma" not in section_a
        # Only Gamma answered d, and it is not accepted yet.
        section_d = between(text, f"{number}.d. ", "Objective 1: ")
        assert "Not yet consolidated. Institution that contributed: Gamma (GS)." in section_d
        # An area nobody answered about says so.
        assert "No institution answered this question." in text


def test_passages_beyond_a_texts_limit_stay_beside_it_marked_new(world):
    """Two long answers that do not fit in one national text together: the first goes
    in whole, the second is left beside the text, never cut."""
    draft = build(world, OBJECTIVE)
    long_a, long_b = "A" * 60_000, "B" * 60_000
    three = Objective.objects.get(number=3)
    write(draft, unit_input(draft.requests["AI"], OBJECTIVE, three), {"a": long_a})
    write(draft, unit_input(draft.requests["BM"], OBJECTIVE, three), {"a": long_b})
    result = services.draft_assemble(review=draft.review, user=draft.coordinator)
    text = text_of(draft, "objective-3")
    assert text.text == f"Alfa Instituto (AI): {long_a}"
    assert result.left_out == 1
    beta = Input.objects.get(request=draft.requests["BM"], objective=three).answers.get(
        question__code="a"
    )
    assert material.new_material(text) == {f"answer-{beta.pk}"}
