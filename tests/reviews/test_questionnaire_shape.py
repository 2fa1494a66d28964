"""A questionnaire with answers cannot be broken under people's feet (issue 12, item 5).

Changing how a question is asked, deleting it, or regrouping the cycle is refused
once someone wrote an answer it would strand, through the admin (the message on
the page) and through the ORM (a ValidationError); without written answers it
is accepted and the untouched rows follow the new shape.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from objectives.models import RoundTable
from reviews import services
from reviews.models import Answer, Input, NationalText, Question, ReviewCycle
from tests import factories

pytestmark = pytest.mark.django_db

AskedPer = Question.AskedPer


@pytest.fixture(autouse=True)
def english():
    """The model's messages are translated when raised: read them in English."""
    with translation.override("en"):
        yield


def setup(questionnaire):
    """A cycle, a review of it and one institution asked about every objective."""
    cycle = factories.ReviewCycleFactory(questionnaire=questionnaire)
    review = factories.NationalReviewFactory(cycle=cycle)
    request = factories.InstitutionRequestFactory(review=review)
    return cycle, review, request


def write(request, code, *, text="Escrito.", **unit):
    """Save, as the focal point would, the answer to question ``code`` of one input."""
    row = Answer.objects.get(input__request=request, question__code=code, **unit)
    return services.answer_save(
        answer_id=row.pk,
        user=factories.UserFactory(),
        text=text,
        not_applicable=False,
        reason="",
        base_version=row.version,
    )


def erase(request, code, **unit):
    """Type an answer, then erase it: saved (version 2), but nothing written."""
    write(request, code, **unit)
    return write(request, code, text="", **unit)


def units(request) -> set:
    return set(request.inputs.values_list("objective__number", "group_number"))


# Through the ORM: the model's checks, behind every path (shell, scripts, the admin).


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("asked_per", AskedPer.GROUP),
        ("section", Question.Section.CROSS_CUTTING),
        ("code", "z"),
        ("answer_format", Question.AnswerFormat.PRINCIPLES_TABLE),
    ],
)
def test_a_question_with_answers_keeps_its_shape(field, value):
    cycle, _, request = setup(AskedPer.OBJECTIVE)
    write(request, "a", input__objective__number=7)
    write(request, "a", input__objective__number=9)
    question = cycle.questions.get(code="a")
    stored = getattr(question, field)
    setattr(question, field, value)

    with pytest.raises(ValidationError, match="Question a already has 2 answers"):
        question.save()
    with pytest.raises(ValidationError, match="Question a already has 2 answers"):
        question.full_clean()
    assert getattr(Question.objects.get(pk=question.pk), field) == stored
    question.refresh_from_db()
    question.word_guidance = 300  # not the shape: still free
    question.save()


def test_a_question_with_answers_is_not_deleted():
    cycle, _, request = setup(AskedPer.OBJECTIVE)
    write(request, "b", input__objective__number=7)
    question = cycle.questions.get(code="b")

    # The refusal comes from a pre_delete receiver, inside the deletion's transaction:
    # a caller that goes on in an outer one must roll back to a savepoint, as here.
    with pytest.raises(ValidationError, match="already has 1 answer"), transaction.atomic():
        question.delete()
    assert cycle.questions.filter(code="b").exists()
    assert Answer.objects.filter(question=question, version__gt=0).count() == 1


def test_a_written_national_text_counts_and_an_emptied_answer_does_not():
    cycle, review, request = setup("group")
    question = cycle.questions.get(code="c")
    erase(request, "c", input__group_number=2)
    question.delete()  # nothing written: accepted
    assert not Answer.objects.filter(question_id=question.pk).exists()

    question = cycle.questions.get(code="d")
    NationalText.objects.filter(review=review, key="group-3-d").update(text="Síntesis.", version=1)
    with pytest.raises(ValidationError, match="already has 1 answer"), transaction.atomic():
        question.delete()
    assert cycle.questions.filter(code="d").exists()


def test_a_cycle_with_answers_per_area_keeps_its_grouping():
    cycle, _, request = setup("group")
    write(request, "a", input__group_number=5)
    cycle.grouping = ReviewCycle.Grouping.ROUND_TABLES

    with pytest.raises(ValidationError, match="already has 1 answer"):
        cycle.save()
    cycle.refresh_from_db()
    assert cycle.grouping == ReviewCycle.Grouping.THEMATIC_AREAS


def test_without_written_answers_the_orm_may_reshape():
    cycle, _, request = setup(AskedPer.OBJECTIVE)
    for question in cycle.questions.filter(section=Question.Section.OBJECTIVES):
        question.asked_per = AskedPer.GROUP
        question.full_clean()
        question.save()
    cycle.grouping = ReviewCycle.Grouping.ROUND_TABLES
    cycle.full_clean()
    cycle.save()
    services.cycle_rows_sync(cycle=cycle)

    assert units(request) == {(None, n) for n in range(1, 5)} | {(None, None)}


# Through the admin: the message on the change page, never a server error.


def change_data(client, cycle) -> dict:
    """What the admin's change page of the cycle would post back unchanged: the
    cycle's fields and its questions' inline formset with its management form."""
    page = client.get(reverse("admin:reviews_reviewcycle_change", args=[cycle.pk]))
    assert page.status_code == 200
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue  # what a browser posts for an empty field or an unticked box
            data[form.add_prefix(name)] = value
    return data


