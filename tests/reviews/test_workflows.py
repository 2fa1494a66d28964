"""The review workflows: questionnaires, starting a review, requests and invitations."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from reviews import services
from reviews.models import FocalPoint, InstitutionRequest, NationalReview, Question
from tests.reviews.conftest import make_cycle

pytestmark = pytest.mark.django_db


def test_default_questionnaire_asks_a_to_d_per_objective_then_6_to_10(world):
    questions = list(world.cycle.questions.all())
    assert [q.code for q in questions if q.section == "objectives"] == ["a", "b", "c", "d"]
    assert [q.code for q in questions if q.section == "cross_cutting"] == ["6", "7", "8", "9", "10"]
    assert {q.asked_per for q in questions if q.section == "objectives"} == {"objective"}
    assert questions[4].code == "6" and questions[4].answer_format == "principles"
    assert all(q.word_guidance == 500 for q in questions)
    assert questions[1].text_es.startswith("¿Qué estrategias, políticas, programas")


def test_questionnaire_can_be_asked_once_per_group(db):
    cycle = make_cycle("per-area")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.GROUP)
    assert set(
        cycle.questions.filter(section="objectives").values_list("asked_per", flat=True)
    ) == {"group"}


def test_a_new_cycle_copies_an_earlier_questionnaire(world):
    question = world.cycle.questions.get(code="7")
    question.text_en = "COVID-19 and migrants"
    question.save()
    services.questionnaire_copy(source=world.cycle, target=world.later_cycle)
    assert world.later_cycle.questions.count() == 9
    assert world.later_cycle.questions.get(code="7").text_en == "COVID-19 and migrants"
    assert world.cycle.questions.count() == 9
    with pytest.raises(ValidationError):
        services.questionnaire_copy(source=world.cycle, target=world.later_cycle)


def test_cycle_dates_are_checked(db):
    cycle = make_cycle("bad", deadline=datetime.date(2018, 1, 1))
    with pytest.raises(ValidationError, match="deadline"):
        cycle.full_clean()


def test_cycle_is_open_to_its_commission_or_to_all(world):
    assert world.cycle.is_open_to(world.guatemala)
    from objectives.models import Country

    assert not world.cycle.is_open_to(Country.objects.get(iso3="FRA"))
    world.cycle.regional_commission = None
    assert world.cycle.is_open_to(Country.objects.get(iso3="FRA"))


def test_starting_a_review_keeps_the_coordinating_institution(world):
    world.review_a.coordinating_institution = world.a2
    world.review_a.save()
    user = world.users["coord_a"]
    review = services.review_start(cycle=world.later_cycle, country=world.guatemala, user=user)
    assert review.coordinating_institution == world.a2
    assert review.coordinators.filter(user=user).exists()
    with translation.override("en"), pytest.raises(ValidationError, match="already has a review"):
        services.review_start(cycle=world.later_cycle, country=world.guatemala, user=user)


def test_review_cannot_start_in_a_closed_cycle(world):
    world.later_cycle.status = "closed"
    world.later_cycle.save()
    with translation.override("es"), pytest.raises(ValidationError, match="no está abierto"):
        services.review_start(
            cycle=world.later_cycle, country=world.guatemala, user=world.users["coord_a"]
        )


def test_coordinator_starts_a_review_through_the_page(world, as_role):
    client = as_role("coord_a")
    url = reverse("reviews:review_start", args=[world.later_cycle.pk, "GTM"])
    response = client.post(url)
    review = NationalReview.objects.get(cycle=world.later_cycle, country=world.guatemala)
    assert response["Location"] == review.get_absolute_url()


def test_request_defaults_to_all_23_objectives_and_records_sending(world, as_role):
    client = as_role("coord_a")
    url = reverse("reviews:request_edit", args=[world.review_a.pk, world.a1.pk])
    client.post(url, {"asked": "on", "objectives": [], "mark_sent": "on"})
    request = InstitutionRequest.objects.get(review=world.review_a, institution=world.a1)
    assert request.objectives.count() == 23
    assert request.sent_at is not None


def test_request_for_some_objectives_and_withdrawal(world, as_role):
    client = as_role("coord_a")
    url = reverse("reviews:request_edit", args=[world.review_a.pk, world.a2.pk])
    from objectives.models import Objective

    chosen = Objective.objects.filter(number__in=[4, 15]).values_list("pk", flat=True)
    client.post(url, {"asked": "on", "objectives": list(chosen)})
    request = InstitutionRequest.objects.get(review=world.review_a, institution=world.a2)
    assert sorted(request.objectives.values_list("number", flat=True)) == [4, 15]
    client.post(url, {})
    assert not InstitutionRequest.objects.filter(
        review=world.review_a, institution=world.a2
    ).exists()


def test_review_page_shows_asked_and_answered(world, as_role):
    response = as_role("coord_a").get(reverse("reviews:review", args=[world.review_a.pk]))
    assert response.context["asked"] == 2
    assert response.context["responded"] == 0


def test_institution_names_are_unique_per_country(world, as_role):
    client = as_role("coord_a")
    response = client.post(
        reverse("reviews:institution_add", args=[world.review_a.pk]),
        {"name": "  instituto   a1 ", "acronym": "X", "kind": "agency", "is_active": "on"},
    )
    assert response.status_code == 200
    assert (
        "already has an institution" in response.content.decode()
        or "ya tiene" in response.content.decode()
    )


def test_coordinating_institution_is_of_the_same_country(world, as_role):
    client = as_role("coord_a")
    response = client.post(
        reverse("reviews:review_edit", args=[world.review_a.pk]),
        {"coordinating_institution": world.b1.pk, "status": "collecting"},
    )
    assert response.status_code == 200
    world.review_a.refresh_from_db()
    assert world.review_a.coordinating_institution is None


def invitation_link(message):
    return re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)


def test_invitation_sets_a_password_once(
    world, as_role, client, django_capture_on_commit_callbacks
):
    coordinator = as_role("coord_a")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            reverse("reviews:focal_point_invite", args=[world.review_a.pk, world.a2.pk]),
            {
                "first_name": "Eva",
                "last_name": "Ruiz",
                "email": "Eva.Ruiz@Example.org",
                "kind": "main",
            },
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eva.ruiz@example.org"]
    # In the inviting coordinator's language (Spanish here), not in both.
    assert "Invitación" in message.subject and "Invitation " not in message.subject
    link = invitation_link(message)
    focal_point = FocalPoint.objects.get(user__email="eva.ruiz@example.org")
    assert focal_point.institution == world.a2 and focal_point.invitations_sent == 1
    assert not focal_point.user.has_usable_password()

    client.logout()
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)  # Django moves the token into the session
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Migración-2026!", "new_password2": "Migración-2026!"}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="eva.ruiz@example.org")
    assert user.check_password("Migración-2026!")

    again = client.get(path, follow=True)
    assert again.context["validlink"] is False


def test_invitation_link_expires(
    world, as_role, client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_role("coord_a").post(
            reverse("reviews:focal_point_invite", args=[world.review_a.pk, world.a2.pk]),
            {"first_name": "Eva", "last_name": "Ruiz", "email": "eva@example.org", "kind": "main"},
        )
    settings.PASSWORD_RESET_TIMEOUT = -1
    client.logout()
    path = invitation_link(mail.outbox[0]).split("testserver", 1)[1]
    assert client.get(path, follow=True).context["validlink"] is False


def test_inviting_twice_is_refused_and_resending_works(world, as_role):
    client = as_role("coord_a")
    url = reverse("reviews:focal_point_invite", args=[world.review_a.pk, world.a1.pk])
    data = {"first_name": "P", "last_name": "Q", "email": "pending@example.org", "kind": "main"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert len(mail.outbox) == 0
    client.post(
        reverse("reviews:focal_point_resend", args=[world.review_a.pk, world.fp_pending.pk])
    )
    assert len(mail.outbox) == 1
    world.fp_pending.refresh_from_db()
    assert world.fp_pending.invitations_sent == 1


def test_an_existing_user_is_told_of_the_new_role_without_a_link(
    world, as_role, django_capture_on_commit_callbacks
):
    client = as_role("coord_a")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reviews:focal_point_invite", args=[world.review_a.pk, world.a2.pk]),
            {
                "first_name": "F",
                "last_name": "A",
                "email": "focal_a1@example.org",
                "kind": "alternate",
            },
        )
    assert "/accounts/invitation/" not in mail.outbox[0].body
    assert "/accounts/login/" in mail.outbox[0].body


def test_sign_in_is_throttled(world, client):
    for _attempt in range(5):
        client.post(reverse("login"), {"username": "coord_a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "coord_a", "password": "pw"})
    assert response.status_code == 429
    assert (
        "Too many attempts" in response.content.decode()
        or "Demasiados" in response.content.decode()
    )


def test_sign_in_takes_a_focal_point_to_their_institution(world, client):
    response = client.post(
        reverse("login"), {"username": "focal_a1", "password": "pw"}, follow=True
    )
    assert response.redirect_chain[-1][0] == world.a1.get_absolute_url()
    assert "Instituto A1" in response.content.decode()


def test_counts_are_stated_as_figures_with_no_plural_to_get_wrong(world, as_role):
    """Found by walking the portal: "1 la han enviado", "Ninguna todavía" (reminders)."""
    # Every form A1 was asked for sent: it has answered (selectors.requests_answered).
    world.request_a1.inputs.update(status="submitted")
    client = as_role("coord_a")
    page = client.get(reverse("reviews:review", args=[world.review_a.pk])).content.decode()
    assert "Instituciones consultadas: 2. Han enviado su información: 1." in page
    world.review_a.report_jobs.all().delete()
    reports = client.get(reverse("reviews:report_home", args=[world.review_a.pk])).content.decode()
    assert "Aún no se ha pedido ningún informe." in reports
