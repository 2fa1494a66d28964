"""E-mails that follow the work, each in its recipient's language: the coordinators'
digest of submissions (at most one an hour per review), the focal points told of
accepted and returned inputs, invitations and reminders; and the language stored
when a person signs in or switches language.

The clock is moved as the database sees it: ``hours_pass`` sets every time the
digest reads (the last digest, the next one due, the submissions) back by so many
hours. The tasks run at once (``ImmediateBackend``, which cannot defer one), so a
digest due later is sent by ``manage.py send_due_digests``.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reviews import services
from reviews.models import FocalPoint, Input, NationalReview, Profile, Transition
from reviews.services import notifications
from tests.factories import (
    FocalPointFactory,
    InstitutionFactory,
    InstitutionRequestFactory,
    NationalCoordinatorFactory,
    NationalReviewFactory,
    UserFactory,
    answer_every_question,
    objective,
)

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def review():
    """Guatemala's review, with one coordinator who reads Spanish (the default)."""
    return NationalReviewFactory(coordinator=UserFactory(username="coordinator"))


def asked(review, name, *numbers, focal_points=("es",)):
    """An institution asked about these objectives, with a focal point per language given."""
    institution = InstitutionFactory(country=review.country, name=name)
    request = InstitutionRequestFactory(
        review=review, institution=institution, objectives=[objective(n) for n in numbers]
    )
    users = []
    for language in focal_points:
        user = FocalPointFactory(institution=institution).user
        Profile.objects.create(user=user, language=language)
        users.append(user)
    inputs = {i.objective.number: i for i in request.inputs.exclude(objective=None)}
    return SimpleNamespace(institution=institution, users=users, inputs=inputs)


def submit(institution, number, capture):
    """The focal point answers every question of an objective and submits it."""
    input = institution.inputs[number]
    answer_every_question(input, institution.users[0])
    with capture(execute=True):
        services.input_submit(input=input, user=institution.users[0])
    return input


def hours_pass(review, hours):
    """Move the clock on by setting back every time the digest reads."""
    delta = datetime.timedelta(hours=hours)
    NationalReview.objects.filter(pk=review.pk).update(
        digest_sent_at=F("digest_sent_at") - delta, digest_due_at=F("digest_due_at") - delta
    )
    Transition.objects.filter(input__request__review=review).update(at=F("at") - delta)


def fresh(review):
    return NationalReview.objects.get(pk=review.pk)


# The coordinators' digest


