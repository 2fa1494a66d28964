"""The audit log records sign-ins, role changes, submissions, returns, reports and exports."""

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, FocalPoint

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def actions():
    return [(e.action, e.username) for e in AuditEvent.objects.order_by("pk")]


def test_sign_ins_and_refusals_are_recorded(world, client):
    AuditEvent.objects.all().delete()
    client.post(reverse("login"), {"username": "coord_a", "password": "wrong"})
    client.post(reverse("login"), {"username": "coord_a", "password": "pw"})
    assert actions() == [(Action.SIGN_IN_FAILED, "coord_a"), (Action.SIGN_IN, "coord_a")]


def test_roles_given_and_removed_are_recorded(world):
    AuditEvent.objects.all().delete()
    role = FocalPoint.objects.create(institution=world.a2, user=world.users["focal_a1"])
    role.delete()
    assert actions() == [(Action.ROLE_GIVEN, "focal_a1"), (Action.ROLE_REMOVED, "focal_a1")]


def test_submission_return_report_and_export_are_recorded(
    world, as_role, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    AuditEvent.objects.all().delete()
    for answer in world.answers_a1:
        services.answer_save(
            answer_id=answer.pk, user=world.users["focal_a1"], text="Sí.",
            not_applicable=False, reason="", base_version=0,
        )  # fmt: skip
    services.input_submit(input=world.input_a1, user=world.users["focal_a1"])
    services.input_return(
        input=world.input_a1, user=world.users["coord_a"], comments=[({}, "Falta detalle.")]
    )
    client = as_role("coord_a")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reviews:report_home", args=[world.review_a.pk]),
            {"layout": "imrf", "language": "es"},
        )
    client.get(reverse("reviews:export", args=[world.review_a.pk, "xlsx"]))
    recorded = [e.action for e in AuditEvent.objects.order_by("pk") if e.action != Action.SIGN_IN]
    assert recorded == [
        Action.INPUT_SUBMITTED,
        Action.INPUT_RETURNED,
        Action.REPORT_REQUESTED,
        Action.EXPORTED,
    ]
    returned = AuditEvent.objects.get(action=Action.INPUT_RETURNED)
    assert (returned.username, returned.detail) == ("coord_a", "Falta detalle.")


def test_only_administrators_read_the_audit_log(world, as_role):
    url = reverse("admin:reviews_auditevent_changelist")
    assert as_role("admin").get(url).status_code == 200
    assert as_role("coord_a").get(url).status_code == 302  # to the admin's sign-in
    event = AuditEvent.objects.first()
    change = reverse("admin:reviews_auditevent_change", args=[event.pk])
    assert as_role("admin").post(change, {"action": "exported"}).status_code == 403


def test_repeated_wrong_passwords_lock_the_account_and_are_logged(world, client, settings):
    AuditEvent.objects.all().delete()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "coord_a", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "coord_a", "password": "pw"})
    assert "Demasiados intentos" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    refused = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED, username="coord_a")
    assert refused.count() >= settings.AXES_FAILURE_LIMIT