def prefix_of(data, code) -> str:
    return next(
        key.removesuffix("-code")
        for key, value in data.items()
        if key.startswith("questions-") and key.endswith("-code") and value == code
    )


@pytest.fixture
def admin_client(client, settings):
    client.force_login(factories.AdministratorFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post(client, cycle, data):
    return client.post(reverse("admin:reviews_reviewcycle_change", args=[cycle.pk]), data)


def test_the_admin_posts_back_an_unchanged_cycle(admin_client):
    cycle, _, request = setup(AskedPer.OBJECTIVE)
    before = units(request)
    response = post(admin_client, cycle, change_data(admin_client, cycle))
    assert response.status_code == 302
    assert units(request) == before


def test_the_admin_refuses_to_reshape_an_answered_question(admin_client):
    cycle, _, request = setup(AskedPer.OBJECTIVE)
    write(request, "b", input__objective__number=7)
    data = change_data(admin_client, cycle)
    for code in "abcd":
        data[f"{prefix_of(data, code)}-asked_per"] = AskedPer.GROUP
    before = units(request)

    response = post(admin_client, cycle, data)
    assert response.status_code == 200
    assert (
        "Question b already has 1 answer or national text: changing how it is asked"
        in response.text
    )
    assert set(cycle.questions.values_list("asked_per", flat=True)) == {
        AskedPer.OBJECTIVE,
        AskedPer.REVIEW,
    }
    assert units(request) == before


def test_the_admin_refuses_to_delete_an_answered_question(admin_client):
    cycle, _, request = setup(AskedPer.OBJECTIVE)
    write(request, "c", input__objective__number=7)
    write(request, "c", input__objective__number=8)
    data = change_data(admin_client, cycle)
    data[f"{prefix_of(data, 'c')}-DELETE"] = "on"

    response = post(admin_client, cycle, data)
    assert response.status_code == 200
    assert (
        "Question c already has 2 answers or national texts: deleting it would strand them."
        in response.text
    )
    assert cycle.questions.filter(code="c").exists()


def test_the_admin_names_every_refusal_at_once(admin_client):
    cycle, _, request = setup("group")
    write(request, "a", input__group_number=2)
    write(request, "c", input__group_number=2)
    data = change_data(admin_client, cycle)
    data[f"{prefix_of(data, 'a')}-asked_per"] = AskedPer.OBJECTIVE
    data[f"{prefix_of(data, 'c')}-DELETE"] = "on"
    data["grouping"] = ReviewCycle.Grouping.ROUND_TABLES

    response = post(admin_client, cycle, data)
    assert response.status_code == 200
    for message in [
        "Question a already has 1 answer or national text: changing how it is asked would "
        "strand it.",
        "Question c already has 1 answer or national text: deleting it would strand it.",
        "The cycle already has 2 answers or national texts per thematic area or round table",
    ]:
        assert message in response.text
    assert cycle.questions.filter(code="c").exists()


def test_the_admin_refuses_to_regroup_a_cycle_answered_per_area(admin_client):
    cycle, _, request = setup("group")
    write(request, "a", input__group_number=4)
    data = change_data(admin_client, cycle)
    data["grouping"] = ReviewCycle.Grouping.ROUND_TABLES

    response = post(admin_client, cycle, data)
    assert response.status_code == 200
    assert (
        "The cycle already has 1 answer or national text per thematic area or round table"
        in response.text
    )
    cycle.refresh_from_db()
    assert cycle.grouping == ReviewCycle.Grouping.THEMATIC_AREAS


def test_without_answers_the_admin_reshapes_and_the_rows_follow(admin_client):
    cycle, _, request = setup(AskedPer.OBJECTIVE)
    assert {n for n, _ in units(request) if n} == set(range(1, 24))
    data = change_data(admin_client, cycle)
    for code in "abcd":
        data[f"{prefix_of(data, code)}-asked_per"] = AskedPer.GROUP

    assert post(admin_client, cycle, data).status_code == 302
    # One input per thematic area and the general one; none per objective left.
    assert units(request) == {(None, n) for n in range(1, 6)} | {(None, None)}
    group_inputs = Input.objects.filter(request=request, group_number__isnull=False)
    assert set(
        Answer.objects.filter(input__in=group_inputs).values_list("question__code", flat=True)
    ) == set("abcd")


def test_without_answers_the_admin_deletes_and_the_rows_follow(admin_client):
    cycle, _, request = setup(AskedPer.OBJECTIVE)
    erase(request, "d", input__objective__number=7)
    data = change_data(admin_client, cycle)
    for code in "abcd":
        data[f"{prefix_of(data, code)}-DELETE"] = "on"

    assert post(admin_client, cycle, data).status_code == 302
    assert not cycle.questions.filter(section=Question.Section.OBJECTIVES).exists()
    # Only the general questions are left to answer; the emptied input stays (it was touched).
    assert units(request) == {(None, None), (7, None)}


def test_without_answers_the_admin_regroups_and_the_rows_follow(admin_client):
    cycle, _, request = setup("group")
    assert units(request) == {(None, n) for n in range(1, 6)} | {(None, None)}
    data = change_data(admin_client, cycle)
    data["grouping"] = ReviewCycle.Grouping.ROUND_TABLES

    assert post(admin_client, cycle, data).status_code == 302
    cycle.refresh_from_db()
    assert cycle.grouping == ReviewCycle.Grouping.ROUND_TABLES
    tables = set(RoundTable.objects.values_list("number", flat=True))
    assert units(request) == {(None, n) for n in tables} | {(None, None)}  # area 5 is gone
