"""The public pages in a browser, as an anonymous visitor: from the menu to a published
report and its PDF, and one objective across the published reports; each page
checked with axe-core, and at 390 px wide without the page scrolling sideways."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reviews import services
from reviews.models import NationalReview
from tests.browser.conftest import assert_accessible, follow
from tests.factories import (
    InstitutionRequestFactory,
    NationalReviewFactory,
    ProgrammeFactory,
    ReviewCycleFactory,
    country,
    objective,
)


def _review(cycle, iso3: str, programme: str, status=NationalReview.Status.SUBMITTED):
    review = NationalReviewFactory(cycle=cycle, country=country(iso3))
    ProgrammeFactory(
        request=InstitutionRequestFactory(review=review),
        name=programme,
        objectives=[objective(7)],
        statistics=2,
    )
    review.texts.filter(key="objective-7").update(text=f"{programme}: texto.", version=1)
    review.status = status
    review.save(update_fields=["status"])
    return review


@pytest.fixture
def published(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cycle = ReviewCycleFactory()
    mexico = _review(cycle, "MEX", "Programa Paisano")
    services.review_publish(review=mexico, user=None)  # the PDFs made as it commits
    _review(cycle, "GTM", "Programa Oculto")  # submitted, not published
    return mexico


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_visitor_reads_a_published_report(page, published, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    assert_accessible(page)
    if width == 390:
        page.locator(".navbar-toggler").click()
    follow(page, page.locator(f"header a[href='{reverse('public:index')}']"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("México")
    expect(main).not_to_contain_text("Guatemala")
    assert fits(page)
    follow(page, main.get_by_role("rowheader").get_by_role("link", name="México"))
    assert fits(page)
    follow(page, page.get_by_role("main").get_by_role("link", name=re.compile("FEMI")).first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Informe nacional de México")
    expect(page.get_by_role("main")).to_contain_text("Programa Paisano")
    assert fits(page)
    pdf_link = page.get_by_role("main").locator("a[type='application/pdf']")
    # The live server runs the worker's tasks at once: both layouts are made, in the
    # default language and the publisher's (Spanish here, so two).
    expect(pdf_link).to_have_count(2)
    response = page.request.get(pdf_link.first.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    page.goto(reverse("objectives:objective", args=[7]))
    assert_accessible(page)
    follow(page, page.locator(f"main a[href='{reverse('public:objective', args=[7])}']"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2)).to_contain_text(["México"])
    expect(main).to_contain_text("Programa Paisano: texto.")
    expect(main).not_to_contain_text("Programa Oculto")
    assert fits(page)
