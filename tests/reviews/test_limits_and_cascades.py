"""Issue 14, items 7 to 11: every text people type has a limit with one message, nothing
that holds people's work goes with a cascade, programme names are unique in a request,
word counts are computed from the texts, and counts of people are bounded the same way
on SQLite and PostgreSQL."""

import csv
import io

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from reviews import models, spreadsheets
from reviews.models import (
    Answer,
    Comment,
    Input,
    Institution,
    InstitutionRequest,
    NationalReview,
    NationalText,
    Programme,
    Statistic,
)
from reviews.models.names import programme_names_made_distinct
from reviews.text import distinct_names

pytestmark = pytest.mark.django_db

ONE_MB = "x" * 1_048_576
TOO_LONG = "Not saved: this text has 1,048,576 characters, more than"


def _client(as_role, role):
    client = as_role(role)
    client.cookies["django_language"] = "en"
    return client


def programme_data(**fields):
    data = {
        "name": "Programa Quédate",
        "kind": "programme",
        "version": "",
        "statistics-TOTAL_FORMS": "0",
        "statistics-INITIAL_FORMS": "0",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def programme_add(client, world, data):
    return client.post(reverse("reviews:programme_add", args=[world.input_a1.pk]), data)


# Item 7: every free text has a limit, with the same message.


def test_a_1_mb_not_applicable_reason_is_refused_by_the_autosave(world, as_role):
    url = reverse("reviews:answer_save", args=[world.input_a1.pk, world.answer_a1.pk])
    response = _client(as_role, "focal_a1").post(
        url,
        {"text": "", "version": 0, "not_applicable": "on", "not_applicable_reason": ONE_MB},
    )
    assert response.status_code == 422
    assert f"{TOO_LONG} 5,000" in response.content.decode()
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    assert (answer.version, answer.not_applicable, answer.not_applicable_reason) == (0, False, "")


def test_a_1_mb_programme_field_is_refused_by_the_programme_form(world, as_role):
    response = programme_add(
        _client(as_role, "focal_a1"), world, programme_data(description=ONE_MB)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{TOO_LONG} 20,000" in page
    assert "Ensure this value" not in page  # Django's own wording is replaced
    assert not Programme.objects.exists()


def test_long_text_boxes_never_cut_a_pasted_text_short(world, as_role):
    """Found by walking the portal: a browser's maxlength cut 30,000 pasted characters
    to 20,000 without a word, and the save then said "saved". A long box has no
    maxlength: the server refuses the text with its message, and the text stays."""
    client = _client(as_role, "focal_a1")
    page = client.get(reverse("reviews:programme_add", args=[world.input_a1.pk])).content
    assert '<textarea name="description" cols="40" rows="3" class=' in page.decode()
    pasted = "Descripción larga " * 1_700  # 30,600 characters
    response = programme_add(client, world, programme_data(description=pasted))
    assert "this text has 30,599 characters, more than 20,000" in response.content.decode()
    assert pasted.strip() in response.content.decode()  # still in the box, nothing lost


def test_a_1_mb_comment_is_refused_when_returning_an_input(world, as_role):
    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.SUBMITTED)
    response = _client(as_role, "coord_a").post(
        reverse("reviews:input_review", args=[world.input_a1.pk]),
        {"decision": "return", "comment": ONE_MB},
        follow=True,
    )
    assert f"{TOO_LONG} 5,000" in response.content.decode()
    assert not Comment.objects.exists()
    assert Input.objects.get(pk=world.input_a1.pk).status == Input.Status.SUBMITTED


def test_1_mb_of_contact_persons_is_refused_by_the_review_form(world, as_role):
    response = _client(as_role, "coord_a").post(
        reverse("reviews:review_edit", args=[world.review_a.pk]),
        {"contact_persons": ONE_MB, "coordinating_institution": "", "internal_deadline": ""},
    )
    assert response.status_code == 200
    assert f"{TOO_LONG} 5,000" in response.content.decode()
    assert NationalReview.objects.get(pk=world.review_a.pk).contact_persons == ""


def test_a_1_mb_comment_on_the_draft_is_refused(world, as_role):
    NationalReview.objects.filter(pk=world.review_a.pk).update(
        status=NationalReview.Status.VALIDATING
    )
    response = _client(as_role, "focal_a2").post(
        reverse("reviews:validation_respond", args=[world.review_a.pk]),
        {"decision": "comment", "comment": ONE_MB},
        follow=True,
    )
    assert f"{TOO_LONG} 5,000" in response.content.decode()
    assert not world.review_a.validations.exists()


def test_the_boxes_written_by_hand_carry_their_limit(world, as_role):
    page = _client(as_role, "focal_a1").get(world.input_a1.get_absolute_url()).content.decode()
    assert f'id="reason-{world.answer_a1.pk}" rows="2" maxlength="5000"' in page
    assert 'maxlength="100000"' not in page  # an answer is refused by the server, never cut


def test_a_line_break_counts_one_character_as_in_the_browser(world, as_role):
    reason = "a\r\n" * 2_500  # 7,500 bytes sent, 5,000 characters typed
    url = reverse("reviews:review_edit", args=[world.review_a.pk])
    response = _client(as_role, "coord_a").post(url, {"contact_persons": reason[:-2]})
    assert response.status_code == 302


def test_every_text_field_people_type_has_a_limit():
    """Text fields of reviews' models: none without a max_length (the audit log and
    a report's error are written by the portal, not typed)."""
    written_by_the_portal = {("auditevent", "detail"), ("reportjob", "error")}
    unbounded = [
        (model._meta.model_name, field.name)
        for model in [m for m in models.__dict__.values() if isinstance(m, type)]
        if hasattr(model, "_meta") and model._meta.app_label == "reviews"
        for field in model._meta.get_fields()
        if field.get_internal_type() in ("TextField", "CharField")
        and getattr(field, "max_length", None) is None
    ]
    assert set(unbounded) <= written_by_the_portal


# Item 8: nothing that holds people's work is deleted by a cascade.


def test_deleting_an_institution_with_a_request_in_the_admin_deletes_nothing_and_says_why(
    world, as_role
):
    client = _client(as_role, "admin")
    url = reverse("admin:reviews_institution_delete", args=[world.a1.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was deleted: this institution was asked for information" in page
    assert "untick “active” instead" in page
    assert Institution.objects.filter(pk=world.a1.pk).exists()
    assert InstitutionRequest.objects.filter(institution=world.a1).exists()
    assert Answer.objects.filter(input__request__institution=world.a1).count() > 0


def test_the_admin_bulk_delete_of_institutions_is_refused_the_same_way(world, as_role):
    response = _client(as_role, "admin").post(
        reverse("admin:reviews_institution_changelist"),
        {"action": "delete_selected", "_selected_action": [world.a1.pk, world.a2.pk]},
    )
    assert "Nothing was deleted: this institution" in response.content.decode()
    assert Institution.objects.filter(pk__in=[world.a1.pk, world.a2.pk]).count() == 2


def test_an_institution_with_requests_cannot_be_deleted_by_the_orm(world):
    with pytest.raises(ProtectedError):
        world.a1.delete()
    assert Institution.objects.filter(pk=world.a1.pk).exists()


def test_an_institution_nobody_asked_can_be_deleted_with_its_focal_points(world):
    world.b1.delete()  # Mexico's review asked nothing of it yet
    assert not Institution.objects.filter(pk=world.b1.pk).exists()


def test_a_review_with_inputs_cannot_be_deleted(world, as_role):
    with pytest.raises(ProtectedError):
        world.review_a.delete()
    response = _client(as_role, "admin").post(
        reverse("admin:reviews_nationalreview_delete", args=[world.review_a.pk]), {"post": "yes"}
    )
    assert "Nothing was deleted: this review holds" in response.content.decode()
    assert NationalReview.objects.filter(pk=world.review_a.pk).exists()


def test_a_review_with_a_written_text_is_protected_and_an_untouched_one_is_not(world):
    texts = NationalText.objects.filter(review=world.review_b)
    texts.filter(pk=texts.first().pk).update(text="Hola", version=1)
    with pytest.raises(ProtectedError):
        world.review_b.delete()
    texts.update(version=0)
    world.review_b.delete()  # nothing written: its empty rows go with it
    assert not NationalReview.objects.filter(pk=world.review_b.pk).exists()


def test_an_input_with_a_written_answer_cannot_be_deleted(world):
    Answer.objects.filter(pk=world.answer_a1.pk).update(text="Escrito", version=1)
    with pytest.raises(ProtectedError):
        Input.objects.get(pk=world.input_a1.pk).delete()
    assert Answer.objects.filter(pk=world.answer_a1.pk).exists()


def test_a_request_with_a_programme_cannot_be_deleted(world):
    Programme.objects.create(request=world.request_a1, name="Ventanilla")
    Answer.objects.filter(input__request=world.request_a1).delete()
    Input.objects.filter(request=world.request_a1).delete()
    with pytest.raises(ProtectedError):
        world.request_a1.delete()


# Item 9: programme names are unique within a request.


def test_the_programme_form_refuses_a_name_already_used_capitals_and_spaces_aside(world, as_role):
    Programme.objects.create(request=world.request_a1, name="Ventanilla Única")
    response = programme_add(
        _client(as_role, "focal_a1"), world, programme_data(name="  ventanilla   única ")
    )
    assert response.status_code == 200
    assert "already has a programme named “ventanilla única”" in response.content.decode()
    assert Programme.objects.count() == 1


def test_the_database_refuses_a_second_programme_with_the_same_name(world):
    from django.db import IntegrityError, transaction

    Programme.objects.create(request=world.request_a1, name="Ventanilla")
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(request=world.request_a1, name="VENTANILLA")
    # Another request may use it.
    request_a2 = InstitutionRequest.objects.get(review=world.review_a, institution=world.a2)
    Programme.objects.create(request=request_a2, name="Ventanilla")


def test_an_import_matching_a_name_updates_the_one_programme(world):
    programme = Programme.objects.create(request=world.request_a1, name="Ventanilla Única")
    programme.objectives.set([world.input_a1.objective])
    sheet = "name,objectives,description\n  VENTANILLA  única ,7,Nueva descripción\n".encode()
    result = spreadsheets.programme_import(
        institution_request=world.request_a1,
        file_name="p.csv",
        content=sheet,
        user=world.users["focal_a1"],
        dry_run=False,
    )
    assert result is not None
    assert Programme.objects.filter(request=world.request_a1).count() == 1
    programme.refresh_from_db()
    # The sheet's spelling is kept, its spaces collapsed.
    assert (programme.name, programme.description) == ("VENTANILLA única", "Nueva descripción")


def test_existing_duplicate_names_are_renamed_visibly():
    names = ["Becas", "becas", "Becas (2)", " BECAS ", "Otra", "Becas"]
    assert distinct_names(names, 300) == [
        "Becas",
        "becas (3)",
        "Becas (2)",
        "BECAS (4)",
        "Otra",
        "Becas (5)",
    ]
    assert distinct_names(["x" * 300, "X" * 300], 300) == ["x" * 300, "X" * 296 + " (2)"]


def test_the_migration_function_renames_the_duplicates_of_each_request(world):
    first = Programme.objects.create(request=world.request_a1, name="Becas")
    second = Programme.objects.create(request=world.request_a1, name="Otra")
    # Names saved before the constraint, as the database held them: spaces not collapsed.
    Programme.objects.filter(pk=second.pk).update(name="becas ")
    assert programme_names_made_distinct(Programme) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.name, second.name) == ("Becas", "becas (2)")
    assert programme_names_made_distinct(Programme) == 0


# Item 10: word counts computed from the texts.


def test_words_shown_follow_a_bulk_update_of_the_texts(world, as_role):
    Answer.objects.filter(pk=world.answer_a1.pk).update(text="uno dos tres cuatro", version=1)
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    assert answer.word_count == 4

    progress = _client(as_role, "coord_a").get(
        reverse("reviews:progress", args=[world.review_a.pk])
    )
    column = next(
        c for c in progress.context["columns"] if c["objective"] == world.input_a1.objective
    )
    assert column["words"] == 4

    export = _client(as_role, "coord_a").get(
        reverse("reviews:export", args=[world.review_a.pk, "answers"])
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    words = rows[0].index("words")
    texts = rows[0].index("answer")
    assert [row[words] for row in rows[1:] if row[texts] == "uno dos tres cuatro"] == ["4"]

    overview = _client(as_role, "focal_a1").get(reverse("reviews:institution", args=[world.a1.pk]))
    assert overview.status_code == 200
    rows = [r for req in overview.context["requests"] for r in req["inputs"]]
    assert next(r for r in rows if r["input"].pk == world.input_a1.pk)["words"] == 4


def test_a_count_kept_from_an_earlier_page_follows_the_text(world, as_role):
    answers = Answer.objects.filter(pk=world.answer_a1.pk)
    url = reverse("reviews:progress", args=[world.review_a.pk])
    coordinator = _client(as_role, "coord_a")

    def shown():
        columns = coordinator.get(url).context["columns"]
        return next(c for c in columns if c["objective"] == world.input_a1.objective)["words"]

    answers.update(text="uno dos tres", version=1)
    assert shown() == 3
    answers.update(text="uno-dos tres")  # same length, another count
    assert shown() == 2
    answers.update(text="")
    assert shown() == 0


# Item 11: counts of people bounded the same way on SQLite and PostgreSQL.


@pytest.mark.parametrize(("count", "saved"), [(1_000_000_000, True), (10**12, False)])
def test_a_statistic_over_a_billion_is_refused_by_the_programme_form(world, as_role, count, saved):
    data = programme_data(
        **{
            "statistics-TOTAL_FORMS": "1",
            "statistics-0-indicator": "Personas atendidas",
            "statistics-0-total": str(count),
        }
    )
    response = programme_add(_client(as_role, "focal_a1"), world, data)
    if saved:
        assert response.status_code == 302
        assert Statistic.objects.get().total == count
    else:
        assert response.status_code == 200
        assert "At most 1,000,000,000" in response.content.decode()
        assert not Programme.objects.exists() and not Statistic.objects.exists()
