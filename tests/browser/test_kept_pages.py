"""Issue 20: pages are kept for their next reading, never past a save. Two people
at once, each in their own browser: the coordinator keeps the progress page
open and reloads it while the focal point writes and sends; the focal point
reloads the form after saving and goes on typing without a conflict.

Both sign in first: a sign-in is itself a write, and would make every kept page
afresh, hiding what this test looks for."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from objectives.models import Country, Objective
from reviews import services
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

FIRST = "El IGM atendió a 450 personas retornadas en el primer semestre."
SECOND = "El IGM atendió a 470 personas retornadas en el primer semestre de 2026."


@pytest.fixture
def review(page):
    User = get_user_model()
    ana = User.objects.create_user("ana", "ana@example.org", "pw-ana-1")
    luis = User.objects.create_user("luis", "luis@example.org", "pw-luis-1")
    guatemala = Country.objects.get(iso3="GTM")
    institution = Institution.objects.create(
        country=guatemala, name="Instituto Guatemalteco de Migración", acronym="IGM"
    )
    FocalPoint.objects.create(institution=institution, user=luis)
    cycle = make_cycle("examen-2026", name_es="Examen regional 2026")
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    review = NationalReview.objects.create(cycle=cycle, country=guatemala)
    NationalCoordinator.objects.create(review=review, user=ana)
    services.review_rows_sync(review=review)
    request = services.institution_request_save(
        review=review, institution=institution, objectives=Objective.objects.filter(number=7)
    )
    return request.inputs.get(objective__number=7)


def test_the_coordinators_kept_page_shows_the_focal_points_work_at_the_next_reload(
    page, review, live_server
):
    coordinator = page
    focal_point = page.context.browser.new_context(
        base_url=live_server.url, locale="en-US", reduced_motion="reduce"
    ).new_page()
    focal_point.set_default_timeout(10_000)
    focal_point.checked_urls = set()
    sign_in(coordinator, "ana", "pw-ana-1")
    sign_in(focal_point, "luis", "pw-luis-1")

    progress = f"/work/reviews/{review.request.review_id}/progress/"
    coordinator.goto(progress)
    coordinator.reload()  # the kept copy
    assert_accessible(coordinator)
    igm = coordinator.locator(f"main tr:has(a[href$='/inputs/{review.pk}/'])").first
    expect(igm).to_contain_text("No iniciado")

    focal_point.goto(review.get_absolute_url())
    first = review.answers.get(question__code="a")
    box = focal_point.locator(f"#text-{first.pk}")
    box.fill(FIRST)
    box.blur()
    expect(focal_point.locator(f"#status-{first.pk}")).to_contain_text("Guardado a las")

    # The focal point's own form, read again after the save: the words just written,
    # and the version they made, so the next save is not refused as a conflict.
    focal_point.reload()
    assert_accessible(focal_point)
    expect(box).to_have_value(FIRST)
    box.fill(SECOND)
    box.blur()
    expect(focal_point.locator(f"#status-{first.pk}")).to_contain_text("Guardado a las")
    expect(focal_point.locator(".autosave-conflict")).to_have_count(0)

    coordinator.reload()
    expect(igm).to_contain_text("Borrador")

    for answer in review.answers.exclude(pk=first.pk):
        box = focal_point.locator(f"#text-{answer.pk}")
        box.fill(f"Respuesta {answer.question.code}.")
        box.blur()
        expect(focal_point.locator(f"#status-{answer.pk}")).to_contain_text("Guardado a las")
    follow(focal_point, focal_point.locator("main a[href$='/submit/']"))
    follow(
        focal_point,
        focal_point.locator("main form:has(input[name=confirm]) button[type=submit]"),
    )
    assert Input.objects.get(pk=review.pk).status == Input.Status.SUBMITTED

    coordinator.reload()
    assert_accessible(coordinator)
    expect(igm).to_contain_text("Enviado")
    focal_point.context.close()
