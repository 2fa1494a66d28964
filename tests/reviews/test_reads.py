"""Reads never write: opening any page runs no INSERT, UPDATE or DELETE.

So pages can be served, and reports rendered, from a read-only replica, and a
page visited by many people at once cannot race with itself. The rows pages
show are made when a review or a request is set up (``services.review_rows_sync``).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reviews import selectors, services
from reviews.models import Answer, Input, NationalText

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Downloading data is recorded in the audit log: the one row a GET may add.
AUDIT = re.compile(r'^\s*INSERT INTO "reviews_auditevent"', re.IGNORECASE)


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if WRITE.match(q["sql"]) and not AUDIT.match(q["sql"])]


def review_urls(world) -> list[str]:
    """Every GET page of the reviews app, its ids taken from the world by their names."""
    values = {
        "review_id": world.review_a.pk,
        "institution_id": world.a1.pk,
        "focal_point_id": world.fp_pending.pk,
        "cycle_id": world.later_cycle.pk,
        "iso3": "GTM",
        "input_id": world.input_a1.pk,
        "request_id": world.request_a1.pk,
        "number": 7,
        "text_id": world.text_a.pk,
        "kind": "xlsx",
        "job_id": world.report_job.pk,
        "layout": "imrf",
        "answer_id": world.answer_a1.pk,
        "programme_id": world.programme_a1.pk,
        "attachment_id": world.attachment_a1.pk,
        "key": "group-1",  # a section of the regional synthesis
        # A pledge and a consultation that do not exist: their pages answer 404, unwritten.
        "pledge_id": 1,
        "consultation_id": 1,
        # A calendar key nobody has: the feed answers 404, unwritten.
        "token": "not-a-calendar-key",
    }
    urls = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "reviews":
            for inner in pattern.url_patterns:
                assert isinstance(inner, URLPattern)
                names = inner.pattern.regex.groupindex
                urls.append(reverse(f"reviews:{inner.name}", kwargs={n: values[n] for n in names}))
    return urls


@pytest.mark.parametrize("role", ["focal_a1", "coord_a", "admin"])
def test_no_page_writes(role, world_with_programme, as_role):
    world = world_with_programme
    client = as_role(role)
    client.get("/")  # the session is written once, at sign-in, not by the pages below
    seen = 0
    for url in review_urls(world):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code == 405:
            continue  # a POST-only URL
        seen += 1
        assert writes(queries.captured_queries) == [], f"GET {url} as {role} wrote"
    assert seen > 20


def test_the_first_visit_creates_no_rows(world, as_role):
    """A focal point opens their institution, an input and the PDF for the first time."""
    counts = (Input.objects.count(), Answer.objects.count(), NationalText.objects.count())
    client = as_role("focal_a2")
    request = world.review_a.requests.get(institution=world.a2)
    client.get(reverse("reviews:institution", args=[world.a2.pk]))
    for input in selectors.request_inputs(request=request)[:3]:
        assert client.get(input.get_absolute_url()).status_code == 200
    as_role("coord_a").get(reverse("reviews:report_sections", args=[world.review_a.pk]))
    assert (Input.objects.count(), Answer.objects.count(), NationalText.objects.count()) == counts


def test_rows_are_made_when_the_request_is_saved(world):
    """23 objectives asked × 4 questions a–d, and the general questions 7, 8 and 10:
    the inputs and answers exist at once."""
    request = world.review_a.requests.get(institution=world.a2)
    inputs = selectors.request_inputs(request=request)
    assert len(inputs) == 23 + 1
    assert Answer.objects.filter(input__request=request).count() == 23 * 4 + 3
    assert all(answer.pk for answer in selectors.input_answers(input=inputs[0]))


def test_pages_of_a_review_set_up_without_its_texts_do_not_fail(world, as_role):
    """A review made by hand (a shell, an old archive) lacks its texts until synced:
    its coordinator's pages say so instead of failing, and write nothing."""
    world.review_b.texts.all().delete()
    client = as_role("coord_b")
    for url in [
        reverse("reviews:consolidate", args=[world.review_b.pk, 7]),
        reverse("reviews:report_sections", args=[world.review_b.pk]),
        reverse("reviews:draft", args=[world.review_b.pk]),
        reverse("reviews:report_preview", args=[world.review_b.pk, "imrf"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        "todavía no está preparada"
        in client.get(reverse("reviews:consolidate", args=[world.review_b.pk, 7])).content.decode()
    )
    assert not world.review_b.texts.exists()


def test_a_review_set_up_without_rows_still_reads(world):
    """Rows missing (a review made by hand, an old archive): pages read placeholders,
    and syncing makes the rows, once."""
    world.review_b.texts.all().delete()
    texts = selectors.review_texts(review=world.review_b)
    assert texts["objective-7"].pk is None and texts["methodology"].text == ""
    services.review_rows_sync(review=world.review_b)
    services.review_rows_sync(review=world.review_b)
    stored = world.review_b.texts.count()
    assert stored == len(selectors.wanted_texts(world.review_b))
    assert all(t.pk for t in selectors.review_texts(review=world.review_b).values())
