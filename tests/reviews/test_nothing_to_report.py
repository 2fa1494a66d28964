"""“Nothing to report”: a focal point sends a form empty, saying why, through the same
workflow as a submission; withdrawing or returning it makes it an ordinary form
again; the coordinator reads the reason beside the institution wherever the form is
shown. Every refusal leaves the database as it was."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from reviews import services
from reviews.models import (
    AuditEvent,
    Input,
    InstitutionRequest,
    NationalReview,
    Programme,
    Transition,
)
from tests.factories import (
    NationalReviewFactory,
    ReviewCycleFactory,
    UserFactory,
    answer_every_question,
    objective,
)
from tests.reviews.test_answered import ask as asked

pytestmark = pytest.mark.django_db

REASON = "La institución no ejecuta acciones sobre este objetivo en el período."


def ask(review, name, numbers):
    """An institution asked about these objectives, with a focal point; its forms
    on the objectives by number."""
    made = asked(review, name, numbers)
    made.inputs = {i.objective.number: i for i in made.request.inputs.exclude(objective=None)}
    return made


@pytest.fixture
def world():
    review = NationalReviewFactory(coordinator=UserFactory(username="coordinator"))
    labour = ask(review, "Ministerio de Trabajo", [1, 2, 3])
    other = ask(review, "Ministerio de Salud", [3])
    return SimpleNamespace(
        review=review,
        coordinator=review.coordinators.get().user,
        labour=labour,
        other=other,
        input=labour.inputs[3],
    )


def in_english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def say_nothing(client, input, reason=REASON):
    return client.post(
        reverse("reviews:input_nothing_to_report", args=[input.pk]), {"reason": reason}
    )


def stored(input):
    """Everything sending a form changes: its row, its history, the audit log, the
    request's first response."""
    return (
        Input.objects.filter(pk=input.pk)
        .values("status", "nothing_to_report", "nothing_to_report_reason", "updated_at")
        .get(),
        list(Transition.objects.filter(input=input).values_list("to_status", "note")),
        AuditEvent.objects.count(),
        InstitutionRequest.objects.get(pk=input.request_id).responded_at,
    )


def test_nothing_to_report_sends_the_form_with_its_reason(
    world, client, django_capture_on_commit_callbacks
):
    in_english(client, world.labour.focal)
    with django_capture_on_commit_callbacks(execute=True):
        response = say_nothing(client, world.input, f"  {REASON}\n")

    assert response.status_code == 302 and response.url == world.input.get_absolute_url()
    input = Input.objects.get(pk=world.input.pk)
    assert (input.status, input.nothing_to_report) == (Input.Status.SUBMITTED, True)
    assert input.nothing_to_report_reason == REASON
    # The same workflow as a submission: not started → draft → submitted, the reason
    # as the note, the audit log, the first response, the coordinators' e-mail.
    assert list(Transition.objects.filter(input=input).values_list("to_status", "note")) == [
        (Input.Status.DRAFT, ""),
        (Input.Status.SUBMITTED, REASON),
    ]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INPUT_SUBMITTED).count() == 1
    assert InstitutionRequest.objects.get(pk=input.request_id).responded_at is not None
    assert [message.to for message in mail.outbox] == [["coordinator@example.org"]]
    page = client.get(response.url).content.decode()
    assert "Sent with nothing to report." in page
    assert f"<strong>Nothing to report:</strong> {REASON}" in page
    assert 'id="nothing-reason"' not in page  # sent: the form is gone


@pytest.mark.parametrize("reason", ["", "   \n\t "])
def test_without_a_reason_nothing_is_sent(world, client, reason):
    in_english(client, world.labour.focal)
    before = stored(world.input)
    page = say_nothing(client, world.input, reason)
    assert stored(world.input) == before
    shown = client.get(page.url).content.decode()
    assert "Say why your institution has nothing to report here." in shown


def test_a_reason_over_the_limit_is_refused(world, client):
    in_english(client, world.labour.focal)
    before = stored(world.input)
    say_nothing(client, world.input, "x" * 5001)
    assert stored(world.input) == before


@pytest.mark.parametrize("written", ["text", "not_applicable"])
def test_a_form_with_written_answers_is_refused(world, client, written):
    answer = world.input.answers.order_by("pk").first()
    services.answer_save(
        answer_id=answer.pk,
        user=world.labour.focal,
        text="Un programa de empleo." if written == "text" else "",
        not_applicable=written == "not_applicable",
        reason="No aplica." if written == "not_applicable" else "",
        base_version=answer.version,
    )
    in_english(client, world.labour.focal)
    before = stored(world.input)
    response = say_nothing(client, world.input)
    assert stored(world.input) == before
    shown = client.get(response.url).content.decode()
    assert "erase them or submit them" in shown


def test_a_programme_serving_the_objective_is_something_to_report(world, client):
    programme = Programme.objects.create(request=world.labour.request, name="Empleo temporal")
    programme.objectives.set([objective(3)])
    in_english(client, world.labour.focal)
    before = stored(world.input)
    response = say_nothing(client, world.input)
    assert stored(world.input) == before
    shown = client.get(response.url).content.decode()
    assert "Your programme “Empleo temporal” serves this form&#x27;s objectives" in shown
    # A programme of another objective does not stand in the way.
    programme.objectives.set([objective(1)])
    say_nothing(client, world.input)
    assert Input.objects.get(pk=world.input.pk).nothing_to_report


def test_on_a_submitted_review_nothing_changes(world, client):
    NationalReview.objects.filter(pk=world.review.pk).update(status=NationalReview.Status.SUBMITTED)
    in_english(client, world.labour.focal)
    before = stored(world.input)
    response = say_nothing(client, world.input)
    assert response.status_code == 302
    assert stored(world.input) == before


