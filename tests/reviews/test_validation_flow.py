"""Issue 13, items 2, 7 and 8: a form sent only after a confirmation and taken back
while nobody has looked at it; institutions nobody can answer for shown as such;
the draft read before it is confirmed, commented section by section, and what
changed since the last round of validation."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from reviews import selectors, services
from reviews.models import FocalPoint, Input, NationalReview, NationalText, ValidationResponse
from tests.reviews.test_coordination import answer_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(as_role):
    """Pages read in English (the Spanish catalogue is filled later)."""
    return lambda role: _in_english(as_role(role))


def _in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def status(input) -> str:
    return Input.objects.get(pk=input.pk).status


# "Send to the coordination": a confirmation first, then a withdrawal while nobody decided.


def test_the_submit_page_lists_what_will_be_sent_and_what_is_missing(world, english):
    client = english("focal_a1")
    url = reverse("reviews:input_submit", args=[world.input_a1.pk])
    page = client.get(url).content.decode()
    codes = [answer.question.code for answer in world.answers_a1]
    assert "Questions without an answer" in page
    assert all(f"{code}." in page for code in codes)
    assert f"0 of {len(codes)} questions answered" in page
    assert status(world.input_a1) == Input.Status.NOT_STARTED

    answer_everything(world)
    page = client.get(url).content.decode()
    assert f"{len(codes)} of {len(codes)} questions answered" in page
    assert 'name="confirm"' in page and "Submit to the coordinator" in page
    # A POST without the confirmation only leads to the page: nothing is locked.
    assert client.post(url).url == url
    assert status(world.input_a1) == Input.Status.DRAFT
    client.post(url, {"confirm": "yes"})
    assert status(world.input_a1) == Input.Status.SUBMITTED


def test_a_submitted_input_can_be_withdrawn_until_the_coordinator_decides(world, english):
    answer_everything(world)
    services.input_submit(input=world.input_a1, user=world.users["focal_a1"])
    client = english("focal_a1")
    page = client.get(reverse("reviews:input", args=[world.input_a1.pk])).content.decode()
    withdraw = reverse("reviews:input_withdraw", args=[world.input_a1.pk])
    assert withdraw in page
    client.post(withdraw)
    assert status(world.input_a1) == Input.Status.DRAFT
    last = world.input_a1.transitions.order_by("-pk").first()
    assert (last.from_status, last.to_status, last.user) == (
        "submitted",
        "draft",
        world.users["focal_a1"],
    )
    # Editable again, and sent again.
    assert (
        client.get(reverse("reviews:input", args=[world.input_a1.pk])).context["rights"].may_write
    )
    client.post(reverse("reviews:input_submit", args=[world.input_a1.pk]), {"confirm": "yes"})
    assert status(world.input_a1) == Input.Status.SUBMITTED


@pytest.mark.parametrize("decision", ["accept", "return"])
def test_no_withdrawal_once_accepted_or_returned(world, english, decision):
    answer_everything(world)
    services.input_submit(input=world.input_a1, user=world.users["focal_a1"])
    english("coord_a").post(
        reverse("reviews:input_review", args=[world.input_a1.pk]),
        {"decision": decision, "comment": "Añadan cifras."},
    )
    decided = status(world.input_a1)
    assert decided in {Input.Status.ACCEPTED, Input.Status.RETURNED}
    client = english("focal_a1")
    page = client.get(reverse("reviews:input", args=[world.input_a1.pk])).content.decode()
    withdraw = reverse("reviews:input_withdraw", args=[world.input_a1.pk])
    assert withdraw not in page
    answer = client.post(withdraw, follow=True).content.decode()
    assert "can no longer be withdrawn" in answer
    assert status(world.input_a1) == decided
    # The coordinator cannot withdraw it for the institution.
    assert english("coord_a").post(withdraw).status_code == 403


# Institutions with nobody to answer.


def test_progress_names_the_institutions_nobody_can_answer_for(world, english):
    # A1 has an accepted focal point (and a pending one); A2 only a pending invitation.
    FocalPoint.objects.filter(institution=world.a2).delete()
    pending = FocalPoint.objects.get(pk=world.fp_pending.pk).user
    FocalPoint.objects.create(institution=world.a2, user=pending)
    progress = selectors.review_progress(world.review_a)
    assert [i.acronym for i in progress["unanswerable"]] == ["A2"]
    page = english("coord_a").get(reverse("reviews:progress", args=[world.review_a.pk]))
    html = page.content.decode()
    assert "No focal point: nobody can answer" in html
    assert "institutions with nobody to answer" in html
    assert reverse("reviews:focal_point_invite", args=[world.review_a.pk, world.a2.pk]) in html
    assert reverse("reviews:focal_point_invite", args=[world.review_a.pk, world.a1.pk]) not in html


# Validation.


def test_the_institution_confirms_after_the_draft(world, english):
    services.validation_open(review=world.review_a, user=world.users["coord_a"])
    html = english("focal_a1").get(reverse("reviews:draft", args=[world.review_a.pk]))
    html = html.content.decode()
    assert "Read the draft, then confirm or comment at the end" in html
    assert html.index('id="draft-heading"') < html.index('name="decision"')
    assert html.index('href="#respond-heading"') < html.index('id="draft-heading"')


def test_a_comment_on_one_section_is_stored_and_shown_to_the_coordinator(world, english):
    services.validation_open(review=world.review_a, user=world.users["coord_a"])
    draft = reverse("reviews:draft", args=[world.review_a.pk])
    page = english("focal_a1").get(draft).content.decode()
    assert 'name="section"' in page and 'value="objective-7"' in page
    english("focal_a1").post(
        reverse("reviews:validation_respond", args=[world.review_a.pk]),
        {"decision": "comment", "comment": "Falta el programa X.", "section": "objective-7"},
    )
    response = ValidationResponse.objects.get(review=world.review_a)
    assert (response.section, response.comment) == ("objective-7", "Falta el programa X.")
    html = english("coord_a").get(draft).content.decode()
    assert "Falta el programa X." in html
    assert f"Objective 7: {world.text_a.objective.short_label}" in html
    # A section that is not the draft's is refused.
    english("focal_a1").post(
        reverse("reviews:validation_respond", args=[world.review_a.pk]),
        {"decision": "comment", "comment": "Otro.", "section": "nonsense"},
    )
    assert ValidationResponse.objects.filter(review=world.review_a).count() == 1


def test_a_second_opening_shows_what_changed_with_a_word_diff(world, english):
    text = NationalText.objects.get(pk=world.text_a.pk)
    services.text_save(
        text_id=text.pk,
        user=world.users["coord_a"],
        text="Se retornó a 10 personas.",
        base_version=0,
    )
    services.validation_open(review=world.review_a, user=world.users["coord_a"])
    first = NationalReview.objects.get(pk=world.review_a.pk)
    assert first.validation_opened_at is not None
    assert first.validation_previously_opened_at is None
    page = english("focal_a1").get(reverse("reviews:draft", args=[world.review_a.pk]))
    assert "What changed since the last round" not in page.content.decode()

    text.refresh_from_db()
    services.text_save(
        text_id=text.pk,
        user=world.users["coord_a"],
        text="Se retornó a 12 personas.",
        base_version=text.version,
    )
    english("coord_a").post(reverse("reviews:validation_open", args=[world.review_a.pk]))
    review = NationalReview.objects.get(pk=world.review_a.pk)
    assert review.validation_previously_opened_at == first.validation_opened_at
    html = english("focal_a1").get(reverse("reviews:draft", args=[review.pk])).content.decode()
    assert "What changed since the last round" in html
    assert "<del>10</del>" in html and "<ins>12</ins>" in html
    with translation.override("en"):
        changes = selectors.draft_changes(review)
    changed = [c for c in changes if c["changed"]]
    assert [c["key"] for c in changed] == ["objective-7"]


def methodology(review) -> str:
    with translation.override("en"):
        return selectors.methodology_draft(review)


def test_the_methodology_says_validated_only_once_institutions_confirmed(world):
    review = world.review_a
    world.review_a.requests.update(sent_at=timezone.now())
    assert "validated with the institutions" not in methodology(review)
    assert "will then be submitted to the institutions for validation" in methodology(review)
    services.validation_open(review=review, user=world.users["coord_a"])
    assert "is being validated with the institutions" in methodology(review)
    services.validation_respond(
        review=review,
        institution=world.a1,
        user=world.users["focal_a1"],
        confirmed=True,
        comment="",
    )
    assert "was validated with the institutions (1 confirmed it)" in methodology(review)
