"""Pages and setup run a fixed number of queries, whatever the number of rows (no N+1).

Each test counts the queries of one action, adds rows, and counts again.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from objectives.models import Objective
from reviews import services
from reviews.models import FocalPoint, Institution, NationalCoordinator, NationalReview, Question
from tests.reviews.conftest import make_cycle

pytestmark = pytest.mark.django_db


def queries_of(action, *, warm=True) -> int:
    if warm:
        action()  # the first request of a session loads what later ones have cached
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def open_cycle_with_request(world, slug):
    cycle = make_cycle(slug)
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    review = NationalReview.objects.create(cycle=cycle, country=world.guatemala)
    NationalCoordinator.objects.create(review=review, user=world.users["coord_a"])
    services.institution_request_save(review=review, institution=world.a1, objectives=[])
    return cycle


def test_institution_page_whatever_the_number_of_open_requests(world, as_role):
    client = as_role("focal_a1")
    url = reverse("reviews:institution", args=[world.a1.pk])
    one = queries_of(lambda: client.get(url))
    for n in range(3):
        open_cycle_with_request(world, f"more-{n}")
    page = client.get(url).content.decode()
    assert page.count("Ciclo more-") == 3
    assert queries_of(lambda: client.get(url)) == one


def test_home_page_whatever_the_number_of_open_cycles(world, as_role):
    # coord_a coordinates Guatemala's review and, below, Mexico's: two countries.
    NationalCoordinator.objects.create(review=world.review_b, user=world.users["coord_a"])
    client = as_role("coord_a")
    url = reverse("reviews:home")
    one = queries_of(lambda: client.get(url))
    for n in range(3):
        make_cycle(f"open-{n}")
    page = client.get(url).content.decode()
    # "later" and three more, for each of the two countries.
    assert page.count("/work/reviews/start/") == 8
    assert queries_of(lambda: client.get(url)) == one


def test_group_inputs_are_made_in_a_fixed_number_of_queries(world):
    world.cycle.questions.filter(section="objectives").update(asked_per="group")
    few = Institution.objects.create(country=world.guatemala, name="Pocas", acronym="P")
    many = Institution.objects.create(country=world.guatemala, name="Muchas", acronym="M")
    first = queries_of(
        lambda: services.institution_request_save(
            review=world.review_a,
            institution=few,
            objectives=Objective.objects.filter(number__in=[1, 2]),
        ),
        warm=False,
    )
    every = queries_of(
        lambda: services.institution_request_save(
            review=world.review_a, institution=many, objectives=[]
        ),
        warm=False,
    )
    assert every == first
    assert (
        world.review_a.requests.get(institution=many)
        .inputs.filter(group_number__isnull=False)
        .count()
        == 5
    )


@pytest.mark.parametrize(
    "name",
    [
        "admin:reviews_nationalreview_changelist",
        "admin:reviews_institution_changelist",
        "admin:reviews_institutionrequest_changelist",
        "admin:reviews_regionalreviewer_changelist",
        "admin:reviews_reviewcycle_changelist",
    ],
)
def test_admin_lists_whatever_the_number_of_rows(name, world, as_role):
    client = as_role("admin")
    url = reverse(name)
    before = queries_of(lambda: client.get(url))
    for n in range(4):
        cycle = open_cycle_with_request(world, f"admin-{n}")
        institution = Institution.objects.create(country=world.mexico, name=f"Institución {n}")
        FocalPoint.objects.create(institution=institution, user=world.users["focal_a2"])
        world.users["reviewer"].reviewer_roles.create(cycle=cycle)
    assert queries_of(lambda: client.get(url)) == before
