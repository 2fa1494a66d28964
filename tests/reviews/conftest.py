import copy
import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from objectives.models import Country, RegionalCommission
from reviews import selectors, services
from reviews.models import (
    FocalPoint,
    Institution,
    NationalCoordinator,
    NationalReview,
    Question,
    RegionalReviewer,
    ReportJob,
    ReviewCycle,
)

ROLES = ["anonymous", "focal_a1", "focal_a2", "coord_a", "coord_b", "reviewer", "admin"]


def make_cycle(slug, **fields):
    today = datetime.date.today()
    defaults = {
        "name_es": f"Ciclo {slug}",
        "name_en": f"Cycle {slug}",
        "kind": ReviewCycle.Kind.REGIONAL,
        "regional_commission": RegionalCommission.objects.get(code="ECLAC"),
        "opens_on": today - datetime.timedelta(days=10),
        "deadline": today + datetime.timedelta(days=50),
        "status": ReviewCycle.Status.OPEN,
    }
    return ReviewCycle.objects.create(slug=slug, **{**defaults, **fields})


@pytest.fixture(scope="module")
def built_world(module_db, django_db_blocker):
    """The world, built once per module (``tests/conftest.py``: ``module_db``)."""
    with django_db_blocker.unblock():
        return build_world()


@pytest.fixture
def world(built_world, db):
    """Two countries' reviews in one open cycle, and one person per role.

    Built once per module: each test's rollback restores its rows, and this copy its
    objects, should a test change one in memory (as ``setUpTestData`` does). A module
    of transactional tests overrides this with ``build_world()`` per test."""
    return copy.deepcopy(built_world)


def build_world():
    """Two countries' reviews in one open cycle, and one person per role."""
    User = get_user_model()
    users = {
        role: User.objects.create_user(role, f"{role}@example.org", "pw")
        for role in ROLES
        if role != "anonymous"
    }
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save()

    cycle = make_cycle("current")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    later_cycle = make_cycle("later")
    guatemala, mexico = Country.objects.get(iso3="GTM"), Country.objects.get(iso3="MEX")
    a1 = Institution.objects.create(country=guatemala, name="Instituto A1", acronym="A1")
    a2 = Institution.objects.create(country=guatemala, name="Ministerio A2", acronym="A2")
    b1 = Institution.objects.create(country=mexico, name="Secretaría B1", acronym="B1")
    review_a = NationalReview.objects.create(cycle=cycle, country=guatemala)
    review_b = NationalReview.objects.create(cycle=cycle, country=mexico)
    NationalCoordinator.objects.create(review=review_a, user=users["coord_a"])
    NationalCoordinator.objects.create(review=review_b, user=users["coord_b"])
    fp_a1 = FocalPoint.objects.create(institution=a1, user=users["focal_a1"])
    FocalPoint.objects.create(institution=a2, user=users["focal_a2"])
    pending = User.objects.create(username="pending@example.org", email="pending@example.org")
    fp_pending = FocalPoint.objects.create(institution=a1, user=pending, kind="alternate")
    fp_b1 = FocalPoint.objects.create(institution=b1, user=pending)
    RegionalReviewer.objects.create(cycle=cycle, user=users["reviewer"])
    for institution in (a1, a2):
        services.institution_request_save(review=review_a, institution=institution, objectives=[])
    request_a1 = review_a.requests.get(institution=a1)
    input_a1 = next(
        i for i in selectors.request_inputs(request=request_a1) if i.objective.number == 7
    )
    answers_a1 = selectors.input_answers(input=input_a1)
    # The requests made their inputs and answers; the texts, as review_start makes them.
    services.review_texts_create(review=review_a)
    services.review_texts_create(review=review_b)
    texts_a = selectors.review_texts(review=review_a)
    report_job = ReportJob.objects.create(
        review=review_a, layout="imrf", language="es", status=ReportJob.Status.FAILED, error="x"
    )
    return SimpleNamespace(
        report_job=report_job,
        text_a=texts_a["objective-7"],
        texts_a=texts_a,
        request_a1=request_a1,
        input_a1=input_a1,
        answer_a1=answers_a1[0],
        answers_a1=answers_a1,
        users=users,
        cycle=cycle,
        later_cycle=later_cycle,
        guatemala=guatemala,
        mexico=mexico,
        a1=a1,
        a2=a2,
        b1=b1,
        review_a=review_a,
        review_b=review_b,
        fp_a1=fp_a1,
        fp_pending=fp_pending,
        fp_b1=fp_b1,
    )


@pytest.fixture
def english(as_role):
    """A client signed in as a role, reading the pages in English."""

    def sign_in(role):
        client = as_role(role)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


@pytest.fixture
def as_role(client, world):
    """A client signed in as one of ROLES."""

    def sign_in(role):
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        return client

    return sign_in


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def world_with_programme(world, settings, tmp_path):
    """The world, plus a programme of A1 under objective 7 with one attachment."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews.models import Programme

    settings.MEDIA_ROOT = tmp_path
    programme = Programme.objects.create(request=world.request_a1, name="Programa de retorno")
    programme.objectives.add(world.input_a1.objective)
    world.programme_a1 = programme
    world.attachment_a1 = services.attachment_add(
        programme=programme,
        upload=SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
        user=world.users["focal_a1"],
    )
    return world
