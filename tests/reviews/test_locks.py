"""Locks that hold: a review's state changes only through its actions, a submitted
review refuses every write whatever the path, and a submitted form's programmes
cannot be changed through another of the institution's forms (issue 14, holes 1–2).
"""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from objectives.models import Objective
from reviews import selectors, services
from reviews.models import (
    Answer,
    AuditEvent,
    Comment,
    Input,
    InstitutionRequest,
    NationalReview,
    NationalText,
    Programme,
    ValidationResponse,
)
from tests.factories import (
    FocalPointFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ProgrammeFactory,
    ReviewCycleFactory,
    answer_every_question,
)

Status = NationalReview.Status


def objectives(*numbers):
    return list(Objective.objects.filter(number__in=numbers))


PROGRAMME_FORM = {
    "kind": "programme",
    "statistics-TOTAL_FORMS": "0",
    "statistics-INITIAL_FORMS": "0",
    "challenges-TOTAL_FORMS": "0",
    "challenges-INITIAL_FORMS": "0",
}


def submitted(world) -> NationalReview:
    NationalReview.objects.filter(pk=world.review_a.pk).update(status=Status.SUBMITTED)
    return NationalReview.objects.get(pk=world.review_a.pk)


# Hole 1: the review's edit form posted its status.


def test_the_edit_form_no_longer_changes_the_status(world, as_role):
    client = as_role("coord_a")
    url = reverse("reviews:review_edit", args=[world.review_a.pk])
    assert 'name="status"' not in client.get(url).content.decode()
    response = client.post(url, {"status": "submitted", "contact_persons": "Ana, DGM"})
    assert response.status_code == 302
    review = NationalReview.objects.get(pk=world.review_a.pk)
    assert (review.status, review.contact_persons) == (Status.PREPARING, "Ana, DGM")


def test_a_submitted_review_cannot_be_reopened_or_edited_through_its_form(world, english):
    submitted(world)
    client = english("coord_a")
    url = reverse("reviews:review_edit", args=[world.review_a.pk])
    for data in ({"status": "consolidating"}, {"contact_persons": "Otra persona"}):
        response = client.post(url, data, follow=True)
        assert "Only an administrator can reopen it" in response.content.decode()
    review = NationalReview.objects.get(pk=world.review_a.pk)
    assert (review.status, review.contact_persons) == (Status.SUBMITTED, "")
    # The page itself sends the coordinator back to the review, saying why.
    assert client.get(url).status_code == 302


def test_the_review_moves_forward_by_the_coordinators_work(world):
    coordinator = world.users["coord_a"]
    assert world.review_a.status == Status.PREPARING
    services.institution_request_save(
        review=world.review_a, institution=world.a1, objectives=[], mark_sent=True
    )
    assert NationalReview.objects.get(pk=world.review_a.pk).status == Status.COLLECTING
    services.text_save(
        text_id=world.text_a.pk, user=coordinator, text="Texto nacional.", base_version=0
    )
    assert NationalReview.objects.get(pk=world.review_a.pk).status == Status.CONSOLIDATING
    # Never backwards: a request sent later leaves it consolidating.
    services.institution_request_save(
        review=world.review_a, institution=world.a2, objectives=[], mark_sent=True
    )
    review = NationalReview.objects.get(pk=world.review_a.pk)
    assert review.status == Status.CONSOLIDATING
    services.validation_open(review=review, user=coordinator)
    services.text_save(
        text_id=world.text_a.pk, user=coordinator, text="Texto corregido.", base_version=1
    )
    assert NationalReview.objects.get(pk=world.review_a.pk).status == Status.VALIDATING


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("coord_a", True), ("admin", True), ("focal_a1", False), ("coord_b", False)],
)
def test_only_the_coordination_opens_validation_and_submits(world, as_role, role, allowed):
    client = as_role(role)
    client.post(reverse("reviews:validation_open", args=[world.review_a.pk]))
    opened = NationalReview.objects.get(pk=world.review_a.pk).status == Status.VALIDATING
    client.post(reverse("reviews:review_submit", args=[world.review_a.pk]), {"confirm": "1"})
    review = NationalReview.objects.get(pk=world.review_a.pk)
    assert (opened, review.status == Status.SUBMITTED) == (allowed, allowed)


