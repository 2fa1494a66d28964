"""Date boxes keep their date in every language (found by walking the portal in
Spanish: a browser's date box takes only 2026-12-26, so "26/12/2026" showed an
empty box, and the next save erased the date)."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import NationalReview, Programme
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 26)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_reviews_deadline_is_shown_in_its_date_box(world, as_role, language):
    NationalReview.objects.filter(pk=world.review_a.pk).update(internal_deadline=DAY)
    client = as_role("coord_a")
    client.cookies["django_language"] = language
    url = reverse("reviews:plan", args=[world.review_a.pk])
    assert 'value="2026-12-26"' in client.get(url).content.decode()
    # The review's own form no longer edits it: the plan keeps the dates in order.
    edit = reverse("reviews:review_edit", args=[world.review_a.pk])
    client.post(edit, {"contact_persons": "Ana", "internal_deadline": "2027-06-01"})
    assert NationalReview.objects.get(pk=world.review_a.pk).internal_deadline == DAY


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_programmes_period_is_shown_in_the_date_boxes(world, as_role, language):
    programme = ProgrammeFactory(
        request=world.request_a1,
        period_start=datetime.date(2021, 3, 1),
        period_end=datetime.date(2024, 12, 31),
        objectives=[world.input_a1.objective],
    )
    client = as_role("focal_a1")
    client.cookies["django_language"] = language
    page = client.get(reverse("reviews:programme_edit", args=[world.input_a1.pk, programme.pk]))
    html = page.content.decode()
    assert 'value="2021-03-01"' in html and 'value="2024-12-31"' in html
    assert Programme.objects.get(pk=programme.pk).period_start == datetime.date(2021, 3, 1)
