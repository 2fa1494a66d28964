"""The administration of a cycle (issue 13, item 11): a cycle is never opened without
questions, its questionnaire is given with visible buttons that say what they did,
the question editor stays compact, and a preview shows what a focal point will see."""

import re

import pytest
from django.urls import reverse

from reviews import questionnaire
from reviews.models import Answer, Question, ReviewCycle
from tests import factories
from tests.reviews.test_questionnaire_shape import change_data

pytestmark = pytest.mark.django_db

DEFAULT_COUNT = len(questionnaire.OBJECTIVE_QUESTIONS) + len(questionnaire.CROSS_CUTTING_QUESTIONS)
REFUSAL = "Add the questionnaire before opening the cycle"


@pytest.fixture
def admin_client(client, settings):
    client.force_login(factories.AdministratorFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def change_url(cycle):
    return reverse("admin:reviews_reviewcycle_change", args=[cycle.pk])


def text(response) -> str:
    return response.content.decode()


# 1. A cycle cannot be opened with no questions.


def test_opening_a_cycle_without_questions_is_refused_on_the_page(admin_client):
    cycle = factories.ReviewCycleFactory(questionnaire=False, status=ReviewCycle.Status.DRAFT)
    data = change_data(admin_client, cycle)
    data["status"] = ReviewCycle.Status.OPEN

    response = admin_client.post(change_url(cycle), data)

    assert response.status_code == 200
    assert REFUSAL in text(response)
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.DRAFT


def test_a_cycle_without_questions_may_be_saved_as_a_draft(admin_client):
    cycle = factories.ReviewCycleFactory(questionnaire=False, status=ReviewCycle.Status.DRAFT)
    data = change_data(admin_client, cycle)
    data["name_en"] = "Renamed"
    assert admin_client.post(change_url(cycle), data).status_code == 302
    cycle.refresh_from_db()
    assert cycle.name_en == "Renamed"


def new_cycle_data(client, **fields) -> dict:
    """What the add page posts: the cycle's fields and an empty formset of questions."""
    return {
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "slug": "new-cycle",
        "name_es": "Ciclo nuevo",
        "name_en": "New cycle",
        "kind": ReviewCycle.Kind.REGIONAL,
        "opens_on": "2027-01-10",
        "deadline": "2027-03-10",
        "period_start": "2018-12-10",
        "grouping": ReviewCycle.Grouping.THEMATIC_AREAS,
        **fields,
    }


def test_adding_an_open_cycle_without_questions_is_refused(admin_client):
    data = new_cycle_data(admin_client, status=ReviewCycle.Status.OPEN)
    response = admin_client.post(reverse("admin:reviews_reviewcycle_add"), data)
    assert response.status_code == 200
    assert REFUSAL in text(response)
    assert not ReviewCycle.objects.filter(slug="new-cycle").exists()


def test_an_open_cycle_may_be_added_with_the_questions_typed_in_the_same_save(admin_client):
    data = new_cycle_data(admin_client, status=ReviewCycle.Status.OPEN)
    data.update(
        {
            "questions-TOTAL_FORMS": "1",
            "questions-0-section": Question.Section.OBJECTIVES,
            "questions-0-order": "1",
            "questions-0-code": "a",
            "questions-0-asked_per": Question.AskedPer.OBJECTIVE,
            "questions-0-answer_format": Question.AnswerFormat.TEXT,
            "questions-0-asked_to_institutions": "on",
            "questions-0-report_section": Question.ReportSection.ANNEX,
            "questions-0-word_guidance": "500",
            "questions-0-text_es": "¿Qué?",
            "questions-0-text_en": "What?",
        }
    )
    response = admin_client.post(reverse("admin:reviews_reviewcycle_add"), data)
    assert response.status_code == 302, text(response)
    cycle = ReviewCycle.objects.get(slug="new-cycle")
    assert cycle.is_open and cycle.questions.count() == 1


def test_deleting_every_question_of_an_open_cycle_is_refused(admin_client):
    cycle = factories.ReviewCycleFactory()
    data = change_data(admin_client, cycle)
    for key in [k for k in data if k.startswith("questions-") and k.endswith("-id")]:
        data[key.removesuffix("-id") + "-DELETE"] = "on"
    response = admin_client.post(change_url(cycle), data)
    assert response.status_code == 200
    assert REFUSAL in text(response)
    assert cycle.questions.count() == DEFAULT_COUNT


# 2. The questionnaire is given with visible buttons, and says what it did.


def tool_url(cycle, name):
    return reverse(f"admin:reviews_reviewcycle_questionnaire_{name}", args=[cycle.pk])


def earlier_cycle(**fields):
    return factories.ReviewCycleFactory(
        opens_on=factories.days_from_today(-400), deadline=factories.days_from_today(-300), **fields
    )


def test_a_cycle_without_questions_shows_the_buttons_that_give_it_one(admin_client):
    earlier = earlier_cycle()
    cycle = factories.ReviewCycleFactory(questionnaire=False, status=ReviewCycle.Status.DRAFT)
    page = text(admin_client.get(change_url(cycle)))
    assert "Give this cycle the default questionnaire (questions a–d per thematic area)" in page
    assert "Give this cycle the default questionnaire (questions a–d per objective)" in page
    assert f"Copy the questionnaire of {earlier.name_en}" in page
    assert f'action="{tool_url(cycle, "default")}"' in page
    assert f'action="{tool_url(cycle, "copy")}"' in page


def test_a_cycle_with_questions_offers_the_preview_instead(admin_client):
    cycle = factories.ReviewCycleFactory()
    page = text(admin_client.get(change_url(cycle)))
    assert "Give this cycle the default questionnaire" not in page
    assert reverse("admin:reviews_reviewcycle_preview", args=[cycle.pk]) in page


@pytest.mark.parametrize("asked_per", [Question.AskedPer.OBJECTIVE, Question.AskedPer.GROUP])
def test_the_default_button_adds_the_questions_and_the_rows(admin_client, asked_per):
    cycle = factories.ReviewCycleFactory(questionnaire=False)
    request = factories.InstitutionRequestFactory(
        review=factories.NationalReviewFactory(cycle=cycle)
    )
    assert not Answer.objects.filter(input__request=request).exists()

    response = admin_client.post(tool_url(cycle, "default"), {"asked_per": asked_per}, follow=True)

    assert response.redirect_chain[-1][0] == change_url(cycle)
    assert f"{DEFAULT_COUNT} questions were added to the cycle" in text(response)
    assert set(cycle.questions.filter(code="a").values_list("asked_per", flat=True)) == {asked_per}
    assert Answer.objects.filter(input__request=request, question__code="a").exists()


def test_the_default_button_refuses_a_cycle_that_has_questions(admin_client):
    cycle = factories.ReviewCycleFactory()
    response = admin_client.post(tool_url(cycle, "default"), {"asked_per": "group"}, follow=True)
    assert "This cycle already has a questionnaire." in text(response)
    assert not cycle.questions.filter(asked_per=Question.AskedPer.GROUP).exists()


def test_the_copy_button_copies_the_latest_earlier_questionnaire(admin_client):
    earlier_cycle(questionnaire=Question.AskedPer.OBJECTIVE)
    latest = factories.ReviewCycleFactory(
        opens_on=factories.days_from_today(-200),
        deadline=factories.days_from_today(-100),
        questionnaire=Question.AskedPer.GROUP,
    )
    cycle = factories.ReviewCycleFactory(questionnaire=False, status=ReviewCycle.Status.DRAFT)

    response = admin_client.post(tool_url(cycle, "copy"), follow=True)

    assert f"{DEFAULT_COUNT} questions of {latest.name_en} were copied to the cycle" in text(
        response
    )
    assert set(cycle.questions.filter(code="a").values_list("asked_per", flat=True)) == {"group"}


def test_the_copy_button_says_when_no_earlier_cycle_has_questions(admin_client):
    cycle = factories.ReviewCycleFactory(questionnaire=False, status=ReviewCycle.Status.DRAFT)
    response = admin_client.post(tool_url(cycle, "copy"), follow=True)
    assert "No earlier cycle has questions." in text(response)
    assert not cycle.questions.exists()


def test_the_copy_button_refuses_a_cycle_that_has_questions(admin_client):
    earlier_cycle()
    cycle = factories.ReviewCycleFactory()
    response = admin_client.post(tool_url(cycle, "copy"), follow=True)
    assert "This cycle already has a questionnaire." in text(response)
    assert cycle.questions.count() == DEFAULT_COUNT


@pytest.mark.parametrize("name", ["default", "copy"])
def test_the_buttons_only_take_a_post(admin_client, name):
    cycle = factories.ReviewCycleFactory(questionnaire=False)
    assert admin_client.get(tool_url(cycle, name)).status_code == 405
    assert not cycle.questions.exists()


@pytest.mark.parametrize("name", ["default", "copy", "preview"])
def test_the_tools_are_for_staff_only(client, name):
    cycle = factories.ReviewCycleFactory(questionnaire=False)
    client.force_login(factories.UserFactory())
    url = (
        reverse("admin:reviews_reviewcycle_preview", args=[cycle.pk])
        if name == "preview"
        else tool_url(cycle, name)
    )
    response = client.post(url) if name != "preview" else client.get(url)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not cycle.questions.exists()


def changelist_action(client, action, cycles):
    return client.post(
        reverse("admin:reviews_reviewcycle_changelist"),
        {"action": action, "_selected_action": [c.pk for c in cycles]},
        follow=True,
    )


def test_the_list_actions_say_what_they_did(admin_client):
    earlier_cycle()
    first = factories.ReviewCycleFactory(questionnaire=False)
    second = factories.ReviewCycleFactory(questionnaire=False)

    response = changelist_action(admin_client, "add_default_questionnaire", [first])
    assert f"{first.name_en}: {DEFAULT_COUNT} questions were added to the cycle." in text(response)

    response = changelist_action(admin_client, "copy_questionnaire_from_latest", [second])
    assert f"{second.name_en}: {DEFAULT_COUNT} questions of" in text(response)


# 3. A compact question editor, and a preview of what a focal point sees.


def test_the_long_texts_of_a_question_are_folded_away(admin_client):
    cycle = factories.ReviewCycleFactory()
    page = text(admin_client.get(change_url(cycle)))
    folded = "".join(re.findall(r"<details.*?</details>", page, flags=re.DOTALL))
    for index in range(DEFAULT_COUNT):
        for name in ["text_es", "text_en", "help_text_es", "help_text_en"]:
            assert f'name="questions-{index}-{name}"' in folded
        assert f'name="questions-{index}-code"' not in folded


def preview(client, cycle, **params):
    return client.get(reverse("admin:reviews_reviewcycle_preview", args=[cycle.pk]), params)


def test_the_preview_shows_an_area_form_and_the_general_questions(admin_client):
    cycle = factories.ReviewCycleFactory(questionnaire=Question.AskedPer.GROUP)
    response = preview(admin_client, cycle)
    page = text(response)
    assert response.status_code == 200
    assert "Thematic area 1" in page
    assert "The questions below are about these objectives of the Global Compact:" in page
    assert "General questions about the review" in page
    code_a = cycle.questions.get(code="a")
    assert code_a.text_en in page and code_a.text_es not in page
    assert "Programmes and actions" in page
    # read only: every control is disabled, and nothing is posted anywhere
    assert "<form" not in page.split('id="content"')[1]
    assert page.count("<textarea") == page.count("<textarea disabled")


def test_the_preview_shows_an_objective_form_and_any_area(admin_client):
    cycle = factories.ReviewCycleFactory(questionnaire=Question.AskedPer.OBJECTIVE)
    page = text(preview(admin_client, cycle, objective=7))
    assert "Objective 7" in page
    assert "The questions below are about these objectives" not in page
    grouped = factories.ReviewCycleFactory(questionnaire=Question.AskedPer.GROUP)
    page = text(preview(admin_client, grouped, group=3))
    assert "Thematic area 3" in page


def test_the_preview_names_the_questions_only_the_coordination_answers(admin_client):
    cycle = factories.ReviewCycleFactory()
    only_coordination = cycle.questions.filter(asked_to_institutions=False)
    assert only_coordination.exists()
    page = text(preview(admin_client, cycle))
    assert "Answered by the coordination only" in page
    for question in only_coordination:
        assert question.text_en in page


def test_the_preview_of_a_cycle_without_questions_says_so(admin_client):
    cycle = factories.ReviewCycleFactory(questionnaire=False)
    page = text(preview(admin_client, cycle))
    assert "This cycle has no questions yet." in page