def test_only_an_administrator_reopens_and_must_say_why(world, as_role, english):
    submitted(world)
    url = reverse("admin:reviews_nationalreview_reopen", args=[world.review_a.pk])
    for role in ("anonymous", "coord_a", "coord_b", "focal_a1", "reviewer"):
        as_role(role).post(url, {"reason": "Un error en el objetivo 7."})
        assert NationalReview.objects.get(pk=world.review_a.pk).status == Status.SUBMITTED

    admin = english("admin")
    change = admin.get(reverse("admin:reviews_nationalreview_change", args=[world.review_a.pk]))
    assert url in change.content.decode()  # the "Reopen this review" button
    refused = admin.post(url, {"reason": "   "})
    assert "Say why the review is reopened." in refused.content.decode()
    assert NationalReview.objects.get(pk=world.review_a.pk).status == Status.SUBMITTED

    done = admin.post(url, {"reason": "The figures of objective 7 were wrong."})
    assert done.status_code == 302
    review = NationalReview.objects.get(pk=world.review_a.pk)
    assert review.status == Status.CONSOLIDATING
    event = AuditEvent.objects.get(action=AuditEvent.Action.REVIEW_REOPENED)
    assert (event.username, event.detail) == ("admin", "The figures of objective 7 were wrong.")
    # Reopened, the coordinator may change it again, and submit it again.
    as_role("coord_a").post(
        reverse("reviews:review_edit", args=[review.pk]), {"contact_persons": "Ana"}
    )
    assert NationalReview.objects.get(pk=review.pk).contact_persons == "Ana"


def test_the_admin_shows_a_submitted_review_read_only(world, english):
    admin = english("admin")
    url = reverse("admin:reviews_nationalreview_change", args=[world.review_a.pk])
    request_url = reverse("admin:reviews_institutionrequest_change", args=[world.request_a1.pk])
    assert 'name="_save"' in admin.get(url).content.decode()
    assert 'name="status"' not in admin.get(url).content.decode()  # never a field
    submitted(world)
    for page in (url, request_url):
        assert 'name="_save"' not in admin.get(page).content.decode()
    admin.post(request_url, {"objectives": [Objective.objects.get(number=1).pk]})
    assert world.request_a1.objectives.count() == 23


# A submitted review refuses every write, whatever the path.


def _state(world) -> tuple:
    """Everything the writes below could change."""
    review = NationalReview.objects.get(pk=world.review_a.pk)
    return (
        review.status,
        review.contact_persons,
        tuple(Answer.objects.filter(input__request__review=review).values_list("text", "version")),
        tuple(Programme.objects.filter(request__review=review).values_list("name", "version")),
        tuple(Input.objects.filter(request__review=review).values_list("pk", "status")),
        tuple(NationalText.objects.filter(review=review).values_list("text", "version")),
        InstitutionRequest.objects.filter(review=review).count(),
        Comment.objects.count(),
        ValidationResponse.objects.count(),
        review.requests.filter(institution=world.a2).count(),
    )


def test_a_submitted_review_refuses_every_write(world, as_role):
    programme = ProgrammeFactory(request=world.request_a1, objectives=objectives(7))
    answer_every_question(world.input_a1, world.users["focal_a1"])
    services.input_submit(input=world.input_a1, user=world.users["focal_a1"])
    draft = world.request_a1.inputs.get(objective__number=8)
    review = submitted(world)
    before = _state(world)
    text = world.text_a
    answer = Answer.objects.get(pk=world.answer_a1.pk)  # its version now, as its page shows
    writes = [
        ("coord_a", "reviews:review_edit", [review.pk], {"contact_persons": "X"}),
        ("coord_a", "reviews:request_edit", [review.pk, world.a2.pk], {}),
        ("coord_a", "reviews:institution_add", [review.pk], {"name": "Nueva", "kind": "agency"}),
        ("coord_a", "reviews:focal_point_invite", [review.pk, world.a2.pk], {"email": "n@x.org"}),
        ("coord_a", "reviews:reminders", [review.pk], {}),
        ("coord_a", "reviews:text_save", [review.pk, text.pk], {"text": "X", "version": "0"}),
        ("coord_a", "reviews:methodology_draft", [review.pk], {"version": "0"}),
        ("coord_a", "reviews:validation_open", [review.pk], {}),
        ("coord_a", "reviews:review_submit", [review.pk], {"confirm": "1"}),
        ("coord_a", "reviews:input_review", [world.input_a1.pk], {"decision": "accept"}),
        ("coord_a", "reviews:input_review", [world.input_a1.pk], {"comment": "Corrija."}),
        ("focal_a1", "reviews:input_withdraw", [world.input_a1.pk], {}),
        (
            "focal_a1",
            "reviews:answer_save",
            [draft.pk, draft.answers.first().pk],
            {"text": "X", "version": "0"},
        ),
        (
            "focal_a1",
            "reviews:answer_restore",
            [world.input_a1.pk, answer.pk],
            {"history_id": answer.history.first().history_id, "version": answer.version},
        ),
        ("focal_a1", "reviews:input_submit", [draft.pk], {"confirm": "1"}),
        (
            "focal_a1",
            "reviews:programme_edit",
            [draft.pk, programme.pk],
            {**PROGRAMME_FORM, "name": "Cambiado", "version": str(programme.version)},
        ),
        (
            "focal_a1",
            "reviews:programme_add",
            [draft.pk],
            {**PROGRAMME_FORM, "name": "Nuevo", "version": "0"},
        ),
        ("focal_a1", "reviews:validation_respond", [review.pk], {"confirmed": "1"}),
    ]
    for role, name, args, data in writes:
        response = as_role(role).post(reverse(name, args=args), data)
        assert response.status_code in (302, 200, 403, 404, 409, 422), (name, response)
        assert _state(world) == before, name
    sheet = SimpleUploadedFile(
        "p.csv", b"name,objectives\nNuevo programme,8\n", content_type="text/csv"
    )
    url = reverse("reviews:programme_import", args=[world.request_a1.pk])
    as_role("focal_a1").post(url, {"file": sheet, "preview": "1"})
    assert _state(world) == before
    # The import page itself sends the focal point back to their institution's page.
    response = as_role("focal_a1").get(url)
    assert response.url == world.a1.get_absolute_url()


