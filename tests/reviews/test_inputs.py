"""The focal point's questionnaire: autosave, no lost update, submit, review, programmes."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from reviews import selectors, services
from reviews.models import Answer, Comment, Input, Programme
from reviews.text import count_words
from tests.reviews.conftest import PNG

pytestmark = pytest.mark.django_db


def save_url(world, answer=None):
    answer = answer or world.answer_a1
    return reverse("reviews:answer_save", args=[world.input_a1.pk, answer.pk])


def autosave(client, world, text, version, answer=None, **extra):
    return client.post(save_url(world, answer), {"text": text, "version": version, **extra})


def answer_everything(world, client):
    for answer in world.answers_a1:
        answer.refresh_from_db()
        response = autosave(
            client, world, f"Respuesta {answer.question.code}", answer.version, answer
        )
        assert response.status_code == 200


def test_overview_lists_the_23_objectives_with_status_words_and_days_left(world, as_role):
    client = as_role("focal_a1")
    autosave(client, world, "uno dos tres", 0)
    response = client.get(reverse("reviews:institution", args=[world.a1.pk]))
    item = response.context["requests"][0]
    # The 23 objectives, then the questions asked once per review (7, 8 and 10).
    assert len(item["inputs"]) == 24
    general = item["inputs"][-1]
    assert (general["input"].objective, general["input"].group_number) == (None, None)
    assert general["title"] == "Preguntas generales sobre la revisión"
    row = next(r for r in item["inputs"] if r["input"].objective.number == 7)
    assert row["words"] == 3
    assert row["input"].status == Input.Status.DRAFT
    assert row["input"].updated_by == world.users["focal_a1"]
    assert item["days_left"] == 50
    assert "No iniciado" in response.content.decode() or "Not started" in response.content.decode()


def test_autosave_saves_and_bumps_the_version(world, as_role):
    client = as_role("focal_a1")
    response = autosave(client, world, "Se creó la ventanilla única.", 0)
    assert response.status_code == 200
    assert 'name="version" value="1"' in response.content.decode()
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    assert (answer.text, answer.version, answer.updated_by) == (
        "Se creó la ventanilla única.",
        1,
        world.users["focal_a1"],
    )
    assert answer.history.count() == 1
    assert world.input_a1.transitions.get().to_status == Input.Status.DRAFT


def test_saving_the_same_text_again_changes_nothing(world, as_role):
    client = as_role("focal_a1")
    autosave(client, world, "Igual", 0)
    response = autosave(client, world, "Igual", 1)
    assert response.status_code == 200
    assert Answer.objects.get(pk=world.answer_a1.pk).version == 1


def test_a_save_against_an_older_version_is_refused_and_shows_both_texts(world, as_role):
    client = as_role("focal_a1")
    autosave(client, world, "Texto de Ana", 0)
    response = autosave(client, world, "Texto de Luis", 0)  # Luis's tab still on version 0
    assert response.status_code == 409
    html = response.content.decode()
    assert "Texto de Ana" in html and "Texto de Luis" in html
    assert 'name="version" value="1"' in html
    assert Answer.objects.get(pk=world.answer_a1.pk).text == "Texto de Ana"
    merged = autosave(client, world, "Texto de Ana y de Luis", 1)
    assert merged.status_code == 200
    assert Answer.objects.get(pk=world.answer_a1.pk).text == "Texto de Ana y de Luis"


def test_control_characters_are_dropped_and_line_breaks_kept(world, as_role):
    autosave(as_role("focal_a1"), world, "Línea 1\r\nLínea\x00 2\x07", 0)
    assert Answer.objects.get(pk=world.answer_a1.pk).text == "Línea 1\nLínea 2"


def test_submit_requires_an_answer_or_a_reason_for_every_question(world, as_role):
    client = as_role("focal_a1")
    autosave(client, world, "", 0, not_applicable="on")  # not applicable, but no reason
    response = client.post(
        reverse("reviews:input_submit", args=[world.input_a1.pk]), {"confirm": "yes"}, follow=True
    )
    assert "a, b, c, d" in response.content.decode()
    world.input_a1.refresh_from_db()
    assert world.input_a1.status == Input.Status.DRAFT


def test_an_autosave_checked_before_the_form_was_sent_is_refused_after_it(world, as_role):
    """The autosave's locking read found the form a draft; the form was sent before
    the autosave wrote (PostgreSQL re-reads only the locked answer after waiting):
    the answer must stay as it was sent."""
    from django.core.exceptions import ValidationError

    from reviews import access

    client = as_role("focal_a1")
    answer_everything(world, client)
    user = world.users["focal_a1"]
    locked = access.get_answer_for_writer(user, world.input_a1.pk, world.answer_a1.pk)
    assert locked.input.status == Input.Status.DRAFT
    sent = locked.text
    services.input_submit(input=world.input_a1, user=user)
    with pytest.raises(ValidationError), transaction.atomic():
        services.answer_save(
            answer_id=locked.pk, locked=locked, user=user, text="Escrito tarde.",
            not_applicable=False, reason="", base_version=locked.version,
        )  # fmt: skip
    assert Answer.objects.get(pk=locked.pk).text == sent


def test_an_autosave_checked_before_the_review_was_submitted_is_refused_after_it(world, as_role):
    """The same with the whole review: the autosave's locking read found it open, and
    the coordinator submitted it to the UN before the autosave wrote."""
    from django.core.exceptions import ValidationError

    from reviews import access

    client = as_role("focal_a1")
    autosave(client, world, "Antes del envío.", 0)
    user = world.users["focal_a1"]
    locked = access.get_answer_for_writer(user, world.input_a1.pk, world.answer_a1.pk)
    assert not locked.review_is_locked
    services.review_submit(review=world.review_a, user=world.users["coord_a"])
    with pytest.raises(ValidationError), transaction.atomic():
        services.answer_save(
            answer_id=locked.pk, locked=locked, user=user, text="Escrito tarde.",
            not_applicable=False, reason="", base_version=locked.version,
        )  # fmt: skip
    assert Answer.objects.get(pk=locked.pk).text == "Antes del envío."


@pytest.mark.parametrize("locked_by", ["sending", "submission"])
def test_a_programme_save_checked_before_its_form_was_locked_is_refused_after(world, locked_by):
    """A programme's save read its form a draft and its review open; the form was sent
    (or the review submitted) before the save wrote: nothing of it is kept."""
    from django.core.exceptions import ValidationError

    from reviews.forms import ChallengeFormSet, ProgrammeForm, StatisticFormSet

    user = world.users["focal_a1"]
    for answer in world.answers_a1:
        services.answer_save(
            answer_id=answer.pk, user=user, text="Respuesta.", not_applicable=False,
            reason="", base_version=0,
        )  # fmt: skip
    input = Input.objects.select_related("request__review", "objective").get(pk=world.input_a1.pk)
    data = {
        "name": "Programa tardío", "kind": "programme", "description": "", "version": "",
        "statistics-TOTAL_FORMS": "0", "statistics-INITIAL_FORMS": "0",
        "challenges-TOTAL_FORMS": "0", "challenges-INITIAL_FORMS": "0",
    }  # fmt: skip
    programme = Programme(request=input.request)
    form = ProgrammeForm(data, None, instance=programme, input=input)
    formsets = [
        StatisticFormSet(data, instance=programme, prefix="statistics"),
        ChallengeFormSet(data, instance=programme, prefix="challenges"),
    ]
    assert form.is_valid(), form.errors
    assert all(formset.is_valid() for formset in formsets)
    if locked_by == "sending":
        services.input_submit(input=Input.objects.get(pk=input.pk), user=user)
    else:
        services.review_submit(review=world.review_a, user=world.users["coord_a"])
    with pytest.raises(ValidationError), transaction.atomic():
        services.programme_save(form=form, formsets=formsets, user=user, input=input)
    assert not Programme.objects.filter(name="Programa tardío").exists()


def test_submit_locks_then_return_with_comment_then_resubmit_then_accept(world, as_role):
    client = as_role("focal_a1")
    autosave(client, world, "", 0, not_applicable="on", not_applicable_reason="No nos compete")
    answer_everything(world, client)
    client.post(reverse("reviews:input_submit", args=[world.input_a1.pk]), {"confirm": "yes"})
    world.input_a1.refresh_from_db()
    assert world.input_a1.status == Input.Status.SUBMITTED
    assert world.request_a1.__class__.objects.get(pk=world.request_a1.pk).responded_at
    locked = autosave(client, world, "cambio tardío", 99)
    assert locked.status_code == 422

    coordinator = as_role("coord_a")
    question_b = world.answers_a1[1].question
    coordinator.post(
        reverse("reviews:input_review", args=[world.input_a1.pk]),
        {"decision": "return", f"comment-question-{question_b.pk}": "Añadan cifras de 2023."},
    )
    world.input_a1.refresh_from_db()
    assert world.input_a1.status == Input.Status.RETURNED
    assert Comment.objects.get(input=world.input_a1).question == question_b

    page = as_role("focal_a1").get(reverse("reviews:input", args=[world.input_a1.pk]))
    assert "Añadan cifras de 2023." in page.content.decode()
    answer_b = Answer.objects.get(pk=world.answers_a1[1].pk)
    autosave(as_role("focal_a1"), world, "Con cifras de 2023.", answer_b.version, answer_b)
    as_role("focal_a1").post(
        reverse("reviews:input_submit", args=[world.input_a1.pk]), {"confirm": "yes"}
    )
    as_role("coord_a").post(
        reverse("reviews:input_review", args=[world.input_a1.pk]), {"decision": "accept"}
    )
    world.input_a1.refresh_from_db()
    assert world.input_a1.status == Input.Status.ACCEPTED
    steps = list(world.input_a1.transitions.values_list("from_status", "to_status"))
    assert steps == [
        ("not_started", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]


def test_return_needs_a_comment(world, as_role):
    world.input_a1.status = Input.Status.SUBMITTED
    world.input_a1.save()
    as_role("coord_a").post(
        reverse("reviews:input_review", args=[world.input_a1.pk]), {"decision": "return"}
    )
    world.input_a1.refresh_from_db()
    assert world.input_a1.status == Input.Status.SUBMITTED


def test_versions_page_lists_and_restores(world, as_role):
    client = as_role("focal_a1")
    autosave(client, world, "primera", 0)
    # A pause in typing: the next save is a version of its own.
    world.answer_a1.history.update(history_date=F("history_date") - timedelta(minutes=10))
    autosave(client, world, "segunda", 1)
    url = reverse("reviews:answer_versions", args=[world.input_a1.pk, world.answer_a1.pk])
    versions = list(client.get(url).context["versions"])
    assert [v.text for v in versions] == ["segunda", "primera"]
    restore = reverse("reviews:answer_restore", args=[world.input_a1.pk, world.answer_a1.pk])
    client.post(restore, {"history_id": versions[1].history_id, "version": 2})
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    assert (answer.text, answer.version) == ("primera", 3)
    assert answer.history.count() == 3


def test_a_restore_from_versions_shown_before_a_later_save_is_refused_with_the_list_again(
    world, as_role
):
    """Someone (another tab, a colleague) saved the answer after its versions were
    shown: restoring over that save unseen is refused, as any stale save is, and the
    versions are shown again with the new one on top."""
    client = as_role("focal_a1")
    autosave(client, world, "primera", 0)
    world.answer_a1.history.update(history_date=F("history_date") - timedelta(minutes=10))
    autosave(client, world, "segunda", 1)
    url = reverse("reviews:answer_versions", args=[world.input_a1.pk, world.answer_a1.pk])
    first = client.get(url).context["versions"][1]
    autosave(as_role("focal_a1"), world, "tercera, guardada en otra pestaña", 2)
    restore = reverse("reviews:answer_restore", args=[world.input_a1.pk, world.answer_a1.pk])
    response = client.post(restore, {"history_id": first.history_id, "version": 2}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "No se pudo restaurar la respuesta" in response.content.decode()
    assert "tercera, guardada en otra pestaña" in response.content.decode()
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    assert (answer.text, answer.version) == ("tercera, guardada en otra pestaña", 3)


def test_programme_with_statistics_and_attachment(world, as_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_role("focal_a1")
    data = {
        "name": "Programa Quédate",
        "kind": "programme",
        "objectives": [],
        "description": "Reintegración de niñez retornada.",
        "principles": [],
        "version": "",
        "statistics-TOTAL_FORMS": "1",
        "statistics-INITIAL_FORMS": "0",
        "statistics-0-indicator": "Niñas y niños atendidos",
        "statistics-0-men": "120",
        "statistics-0-women": "95",
        "statistics-0-total": "215",
        "statistics-0-age_group": "0-17",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
        "new_attachment": SimpleUploadedFile("informe.png", PNG),
    }
    response = client.post(reverse("reviews:programme_add", args=[world.input_a1.pk]), data)
    assert response.status_code == 302
    programme = Programme.objects.get(name="Programa Quédate")
    assert list(programme.objectives.values_list("number", flat=True)) == [7]
    assert programme.statistics.get().total == 215
    attachment = programme.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("informe.png", "image/png")
    download = client.get(reverse("reviews:attachment", args=[world.input_a1.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == PNG
    assert (
        as_role("focal_a2")
        .get(reverse("reviews:attachment", args=[world.input_a1.pk, attachment.pk]))
        .status_code
        == 404
    )


def test_programme_saved_by_someone_else_shows_both_versions_and_merges(world, as_role):
    programme = Programme.objects.create(
        request=world.request_a1, name="Programa Quédate", description="Original."
    )
    programme.objectives.add(world.input_a1.objective)
    url = reverse("reviews:programme_edit", args=[world.input_a1.pk, programme.pk])
    form = {
        "name": "Programa Quédate",
        "kind": "programme",
        "statistics-TOTAL_FORMS": "0",
        "statistics-INITIAL_FORMS": "0",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
    }
    client = as_role("focal_a1")
    # A colleague saves first (version 0 -> 1).
    first = client.post(url, {**form, "version": "0", "description": "La versión de Ana."})
    assert first.status_code == 302
    versions_kept = programme.history.count()

    # The second person's save, made against version 0, is refused...
    second = client.post(url, {**form, "version": "0", "description": "La versión de Luis."})

    assert second.status_code == 200
    page = second.content.decode()
    assert "La otra versión y la suya" in page
    merge = page[page.index("merge-table") :]
    assert "La versión de Ana." in merge and "La versión de Luis." in merge
    programme.refresh_from_db()
    assert (programme.description, programme.version) == ("La versión de Ana.", 1)
    assert programme.history.count() == versions_kept  # nothing was written
    # ...and the form now carries the stored version: saving the merge goes through.
    assert 'name="version" value="1"' in page
    merged = client.post(url, {**form, "version": "1", "description": "Ana y Luis."})
    assert merged.status_code == 302
    programme.refresh_from_db()
    assert (programme.description, programme.version) == ("Ana y Luis.", 2)
    assert programme.history.filter(description="La versión de Ana.").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("informe.pdf", b"MZ\x90\x00 this is a Windows program", "not a PDF, DOCX"),
        ("notas.txt", b"just text", "not a PDF, DOCX"),
        ("grande.png", PNG + b"\x00" * (20 * 1024 * 1024), "larger than 20 MB"),
    ],
)
def test_rejected_attachment_says_why_and_saves_nothing(world, as_role, name, content, message):
    client = as_role("focal_a1")
    data = {
        "name": "Programa X",
        "kind": "action",
        "version": "",
        "statistics-TOTAL_FORMS": "0",
        "statistics-INITIAL_FORMS": "0",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
        "new_attachment": SimpleUploadedFile(name, content),
    }
    client.cookies["django_language"] = "en"
    response = client.post(reverse("reviews:programme_add", args=[world.input_a1.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Programme.objects.filter(name="Programa X").exists()


def test_statistics_total_cannot_be_below_men_plus_women(world, as_role):
    client = as_role("focal_a1")
    client.cookies["django_language"] = "en"
    data = {
        "name": "Programa Y",
        "kind": "action",
        "version": "",
        "statistics-TOTAL_FORMS": "1",
        "statistics-INITIAL_FORMS": "0",
        "statistics-0-indicator": "Personas",
        "statistics-0-men": "10",
        "statistics-0-women": "10",
        "statistics-0-total": "5",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("reviews:programme_add", args=[world.input_a1.pk]), data)
    assert "cannot be smaller than men plus women" in response.content.decode()
    assert not Programme.objects.filter(name="Programa Y").exists()


def test_word_count():
    assert count_words("") == 0
    assert count_words("Se atendió a 1 200 personas — niñas, niños y adolescentes.") == 10
    assert count_words("l'État d’origine co-operation") == 3


def test_input_page_and_autosave_run_a_bounded_number_of_queries(
    world, as_role, django_assert_max_num_queries
):
    client = as_role("focal_a1")
    for number in range(5):
        Programme.objects.create(request=world.request_a1, name=f"P{number}").objectives.add(
            world.input_a1.objective
        )
    with django_assert_max_num_queries(40):
        client.get(reverse("reviews:input", args=[world.input_a1.pk]))
    # The first save also makes the form a draft, and its country's first stamps.
    with django_assert_max_num_queries(25):
        assert autosave(client, world, "texto", 0).status_code == 200
    with django_assert_max_num_queries(12):
        assert autosave(client, world, "texto más largo", 1).status_code == 200


def test_an_autosave_in_a_stretch_of_typing_is_eight_statements(world, as_role):
    """Session, user, the answer locked with the right to save it (one query), its
    latest version replaced (the same stretch of typing), the answer, the form's time
    of saving, the review's status read again (submitted meanwhile?), the stamp.
    Before issue 20's last changes: the right, then the answer, then a version
    recorded, the versions read and the one before dropped: ten, and no second look
    at the review."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_role("focal_a1")
    # Both saves inside one quarter of an hour of the clock (history.SPAN).
    with time_machine.travel(datetime(2026, 11, 26, 10, 0, 30, tzinfo=UTC), tick=True):
        assert autosave(client, world, "Uno", 0).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert autosave(client, world, "Uno dos", 1).status_code == 200
    # (In production the transaction's BEGIN and COMMIT; here, inside the test's, savepoints.)
    statements = [
        f"{q['sql'].split()[0]} {_table(q['sql'])}"
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert statements == [
        "SELECT django_session",
        "SELECT auth_user",
        "SELECT reviews_answer",
        "UPDATE reviews_historicalanswer",
        "UPDATE reviews_answer",
        "UPDATE reviews_input",
        "SELECT reviews_nationalreview",
        "UPDATE reviews_stamp",
    ]
    assert list(world.answer_a1.history.values_list("text", flat=True)) == ["Uno dos"]


def _table(sql: str) -> str:
    return re.search(r'(?:FROM|UPDATE|INTO) "(\w+)"', sql).group(1)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("focal_a1", 200),
        ("focal_a2", 404),
        ("coord_a", 403),
        ("admin", 403),
        ("coord_b", 404),
        ("reviewer", 404),
        ("anonymous", 302),
    ],
)
def test_an_autosave_naming_its_version_saves_for_the_focal_point_only(
    world, as_role, role, status
):
    """The matrix of tests/reviews/test_access.py posts no version (400 once let in);
    with one, the answer is locked and checked in one query: the same answers."""
    response = autosave(as_role(role), world, f"De {role}.", world.answer_a1.version)
    assert response.status_code == status
    stored = Answer.objects.get(pk=world.answer_a1.pk)
    assert (stored.text, stored.version) == (
        ("De focal_a1.", 1) if status == 200 else ("", world.answer_a1.version)
    )