def test_the_first_submission_goes_at_once_the_next_ones_an_hour_later_together(
    review, django_capture_on_commit_callbacks
):
    a = asked(review, "Ministerio de Trabajo", 1, 2, 3)
    first = submit(a, 1, django_capture_on_commit_callbacks)
    # Nothing was sent in the last hour: the coordinator hears of it at once.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["coordinator@example.org"]
    sent_at = fresh(review).digest_sent_at
    assert sent_at is not None and fresh(review).digest_due_at is None

    submit(a, 2, django_capture_on_commit_callbacks)
    submit(a, 3, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # within the hour: one digest due, an hour after the first
    assert fresh(review).digest_due_at == sent_at + HOUR

    assert notifications.digests_send_due(now=sent_at + HOUR - datetime.timedelta(seconds=1)) == 0
    assert notifications.digests_send_due(now=sent_at + HOUR) == 1
    assert len(mail.outbox) == 2
    second = mail.outbox[1].body
    assert "Objetivo 2" in second and "Objetivo 3" in second
    assert "Objetivo 1" not in second  # already told
    assert "Ministerio de Trabajo" in second
    assert f"https://testserver{first.get_absolute_url()}" in mail.outbox[0].body
    assert fresh(review).digest_sent_at == sent_at + HOUR


def test_a_submission_on_its_page_reaches_the_coordinator(
    review, client, django_capture_on_commit_callbacks
):
    a = asked(review, "Ministerio de Trabajo", 1)
    input = a.inputs[1]
    answer_every_question(input, a.users[0])
    client.force_login(a.users[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:input_submit", args=[input.pk]), {"confirm": "1"})
    assert response.status_code == 302
    assert Input.objects.get(pk=input.pk).status == Input.Status.SUBMITTED
    assert [message.to for message in mail.outbox] == [["coordinator@example.org"]]


def test_three_submissions_within_the_hour_make_one_digest_listing_the_three(
    review, django_capture_on_commit_callbacks
):
    a = asked(review, "Ministerio de Trabajo", 1, 2)
    b = asked(review, "Instituto de Migración", 5)
    NationalReview.objects.filter(pk=review.pk).update(
        digest_sent_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    inputs = [
        submit(a, 1, django_capture_on_commit_callbacks),
        submit(b, 5, django_capture_on_commit_callbacks),
        submit(a, 2, django_capture_on_commit_callbacks),
    ]
    assert mail.outbox == []  # a digest went half an hour ago

    hours_pass(review, 1)
    call_command("send_due_digests", stdout=None)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    for input in inputs:
        assert f"https://testserver{input.get_absolute_url()}" in body
    # Grouped by institution, in the order of their names.
    assert body.index("Instituto de Migración") < body.index("Ministerio de Trabajo")
    assert body.count("Ministerio de Trabajo") == 1
    assert mail.outbox[0].subject.startswith("3 ")

    # Run again (by cron, or beside the worker's task): nothing is sent twice.
    call_command("send_due_digests", stdout=None)
    assert notifications.digest_send(review_id=review.pk) == 0
    assert len(mail.outbox) == 1


def test_a_submission_after_the_hour_gets_a_digest_of_its_own(
    review, django_capture_on_commit_callbacks
):
    a = asked(review, "Ministerio de Trabajo", 1, 2)
    submit(a, 1, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1

    hours_pass(review, 2)
    later = submit(a, 2, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2  # the last digest went two hours ago: this one at once
    body = mail.outbox[1].body
    assert later.get_absolute_url() in body
    assert a.inputs[1].get_absolute_url() not in body


def test_a_form_sent_with_nothing_to_report_is_in_the_digest_as_such(
    review, django_capture_on_commit_callbacks
):
    english = review.coordinators.get().user
    Profile.objects.create(user=english, language="en")
    a = asked(review, "Ministerio de Trabajo", 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.input_nothing_to_report(
            input=a.inputs[1], user=a.users[0], reason="No tenemos programas de datos."
        )
    assert len(mail.outbox) == 1
    assert "Objective 1: Data (nothing to report)" in mail.outbox[0].body


def test_a_digest_with_nothing_left_to_tell_is_not_sent(review, django_capture_on_commit_callbacks):
    a = asked(review, "Ministerio de Trabajo", 1, 2)
    submit(a, 1, django_capture_on_commit_callbacks)
    submit(a, 2, django_capture_on_commit_callbacks)
    services.input_withdraw(input=a.inputs[2], user=a.users[0])  # taken back before the hour
    hours_pass(review, 1)

    assert notifications.digests_send_due() == 0
    assert len(mail.outbox) == 1
    assert fresh(review).digest_due_at is None


def test_a_queue_that_can_defer_gets_the_digest_task_for_when_it_is_due(
    review, settings, django_capture_on_commit_callbacks
):
    a = asked(review, "Ministerio de Trabajo", 1, 2, 3)
    submit(a, 1, django_capture_on_commit_callbacks)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    submit(a, 2, django_capture_on_commit_callbacks)
    submit(a, 3, django_capture_on_commit_callbacks)

    queued = DBTaskResult.objects.get()  # one digest pending: one task
    assert queued.task_path == "reviews.tasks.send_digest_task"
    assert queued.args_kwargs["args"] == [review.pk]
    assert queued.run_after == fresh(review).digest_due_at == fresh(review).digest_sent_at + HOUR


def test_each_coordinator_gets_the_digest_in_their_language(
    review, django_capture_on_commit_callbacks
):
    english = NationalCoordinatorFactory(review=review, user=UserFactory(username="english")).user
    Profile.objects.create(user=english, language="en")
    a = asked(review, "Ministerio de Trabajo", 1)
    submit(a, 1, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2  # one e-mail per coordinator
    by_recipient = {message.to[0]: message for message in mail.outbox}
    spanish_body = by_recipient["coordinator@example.org"].body
    english_body = by_recipient["english@example.org"].body
    assert "Objetivo 1: Datos" in spanish_body and "Objective 1" not in spanish_body
    assert "Objective 1: Data" in english_body and "Objetivo 1" not in english_body
    assert "1 input submitted" in by_recipient["english@example.org"].subject


# The focal points told of the coordinator's decision


def test_accepting_a_batch_tells_each_institution_once(review):
    a = asked(review, "Ministerio de Trabajo", 1, 2, 3, focal_points=("es", "es"))
    b = asked(review, "Instituto de Migración", 4, 5)
    batch = [*a.inputs.values(), *b.inputs.values()]
    Input.objects.filter(pk__in=[i.pk for i in batch]).update(status=Input.Status.ACCEPTED)

    notifications.inputs_accepted(inputs=batch)

    assert len(mail.outbox) == 2
    to_a, to_b = sorted(mail.outbox, key=lambda message: len(message.to), reverse=True)
    assert sorted(to_a.to) == sorted(user.email for user in a.users)
    assert to_b.to == [b.users[0].email]
    for number in (1, 2, 3):
        assert f"Objetivo {number}:" in to_a.body
    assert "Objetivo 4:" not in to_a.body
    assert "Objetivo 4:" in to_b.body and "Objetivo 5:" in to_b.body


def test_the_queries_of_a_batch_do_not_grow_with_the_institutions(review):
    institutions = [
        asked(review, f"Institución {n}", 1, 2, focal_points=("es", "en")) for n in range(4)
    ]

    def queries(asked_institutions):
        batch = [i for institution in asked_institutions for i in institution.inputs.values()]
        with CaptureQueriesContext(connection) as run:
            notifications.inputs_accepted(inputs=batch)
        return len(run.captured_queries)

    assert queries(institutions[:2]) == queries(institutions)
    assert len(mail.outbox) == 2 * 2 + 4 * 2  # one per institution and language


def test_an_input_accepted_on_its_page_tells_its_focal_points(
    review, client, django_capture_on_commit_callbacks
):
    a = asked(review, "Ministerio de Trabajo", 1, focal_points=("en",))
    input = submit(a, 1, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    client.force_login(review.coordinators.get().user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:input_review", args=[input.pk]), {"decision": "accept"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [a.users[0].email]
    assert "accepted" in mail.outbox[0].subject
    assert "Objective 1: Data" in mail.outbox[0].body  # the focal point reads English


def test_an_input_returned_tells_its_focal_points_with_the_comments(
    review, client, django_capture_on_commit_callbacks
):
    a = asked(review, "Ministerio de Trabajo", 1)
    input = submit(a, 1, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    question = input.answers.order_by("pk").first().question
    client.force_login(review.coordinators.get().user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reviews:input_review", args=[input.pk]),
            {
                "decision": "return",
                "comment": "Añadan las cifras de 2019.",
                f"comment-question-{question.pk}": "Citen la ley.",
            },
        )

    assert Input.objects.get(pk=input.pk).status == Input.Status.RETURNED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [a.users[0].email]
    assert "Añadan las cifras de 2019." in message.body
    assert "Citen la ley." in message.body
    assert f"https://testserver{input.get_absolute_url()}" in message.body


def test_a_refused_return_tells_nobody(review, client, django_capture_on_commit_callbacks):
    a = asked(review, "Ministerio de Trabajo", 1)
    input = submit(a, 1, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    client.force_login(review.coordinators.get().user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:input_review", args=[input.pk]), {"decision": "return"})
    assert Input.objects.get(pk=input.pk).status == Input.Status.SUBMITTED
    assert mail.outbox == []


# The language each person reads


def test_signing_in_stores_the_language_the_person_uses(client):
    user = UserFactory(username="eva")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("login"), {"username": "eva", "password": "pw"})
    assert Profile.objects.get(user=user).language == "en"

    client.logout()  # and forgets the language cookie
    client.post(reverse("login"), {"username": "eva", "password": "pw"})
    assert Profile.objects.get(user=user).language == "es"  # the portal's language


def test_switching_language_stores_a_signed_in_persons_choice(client):
    user = UserFactory(username="eva")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert Profile.objects.get(user=user).language == "en"

    # A language the portal is not written in changes nothing.
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    client.get(reverse("set_language"), {"language": "es"})
    assert Profile.objects.get(user=user).language == "en"


def test_switching_language_signed_out_stores_nothing(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert not Profile.objects.exists()


def test_language_of_a_person_the_portal_has_not_heard_from_is_its_own():
    assert notifications.language_of(UserFactory()) == settings.LANGUAGE_CODE
    refused = UserFactory()
    with pytest.raises(ValidationError):
        notifications.language_remember(user=refused, language="xx")
    assert not Profile.objects.filter(user=refused).exists()


# Invitations and reminders


def test_an_invitation_is_in_the_inviting_coordinators_language(
    review, client, django_capture_on_commit_callbacks
):
    institution = InstitutionFactory(country=review.country)
    InstitutionRequestFactory(review=review, institution=institution)
    client.force_login(review.coordinators.get().user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reviews:focal_point_invite", args=[review.pk, institution.pk]),
            {"first_name": "Eva", "last_name": "Ruiz", "email": "eva@example.org", "kind": "main"},
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Invitation to the GCM Review Portal"
    assert "Dear Eva Ruiz" in mail.outbox[0].body
    invitee = FocalPoint.objects.get(user__email="eva@example.org").user
    assert Profile.objects.get(user=invitee).language == "en"  # a start, until they sign in


def test_an_invitation_is_in_the_invitees_own_language(
    review, client, django_capture_on_commit_callbacks
):
    institution = InstitutionFactory(country=review.country)
    InstitutionRequestFactory(review=review, institution=institution)
    known = UserFactory(username="known")
    Profile.objects.create(user=known, language="en")
    client.force_login(review.coordinators.get().user)  # working in Spanish
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reviews:focal_point_invite", args=[review.pk, institution.pk]),
            {"first_name": "K", "last_name": "N", "email": known.email, "kind": "main"},
        )
    assert mail.outbox[0].subject == "Invitation to the GCM Review Portal"
    assert Profile.objects.get(user=known).language == "en"


def test_a_reminder_goes_to_each_language_of_the_focal_points(
    review, django_capture_on_commit_callbacks
):
    a = asked(review, "Ministerio de Trabajo", 1, focal_points=("es", "en", "es"))
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(review=review, user=review.coordinators.get().user)

    assert len(mail.outbox) == 2  # one per language, each to its readers
    by_subject = {message.subject.split(":")[0]: message for message in mail.outbox}
    assert sorted(by_subject["Recordatorio"].to) == sorted([a.users[0].email, a.users[2].email])
    assert by_subject["Reminder"].to == [a.users[1].email]
    assert "https://testserver/accounts/login/" in by_subject["Reminder"].body
