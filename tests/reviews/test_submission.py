"""Submitting the national review: a confirmation page lists what is missing, and
only a ticked confirmation locks the review."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reviews import selectors, services
from reviews.models import Input, NationalReview
from tests.factories import (
    InstitutionFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ReviewCycleFactory,
)

pytestmark = pytest.mark.django_db


def submit_url(review) -> str:
    return reverse("reviews:review_submit", args=[review.pk])


def labels(review) -> list[str]:
    with translation.override("en"):
        return [item["label"] for item in selectors.submission_gaps(review)["empty_texts"]]


def test_the_page_lists_who_submitted_nothing_and_the_empty_texts(world, english):
    page = english("coord_a").get(submit_url(world.review_a)).content.decode()
    assert "Institutions asked that have submitted nothing (2)" in page
    assert "Instituto A1" in page and "Ministerio A2" in page
    objective_7 = world.text_a.objective
    assert f"Objective 7: {objective_7.short_label}" in page
    assert reverse("reviews:consolidate", args=[world.review_a.pk, 7]) in page
    # The methodology is asked as question 9: listed once, as the question.
    assert "Methodology" not in page and "Question 9" in page and "Question 8" in page
    assert "Nothing is missing" not in page
    assert 'name="confirm"' in page and "btn-danger" in page


def test_a_text_written_or_an_input_submitted_leaves_the_list(world, english):
    review = world.review_a
    for key in ("methodology", "objective-7"):
        services.text_save(
            text_id=world.texts_a[key].pk,
            user=world.users["coord_a"],
            text="Escrito.",
            base_version=world.texts_a[key].version,
        )
    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.SUBMITTED)
    gaps = selectors.submission_gaps(review)
    assert gaps["silent"] == [world.a2]
    asked = Input.objects.filter(request=world.request_a1).count()
    assert gaps["unfinished"] == [{"institution": world.a1, "remaining": asked - 1, "asked": asked}]
    assert gaps["inputs_waiting"] == 1
    assert "Methodology" not in labels(review)  # asked as question 9 anyway
    assert not any(label.startswith("Objective 7:") for label in labels(review))
    assert any(label.startswith("Objective 8:") for label in labels(review))

    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.ACCEPTED)
    assert selectors.submission_gaps(review)["inputs_waiting"] == 0
    page = english("coord_a").get(submit_url(review)).content.decode()
    assert f"{asked - 1} of {asked} inputs not submitted" in page


def test_a_cycle_asked_per_thematic_area_needs_the_areas_texts():
    review = NationalReviewFactory(cycle=ReviewCycleFactory(questionnaire="group"))
    InstitutionRequestFactory(review=review)
    found = labels(review)
    assert "Thematic area 2, question a" in found
    assert "Thematic area 5, question d" in found
    assert "Question 9" in found and "Question 8" in found and "Methodology" not in found
    # Nothing is asked per objective: their texts are not missing.
    assert not any(label.startswith("Objective") for label in found)
    assert found.index("Thematic area 1, question a") < found.index("Question 9")
    assert found.index("Thematic area 1, question d") < found.index("Thematic area 2, question a")


def test_the_page_of_a_cycle_asked_per_thematic_area(client):
    review = NationalReviewFactory(cycle=ReviewCycleFactory(questionnaire="group"))
    client.force_login(review.coordinators.get().user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(submit_url(review)).content.decode()
    assert "Thematic area 2, question a" in page


def test_the_queries_do_not_grow_with_the_institutions(world):
    review = world.review_a
    with CaptureQueriesContext(connection) as before:
        selectors.submission_gaps(review)
    for _n in range(3):
        InstitutionRequestFactory(review=review, institution=InstitutionFactory())
    with CaptureQueriesContext(connection) as after:
        gaps = selectors.submission_gaps(review)
    assert len(gaps["silent"]) == 5
    assert len(after) == len(before)


def test_without_the_box_ticked_nothing_is_locked(world, english):
    response = english("coord_a").post(submit_url(world.review_a))
    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    world.review_a.refresh_from_db()
    assert world.review_a.status != NationalReview.Status.SUBMITTED


def test_with_the_box_ticked_the_review_is_locked(world, english):
    client = english("coord_a")
    response = client.post(submit_url(world.review_a), {"confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"] == world.review_a.get_absolute_url()
    world.review_a.refresh_from_db()
    assert world.review_a.status == NationalReview.Status.SUBMITTED
    assert "it is now locked" in client.get(response["Location"]).content.decode()

    page = client.get(submit_url(world.review_a)).content.decode()
    assert "This review is already submitted" in page
    assert 'name="confirm"' not in page and "btn-danger" not in page


def test_the_draft_links_to_the_confirmation_instead_of_locking(world, english):
    page = english("coord_a").get(reverse("reviews:draft", args=[world.review_a.pk]))
    content = page.content.decode()
    assert f'href="{submit_url(world.review_a)}"' in content
    assert f'action="{submit_url(world.review_a)}"' not in content


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("focal_a1", 403), ("coord_b", 404), ("reviewer", 404), ("admin", 200)],
)
def test_only_the_reviews_coordinators_reach_the_page(world, as_role, role, status):
    client = as_role(role)
    assert client.get(submit_url(world.review_a)).status_code == status
    posted = client.post(submit_url(world.review_a), {"confirm": "yes"}).status_code
    assert posted == (302 if status == 200 else status)
    world.review_a.refresh_from_db()
    locked = world.review_a.status == NationalReview.Status.SUBMITTED
    assert locked == (role == "admin")


def test_without_a_methodology_question_the_methodology_text_is_needed():
    cycle = ReviewCycleFactory(questionnaire="group")
    cycle.questions.get(code="9").delete()
    review = NationalReviewFactory(cycle=cycle)
    found = labels(review)
    assert "Methodology" in found and "Question 9" not in found
    assert found.index("Methodology") < found.index("Thematic area 1, question a")