def test_an_answer_of_another_form_cannot_be_saved_through_ones_own(world, as_role):
    """Ids changed by hand: an answer of another of the institution's forms, and one of
    another institution's form, each under the focal point's own form: 404, nothing saved."""
    other_form = next(
        i for i in selectors.request_inputs(request=world.request_a1) if i.pk != world.input_a1.pk
    )
    request_a2 = world.review_a.requests.get(institution=world.a2)
    theirs = selectors.request_inputs(request=request_a2)[0]
    client = as_role("focal_a1")
    for answer in (
        selectors.input_answers(input=other_form)[0],
        selectors.input_answers(input=theirs)[0],
    ):
        response = autosave(client, world, "Por la puerta de al lado.", answer.version, answer)
        assert response.status_code == 404
        assert Answer.objects.get(pk=answer.pk).text == ""
    # And one's own answer under another institution's form: 404 as well.
    url = reverse("reviews:answer_save", args=[theirs.pk, world.answer_a1.pk])
    assert client.post(url, {"text": "x", "version": 0}).status_code == 404
    assert Answer.objects.get(pk=world.answer_a1.pk).text == ""


def test_group_inputs_when_the_cycle_asks_per_thematic_area(world):
    world.cycle.questions.filter(section="objectives").update(asked_per="group")
    services.cycle_rows_sync(cycle=world.cycle)  # as the admin does when questions change
    request = world.review_a.requests.get(institution=world.a2)
    made = [i for i in selectors.request_inputs(request=request) if i.group_number]
    assert [i.group_number for i in made] == [1, 2, 3, 4, 5]
    assert len(selectors.input_answers(input=made[0])) == 4
    assert all(answer.pk for answer in selectors.input_answers(input=made[0]))


