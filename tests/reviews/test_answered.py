"""One definition of "has answered" (``selectors.requests_answered``): every form an
institution was asked for sent (submitted or accepted, "nothing to report"
included). The progress page, the reminders, the review's page, the analysis, the
methodology and the national report all use it."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reviews import selectors, services
from reviews.models import Input, Reminder
from tests.factories import (
    FocalPointFactory,
    InstitutionFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ReviewCycleFactory,
    UserFactory,
    answer_every_question,
    objective,
)

pytestmark = pytest.mark.django_db


def ask(review, name, numbers):
    institution = InstitutionFactory(country=review.country, name=name)
    request = InstitutionRequestFactory(
        review=review, institution=institution, objectives=[objective(n) for n in numbers]
    )
    focal = FocalPointFactory(institution=institution).user
    return SimpleNamespace(institution=institution, request=request, focal=focal)


def send(input, user):
    answer_every_question(input, user)
    services.input_submit(input=input, user=user)


@pytest.fixture
def two_of_three():
    """An institution asked about objectives 1, 2 and 3 (and the general questions)
    that sent 1, 2 and the general questions, not 3."""
    review = NationalReviewFactory(coordinator=UserFactory(username="coordinator"))
    labour = ask(review, "Ministerio de Trabajo", [1, 2, 3])
    forms = {
        i.objective.number if i.objective else "general": i for i in labour.request.inputs.all()
    }
    for key in (1, 2, "general"):
        send(forms[key], labour.focal)
    return SimpleNamespace(
        review=review, coordinator=review.coordinators.get().user, labour=labour, third=forms[3]
    )


def progress(client, review):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse("reviews:progress", args=[review.pk]))


def remind(client, review, capture):
    with capture(execute=True):
        return client.post(reverse("reviews:reminders", args=[review.pk]), follow=True)


def test_one_form_missing_is_not_answered_until_it_is_sent_with_nothing_to_report(
    two_of_three, client, django_capture_on_commit_callbacks
):
    world = two_of_three
    client.force_login(world.coordinator)

    page = progress(client, world.review)
    assert page.context["answered"] == []
    [row] = page.context["rows"]
    assert (row["done"], row["total"], row["forms"].answered) == (3, 4, False)
    html = page.content.decode()
    assert "0 / 1" in html and "3 of 4 forms sent" in html
    assert "an institution has answered when it has sent every form it was asked for" in html

    remind(client, world.review, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == [world.labour.focal.email]
    with translation.override("es"):  # the focal point's language
        third = selectors.unit_title(world.third, {})
    assert f"- {third}\n" in message.body
    assert "Objetivo 1" not in message.body and "Objetivo 2" not in message.body

    client.force_login(world.labour.focal)
    client.post(
        reverse("reviews:input_nothing_to_report", args=[world.third.pk]),
        {"reason": "No tenemos acciones sobre este objetivo."},
    )
    client.force_login(world.coordinator)
    page = progress(client, world.review)
    assert page.context["answered"] == [world.labour.institution]
    html = page.content.decode()
    assert "1 / 1" in html and "4 of 4 forms sent" in html

    mail.outbox.clear()
    Reminder.objects.all().delete()  # not a "reminded within the day" skip: nobody is due
    answer = remind(client, world.review, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Reminder.objects.exists()
    assert answer.context["messages"]  # says that nobody was reminded


def test_every_reader_counts_the_same_institutions(two_of_three, client):
    world = two_of_three
    review = world.review

    def counts():
        client.force_login(world.coordinator)
        page = client.get(reverse("reviews:review", args=[review.pk]))
        return (
            page.context["responded"],
            [i.pk for i in selectors.review_progress(review)["answered"]],
            selectors.review_analysis(review)["answered_institutions"],
            [i.pk for i in selectors.report_context(review, "imrf")["answered"]],
            "(A" in selectors.methodology_draft(review)
            or "(I" in selectors.methodology_draft(review),
        )

    assert counts() == (0, [], 0, [], False)
    services.input_nothing_to_report(input=world.third, user=world.labour.focal, reason="Nada.")
    pk = world.labour.institution.pk
    assert counts() == (1, [pk], 1, [pk], True)
    # Returned: a form in the institution's hands again is not sent.
    services.input_return(input=world.third, user=world.coordinator, comments=[({}, "Revisen.")])
    assert counts() == (0, [], 0, [], False)


def test_draft_and_returned_forms_do_not_count(two_of_three):
    world = two_of_three
    answered = selectors.requests_answered(world.review)[world.labour.request.pk]
    assert [i.pk for i in answered.missing] == [world.third.pk]
    Input.objects.filter(pk=world.third.pk).update(status=Input.Status.DRAFT)
    assert not selectors.requests_answered(world.review)[world.labour.request.pk].answered
    Input.objects.filter(pk=world.third.pk).update(status=Input.Status.ACCEPTED)
    assert selectors.requests_answered(world.review)[world.labour.request.pk].answered
    Input.objects.filter(pk=world.third.pk).update(status=Input.Status.RETURNED)
    assert not selectors.requests_answered(world.review)[world.labour.request.pk].answered


def test_a_request_with_no_form_to_send_has_not_answered():
    review = NationalReviewFactory(cycle=ReviewCycleFactory(questionnaire=False))
    labour = ask(review, "Ministerio de Trabajo", [1])
    answered = selectors.requests_answered(review)[labour.request.pk]
    assert (answered.total, answered.answered) == (0, False)


def test_a_cycle_asked_per_thematic_area_counts_the_same(
    client, django_capture_on_commit_callbacks
):
    """Seed 000: questions a–d once per thematic area."""
    review = NationalReviewFactory(cycle=ReviewCycleFactory(questionnaire="group"))
    labour = ask(review, "Ministerio de Trabajo", [1, 2])
    forms = list(labour.request.inputs.all())
    assert len(forms) > 1 and all(i.objective is None for i in forms)
    last = next(i for i in forms if i.group_number)  # a thematic area, not the general questions
    for input in forms:
        if input != last:
            send(input, labour.focal)
    client.force_login(review.coordinators.get().user)
    assert progress(client, review).context["answered"] == []
    remind(client, review, django_capture_on_commit_callbacks)
    with translation.override("es"):
        groups = {g.number: g for g in selectors.cycle_groups(review.cycle)}
        title = selectors.unit_title(last, groups)
    [message] = mail.outbox
    assert f"- {title}\n" in message.body

    services.input_nothing_to_report(input=last, user=labour.focal, reason="Sin acciones.")
    page = progress(client, review)
    assert page.context["answered"] == [labour.institution]
    [item] = page.context["nothing_to_report"]
    assert item["unit"].startswith("Thematic area")


def test_the_progress_page_runs_the_same_queries_for_5_and_20_institutions(client):
    review = NationalReviewFactory()
    client.force_login(review.coordinators.get().user)
    url = reverse("reviews:progress", args=[review.pk])

    def institutions(start, end):
        for n in range(start, end):
            made = ask(review, f"Institución {n}", [1, 2, 3])
            first = made.request.inputs.exclude(objective=None).order_by("pk").first()
            services.input_nothing_to_report(input=first, user=made.focal, reason="Nada.")
            if n % 2:
                send(made.request.inputs.get(objective=None), made.focal)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    institutions(0, 5)
    queries()  # the first page of a session does more (its caches)
    five = queries()
    institutions(5, 20)
    assert queries() == five


def test_the_review_page_counts_each_institutions_forms_as_the_summary_does(two_of_three, client):
    """Found by walking: the summary said nobody had sent their information while the
    institution's row gave the date of its first submission."""
    client.force_login(two_of_three.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("reviews:review", args=[two_of_three.review.pk])).content.decode()
    assert "Have sent their information: 0." in html
    assert "3 of 4 forms sent" in html
