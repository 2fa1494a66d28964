"""Handover: a coordinator replaces a focal point in one step; the new one inherits the
institution's work and is invited, the old one loses access at once, the timeline says so."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import selectors, services
from reviews.models import (
    AuditEvent,
    FocalPoint,
    Handover,
    Institution,
    InstitutionRequest,
    NationalReview,
    Profile,
)
from tests.factories import ReviewCycleFactory, UserFactory, answer_every_question
from tests.reviews import test_access

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built_world(module_db, django_db_blocker, tmp_path_factory):
    """The world of tests/reviews/test_access.py (whose ACCESS lists every URL), built
    once for the module, with a session of each role opened before any replacement."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with django_db_blocker.unblock():
            world = test_access.build_world()
            world.fp_a1 = FocalPoint.objects.get(institution=world.a1, user__username="focal_a1")
            world.a2 = Institution.objects.get(acronym="A2")
            world.guatemala = world.review_a.country
            world.answers_a1 = selectors.input_answers(input=world.input_a1)
            world.users["nobody"] = UserFactory(username="nobody")  # signed in, no role
            world.sessions = {
                role: test_access.signed_in(user) for role, user in world.users.items()
            }
        yield world


NEW = {"email": "Nueva.Persona@Example.org", "first_name": "Nueva", "last_name": "Persona"}


def replace_url(review, focal_point):
    return reverse("reviews:focal_point_replace", args=[review.pk, focal_point.pk])


def replace(client, review, focal_point, capture, data=NEW, **extra):
    with capture(execute=True):
        return client.post(replace_url(review, focal_point), data, **extra)


def state():
    """What a refused replacement must leave as it was."""
    return (
        sorted(FocalPoint.objects.values_list("pk", "institution_id", "user_id", "kind")),
        Handover.objects.count(),
        AuditEvent.objects.filter(action=AuditEvent.Action.FOCAL_POINT_REPLACED).count(),
        get_user_model().objects.count(),
    )


