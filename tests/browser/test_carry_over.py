"""Issue 18's journey: a focal point opens a form of the new cycle that starts from
what the institution submitted in 2020, changes one answer and sends it; another
form goes as it came. The coordinator sees the first "updated", the second
"carried over unchanged" and flagged as sent unchanged.

Located by what does not change when the catalogue is filled (addresses, ids),
since the pages are read in Spanish."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from objectives.models import Country, Objective
from reviews import selectors, services
from reviews.models import (
    FocalPoint,
    Input,
    Institution,
    NationalCoordinator,
    NationalReview,
    Question,
)
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.reviews.conftest import make_cycle

EARLIER = "El IGM atiende a 300 personas retornadas al mes en el Centro de Recepción."
LATER = "El IGM atiende a 450 personas retornadas al mes en dos Centros de Recepción."


def review_of(cycle, coordinator, institution, focal_point):
    guatemala = Country.objects.get(iso3="GTM")
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    NationalCoordinator.objects.create(review=review, user=coordinator)
    services.review_rows_sync(review=review)
    return services.institution_request_save(
        review=review,
        institution=institution,
        objectives=Objective.objects.filter(number__in=[7, 8]),
    )


@pytest.fixture
def carried(page):
    """IGM answered objectives 7 and 8 in 2020 (submitted); the 2026 cycle asks alike."""
    User = get_user_model()
    coordinator = User.objects.create_user("ana", "ana@example.org", "pw-ana-1")
    luis = User.objects.create_user("luis", "luis@example.org", "pw-luis-1")
    institution = Institution.objects.create(
        country=Country.objects.get(iso3="GTM"),
        name="Instituto Guatemalteco de Migración",
        acronym="IGM",
    )
    FocalPoint.objects.create(institution=institution, user=luis)
    today = datetime.date.today()
    earlier_cycle = make_cycle(
        "examen-2020",
        name_es="Examen regional 2020 de América Latina y el Caribe",
        opens_on=today - datetime.timedelta(days=800),
        deadline=today - datetime.timedelta(days=700),
    )
    services.questionnaire_create_default(
        cycle=earlier_cycle, asked_per=Question.AskedPer.OBJECTIVE
    )
    earlier = review_of(earlier_cycle, coordinator, institution, luis)
    for input in earlier.inputs.all():
        for answer in selectors.input_answers(input=input):
            first = input.objective and input.objective.number == 7 and answer.question.code == "a"
            services.answer_save(
                answer_id=answer.pk,
                user=luis,
                text=EARLIER if first else f"Respuesta {answer.question.code} de 2020.",
                not_applicable=False,
                reason="",
                base_version=answer.version,
            )
        services.input_submit(input=input, user=luis)
    NationalReview.objects.filter(pk=earlier.review_id).update(
        status=NationalReview.Status.SUBMITTED
    )
    cycle = make_cycle("examen-2026", name_es="Examen regional 2026")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    return review_of(cycle, coordinator, institution, luis)


def test_a_carried_form_changed_and_sent_is_updated_the_other_unchanged(page, carried):
    seventh = carried.inputs.get(objective__number=7)
    eighth = carried.inputs.get(objective__number=8)
    sign_in(page, "luis", "pw-luis-1")
    page.goto(seventh.get_absolute_url())
    assert_accessible(page)
    expect(page.locator("#carried-heading")).to_contain_text("Examen regional 2020")
    first = seventh.answers.get(question__code="a")
    box = page.locator(f"#text-{first.pk}")
    expect(box).to_have_value(EARLIER)
    expect(page.locator(f"section[aria-labelledby=q-{first.pk}]")).to_contain_text(
        "Examen regional 2020"
    )

    expect(page.locator(f"#status-{first.pk}")).to_be_empty()  # not saved by anyone yet
    box.fill(LATER)
    box.blur()
    expect(page.locator(f"#status-{first.pk}")).to_contain_text("Guardado a las")
    follow(page, page.locator("main a[href$='/submit/']"))
    follow(page, page.locator("main form:has(input[name=confirm]) button[type=submit]"))
    assert Input.objects.get(pk=seventh.pk).status == Input.Status.SUBMITTED

    # What changed, word by word, since 2020.
    page.goto(f"/work/inputs/{seventh.pk}/changes/")
    assert_accessible(page)
    expect(page.locator("main del").first).to_have_text("300")
    expect(page.locator("main ins").first).to_have_text("450")

    # The other form goes as it came.
    page.goto(eighth.get_absolute_url())
    follow(page, page.locator("main a[href$='/submit/']"))
    follow(page, page.locator("main form:has(input[name=confirm]) button[type=submit]"))

    page.context.clear_cookies()
    sign_in(page, "ana", "pw-ana-1")
    page.goto(f"/work/reviews/{carried.review_id}/progress/")
    assert_accessible(page)
    table = page.locator("section[aria-labelledby=carried-heading] table")
    # IGM's row: objective 7 under "Actualizado", objective 8 under "Trasladado sin cambios".
    expect(table.locator("thead")).to_contain_text("Actualizado")
    expect(table.locator("thead")).to_contain_text("Trasladado sin cambios")
    updated = table.locator("td[data-state=updated]")
    unchanged = table.locator("td[data-state=unchanged]")
    expect(updated.locator(f"a[href$='/inputs/{seventh.pk}/changes/']")).to_have_count(1)
    expect(unchanged.locator(f"a[href$='/inputs/{eighth.pk}/changes/']")).to_have_count(1)
    expect(unchanged.locator(f"a[href$='/inputs/{seventh.pk}/changes/']")).to_have_count(0)
    expect(unchanged).to_contain_text("enviado sin cambios")
    expect(page.locator("section[aria-labelledby=carried-heading] .alert-warning")).to_be_visible()


def test_the_carried_pages_do_not_scroll_sideways_on_a_phone(page, carried):
    """The "carried over from <cycle>" badge named a long cycle on one line: the form
    was 442 px wide at 390 (seen in the demo's screenshots)."""
    page.set_viewport_size({"width": 390, "height": 844})
    seventh = carried.inputs.get(objective__number=7)
    sign_in(page, "luis", "pw-luis-1")
    for path in [seventh.get_absolute_url(), f"/work/inputs/{seventh.pk}/changes/"]:
        page.goto(path)
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide at 390"