def test_the_services_refuse_too(world):
    """Whatever page or command calls them."""
    coordinator = world.users["coord_a"]
    submitted(world)
    review = NationalReview.objects.get(pk=world.review_a.pk)
    with pytest.raises(ValidationError):
        services.institution_request_save(review=review, institution=world.a2, objectives=[])
    with pytest.raises(ValidationError):
        services.text_save(text_id=world.text_a.pk, user=coordinator, text="X", base_version=0)
    with pytest.raises(ValidationError):
        services.input_accept(input=world.input_a1, user=coordinator)
    with pytest.raises(ValidationError):
        services.answer_save(
            answer_id=world.answer_a1.pk,
            user=world.users["focal_a1"],
            text="X",
            not_applicable=False,
            reason="",
            base_version=0,
        )


# Hole 2: a submitted objective's programme, opened through another, draft form.


def test_a_submitted_objectives_programme_cannot_change_through_another_form(world, as_role):
    focal = world.users["focal_a1"]
    programme = ProgrammeFactory(
        request=world.request_a1, name="Retorno seguro", objectives=objectives(7)
    )
    answer_every_question(world.input_a1, focal)
    services.input_submit(input=world.input_a1, user=focal)
    draft = world.request_a1.inputs.get(objective__number=8)
    client = as_role("focal_a1")
    url = reverse("reviews:programme_edit", args=[draft.pk, programme.pk])

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url, follow=True)
    assert "Objective 7 was already sent to the coordination with Objective 7" in (
        page.content.decode()
    )
    renamed = {**PROGRAMME_FORM, "name": "Renombrado", "version": str(programme.version)}
    client.post(url, renamed)
    client.post(url, renamed, headers={"X-Autosave": "1"})
    programme.refresh_from_db()
    assert programme.name == "Retorno seguro"
    assert list(programme.objectives.values_list("number", flat=True)) == [7]
    assert Input.objects.get(pk=world.input_a1.pk).status == Input.Status.SUBMITTED

    # Nor can a new programme, or another one, be attached to the submitted objective.
    other = ProgrammeFactory(request=world.request_a1, name="Otro", objectives=objectives(8))
    seven = Objective.objects.get(number=7).pk
    client.post(
        reverse("reviews:programme_edit", args=[draft.pk, other.pk]),
        {**PROGRAMME_FORM, "name": "Otro", "version": "0", "objectives": [seven]},
    )
    assert list(other.objectives.values_list("number", flat=True)) == [8]
    # A programme serving both objectives shows, on the draft's page, why it is locked.
    both = ProgrammeFactory(request=world.request_a1, name="Ambos", objectives=objectives(7, 8))
    page = client.get(reverse("reviews:input", args=[draft.pk])).content.decode()
    assert "Locked: it serves an objective already sent with Objective 7." in page
    assert reverse("reviews:programme_edit", args=[draft.pk, both.pk]) not in page
    assert reverse("reviews:programme_edit", args=[draft.pk, other.pk]) in page
    # Returned by the coordinator, the programme may change again.
    services.input_return(
        input=world.input_a1, user=world.users["coord_a"], comments=[({}, "Revise.")]
    )
    client.post(url, renamed)
    programme.refresh_from_db()
    assert programme.name == "Renombrado"


