"""The programme form as a person sees it at 1366 and 390 px: the statistics table
in view, rows added and removed in the page, totals checked as one types, and the
way back to the programme after saving."""

import re

import pytest
from playwright.sync_api import expect

from reviews import selectors
from reviews.models import FocalPoint
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in


@pytest.fixture
def programme(page):
    request = factories.InstitutionRequestFactory(objectives=[factories.objective(21)])
    focal = factories.UserFactory(username="luis")
    FocalPoint.objects.create(institution=request.institution, user=focal)
    next(i for i in selectors.request_inputs(request=request) if i.objective.number == 21)
    return factories.ProgrammeFactory(request=request, name="Programa Retorno", challenges=0)


def open_in_english(page, programme):
    """Sign in (in Spanish, the portal's default), then open the form in English."""
    sign_in(page, "luis", "pw")
    page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": page.url.split("/work/")[0]}]
    )
    input = programme.request.inputs.get(objective__number=21)
    page.goto(f"/work/inputs/{input.pk}/programmes/{programme.pk}/")
    assert_accessible(page)
    return input


def visible_rows(page):
    return page.locator("[data-formset='statistics'] [data-formset-row]:visible")


@pytest.mark.parametrize("width", [1366, 390])
def test_statistics_rows_added_removed_checked_and_saved(page, programme, width):
    page.set_viewport_size({"width": width, "height": 800})
    input = open_in_english(page, programme)

    # The first box of the table is there to be seen, inside the screen's width.
    first = page.get_by_label("Indicator (row 1)", exact=True)
    first.scroll_into_view_if_needed()
    box = first.bounding_box()
    assert box and box["width"] > 40 and box["height"] > 10, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    # ...and not clipped away by its table's scrolling box, nor under anything else.
    shown = first.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el; }"
    )
    assert shown, "the first statistics box is clipped or covered"
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    expect(visible_rows(page)).to_have_count(2)  # the saved row and one empty row
    add = page.get_by_role("button", name="Add a statistics row")
    add.click()
    add.click()
    expect(visible_rows(page)).to_have_count(4)
    expect(page.get_by_label("Indicator (row 4)", exact=True)).to_be_focused()
    page.get_by_role("button", name="Remove row 4").click()
    expect(visible_rows(page)).to_have_count(3)
    assert_accessible(page)

    page.get_by_label("Indicator (row 2)", exact=True).fill("Personas retornadas")
    page.get_by_label("Men (row 2)", exact=True).fill("10")
    page.get_by_label("Women (row 2)", exact=True).fill("5")
    page.get_by_label("Total (row 2)", exact=True).fill("99")
    check = page.get_by_text("The total must be men plus women (15).")
    expect(check).to_be_visible()
    expect(page.get_by_label("Total (row 2)", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Total (row 2)", exact=True).fill("15")
    expect(check).to_have_count(0)
    page.get_by_label("Indicator (row 3)", exact=True).fill("Niñas y niños")
    page.get_by_label("Total (row 3)", exact=True).fill("4")

    # Challenges are rows of a formset too.
    challenges = page.locator("[data-formset='challenges'] [data-formset-row]:visible")
    expect(challenges).to_have_count(1)
    page.get_by_role("button", name="Add a challenge").click()
    expect(challenges).to_have_count(2)
    page.get_by_role("button", name="Remove challenge 2").click()
    expect(challenges).to_have_count(1)

    page.get_by_role("button", name="Save").click()
    # "Save" waits for an autosave on its way before it sends the form: wait for the
    # new page itself, not for the load state the old one already has.
    expect(page).to_have_url(re.compile(rf"/work/inputs/{input.pk}/#programme-{programme.pk}$"))
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert list(programme.statistics.values_list("indicator", "men", "women", "total")) == [
        ("Personas atendidas", 3, 4, 7),
        ("Personas retornadas", 10, 5, 15),
        ("Niñas y niños", None, None, 4),
    ]


def test_errors_are_summed_up_at_the_top_and_the_summary_has_the_focus(page, programme):
    page.set_viewport_size({"width": 390, "height": 844})
    open_in_english(page, programme)
    page.get_by_label(re.compile(r"^\s*Name")).fill("")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label(re.compile(r"^\s*Name"))).to_be_focused()
