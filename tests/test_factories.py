"""The factories build what they say, in the real shapes (so tests built on them test
those shapes): a review with every section, a request with its inputs and answers,
a cycle asked per thematic area, a programme with its parts."""

import pytest

from reviews import selectors
from reviews.models import Answer, NationalText, Question
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_review_is_started_with_its_coordinator_and_every_section():
    review = factories.NationalReviewFactory()
    assert review.coordinators.count() == 1
    assert NationalText.objects.filter(review=review).count() == len(selectors.wanted_texts(review))


def test_a_request_asks_every_objective_with_its_answers_by_default():
    request = factories.InstitutionRequestFactory()
    assert request.objectives.count() == 23
    # One input per objective and one for the questions asked once per review.
    assert request.inputs.filter(objective__isnull=False).count() == 23
    assert request.inputs.filter(objective__isnull=True, group_number__isnull=True).count() == 1
    assert Answer.objects.filter(input__request=request).count() == 23 * 4 + 3


def test_a_cycle_asked_per_thematic_area_gives_one_input_per_area():
    cycle = factories.ReviewCycleFactory(questionnaire="group")
    assert set(
        cycle.questions.filter(section=Question.Section.OBJECTIVES).values_list(
            "asked_per", flat=True
        )
    ) == {Question.AskedPer.GROUP}
    request = factories.InstitutionRequestFactory(review__cycle=cycle)
    assert sorted(
        request.inputs.filter(group_number__isnull=False).values_list("group_number", flat=True)
    ) == [1, 2, 3, 4, 5]
    assert not request.inputs.filter(objective__isnull=False).exists()


def test_a_programme_comes_with_the_parts_asked_for():
    programme = factories.ProgrammeFactory(statistics=3, challenges=2)
    assert programme.statistics.count() == 3
    assert programme.challenges.count() == 2
    assert list(programme.objectives.values_list("number", flat=True)) == [1]
    assert programme.request.review.country.iso3 == "GTM"


def test_an_attachment_is_checked_and_stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = factories.AttachmentFactory()
    assert attachment.content_type == "image/png"
    assert (tmp_path / attachment.file.name).exists()
