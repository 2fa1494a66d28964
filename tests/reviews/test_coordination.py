"""The coordinator's workspace: progress, consolidation, analysis, validation and exports."""

import csv
import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from objectives.models import ChallengeCategory, GuidingPrinciple, Objective
from reviews import selectors, services
from reviews.models import (
    Challenge,
    Input,
    NationalReview,
    Passage,
    Programme,
    Reminder,
    Statistic,
)

pytestmark = pytest.mark.django_db


def programme(world, request, name, numbers, **fields):
    made = Programme.objects.create(request=request, name=name, **fields)
    made.objectives.set(Objective.objects.filter(number__in=numbers))
    return made


@pytest.fixture
def known(world):
    """Programmes per objective known in advance: 1 → 3, 2 → 2, 3 → 1, the rest 0."""
    request_a2 = world.review_a.requests.get(institution=world.a2)
    p1 = programme(world, world.request_a1, "P1", [1, 2])
    programme(world, world.request_a1, "P2", [1])
    programme(world, world.request_a1, "P3", [3])
    programme(world, request_a2, "P4", [1])
    programme(world, request_a2, "P5", [2])
    programme(world, world.review_b.requests.create(institution=world.b1), "Otro país", [4])
    first, second = ChallengeCategory.objects.order_by("number")[:2]
    Challenge.objects.create(programme=p1, description="Datos").categories.set([first, second])
    Challenge.objects.create(programme=p1, description="Fondos").categories.set([first])
    Statistic.objects.create(programme=p1, indicator="Personas atendidas", men=3, women=4, total=7)
    answer_everything(world)
    services.input_submit(input=world.input_a1, user=world.users["focal_a1"])  # objective 7
    return world


def answer_everything(world):
    for answer in world.answers_a1:
        answer.refresh_from_db()
        services.answer_save(
            answer_id=answer.pk,
            user=world.users["focal_a1"],
            text=f"Respuesta {answer.question.code} del instituto.",
            not_applicable=False,
            reason="",
            base_version=answer.version,
        )


def test_analysis_tables_are_exact(known):
    result = selectors.review_analysis(known.review_a)

    # A1 sent 1 of the 24 forms it was asked for, A2 none: neither has answered yet
    # (selectors.requests_answered), but A1 contributed: the analysis counts it. It
    # said "0 contributing institutions" beside A1's programmes, found by trying.
    assert result["contributing_institutions"] == 1
    assert result["answered_institutions"] == 0
    assert result["programmes"] == 5  # Mexico's programme is not Guatemala's
    ranking = [(row["objective"].number, row["programmes"]) for row in result["ranking"]]
    assert ranking[:3] == [(1, 3), (2, 2), (3, 1)]
    assert [(r["objective"].number, r["programmes"]) for r in result["most"]] == [(1, 3)]
    assert [(r["objective"].number, r["programmes"]) for r in result["fewest"]] == [(3, 1)]
    # Gaps: nobody covered them (no programme, no submitted answer about them).
    assert [o.number for o in result["gaps"]] == [4, 5, 6, *range(8, 24)]
    assert [o.number for o in result["without_programmes"]] == list(range(4, 24))
    per_objective = {
        row["objective"].number: row["institutions"] for row in result["institutions_per_objective"]
    }
    assert {n: c for n, c in per_objective.items() if c} == {1: 2, 2: 2, 3: 1, 7: 1}
    assert result["covered"] == 4 and result["objectives_total"] == 23
    per_category = {row["category"].number: row["challenges"] for row in result["challenges"]}
    assert per_category == {1: 2, 2: 1, **dict.fromkeys(range(3, 11), 0)}
    assert [(g["objective"].number, [r[2] for r in g["rows"]]) for g in result["statistics"]] == [
        (1, ["Personas atendidas"]),
        (2, ["Personas atendidas"]),
    ]
    heights = {bar["label"]: bar["value"] for bar in result["chart"]["bars"]}
    assert heights["1"] == 3 and heights["23"] == 0


def test_analysis_page_shows_the_tables_and_the_chart(known, as_role):
    Statistic.objects.filter(indicator="Personas atendidas").update(
        indicator='<script>alert("x")</script> & más'
    )
    page = as_role("coord_a").get(reverse("reviews:analysis", args=[known.review_a.pk]))
    html = page.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; más" in html
    assert '<script>alert("x")' not in html
    assert '<td class="text-end number">7</td>' in html
    assert "1 institución contribuyente" in html
    assert "0 de ellas han enviado todos los formularios que se les pidieron." in html
    assert "5 programas y acciones" in html
    assert "4 de 23 objetivos cubiertos" in html
    assert '<svg class="bar-chart"' in html and "<title" in html


