"""Work in bulk: accepting many inputs at once, asking many institutions at once,
and the setup messages that say what happened (issue 15)."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from objectives.models import Objective
from reviews import services
from reviews.models import (
    AuditEvent,
    Comment,
    FocalPoint,
    Input,
    Institution,
    InstitutionRequest,
    NationalReview,
    Transition,
)

pytestmark = pytest.mark.django_db


def submit(inputs, user) -> None:
    """The inputs as their institutions left them: submitted (the workflow's rows)."""
    for input in inputs:
        Transition.objects.create(
            input=input, from_status=input.status, to_status=Input.Status.SUBMITTED, user=user
        )
    Input.objects.filter(pk__in=[i.pk for i in inputs]).update(status=Input.Status.SUBMITTED)


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def numbers(*wanted) -> list[int]:
    return list(Objective.objects.filter(number__in=wanted).values_list("pk", flat=True))


@pytest.fixture
def ten_institutions(world):
    """Ten more institutions of Guatemala, each asked about objectives 1–3 and with
    one focal point: 30 inputs submitted."""
    institutions = []
    for n in range(10):
        institution = Institution.objects.create(
            country=world.guatemala, name=f"Institución {n:02}", acronym=f"IN{n}"
        )
        person = world.users["focal_a1"].__class__.objects.create_user(
            f"fp{n}", f"fp{n}@example.org", "pw"
        )
        FocalPoint.objects.create(institution=institution, user=person)
        services.institution_request_save(
            review=world.review_a, institution=institution, objectives=numbers(1, 2, 3)
        )
        institutions.append(institution)
    inputs = list(
        Input.objects.filter(request__institution__in=institutions, objective__isnull=False)
    )
    assert len(inputs) == 30
    submit(inputs, world.users["focal_a1"])
    return inputs


# Accepting in bulk


def test_thirty_inputs_accepted_in_one_post(
    world,
    english,
    ten_institutions,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    client = english("coord_a")
    url = reverse("reviews:inputs_accept", args=[world.review_a.pk])
    page = client.get(url)
    assert len(page.context["inputs"]) == 30
    # (16: the review read again once its forms are locked, submitted meanwhile?)
    with django_assert_max_num_queries(16), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"inputs": [i.pk for i in ten_institutions]})
    assert response.status_code == 302
    assert said(response) == ["30 inputs accepted."]
    ids = [i.pk for i in ten_institutions]
    assert set(Input.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"accepted"}
    accepting = Transition.objects.filter(input__in=ids, to_status="accepted")
    assert accepting.count() == 30
    assert set(accepting.values_list("from_status", "user")) == {
        ("submitted", world.users["coord_a"].pk)
    }
    assert AuditEvent.objects.filter(action="input_accepted").count() == 30
    # Told once for the batch: one e-mail per institution, to its focal point.
    assert len(mail.outbox) == 10
    assert sorted(m.to[0] for m in mail.outbox) == [f"fp{n}@example.org" for n in range(10)]
    assert "3" in mail.outbox[0].subject


def test_a_bulk_accept_that_waited_for_the_review_s_submission_accepts_nothing(
    world, ten_institutions
):
    """Its review was read open; the coordinator submitted it while the accept waited
    for the forms' locks (review_submit locks them first): the forms stay as sent."""
    from django.core.exceptions import ValidationError

    read_open = NationalReview.objects.get(pk=world.review_a.pk)
    services.review_submit(review=world.review_a, user=world.users["coord_a"])
    with pytest.raises(ValidationError, match="submitted"):
        services.inputs_accept(
            review=read_open, inputs=ten_institutions, user=world.users["coord_a"]
        )
    ids = [i.pk for i in ten_institutions]
    assert set(Input.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"submitted"}