def test_a_coordinator_replaces_a_focal_point_in_one_step(
    world, as_role, django_capture_on_commit_callbacks
):
    old = world.users["focal_a1"]
    response = replace(
        as_role("coord_a"), world.review_a, world.fp_a1, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302 and response["Location"] == world.review_a.get_absolute_url()

    new = get_user_model().objects.get(email="nueva.persona@example.org")
    assert not new.has_usable_password()
    assert (new.username, new.first_name, new.last_name) == (new.email, "Nueva", "Persona")
    assert FocalPoint.objects.filter(institution=world.a1, user=new, kind="main").exists()
    assert not FocalPoint.objects.filter(pk=world.fp_a1.pk).exists()
    assert not FocalPoint.objects.filter(user=old).exists()
    handover = Handover.objects.get()
    assert (handover.institution, handover.review, handover.kind) == (
        world.a1,
        world.review_a,
        "main",
    )
    assert (handover.previous, handover.successor, handover.by) == (
        old,
        new,
        world.users["coord_a"],
    )
    assert (handover.previous_name, handover.successor_name) == (
        "focal_a1@example.org",
        "Nueva Persona",
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.FOCAL_POINT_REPLACED)
    assert (event.user, event.subject) == (world.users["coord_a"], str(world.a1))
    assert event.detail == "focal_a1@example.org → Nueva Persona"

    # Two e-mails after the commit: the new person's invitation with its link, and a
    # notice to the one replaced.
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["focal_a1@example.org", "nueva.persona@example.org"]
    assert re.search(r"http://testserver/accounts/invitation/\S+/", by_address[new.email].body)
    assert "Instituto A1" in by_address[old.email].body
    assert "Nueva Persona" in by_address[old.email].body
    assert FocalPoint.objects.get(user=new).invitations_sent == 1


def test_the_form_shows_who_is_replaced_and_what_the_new_one_takes_over(world, as_role):
    answer_every_question(world.input_a1, world.users["focal_a1"])
    response = as_role("coord_a").get(replace_url(world.review_a, world.fp_a1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "focal_a1@example.org" in page and "Instituto A1" in page
    (row,) = response.context["inherited"]
    assert (row.review, row.begun) == (world.review_a, 1)
    assert row.forms == world.request_a1.inputs.count()


def test_the_new_focal_point_inherits_the_drafts_comments_and_versions(
    world, as_role, django_capture_on_commit_callbacks
):
    focal = world.users["focal_a1"]
    answer_every_question(
        world.input_a1, focal, text=lambda a: f"Borrador {a.question.code} de A1."
    )
    services.input_submit(input=world.input_a1, user=focal)
    services.input_return(
        input=world.input_a1,
        user=world.users["coord_a"],
        comments=[({}, "Agreguen las cifras de 2025.")],
    )
    replace(as_role("coord_a"), world.review_a, world.fp_a1, django_capture_on_commit_callbacks)

    client = Client()
    client.force_login(get_user_model().objects.get(email="nueva.persona@example.org"))
    page = client.get(reverse("reviews:input", args=[world.input_a1.pk]))
    assert page.status_code == 200 and page.context["rights"].may_write
    text = page.content.decode()
    answer = world.answers_a1[0]
    assert f"Borrador {answer.question.code} de A1." in text
    assert "Agreguen las cifras de 2025." in text
    versions = client.get(reverse("reviews:answer_versions", args=[world.input_a1.pk, answer.pk]))
    assert versions.status_code == 200
    assert f"Borrador {answer.question.code} de A1." in versions.content.decode()
    home = client.get(reverse("reviews:institution", args=[world.a1.pk]))
    assert home.status_code == 200
    # And goes on writing where the other one stopped.
    saved = client.post(
        reverse("reviews:answer_save", args=[world.input_a1.pk, answer.pk]),
        {"text": "Cifras de 2025 agregadas.", "version": 1},
    )
    assert saved.status_code == 200


@pytest.mark.parametrize("status", ["collecting", "validating"])
def test_the_replaced_person_gets_404_at_once_on_every_page_of_the_institution(
    status, world, django_capture_on_commit_callbacks
):
    """Every URL where the focal point of A1 gets another answer than someone signed in
    without any role (found from tests/reviews/test_access.py's ACCESS, so that a URL
    added later is covered too) answers 404 to the replaced person, in a session
    opened before the replacement."""
    NationalReview.objects.filter(pk=world.review_a.pk).update(status=status)
    urls = {
        (name, method): test_access.url_of(world, name)
        for name, (_key, methods) in test_access.ACCESS.items()
        for method in methods
    }
    own = {
        key: url
        for key, url in urls.items()
        if test_access.answer(world, "focal_a1", key[1], url)
        != test_access.answer(world, "nobody", key[1], url)
    }
    names = {name for name, _method in own}
    assert {
        "reviews:institution",
        "reviews:input",
        "reviews:answer_save",
        "reviews:answer_versions",
        "reviews:input_submit",
        "reviews:programme_add",
        "reviews:programme_edit",
        "reviews:attachment",
        "reviews:request_pdf",
        "reviews:programme_import",
        "reviews:programme_template",
    } <= names
    if status == "validating":
        assert {"reviews:draft", "reviews:validation_respond"} <= names

    coordinator = Client()
    coordinator.force_login(world.users["coord_a"])
    replaced = replace(coordinator, world.review_a, world.fp_a1, django_capture_on_commit_callbacks)
    assert replaced.status_code == 302

    after = {
        f"{method.upper()} {name}": test_access.answer(world, "focal_a1", method, url)
        for (name, method), url in own.items()
    }
    # As for anyone without a role: 404 everywhere (the country's other pages, which
    # answered 403 to a colleague, too); home still opens, with nothing on it.
    assert after == {key: 200 if key == "GET reviews:home" else 404 for key in after}
    # Their home page no longer lists the institution.
    home = Client()
    home.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["focal_a1"]
    page = home.get(reverse("reviews:home"))
    assert page.status_code == 200
    assert page.context["institutions"] == []
    assert world.a1.get_absolute_url() not in page.content.decode()


def test_replacing_someone_who_never_accepted_leaves_their_account_without_a_role(
    world, as_role, django_capture_on_commit_callbacks
):
    pending = world.fp_pending.user
    # Only an alternate of A1 here (the world also makes them focal point in Mexico).
    FocalPoint.objects.filter(pk=world.fp_b1.pk).delete()
    response = replace(
        as_role("coord_a"), world.review_a, world.fp_pending, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert not pending.has_usable_password()
    assert not FocalPoint.objects.filter(user=pending).exists()
    new = FocalPoint.objects.get(institution=world.a1, user__email="nueva.persona@example.org")
    assert new.kind == FocalPoint.Kind.ALTERNATE
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["nueva.persona@example.org", pending.email]
    )


def test_the_person_replaced_keeps_their_other_roles(
    world, as_role, django_capture_on_commit_callbacks
):
    replace(
        as_role("coord_a"), world.review_a, world.fp_pending, django_capture_on_commit_callbacks
    )
    assert list(FocalPoint.objects.filter(user=world.fp_pending.user)) == [world.fp_b1]
    notice = next(m for m in mail.outbox if m.to == [world.fp_pending.user.email])
    assert "/accounts/login/" in notice.body  # told that their other roles go on


def test_someone_with_an_account_becomes_focal_point_and_signs_in_as_usual(
    world, as_role, django_capture_on_commit_callbacks
):
    colleague = world.users["focal_a2"]
    data = {"email": "FOCAL_A2@example.org", "first_name": "Otro", "last_name": "Nombre"}
    users = get_user_model().objects.count()
    replace(
        as_role("coord_a"), world.review_a, world.fp_a1, django_capture_on_commit_callbacks, data
    )
    assert get_user_model().objects.count() == users
    colleague.refresh_from_db()
    assert colleague.first_name == ""  # an existing account keeps its name
    assert set(FocalPoint.objects.filter(user=colleague).values_list("institution", flat=True)) == {
        world.a1.pk,
        world.a2.pk,
    }
    invitation = next(m for m in mail.outbox if m.to == ["focal_a2@example.org"])
    assert "/accounts/login/" in invitation.body and "/accounts/invitation/" not in invitation.body


def test_the_notice_is_written_in_the_language_of_the_person_replaced(
    world, as_role, django_capture_on_commit_callbacks
):
    Profile.objects.update_or_create(user=world.users["focal_a1"], defaults={"language": "en"})
    replace(as_role("coord_a"), world.review_a, world.fp_a1, django_capture_on_commit_callbacks)
    notice = next(m for m in mail.outbox if m.to == ["focal_a1@example.org"])
    assert notice.subject == "You no longer answer for Instituto A1 (A1)"
    assert "You no longer answer for Instituto A1 (A1) (Guatemala)" in notice.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**NEW, "email": "focal_a1@example.org"}, "is the focal point being replaced"),
        ({**NEW, "email": "Focal_A1@Example.org"}, "is the focal point being replaced"),
        ({**NEW, "email": "PERSON"}, "is already a focal point of this institution"),
        ({**NEW, "email": "not an address"}, "Enter a valid email address."),
        ({**NEW, "first_name": ""}, "This field is required."),
    ],
)
def test_a_refused_replacement_says_why_and_changes_nothing(
    data, message, world, as_role, django_capture_on_commit_callbacks
):
    if data["email"] == "PERSON":  # the alternate focal point of A1, invited
        data = {**data, "email": world.fp_pending.user.email}
    client = as_role("coord_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = state()
    response = replace(
        client, world.review_a, world.fp_a1, django_capture_on_commit_callbacks, data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state() == before and mail.outbox == []


def test_a_deactivated_account_is_refused_plainly(
    world, as_role, django_capture_on_commit_callbacks
):
    UserFactory(username="gone", email="nueva.persona@example.org", is_active=False)
    client = as_role("coord_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = state()
    response = replace(client, world.review_a, world.fp_a1, django_capture_on_commit_callbacks)
    assert "nueva.persona@example.org is deactivated" in response.content.decode()
    assert state() == before and mail.outbox == []


def test_a_username_taken_by_another_account_is_refused_plainly(
    world, as_role, django_capture_on_commit_callbacks
):
    get_user_model().objects.create_user("nueva.persona@example.org", "otra@example.org", "pw")
    client = as_role("coord_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = state()
    response = replace(client, world.review_a, world.fp_a1, django_capture_on_commit_callbacks)
    assert "already uses nueva.persona@example.org as its user name" in response.content.decode()
    assert state() == before and mail.outbox == []


def test_a_submitted_review_refuses_the_replacement(
    world, as_role, django_capture_on_commit_callbacks
):
    NationalReview.objects.filter(pk=world.review_a.pk).update(status="submitted")
    client = as_role("coord_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = state()
    response = replace(
        client, world.review_a, world.fp_a1, django_capture_on_commit_callbacks, follow=True
    )
    assert "This review was submitted" in response.content.decode()
    assert state() == before and mail.outbox == []
    assert client.get(replace_url(world.review_a, world.fp_a1)).status_code == 302


def test_the_service_refuses_a_submitted_review_and_a_stale_focal_point(world):
    call = {"focal_point": world.fp_a1, "user": world.users["coord_a"], "base_url": "/", **NEW}
    world.review_a.status = "submitted"
    with pytest.raises(ValidationError, match="was submitted"):
        services.focal_point_replace(review=world.review_a, **call)
    world.review_a.status = "collecting"
    FocalPoint.objects.filter(pk=world.fp_a1.pk).delete()
    before = state()
    with pytest.raises(ValidationError, match="already replaced"):
        services.focal_point_replace(review=world.review_a, **call)
    assert state() == before


def test_focal_points_of_institutions_not_asked_or_of_another_country_are_not_there(
    world, as_role, django_capture_on_commit_callbacks
):
    a3 = Institution.objects.create(country=world.guatemala, name="Registro A3", acronym="A3")
    not_asked = FocalPoint.objects.create(institution=a3, user=world.users["focal_a2"])
    client = as_role("coord_a")
    before = state()
    for focal_point in (not_asked, world.fp_b1):
        assert client.get(replace_url(world.review_a, focal_point)).status_code == 404
        response = replace(client, world.review_a, focal_point, django_capture_on_commit_callbacks)
        assert response.status_code == 404
    # An id that no longer exists (someone replaced it a moment ago): 404 too.
    gone = FocalPoint(pk=999999)
    assert client.get(replace_url(world.review_a, gone)).status_code == 404
    assert state() == before and mail.outbox == []


def test_the_timeline_and_the_review_page_show_the_handover(
    world, as_role, django_capture_on_commit_callbacks
):
    focal, coordinator = world.users["focal_a1"], world.users["coord_a"]
    answer_every_question(world.input_a1, focal)
    services.input_submit(input=world.input_a1, user=focal)
    coordinator.first_name, coordinator.last_name = "Carla", "Coordinadora"
    coordinator.save()
    client = as_role("coord_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    replace(client, world.review_a, world.fp_a1, django_capture_on_commit_callbacks)
    services.input_return(input=world.input_a1, user=coordinator, comments=[({}, "Más cifras.")])

    page = client.get(reverse("reviews:input", args=[world.input_a1.pk])).content.decode()
    history = page[page.index('id="timeline-heading"') :]
    items = re.findall(r"<li>(.*?)</li>", history, flags=re.S)
    assert len(items) == 4
    assert "Draft → Submitted" in items[1]
    assert re.search(
        r"focal_a1@example.org replaced by Nueva Persona \(by Carla Coordinadora\)", items[2]
    )
    assert "Submitted → Returned" in items[3]

    review_page = client.get(world.review_a.get_absolute_url()).content.decode()
    assert "focal_a1@example.org replaced by Nueva Persona" in review_page
    new = FocalPoint.objects.get(institution=world.a1, user__email="nueva.persona@example.org")
    assert replace_url(world.review_a, new) in review_page


def test_the_invitation_link_of_someone_replaced_stops_working(
    world, as_role, client, django_capture_on_commit_callbacks
):
    services.invitation_send(focal_point=world.fp_pending, base_url="http://testserver/")
    link = re.search(r"http://testserver(/accounts/invitation/\S+/)", mail.outbox[0].body)[1]
    replace(
        as_role("coord_a"), world.review_a, world.fp_pending, django_capture_on_commit_callbacks
    )
    client.logout()
    assert client.get(link, follow=True).context["validlink"] is False


def test_the_form_lists_the_institutions_work_in_every_review_still_open(world, as_role):
    later = NationalReview.objects.create(cycle=world.later_cycle, country=world.guatemala)
    services.institution_request_save(review=later, institution=world.a1, objectives=[])
    done = NationalReview.objects.create(
        cycle=ReviewCycleFactory(slug="earlier"), country=world.guatemala, status="submitted"
    )
    InstitutionRequest.objects.create(review=done, institution=world.a1)
    response = as_role("coord_a").get(replace_url(world.review_a, world.fp_a1))
    assert [r.review for r in response.context["inherited"]] == [world.review_a, later]


def test_the_review_page_runs_the_same_queries_however_many_handovers(
    world, as_role, django_capture_on_commit_callbacks
):
    client = as_role("coord_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = world.review_a.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(3):
        institution = Institution.objects.create(country=world.guatemala, name=f"Entidad {n}")
        services.institution_request_save(
            review=world.review_a, institution=institution, objectives=[]
        )
        focal_point = FocalPoint.objects.create(institution=institution, user=UserFactory())
        data = {**NEW, "email": f"persona{n}@example.org"}
        replace(client, world.review_a, focal_point, django_capture_on_commit_callbacks, data)
    with CaptureQueriesContext(connection) as then:
        page = client.get(url).content.decode()
    assert page.count(" replaced by Nueva Persona") == 3
    assert len(then) == len(first)