def test_group_input_page_names_its_thematic_area(world, as_role):
    world.cycle.questions.filter(section="objectives").update(asked_per="group")
    services.cycle_rows_sync(cycle=world.cycle)
    request = world.review_a.requests.get(institution=world.a2)
    first = next(i for i in selectors.request_inputs(request=request) if i.group_number)
    page = as_role("focal_a2").get(first.get_absolute_url()).content.decode()
    assert "Área temática 1" in page
    assert "Grupo" not in page
    assert "Promoción de un discurso, políticas y planificación sobre migración" in page
    # The objectives question a asks about ("these objectives") are listed above it.
    for number in (1, 3, 17, 23):
        assert f'<span class="objective-number">{number}.</span>' in page


def test_conflict_with_a_version_whose_author_is_gone(world, as_role):
    """Bulk-loaded answers, or a deleted user, leave no author: the merge view still shows."""
    Answer.objects.filter(pk=world.answer_a1.pk).update(text="Cargado.", version=1, updated_by=None)
    response = autosave(as_role("focal_a1"), world, "Mi texto.", 0)
    assert response.status_code == 409
    assert "Cargado." in response.content.decode() and "Mi texto." in response.content.decode()


def test_first_saves_racing_on_one_input_record_one_move_to_draft(world):
    """Two requests that both read the input as not started (a form's first autosaves)."""
    from reviews import access

    user = world.users["focal_a1"]
    first, second = (
        access.get_answer_for_writer(user, world.input_a1.pk, answer.pk)
        for answer in world.answers_a1[:2]
    )
    assert first.input.status == second.input.status == Input.Status.NOT_STARTED
    for locked in (first, second):
        with transaction.atomic():
            services.answer_save(
                answer_id=locked.pk, locked=locked, user=user, text="Hola.",
                not_applicable=False, reason="", base_version=0,
            )  # fmt: skip
    assert world.input_a1.transitions.count() == 1
    assert Input.objects.get(pk=world.input_a1.pk).status == Input.Status.DRAFT
