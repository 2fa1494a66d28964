"""On a 390 px phone the coordinator's pages never scroll sideways: wide tables
scroll inside their own box (found by walking the areas shape in Chromium)."""

import pytest
from django.contrib.auth import get_user_model

from reviews import selectors, services
from reviews.models import Input, Question
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in


@pytest.fixture
def review(page):
    """A review asked per thematic area, with an answered area, a programme and statistics."""
    cycle = factories.ReviewCycleFactory(questionnaire=Question.AskedPer.GROUP)
    coordinator = get_user_model().objects.create_user("ana", "ana@example.org", "pw-ana-1")
    review = factories.NationalReviewFactory(cycle=cycle, coordinator=coordinator)
    request = factories.InstitutionRequestFactory(review=review, institution__acronym="IGM")
    focal = factories.UserFactory()
    area = next(i for i in selectors.request_inputs(request=request) if i.group_number == 3)
    factories.answer_every_question(
        area, focal, lambda answer: "Una respuesta con cifras: 100.000 personas atendidas en 2023."
    )
    services.input_submit(input=Input.objects.get(pk=area.pk), user=focal)
    factories.ProgrammeFactory(request=request, objectives=[factories.objective(21)])
    return review


def test_the_coordinators_pages_do_not_scroll_sideways_on_a_phone(page, review):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "ana", "pw-ana-1")
    for path in ["", "progress/", "areas/3/", "analysis/", "report/", "draft/"]:
        page.goto(f"/work/reviews/{review.pk}/{path}")
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"/work/reviews/{review.pk}/{path} is {width} px wide at 390"