def test_ids_of_another_review_are_ignored(world, english, django_capture_on_commit_callbacks):
    services.institution_request_save(
        review=world.review_b, institution=world.b1, objectives=numbers(5)
    )
    theirs = Input.objects.get(request__review=world.review_b, objective__number=5)
    submit([theirs], world.users["coord_b"])
    url = reverse("reviews:inputs_accept", args=[world.review_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = english("coord_a").post(url, {"inputs": [theirs.pk, "x", ""]})
    assert said(response) == ["None of the inputs ticked is of this review."]
    theirs.refresh_from_db()
    assert theirs.status == "submitted"
    assert not Transition.objects.filter(to_status="accepted").exists()
    assert mail.outbox == []


def test_inputs_no_longer_submitted_are_reported(world, english):
    waiting, withdrawn, draft = Input.objects.filter(
        request=world.request_a1, objective__number__in=[1, 2, 3]
    ).order_by("objective__number")
    submit([waiting, withdrawn], world.users["focal_a1"])
    services.input_withdraw(input=withdrawn, user=world.users["focal_a1"])
    url = reverse("reviews:inputs_accept", args=[world.review_a.pk])
    response = english("coord_a").post(url, {"inputs": [waiting.pk, withdrawn.pk, draft.pk]})
    messages = said(response)
    assert messages[0] == "1 input accepted."
    assert messages[1].startswith("2 were no longer waiting: Instituto A1 (A1) · 2.")
    assert [
        i.status
        for i in Input.objects.filter(pk__in=[waiting.pk, withdrawn.pk, draft.pk]).order_by(
            "objective__number"
        )
    ] == ["accepted", "draft", "not_started"]


def test_nothing_ticked_is_said(world, english):
    url = reverse("reviews:inputs_accept", args=[world.review_a.pk])
    response = english("coord_a").post(url, {})
    assert said(response) == ["Tick at least one input to accept."]


def test_a_submitted_review_accepts_nothing(world, english):
    inputs = list(Input.objects.filter(request=world.request_a1, objective__number__in=[1, 2]))
    submit(inputs, world.users["focal_a1"])
    NationalReview.objects.filter(pk=world.review_a.pk).update(status="submitted")
    url = reverse("reviews:inputs_accept", args=[world.review_a.pk])
    response = english("coord_a").post(url, {"inputs": [i.pk for i in inputs]})
    assert response.status_code == 302
    assert set(
        Input.objects.filter(pk__in=[i.pk for i in inputs]).values_list("status", flat=True)
    ) == {"submitted"}
    assert not Transition.objects.filter(to_status="accepted").exists()
    assert not AuditEvent.objects.filter(action="input_accepted").exists()


def test_the_page_filters_by_unit_and_selects_a_unit(world, english, ten_institutions):
    Input.objects.filter(pk=ten_institutions[0].pk).update(nothing_to_report=True)
    client = english("coord_a")
    url = reverse("reviews:inputs_accept", args=[world.review_a.pk])
    page = client.get(url, {"unit": "o2", "tick": "all"})
    assert {i.objective.number for i in page.context["inputs"]} == {2}
    assert len(page.context["inputs"]) == 10
    html = page.content.decode()
    assert html.count(" checked") == 10
    assert "Select all submitted on Objective 3" in html
    everything = client.get(url).content.decode()
    assert " checked" not in everything
    assert "Sent with nothing to report" in everything
    assert reverse("reviews:input", args=[ten_institutions[0].pk]) in everything


# Adding an institution asks it


def test_an_added_institution_is_asked_about_every_objective_by_default(world, english):
    client = english("coord_a")
    response = client.post(
        reverse("reviews:institution_add", args=[world.review_a.pk]),
        {"name": "Registro Nacional", "acronym": "RN", "kind": "agency", "is_active": "on"},
        follow=True,
    )
    institution = Institution.objects.get(name="Registro Nacional")
    form = response.context["form"]
    assert form["asked"].value() is True
    assert len(form["objectives"].value()) == 23
    assert "It is not asked yet" in said(response)[0]
    assert "is not asked yet: saving this form as it is asks it" in response.content.decode()
    # Saving the form as it opened: asked about all 23.
    data = {"asked": "on", "objectives": [str(pk) for pk in form["objectives"].value()]}
    response = client.post(
        reverse("reviews:request_edit", args=[world.review_a.pk, institution.pk]), data
    )
    request = InstitutionRequest.objects.get(review=world.review_a, institution=institution)
    assert request.objectives.count() == 23
    assert said(response) == ["Registro Nacional (RN) is now asked about 23 objectives."]


def test_setup_messages_say_what_happened(world, english):
    client = english("coord_a")
    url = reverse("reviews:request_edit", args=[world.review_a.pk, world.a2.pk])
    response = client.post(url, {"asked": "on", "objectives": numbers(4), "mark_sent": "on"})
    assert said(response) == [
        "Ministerio A2 (A2) is now asked about 1 objective. The request is recorded as sent today."
    ]
    client.get(reverse("reviews:review", args=[world.review_a.pk]))  # the message shown
    response = client.post(url, {})
    assert said(response) == ["Ministerio A2 (A2) is no longer asked."]
    client.get(reverse("reviews:review", args=[world.review_a.pk]))
    response = client.post(url, {})
    assert said(response) == ["Ministerio A2 (A2) is not asked."]


# The ask matrix


def asks(review) -> dict[str, list[int]]:
    return {
        request.institution.name: sorted(request.objectives.values_list("number", flat=True))
        for request in review.requests.select_related("institution")
    }


def test_the_matrix_ticks_what_is_asked(world, english):
    services.institution_request_save(
        review=world.review_a, institution=world.a2, objectives=numbers(4, 15)
    )
    page = english("coord_a").get(reverse("reviews:ask_matrix", args=[world.review_a.pk]))
    rows = {institution.name: cells for institution, cells, _ in page.context["table"]}
    assert [o.number for o, asked in rows["Ministerio A2"] if asked] == [4, 15]
    assert all(asked for _, asked in rows["Instituto A1"])
    html = page.content.decode()
    assert f'for="ask-{world.a2.pk}-{numbers(4)[0]}">Ministerio A2 (A2) — objective 4<' in html


def test_the_matrix_asks_changes_and_unasks_in_one_save(world, english):
    new = [
        Institution.objects.create(country=world.guatemala, name=f"Nueva {n:02}", acronym=f"N{n}")
        for n in range(10)
    ]
    Institution.objects.create(country=world.guatemala, name="Inactiva", is_active=False)
    data = {
        "rows": [i.pk for i in [world.a1, world.a2, *new]],
        f"ask-{world.a1.pk}": numbers(1, 2, 3, 4, 5),  # changed
        # A2: nothing ticked, no longer asked
        **{f"ask-{i.pk}": numbers(7) for i in new},
    }
    response = english("coord_a").post(
        reverse("reviews:ask_matrix", args=[world.review_a.pk]), data
    )
    assert response.status_code == 302
    assert said(response) == [
        "10 institutions newly asked, 1 asked about other objectives, 1 no longer asked."
    ]
    assert asks(world.review_a) == {
        "Instituto A1": [1, 2, 3, 4, 5],
        **{i.name: [7] for i in new},
    }
    assert not Input.objects.filter(request__institution=world.a1, objective__number=9).exists()
    assert InstitutionRequest.objects.filter(review=world.review_a, sent_at=None).count() == 11
    # Saved again unchanged: nothing changed.
    response = english("coord_a").post(
        reverse("reviews:ask_matrix", args=[world.review_a.pk]), data
    )
    assert said(response) == ["Nothing changed."]


def test_the_matrix_records_requests_as_sent(world, english):
    data = {"rows": [world.a1.pk], f"ask-{world.a1.pk}": numbers(*range(1, 24)), "mark_sent": "on"}
    response = english("coord_a").post(
        reverse("reviews:ask_matrix", args=[world.review_a.pk]), data
    )
    assert said(response) == ["1 request recorded as sent."]
    assert InstitutionRequest.objects.get(institution=world.a1).sent_at is not None


def test_a_refused_unask_saves_nothing_and_names_the_row(world, english):
    started = world.input_a1  # A1, objective 7
    services.answer_save(
        answer_id=world.answer_a1.pk,
        user=world.users["focal_a1"],
        text="Algo escrito",
        not_applicable=False,
        reason="",
        base_version=0,
    )
    new = Institution.objects.create(country=world.guatemala, name="Nueva", acronym="NV")
    before = asks(world.review_a)
    data = {
        "rows": [world.a1.pk, world.a2.pk, new.pk],
        f"ask-{world.a2.pk}": numbers(1),
        f"ask-{new.pk}": numbers(2),
    }
    response = english("coord_a").post(
        reverse("reviews:ask_matrix", args=[world.review_a.pk]), data
    )
    assert response.status_code == 200
    assert asks(world.review_a) == before
    assert Input.objects.filter(pk=started.pk, status="draft").exists()
    rows = {
        institution.name: (cells, refusal)
        for institution, cells, refusal in response.context["table"]
    }
    assert "Instituto A1 (A1) has already started answering" in rows["Instituto A1"][1]
    assert rows["Ministerio A2"][1] == ""
    # The user's ticks are shown again.
    assert [o.number for o, asked in rows["Nueva"][0] if asked] == [2]
    assert [o.number for o, asked in rows["Instituto A1"][0] if asked] == []
    assert said(response) == ["Nothing was saved: 1 row cannot change as ticked."]


def test_an_objective_started_on_cannot_be_taken_away(world, english):
    services.answer_save(
        answer_id=world.answer_a1.pk,
        user=world.users["focal_a1"],
        text="Algo escrito",
        not_applicable=False,
        reason="",
        base_version=0,
    )
    before = asks(world.review_a)
    data = {"rows": [world.a1.pk], f"ask-{world.a1.pk}": numbers(1, 2)}
    response = english("coord_a").post(
        reverse("reviews:ask_matrix", args=[world.review_a.pk]), data
    )
    assert response.status_code == 200
    assert asks(world.review_a) == before
    [refusal] = [r for _, _, r in response.context["table"] if r]
    assert "objective 7" in refusal


def test_an_objective_commented_on_cannot_be_taken_away_though_not_started(world, english):
    # request_rows_create keeps such a form when its objective goes: refused, not kept.
    untouched = Input.objects.get(request=world.request_a1, objective__number=9)
    assert untouched.status == Input.Status.NOT_STARTED
    Comment.objects.create(input=untouched, author=world.users["coord_a"], text="Falta algo")
    before = asks(world.review_a)
    data = {"rows": [world.a1.pk], f"ask-{world.a1.pk}": numbers(*range(1, 9))}
    response = english("coord_a").post(
        reverse("reviews:ask_matrix", args=[world.review_a.pk]), data
    )
    assert response.status_code == 200
    assert asks(world.review_a) == before
    [refusal] = [r for _, _, r in response.context["table"] if r]
    assert "objective 9" in refusal


def test_the_review_page_links_to_the_work_in_bulk(world, english):
    submit(
        list(Input.objects.filter(request=world.request_a1, objective__number__in=[1, 2])),
        world.users["focal_a1"],
    )
    html = (
        english("coord_a").get(reverse("reviews:review", args=[world.review_a.pk])).content.decode()
    )
    assert reverse("reviews:ask_matrix", args=[world.review_a.pk]) in html
    assert "Accept submitted inputs (2)" in html
    assert reverse("reviews:institutions_import", args=[world.review_a.pk]) in html
    assert reverse("reviews:institutions_template", args=[world.review_a.pk]) in html


def test_the_matrix_ignores_rows_and_objectives_not_its_own(world, english):
    before = asks(world.review_b)
    data = {
        "rows": [world.b1.pk, "x"],
        f"ask-{world.b1.pk}": numbers(1),
        f"ask-{world.a2.pk}": ["999999", "y"],
    }
    response = english("coord_a").post(
        reverse("reviews:ask_matrix", args=[world.review_a.pk]), data
    )
    assert said(response) == ["Nothing changed."]
    assert asks(world.review_b) == before
    assert not InstitutionRequest.objects.filter(institution=world.b1).exists()


def test_a_submitted_review_changes_nothing_from_the_matrix(world, english):
    NationalReview.objects.filter(pk=world.review_a.pk).update(status="submitted")
    before = asks(world.review_a)
    data = {"rows": [world.a1.pk, world.a2.pk], f"ask-{world.a1.pk}": numbers(1)}
    response = english("coord_a").post(
        reverse("reviews:ask_matrix", args=[world.review_a.pk]), data
    )
    assert response.status_code == 302
    assert asks(world.review_a) == before