def test_progress_shows_the_matrix_and_what_is_missing(known, as_role):
    page = as_role("coord_a").get(reverse("reviews:progress", args=[known.review_a.pk]))
    progress = page.context
    row = next(r for r in progress["rows"] if r["institution"] == known.a1)
    assert row["cells"][6][1]["status"] == Input.Status.SUBMITTED  # objective 7
    assert (row["done"], row["total"]) == (1, 24)  # 23 objectives, the general questions
    # Covered: 1, 2 and 3 by programmes, 7 by A1's submitted answers.
    assert [o.number for o in progress["uncovered"]] == [4, 5, 6, *range(8, 24)]
    column = progress["columns"][6]
    assert column["words"] == sum(a.word_count for a in known.input_a1.answers.all()) > 0
    assert progress["columns"][0]["programmes"] == 3
    # One form of 24 sent is not an answer: every form asked must be sent.
    assert progress["answered"] == []
    html = page.content.decode()
    assert "0 / 2" in html
    assert reverse("reviews:input", args=[known.input_a1.pk]) in html


def test_reminders_go_to_who_has_not_submitted_and_not_twice_a_day(
    world, as_role, django_capture_on_commit_callbacks
):
    client = as_role("coord_a")
    url = reverse("reviews:reminders", args=[world.review_a.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    # A1 has two focal points (one still invited), A2 one: one message per institution.
    assert len(mail.outbox) == 2
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["focal_a1@example.org", "focal_a2@example.org", "pending@example.org"]
    assert Reminder.objects.filter(review=world.review_a).count() == 2
    assert mail.outbox[0].subject.startswith("Recordatorio:")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True).content.decode()
    assert mail.outbox == []
    assert "No se volvió a recordar" in page
    assert Reminder.objects.filter(review=world.review_a).count() == 2


def test_national_text_autosaves_and_refuses_a_stale_version(world, as_role):
    client = as_role("coord_a")
    url = reverse("reviews:text_save", args=[world.review_a.pk, world.text_a.pk])

    first = client.post(url, {"text": "Guatemala creó una ventanilla.", "version": 0})
    stale = client.post(url, {"text": "Otra redacción.", "version": 0})

    assert first.status_code == 200
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Guatemala creó una ventanilla." in html and "Otra redacción." in html
    world.text_a.refresh_from_db()
    assert (world.text_a.text, world.text_a.version) == ("Guatemala creó una ventanilla.", 1)
    assert world.text_a.history.count() == 1


def test_inserting_passages_keeps_what_was_typed_and_remembers_the_source(known, as_role):
    client = as_role("coord_a")
    review, text = known.review_a, known.texts_a["objective-1"]
    url = reverse("reviews:text_save", args=[review.pk, text.pk])
    p1 = Programme.objects.get(name="P1", description="")
    Programme.objects.filter(pk=p1.pk).update(description="Atención a retornados en frontera.")
    p4 = Programme.objects.get(name="P4")

    response = client.post(
        url, {"text": "Introducción escrita a mano.", "version": 0, "source": f"programme-{p1.pk}"}
    )
    assert response.status_code == 200
    text.refresh_from_db()
    assert text.text == "Introducción escrita a mano.\n\nP1\nAtención a retornados en frontera."
    client.post(url, {"text": text.text, "version": text.version, "source": f"programme-{p4.pk}"})
    text.refresh_from_db()
    assert text.version == 2
    assert [p.institution for p in Passage.objects.filter(text=text)] == [known.a1, known.a2]

    paragraphs = selectors.text_with_sources(text)
    assert [[i.acronym for i in p["sources"]] for p in paragraphs] == [[], ["A1"], ["A2"]]
    page = client.get(
        reverse("reviews:consolidate", args=[review.pk, 1]), {"sources": "1"}
    ).content.decode()
    assert "Fuente:" in page and "Instituto A1 (A1)" in page

    # Inserting against a stale version keeps the typed text and saves nothing.
    stale = client.post(
        url, {"text": "Mi texto nuevo.", "version": 0, "source": f"programme-{p4.pk}"}
    )
    assert stale.status_code == 409
    assert "Mi texto nuevo." in stale.content.decode()
    text.refresh_from_db()
    assert text.version == 2


def test_a_source_of_another_review_cannot_be_inserted(known, as_role):
    other = Programme.objects.get(name="Otro país")
    text = known.texts_a["objective-1"]
    response = as_role("coord_a").post(
        reverse("reviews:text_save", args=[known.review_a.pk, text.pk]),
        {"text": "", "version": 0, "source": f"programme-{other.pk}"},
    )
    assert response.status_code == 404
    assert not Passage.objects.exists()


def test_objective_without_input_is_flagged(world, as_role):
    page = as_role("coord_a").get(reverse("reviews:consolidate", args=[world.review_a.pk, 12]))
    assert "Ninguna institución ha informado sobre este objetivo" in page.content.decode()


def test_institutions_that_have_not_started_are_one_line_not_a_card_each(world, as_role):
    """Found by walking the demo: every input now exists from the start, so the
    consolidation page showed a card per institution asked, most of them empty."""
    page = as_role("coord_a").get(reverse("reviews:consolidate", args=[world.review_a.pk, 12]))
    html = page.content.decode()
    assert "Aún sin empezar: A1, A2" in html
    assert "Aún sin respuesta" not in html


def test_methodology_is_drafted_from_the_facts(known, as_role):
    client = as_role("coord_a")
    methodology = known.texts_a["methodology"]
    client.post(
        reverse("reviews:methodology_draft", args=[known.review_a.pk]),
        {"version": methodology.version},
    )
    methodology.refresh_from_db()
    assert "Se pidió información a 2 instituciones" in methodology.text
    assert "respondieron 0 (—)" in methodology.text  # A1 sent 1 of its 24 forms
    assert "Formularios completados: 1; programas y acciones descritos: 5." in methodology.text
    assert methodology.version == 1


def test_a_methodology_drafted_right_after_typing_keeps_the_typed_text(known, as_role):
    """Found by walking the demo: within three minutes of typing, the draft wrote over
    the version just typed (the same person, the same stretch of typing), though the
    page says the earlier text is kept."""
    client = as_role("coord_a")
    methodology = known.texts_a["methodology"]
    typed = client.post(
        reverse("reviews:text_save", args=[known.review_a.pk, methodology.pk]),
        {"text": "Nuestra metodología, escrita a mano.", "version": methodology.version},
    )
    assert typed.status_code == 200
    client.post(
        reverse("reviews:methodology_draft", args=[known.review_a.pk]),
        {"version": methodology.version + 1},
    )
    versions = methodology.history.order_by("history_date")
    assert [(v.text[:30], v.history_change_reason) for v in versions] == [
        ("Nuestra metodología, escrita a", None),
        ("Este informe es la contribució", "drafted"),
    ]


def test_principles_are_prefilled_from_the_programmes(world):
    made = programme(world, world.request_a1, "Retorno digno", [21])
    made.principles.add(GuidingPrinciple.objects.get(number=3))
    review = NationalReview.objects.create(cycle=world.later_cycle, country=world.guatemala)
    request = review.requests.create(institution=world.a1)
    made.request = request
    made.save()
    texts = selectors.review_texts(review=review)
    assert texts["principle-3"].applies is True
    assert "Retorno digno (A1)" in texts["principle-3"].text
    assert texts["principle-4"].applies is None


def test_validation_then_submission_locks_everything(world, as_role):
    client = as_role("coord_a")
    review = world.review_a
    client.post(reverse("reviews:validation_open", args=[review.pk]))
    review.refresh_from_db()
    assert review.status == NationalReview.Status.VALIDATING

    draft_url = reverse("reviews:draft", args=[review.pk])
    assert as_role("focal_a1").get(draft_url).status_code == 200
    assert as_role("focal_a2").get(draft_url).status_code == 200
    assert as_role("coord_b").get(draft_url).status_code == 404
    assert as_role("reviewer").get(draft_url).status_code == 404
    # Focal points read the draft; the coordinator's pages stay closed to them.
    assert as_role("focal_a1").get(reverse("reviews:progress", args=[review.pk])).status_code == 403
    respond = reverse("reviews:validation_respond", args=[review.pk])
    page = as_role("focal_a2").post(respond, {"decision": "comment"}, follow=True).content.decode()
    assert "Diga qué debería cambiar" in page
    as_role("focal_a2").post(respond, {"decision": "comment", "comment": "Falta el objetivo 5."})
    as_role("focal_a1").post(respond, {"decision": "confirm"})
    responses = {(r.institution.acronym, r.confirmed, r.comment) for r in review.validations.all()}
    assert responses == {("A2", False, "Falta el objetivo 5."), ("A1", True, "")}
    assert "Falta el objetivo 5." in as_role("coord_a").get(draft_url).content.decode()

    as_role("coord_a").post(reverse("reviews:review_submit", args=[review.pk]), {"confirm": "yes"})
    review.refresh_from_db()
    assert review.status == NationalReview.Status.SUBMITTED
    assert as_role("reviewer").get(draft_url).status_code == 200
    locked = as_role("coord_a").post(
        reverse("reviews:text_save", args=[review.pk, world.text_a.pk]),
        {"text": "Cambio tardío.", "version": 0},
    )
    assert locked.status_code == 422
    save = as_role("focal_a1").post(
        reverse("reviews:answer_save", args=[world.input_a1.pk, world.answer_a1.pk]),
        {"text": "Tarde.", "version": 0},
    )
    assert save.status_code == 422
    world.text_a.refresh_from_db()
    assert world.text_a.text == ""


def test_exports_carry_every_input_and_never_a_formula(known, as_role):
    Programme.objects.filter(name="P2").update(description='=HYPERLINK("http://x","y")')
    client = as_role("coord_a")
    workbook = client.get(reverse("reviews:export", args=[known.review_a.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames == ["respuestas", "programas", "estadísticas", "retos", "adjuntos"]
    programmes = list(book["programas"].iter_rows(values_only=True))
    assert programmes[0][:3] == ("institución", "nombre", "tipo")
    assert sorted(row[1] for row in programmes[1:]) == ["P1", "P2", "P3", "P4", "P5"]
    formula = next(
        c
        for row in book["programas"].iter_rows()
        for c in row
        if c.value and "HYPERLINK" in c.value
    )
    assert formula.data_type == "s"
    answers = list(book["respuestas"].iter_rows(values_only=True))
    assert any("Respuesta b del instituto." in (row[5] or "") for row in answers)
    assert len(list(book["retos"].iter_rows())) == 3

    response = client.get(reverse("reviews:export", args=[known.review_a.pk, "programmes"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cell = next(c for row in rows for c in row if "HYPERLINK" in c)
    assert cell.startswith("'=")
    assert not any("Otro país" in c for row in rows for c in row)
    assert (
        client.get(reverse("reviews:export", args=[known.review_a.pk, "passwords"])).status_code
        == 404
    )


def test_workspace_pages_run_a_bounded_number_of_queries(
    known, as_role, django_assert_max_num_queries
):
    client = as_role("coord_a")
    review = known.review_a
    for n in range(10):  # more of everything must not mean more queries
        made = programme(known, known.request_a1, f"Extra {n}", [1, 5, 9])
        Statistic.objects.create(programme=made, indicator="Casos", total=n)
    pages = [
        reverse("reviews:progress", args=[review.pk]),
        reverse("reviews:consolidate", args=[review.pk, 1]),
        reverse("reviews:analysis", args=[review.pk]),
        reverse("reviews:report_sections", args=[review.pk]),
    ]
    for url in pages:
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200
    # The draft reads the whole report (texts, coverage, figures, annexes) once.
    with django_assert_max_num_queries(40):
        assert client.get(reverse("reviews:draft", args=[review.pk])).status_code == 200


def test_responded_at_is_the_first_submission(known):
    request = known.request_a1
    request.refresh_from_db()
    assert request.responded_at is not None
    assert request.responded_at <= timezone.now()


def test_cross_cutting_sections_cover_the_cycle_questions_but_not_twice_the_principles(world):
    texts = selectors.review_texts(review=world.review_a)
    questions = sorted(t.question.code for t in texts.values() if t.question_id)
    assert questions == ["10", "7", "8", "9"]  # 6 is the principles table
    assert len([t for t in texts.values() if t.principle_id]) == 10
    assert {t.topic for t in texts.values() if t.topic} == {
        "financing", "capacity", "data", "technology", "partnerships",
    }  # fmt: skip