@pytest.mark.django_db
def test_a_submitted_area_locks_the_programmes_of_its_objectives():
    """In a cycle asked per thematic area, submitting area 1 locks its objectives'
    programmes, in the form and in the import alike."""
    cycle = ReviewCycleFactory(questionnaire="group")
    review = NationalReviewFactory(cycle=cycle)
    request = InstitutionRequestFactory(review=review)
    focal = FocalPointFactory(institution=request.institution).user
    area_1 = request.inputs.get(group_number=1)
    objective = area_1_objective = selectors.cycle_groups(cycle)[0].objectives[0].number
    programme = ProgrammeFactory(request=request, name="Censo", objectives=objectives(objective))
    answer_every_question(area_1, focal)
    services.input_submit(input=area_1, user=focal)

    assert area_1_objective in selectors.locked_objectives(request)
    general = request.inputs.get(group_number=None, objective=None)
    with pytest.raises(ValidationError, match="Área temática 1|Thematic area 1"):
        services.programme_check_unlocked(programme)
    from reviews.spreadsheets import ImportRefused, programme_import

    sheet = f"name,objectives\nCenso,{objective}\n".encode()
    with pytest.raises(ImportRefused):
        programme_import(
            institution_request=request,
            file_name="p.csv",
            content=sheet,
            user=focal,
            dry_run=False,
        )
    assert general.status == Input.Status.NOT_STARTED
    assert Programme.objects.get(pk=programme.pk).version == programme.version


# An input's state changes only through its actions, each by its own role.

INPUT_ACTIONS = [
    # (action, URL name, data, the state it starts from, the state it reaches)
    ("submit", "reviews:input_submit", {"confirm": "1"}, "draft", "submitted"),
    ("withdraw", "reviews:input_withdraw", {}, "submitted", "draft"),
    ("accept", "reviews:input_review", {"decision": "accept"}, "submitted", "accepted"),
    ("return", "reviews:input_review", {"comment": "Revise la cifra."}, "submitted", "returned"),
]
WHO_MAY = {
    "submit": {"focal_a1"},
    "withdraw": {"focal_a1"},
    "accept": {"coord_a", "admin"},
    "return": {"coord_a", "admin"},
}


@pytest.mark.parametrize(("action", "name", "data", "start", "end"), INPUT_ACTIONS)
@pytest.mark.parametrize(
    "role", ["anonymous", "focal_a1", "focal_a2", "coord_a", "coord_b", "reviewer", "admin"]
)
def test_each_input_transition_by_each_role(world, as_role, role, action, name, data, start, end):
    answer_every_question(world.input_a1, world.users["focal_a1"])
    Input.objects.filter(pk=world.input_a1.pk).update(status=start)
    as_role(role).post(reverse(name, args=[world.input_a1.pk]), data)
    reached = Input.objects.get(pk=world.input_a1.pk).status
    assert reached == (end if role in WHO_MAY[action] else start)
    # Once the review is submitted, nobody moves it, not even who may.
    Input.objects.filter(pk=world.input_a1.pk).update(status=start)
    submitted(world)
    as_role(role).post(reverse(name, args=[world.input_a1.pk]), data)
    assert Input.objects.get(pk=world.input_a1.pk).status == start


def test_an_institution_that_started_answering_stays_asked(world, as_role, english):
    client = english("coord_a")
    url = reverse("reviews:request_edit", args=[world.review_a.pk, world.a1.pk])
    services.answer_save(
        answer_id=world.answer_a1.pk,
        user=world.users["focal_a1"],
        text="Empezado.",
        not_applicable=False,
        reason="",
        base_version=0,
    )
    page = client.post(url, {}).content.decode()  # nothing ticked: stop asking
    assert "Instituto A1 (A1) has already started answering" in page
    assert Answer.objects.filter(pk=world.answer_a1.pk, text="Empezado.").exists()
    # An institution that has written nothing is simply no longer asked.
    client.post(reverse("reviews:request_edit", args=[world.review_a.pk, world.a2.pk]), {})
    assert not InstitutionRequest.objects.filter(review=world.review_a, institution=world.a2)


def test_every_page_of_a_submitted_review_reads_as_read_only(world, as_role):
    """Found walking the portal: after submission the principles' "reflected?" menus
    still changed, the boxes looked editable and the page said texts save themselves."""
    submitted(world)
    client = as_role("coord_a")
    page = client.get(reverse("reviews:report_sections", args=[world.review_a.pk])).content
    html = page.decode()
    assert "todas sus páginas se muestran en modo de lectura" in html
    assert "hx-post" not in html and "Cada texto se guarda solo" not in html
    assert 'name="applies" id="applies-t' in html and " disabled>" in html
    objective = client.get(reverse("reviews:consolidate", args=[world.review_a.pk, 7]))
    assert "hx-post" not in objective.content.decode()
