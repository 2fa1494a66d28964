"""The coordinator asks institutions from one table and accepts inputs in bulk
(issue 15), in Spanish, on a laptop and on a 390 px phone."""

import pytest
from django.contrib.auth import get_user_model

from reviews import selectors, services
from reviews.models import FocalPoint, Input, Question
from tests import factories
from tests.browser.conftest import assert_accessible, follow, sign_in


@pytest.fixture
def review(page):
    """A review asked per thematic area: IGM has sent two areas with nothing to
    report; DGM is not asked yet."""
    cycle = factories.ReviewCycleFactory(questionnaire=Question.AskedPer.GROUP)
    coordinator = get_user_model().objects.create_user("ana", "ana@example.org", "pw-ana-1")
    review = factories.NationalReviewFactory(cycle=cycle, coordinator=coordinator)
    request = factories.InstitutionRequestFactory(
        review=review, institution__acronym="IGM", institution__name="Instituto de Migración"
    )
    focal = factories.UserFactory()
    FocalPoint.objects.create(institution=request.institution, user=focal)
    for input in selectors.request_inputs(request=request):
        if input.group_number in (1, 3):
            services.input_nothing_to_report(
                input=input, user=focal, reason="Este tema no es de nuestra competencia."
            )
    factories.InstitutionFactory(country=review.country, name="Dirección General", acronym="DGM")
    return review


@pytest.mark.parametrize("width", [1366, 390])
def test_asking_from_the_matrix_and_accepting_two_inputs(page, review, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "ana", "pw-ana-1")
    page.goto(review.get_absolute_url())
    assert_accessible(page)

    follow(page, page.locator(f"a[href='/work/reviews/{review.pk}/asks/']"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    dgm = review.country.institutions.get(acronym="DGM")
    igm = review.country.institutions.get(acronym="IGM")
    first = factories.objective(1)
    assert page.locator(f"#ask-{igm.pk}-{first.pk}").is_checked()
    box = page.locator(f"#ask-{dgm.pk}-{first.pk}")
    assert not box.is_checked()
    # The row's "all" and "none" buttons (ask_matrix.js), then two boxes by hand.
    all_button, none_button = page.locator(f"tr:has(#ask-{dgm.pk}-{first.pk}) th button").all()
    all_button.click()
    assert page.locator(f"input[name=ask-{dgm.pk}]:checked").count() == 23
    none_button.click()
    assert page.locator(f"input[name=ask-{dgm.pk}]:checked").count() == 0
    box.check()
    page.locator(f"#ask-{dgm.pk}-{factories.objective(2).pk}").check()
    follow(page, page.locator("button[type=submit].btn-primary:not([name])"))
    assert sorted(
        review.requests.get(institution=dgm).objectives.values_list("number", flat=True)
    ) == [1, 2]
    assert page.locator(f"#ask-{dgm.pk}-{first.pk}").is_checked()
    assert page.locator(".alert-success").count() == 1

    page.goto(review.get_absolute_url())
    assert_accessible(page)
    follow(page, page.locator(f"a[href='/work/reviews/{review.pk}/accept/']"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = page.locator("input[name=inputs]")
    assert boxes.count() == 2
    for n in range(2):
        boxes.nth(n).check()
    follow(page, page.locator("button[type=submit].btn-primary:not([name])"))
    statuses = Input.objects.filter(request__institution=igm, group_number__in=[1, 3])
    assert set(statuses.values_list("status", flat=True)) == {Input.Status.ACCEPTED}
    assert page.locator("input[name=inputs]").count() == 0
