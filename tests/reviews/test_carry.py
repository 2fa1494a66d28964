"""A review in a second cycle starts from the first one's submitted answers (issue 18),
in both shapes: the same questions asked alike are carried into the new forms; asked
per thematic area against per objective, they are shown beside the new questions."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from reviews import selectors, services
from reviews.models import Answer, Input, NationalReview, Programme, Question
from reviews.selectors.carry import Change
from tests.factories import (
    ChallengeFactory,
    FocalPointFactory,
    InstitutionFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ProgrammeFactory,
    ReviewCycleFactory,
    UserFactory,
    days_from_today,
    objective,
)

pytestmark = pytest.mark.django_db

OBJECTIVE = Question.AskedPer.OBJECTIVE
GROUP = Question.AskedPer.GROUP
EARLIER_7A = "La red atiende a 300 personas migrantes en tres consulados."


def earlier_cycle(asked_per=OBJECTIVE, **fields):
    return ReviewCycleFactory(
        slug=f"earlier-{asked_per}",
        name_es="Examen regional 2020",
        name_en="Regional review 2020",
        opens_on=days_from_today(-800),
        deadline=days_from_today(-700),
        questionnaire=asked_per,
        **fields,
    )


def submitted_review(cycle, institution, focal_point, objectives, text=None):
    """A review of Guatemala in ``cycle``, its institution's forms answered and the
    review submitted."""
    review = NationalReviewFactory(cycle=cycle)
    request = InstitutionRequestFactory(
        review=review, institution=institution, objectives=[objective(n) for n in objectives]
    )
    for input in request.inputs.all():
        for answer in selectors.input_answers(input=input):
            words = (text or {}).get((input.objective_id, input.group_number, answer.question.code))
            services.answer_save(
                answer_id=answer.pk,
                user=focal_point.user,
                text=words
                or f"Antes {answer.question.code} {input.objective_id or input.group_number}.",
                not_applicable=False,
                reason="",
                base_version=answer.version,
            )
        services.input_submit(input=input, user=focal_point.user)
    NationalReview.objects.filter(pk=review.pk).update(status=NationalReview.Status.SUBMITTED)
    return request


def type_into(answer, user, text: str):
    """Save ``text`` as ``user`` types it into ``answer`` (as read now)."""
    answer.refresh_from_db()
    return services.answer_save(
        answer_id=answer.pk,
        user=user,
        text=text,
        not_applicable=False,
        reason="",
        base_version=answer.version,
    )


@pytest.fixture
def institution():
    return InstitutionFactory(name="Instituto Guatemalteco de Migración", acronym="IGM")


@pytest.fixture
def focal_point(institution):
    return FocalPointFactory(institution=institution)


def new_request(institution, objectives, asked_per=OBJECTIVE):
    cycle = ReviewCycleFactory(slug=f"new-{asked_per}", questionnaire=asked_per)
    review = NationalReviewFactory(cycle=cycle)
    return InstitutionRequestFactory(
        review=review, institution=institution, objectives=[objective(n) for n in objectives]
    )


def form(request, number=None, group=None) -> Input:
    if number:
        return request.inputs.get(objective__number=number)
    return request.inputs.get(group_number=group)


def test_the_same_questions_asked_alike_start_from_the_earlier_answers(institution, focal_point):
    seven = objective(7).pk
    earlier = submitted_review(
        earlier_cycle(), institution, focal_point, [7, 8], text={(seven, None, "a"): EARLIER_7A}
    )
    request = new_request(institution, [7, 8, 9])

    seventh = form(request, 7)
    answer = seventh.answers.get(question__code="a")
    assert answer.text == answer.carried_text == EARLIER_7A
    assert answer.carried_from.input.request == earlier
    # Written by nobody in this cycle yet: version 0 and no "saved at" until the focal
    # point saves it or sends the form.
    assert answer.version == 0
    assert answer.updated_at is None and answer.updated_by is None
    assert seventh.carried_from == earlier.review.cycle
    # Offered, not sent: the form stays with its focal point until they send it.
    assert seventh.status == Input.Status.NOT_STARTED
    assert answer.history.get().history_change_reason == "carried"
    # Objective 9 was not asked before: its form starts empty; the general questions
    # (asked once per review in both cycles) are carried too.
    assert not form(request, 9).answers.exclude(text="").exists()
    assert form(request, 9).carried_from is None
    general = request.inputs.get(objective=None, group_number=None)
    assert general.carried_from == earlier.review.cycle
    states = selectors.unit_changes(request.review)
    assert states[seventh.pk] == Change.UNCHANGED
    assert states[form(request, 9).pk] == Change.NEW


def test_per_area_answers_carry_into_per_area_forms(institution, focal_point):
    earlier = submitted_review(earlier_cycle(GROUP), institution, focal_point, [7])
    request = new_request(institution, [7], asked_per=GROUP)
    area = request.inputs.exclude(group_number=None).first()
    before = earlier.inputs.get(group_number=area.group_number)
    assert {a.question.code: a.text for a in area.answers.select_related("question")} == {
        a.question.code: a.text for a in before.answers.select_related("question")
    }
    assert area.carried_from == earlier.review.cycle


@pytest.mark.parametrize(("before", "after"), [(GROUP, OBJECTIVE), (OBJECTIVE, GROUP)])
def test_answers_asked_in_another_shape_are_shown_beside_not_copied(
    institution, focal_point, before, after
):
    earlier = submitted_review(earlier_cycle(before), institution, focal_point, [7])
    request = new_request(institution, [7], asked_per=after)
    unit = form(request, 7) if after == OBJECTIVE else request.inputs.exclude(group_number=None)[0]
    assert not unit.answers.exclude(text="").exists()
    assert unit.carried_from is None

    with translation.override("es"):
        material = selectors.input_material(unit)
    assert material.cycle == earlier.review.cycle
    assert not material.carried
    shown = [a.text for u in material.units for a in u["answers"]]
    if before == GROUP:  # the area of objective 7 (2020: thematic area 2 holds it)
        assert shown and all(text.startswith("Antes ") for text in shown)
        assert "Área temática" in material.units[0]["title"]
    else:
        assert shown == [f"Antes {code} {objective(7).pk}." for code in "abcd"]


def test_the_form_page_shows_the_carried_answers_and_the_earlier_ones_beside(
    client, institution, focal_point
):
    submitted_review(earlier_cycle(GROUP), institution, focal_point, [7])
    request = new_request(institution, [7])
    client.force_login(focal_point.user)
    page = client.get(form(request, 7).get_absolute_url()).content.decode()
    assert "Examen regional 2020" in page
    assert "asked about these objectives differently" in page or "pregunt" in page
    assert "Antes a" in page


def test_nothing_is_carried_from_a_review_not_submitted(institution, focal_point):
    earlier = submitted_review(earlier_cycle(), institution, focal_point, [7])
    NationalReview.objects.filter(pk=earlier.review_id).update(
        status=NationalReview.Status.VALIDATING
    )
    request = new_request(institution, [7])
    assert not Answer.objects.filter(input__request=request).exclude(text="").exists()
    assert selectors.input_material(form(request, 7)) is None


def test_an_answer_changed_and_sent_is_updated_one_sent_as_it_came_is_flagged(
    client, institution, focal_point
):
    submitted_review(earlier_cycle(), institution, focal_point, [7, 8])
    request = new_request(institution, [7, 8])
    seventh, eighth = form(request, 7), form(request, 8)
    answer = seventh.answers.get(question__code="a")
    type_into(answer, focal_point.user, answer.text + " Ahora también en Tapachula.")
    services.input_submit(input=seventh, user=focal_point.user)
    services.input_submit(input=eighth, user=focal_point.user)
    states = selectors.unit_changes(request.review)
    assert states[seventh.pk] == Change.UPDATED
    assert states[eighth.pk] == Change.UNCHANGED

    coordinator = request.review.coordinators.get().user
    client.force_login(coordinator)
    page = client.get(reverse("reviews:progress", args=[request.review.pk])).content.decode()
    cells = dict(re.findall(r'<td data-state="(\w+)">(.*?)</td>', page, re.S))
    assert f"/inputs/{seventh.pk}/changes/" in cells["updated"]
    assert f"/inputs/{seventh.pk}/changes/" not in cells["unchanged"]
    assert f"/inputs/{eighth.pk}/changes/" in cells["unchanged"]
    assert "enviado sin cambios" in cells["unchanged"]
    assert "1 formulario se envió tal como vino" in page
    # On the form itself the coordinator sees which answers came unchanged.
    page = client.get(eighth.get_absolute_url()).content.decode()
    assert page.count("enviado sin cambios") == 4


def test_a_kept_programme_is_a_copy_with_its_parts(institution, focal_point):
    earlier = submitted_review(earlier_cycle(), institution, focal_point, [7])
    source = ProgrammeFactory(
        request=earlier, name="Programa Héroes Paisanos", objectives=[objective(7)], statistics=2
    )
    ChallengeFactory(programme=source)
    request = new_request(institution, [7])
    seventh = form(request, 7)
    assert [p.pk for p in selectors.input_material(seventh).programmes] == [source.pk]

    kept = services.programme_carry(input=seventh, source_id=source.pk, user=focal_point.user)
    assert kept.request == request and kept.carried_from == source
    assert kept.statistics.count() == 2
    assert kept.challenges.count() == source.challenges.count() >= 1
    assert list(kept.objectives.all()) == [objective(7)]
    assert source.statistics.count() == 2  # the earlier review keeps its own
    assert selectors.input_material(seventh).programmes == []
    assert selectors.unit_changes(request.review)[seventh.pk] == Change.UNCHANGED
    with pytest.raises(ValidationError, match="ya se conserva"):
        services.programme_carry(input=seventh, source_id=source.pk, user=focal_point.user)

    Programme.objects.filter(pk=kept.pk).update(version=2, description="Nueva etapa.")
    assert selectors.unit_changes(request.review)[seventh.pk] == Change.UPDATED
    kept = Programme.objects.select_related("carried_from").get(pk=kept.pk)
    [row] = selectors.programme_changes([kept], None)
    assert not row["new"]
    [field] = row["fields"]  # only what changed
    assert field["label"] == "descripción"
    assert {"op": "ins", "words": "Nueva etapa."} in field["diff"]


def test_a_programme_of_another_institution_cannot_be_kept(client, institution, focal_point):
    other = InstitutionFactory()
    other_point = FocalPointFactory(institution=other)
    elsewhere = submitted_review(earlier_cycle(), other, other_point, [7])
    foreign = ProgrammeFactory(request=elsewhere, objectives=[objective(7)])
    request = new_request(institution, [7])
    client.force_login(focal_point.user)
    url = reverse("reviews:programme_keep", args=[form(request, 7).pk, foreign.pk])
    assert client.post(url).status_code == 404
    assert not request.programmes.exists()


def test_keeping_a_programme_by_a_name_already_used_is_refused(client, institution, focal_point):
    earlier = submitted_review(earlier_cycle(), institution, focal_point, [7])
    source = ProgrammeFactory(request=earlier, name="Retorno digno", objectives=[objective(7)])
    request = new_request(institution, [7])
    ProgrammeFactory(request=request, name="Retorno digno", objectives=[objective(7)])
    client.force_login(focal_point.user)
    seventh = form(request, 7)
    response = client.post(
        reverse("reviews:programme_keep", args=[seventh.pk, source.pk]), follow=True
    )
    assert "ya tiene un programa llamado" in response.content.decode()
    assert request.programmes.count() == 1


def test_the_diff_shows_exactly_the_changed_words(client, institution, focal_point):
    seven = objective(7).pk
    submitted_review(
        earlier_cycle(), institution, focal_point, [7], text={(seven, None, "a"): EARLIER_7A}
    )
    request = new_request(institution, [7])
    seventh = form(request, 7)
    answer = seventh.answers.get(question__code="a")
    type_into(
        answer,
        focal_point.user,
        "La red atiende a 450 personas migrantes en cuatro consulados y un albergue.",
    )
    rows = selectors.answer_changes(seventh, None)
    changed = next(row for row in rows if row["label"].code == "a")
    assert changed["diff"] == [
        {"op": "equal", "words": "La red atiende a"},
        {"op": "del", "words": "300"},
        {"op": "ins", "words": "450"},
        {"op": "equal", "words": "personas migrantes en"},
        {"op": "del", "words": "tres consulados."},
        {"op": "ins", "words": "cuatro consulados y un albergue."},
    ]
    assert [row["changed"] for row in rows] == [True, False, False, False]

    client.force_login(focal_point.user)
    page = client.get(reverse("reviews:input_changes", args=[seventh.pk])).content.decode()
    assert "<del>300</del>" in page and "<ins>450</ins>" in page
    assert "<del>tres consulados.</del>" in page
    assert "<ins>cuatro consulados y un albergue.</ins>" in page


def test_changes_since_the_draft_was_circulated(client, institution, focal_point):
    request = new_request(institution, [7])
    seventh = form(request, 7)
    answer = seventh.answers.get(question__code="b")

    def save(user, text, version):
        return services.answer_save(
            answer_id=answer.pk,
            user=user,
            text=text,
            not_applicable=False,
            reason="",
            base_version=version,
        )

    saved = save(focal_point.user, "Se firmó un convenio con la OIM.", 0)
    programme = ProgrammeFactory(
        request=request, objectives=[objective(7)], description="Atención en frontera."
    )
    NationalReview.objects.filter(pk=request.review_id).update(validation_opened_at=timezone.now())
    programme.description = "Atención en frontera y en consulados."
    programme.save()
    # Another person's save: a version of its own after the opening.
    save(UserFactory(), "Se firmó un convenio con la OIM y con ACNUR.", saved.version)
    client.force_login(focal_point.user)
    url = reverse("reviews:input_changes", args=[seventh.pk])
    page = client.get(url + "?since=validation").content.decode()
    assert "<del>OIM.</del>" in page and "<ins>OIM y con ACNUR.</ins>" in page
    assert "<del>frontera.</del>" in page and "<ins>frontera y en consulados.</ins>" in page
    # Compared with the previous cycle instead: there is none, so everything is new.
    assert "<del>" not in client.get(url).content.decode()


def test_national_texts_changed_since_the_previous_review(client, institution, focal_point):
    earlier = submitted_review(earlier_cycle(), institution, focal_point, [7])
    old = earlier.review.texts.get(key="objective-7")
    old.text, old.version = "Guatemala fortaleció sus consulados.", 1
    old.save()
    request = new_request(institution, [7])
    text = request.review.texts.get(key="objective-7")
    coordinator = request.review.coordinators.get().user
    services.text_save(
        text_id=text.pk,
        user=coordinator,
        text="Guatemala fortaleció sus consulados en México.",
        base_version=0,
    )
    client.force_login(coordinator)
    page = client.get(reverse("reviews:review_changes", args=[request.review.pk])).content.decode()
    assert "<del>consulados.</del>" in page and "<ins>consulados en México.</ins>" in page


def test_the_versions_page_says_a_first_version_was_carried_over(client, institution, focal_point):
    submitted_review(earlier_cycle(), institution, focal_point, [7])
    request = new_request(institution, [7])
    seventh = form(request, 7)
    answer = seventh.answers.get(question__code="a")
    client.force_login(focal_point.user)
    page = client.get(reverse("reviews:answer_versions", args=[seventh.pk, answer.pk]))
    assert "Trasladada del ciclo anterior el" in page.content.decode()


def test_only_the_forms_the_institution_sent_are_carried_over(institution, focal_point):
    earlier = submitted_review(earlier_cycle(), institution, focal_point, [7, 8])
    # Objective 8's form was returned to the institution and never sent again.
    eighth_then = earlier.inputs.get(objective__number=8)
    Input.objects.filter(pk=eighth_then.pk).update(status=Input.Status.RETURNED)
    source = ProgrammeFactory(request=earlier, objectives=[objective(8)])
    request = new_request(institution, [7, 8])
    assert form(request, 7).carried_from is not None
    eighth = form(request, 8)
    assert eighth.carried_from is None
    assert not eighth.answers.exclude(text="").exists()
    material = selectors.input_material(eighth)
    assert material is None or source not in material.programmes


def test_a_carried_form_nobody_opened_is_not_started_work(institution, focal_point):
    """Carried answers are the earlier cycle's words, not the focal point's: until
    they save or send the form, the coordinator may stop asking about it."""
    submitted_review(earlier_cycle(), institution, focal_point, [7, 8])
    request = new_request(institution, [7, 8])
    assert form(request, 8).carried_from is not None
    services.institution_request_save(
        review=request.review, institution=institution, objectives=[objective(7)]
    )
    assert not request.inputs.filter(objective__number=8).exists()
    # Sent as it came, an answer becomes the institution's written answer.
    seventh = form(request, 7)
    services.input_submit(input=seventh, user=focal_point.user)
    assert set(seventh.answers.values_list("version", flat=True)) == {1}
    assert selectors.unit_changes(request.review)[seventh.pk] == Change.UNCHANGED


def test_spaces_alone_do_not_make_a_form_updated(institution, focal_point):
    """The word diff shows no change for a space added; the progress agrees."""
    submitted_review(earlier_cycle(), institution, focal_point, [7])
    request = new_request(institution, [7])
    seventh = form(request, 7)
    answer = seventh.answers.get(question__code="a")
    type_into(answer, focal_point.user, answer.text + "  \n")
    assert selectors.unit_changes(request.review)[seventh.pk] == Change.UNCHANGED
    type_into(answer, focal_point.user, answer.text + " Ahora también en Tapachula.")
    assert selectors.unit_changes(request.review)[seventh.pk] == Change.UPDATED


def test_before_any_validation_round_there_is_nothing_to_compare(client, institution, focal_point):
    request = new_request(institution, [7])
    client.force_login(focal_point.user)
    url = reverse("reviews:input_changes", args=[form(request, 7).pk]) + "?since=validation"
    page = client.get(url).content.decode()
    assert "aún no se ha circulado para validación" in page
    assert "<del>" not in page and "<ins>" not in page