def test_a_form_already_sent_is_refused(world, client):
    say_nothing(in_english(client, world.labour.focal), world.input)
    before = stored(world.input)
    response = say_nothing(client, world.input, "Otra razón.")
    assert stored(world.input) == before
    assert "already sent" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("coordinator", 403), ("other_focal", 404), ("stranger", 404)]
)
def test_only_the_institutions_focal_points_may_say_it(world, client, who, status):
    user = {
        "coordinator": world.coordinator,
        "other_focal": world.other.focal,
        "stranger": UserFactory(),
    }[who]
    client.force_login(user)
    before = stored(world.input)
    assert say_nothing(client, world.input).status_code == status
    assert stored(world.input) == before


def test_a_get_is_not_allowed(world, client):
    client.force_login(world.labour.focal)
    url = reverse("reviews:input_nothing_to_report", args=[world.input.pk])
    assert client.get(url).status_code == 405


def test_withdrawing_makes_it_an_ordinary_draft_again(world, client):
    in_english(client, world.labour.focal)
    say_nothing(client, world.input)
    client.post(reverse("reviews:input_withdraw", args=[world.input.pk]))

    input = Input.objects.get(pk=world.input.pk)
    assert (input.status, input.nothing_to_report) == (Input.Status.DRAFT, False)
    page = client.get(input.get_absolute_url()).content.decode()
    assert "<strong>Nothing to report:</strong>" not in page
    # The focal point may now answer it and submit it as any form.
    answer_every_question(input, world.labour.focal)
    services.input_submit(input=input, user=world.labour.focal)
    assert not Input.objects.get(pk=input.pk).nothing_to_report


def test_the_coordinator_returning_it_clears_it(world, client):
    say_nothing(in_english(client, world.labour.focal), world.input)
    client.force_login(world.coordinator)
    client.post(
        reverse("reviews:input_review", args=[world.input.pk]),
        {"decision": "return", "comment": "Tienen el programa de empleo temporal."},
    )
    input = Input.objects.get(pk=world.input.pk)
    assert (input.status, input.nothing_to_report) == (Input.Status.RETURNED, False)


def test_the_coordinator_reads_the_reason_and_accepts_it_as_any_form(world, client):
    say_nothing(in_english(client, world.labour.focal), world.input)
    in_english(client, world.coordinator)
    note = f"<strong>Nothing to report:</strong> {REASON}"

    assert note in client.get(world.input.get_absolute_url()).content.decode()
    progress = client.get(reverse("reviews:progress", args=[world.review.pk]))
    assert note in progress.content.decode()
    [item] = progress.context["nothing_to_report"]
    assert (item["institution"], item["input"].pk) == (world.labour.institution, world.input.pk)
    assert item["unit"].startswith("Objective 3:")
    consolidation = client.get(reverse("reviews:consolidate", args=[world.review.pk, 3]))
    assert note in consolidation.content.decode()

    client.post(reverse("reviews:input_review", args=[world.input.pk]), {"decision": "accept"})
    input = Input.objects.get(pk=world.input.pk)
    assert (input.status, input.nothing_to_report) == (Input.Status.ACCEPTED, True)


def test_a_thematic_area_can_have_nothing_to_report(client):
    """Seed 000 asks questions a–d once per thematic area."""
    review = NationalReviewFactory(cycle=ReviewCycleFactory(questionnaire="group"))
    labour = ask(review, "Ministerio de Trabajo", [1])
    area = labour.request.inputs.exclude(group_number=None).order_by("group_number").first()
    in_english(client, labour.focal)

    say_nothing(client, area)

    area.refresh_from_db()
    assert (area.status, area.nothing_to_report) == (Input.Status.SUBMITTED, True)
    in_english(client, review.coordinators.get().user)
    page = client.get(reverse("reviews:consolidate_group", args=[review.pk, area.group_number]))
    assert f"<strong>Nothing to report:</strong> {REASON}" in page.content.decode()


def test_a_programme_of_the_areas_objectives_is_something_to_report(client):
    review = NationalReviewFactory(cycle=ReviewCycleFactory(questionnaire="group"))
    labour = ask(review, "Ministerio de Trabajo", [1])
    area = labour.request.inputs.exclude(group_number=None).order_by("group_number").first()
    programme = Programme.objects.create(request=labour.request, name="Registro civil")
    programme.objectives.set([objective(1)])
    in_english(client, labour.focal)
    before = stored(area)
    say_nothing(client, area)
    assert stored(area) == before


def test_the_check_page_of_an_empty_form_points_to_nothing_to_report(world, client):
    in_english(client, world.labour.focal)
    url = reverse("reviews:input_submit", args=[world.input.pk])
    link = f'href="{world.input.get_absolute_url()}#nothing-to-report"'
    assert link in client.get(url).content.decode()
    answer_every_question(world.input, world.labour.focal)
    assert link not in client.get(url).content.decode()


def test_nothing_to_report_does_not_cover_the_objective(world, client):
    """Sent with nothing to report, the form counts as answered but covers nothing:
    the objective stays a gap on the progress page and in the report."""
    from reviews import selectors

    response = say_nothing(in_english(client, world.labour.focal), world.input)
    assert response.status_code == 302
    assert Input.objects.get(pk=world.input.pk).nothing_to_report
    groups = selectors.cycle_groups(world.review.cycle)
    coverage = selectors.objective_coverage(world.review, groups)
    assert coverage[world.input.objective_id]["institutions"] == set()


def test_the_institutions_page_says_which_forms_were_sent_with_nothing_to_report(world, client):
    in_english(client, world.labour.focal)
    say_nothing(client, world.input)
    page = client.get(reverse("reviews:institution", args=[world.labour.institution.pk]))
    assert page.content.decode().count("sent with nothing to report") == 1
