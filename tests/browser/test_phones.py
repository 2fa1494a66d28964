"""What a person sees on a 390 px phone and on a 1366 px laptop (issue 13, items 6
and 10): a collapsed menu, tables whose actions stay on screen, a contents list on
the long cross-cutting page, and cues that can be seen (focus, checkboxes, badges)."""

import re

import pytest

from reviews import selectors
from reviews.models import Question
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def review(page):
    """A review as the demo has it: long Spanish names, pending invitations, a focal point."""
    coordinator = factories.UserFactory(username="ana")
    review = factories.NationalReviewFactory(
        cycle=factories.ReviewCycleFactory(questionnaire=Question.AskedPer.OBJECTIVE),
        coordinator=coordinator,
    )
    names = [
        ("Secretaría contra la Violencia Sexual, Explotación y Trata de Personas", "SVET"),
        ("Ministerio de Salud Pública y Asistencia Social", "MSPAS"),
        ("Instituto Guatemalteco de Migración", "IGM"),
    ]
    for name, acronym in names:
        request = factories.InstitutionRequestFactory(
            review=review,
            institution__name=name,
            institution__acronym=acronym,
            objectives=[factories.objective(n) for n in (1, 2, 21, 23)],
            mark_sent=True,
        )
        factories.FocalPointFactory(
            institution=request.institution,
            user=factories.UserFactory(
                username=f"{acronym.lower()}.gt", first_name="María José", last_name="Castañeda"
            ),
        )
        factories.FocalPointFactory(
            institution=request.institution,
            user=factories.UserFactory(
                email=f"suplente.{acronym.lower()}@example.gob.gt", password=None
            ),
        )
    return review


def _contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS colours as getComputedStyle gives them."""

    def luminance(colour: str) -> float:
        red, green, blue = (float(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _open(page, viewport, username: str, path: str) -> None:
    """At this width, sign in and open a page of the portal, checked with axe-core."""
    page.set_viewport_size(viewport)
    sign_in(page, username, "pw")
    page.goto(path)
    assert_accessible(page)


def _assert_on_screen(page, selector: str) -> None:
    """Every element matched lies inside the viewport's width, and nothing scrolls sideways."""
    width = page.viewport_size["width"]
    boxes = page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent.trim().slice(0, 40), r.left, r.right, r.width]; })",
    )
    assert boxes, f"nothing matches {selector} on {page.url}"
    outside = [b for b in boxes if b[3] == 0 or b[1] < 0 or b[2] > width]
    assert not outside, f"off screen at {width} px on {page.url}: {outside}"
    wide = page.eval_on_selector_all(
        ".table-responsive", "els => els.filter(e => e.scrollWidth > e.clientWidth).length"
    )
    assert wide == 0, f"a table scrolls sideways at {width} px on {page.url}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_header_is_a_collapsed_menu_on_a_phone(page, review):
    _open(page, PHONE, "ana", f"/work/reviews/{review.pk}/")
    height = page.locator("header").bounding_box()["height"]
    assert height <= 80, f"the header is {height} px tall at 390 px"
    language = page.locator("header button[name=language]").first
    sign_out = page.locator("header form[action$='logout/'] button")
    assert not language.is_visible() and not sign_out.is_visible()

    toggler = page.locator("header button.navbar-toggler")
    assert toggler.get_attribute("aria-expanded") == "false"
    assert toggler.get_attribute("aria-label")
    menu = page.locator("#" + toggler.get_attribute("aria-controls"))
    toggler.focus()
    page.keyboard.press("Enter")  # the keyboard opens it, as a click would
    language.wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
    assert sign_out.is_visible() and menu.is_visible()
    page.wait_for_timeout(400)  # the collapse animation, before axe-core looks
    assert_accessible(page)


def test_the_header_is_one_line_on_a_laptop(page, review):
    page.set_viewport_size(LAPTOP)
    sign_in(page, "ana", "pw")
    assert not page.locator("header button.navbar-toggler").is_visible()
    assert page.locator("header button[name=language]").first.is_visible()
    assert page.locator("header").bounding_box()["height"] <= 80


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
def test_every_action_of_the_institutions_table_is_on_screen(page, review, viewport):
    _open(page, viewport, "ana", f"/work/reviews/{review.pk}/")
    _assert_on_screen(page, "main table tbody a, main table tbody button")
    _assert_on_screen(page, "main table tbody th, main table tbody td")
    # The workspace tabs are one compact row, not three lines of tabs.
    workspace = page.get_by_role(
        "navigation", name=re.compile("espacio de trabajo|workspace", re.I)
    )
    assert workspace.bounding_box()["height"] <= 60


def test_the_focal_points_forms_stay_on_screen_on_a_phone(page, review):
    institution = review.requests.get(institution__acronym="SVET").institution
    _open(page, PHONE, "svet.gt", f"/work/institutions/{institution.pk}/")
    _assert_on_screen(page, "main table tbody a")
    _assert_on_screen(page, "main table tbody th, main table tbody td")
    badge = page.locator("main table .badge").first
    size = badge.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 13, f"a status badge is {size} px"


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
def test_the_cross_cutting_page_has_a_contents_list(page, review, viewport):
    _open(page, viewport, "ana", f"/work/reviews/{review.pk}/report/")
    targets = page.eval_on_selector_all(
        "nav#contents a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert len(targets) >= 6, targets
    for target in targets:
        assert target.startswith("#") and page.locator(target).count() == 1, target
    # Every question of the cycle is listed.
    questions = page.locator("main h3[id^='question-']").count()
    assert questions and page.locator("nav#contents a[href^='#question-']").count() == questions
    # Each section leads back to the list.
    back = page.locator("main a[href='#contents']")
    assert back.count() >= 6
    page.locator("nav#contents a[href='#next-heading']").click()
    assert page.locator("#next-heading").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
def test_focus_and_checkboxes_can_be_seen(page, review, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, "igm.gt", "pw")
    request = review.requests.get(institution__acronym="IGM")
    first = selectors.request_inputs(request=request)[0]
    page.goto(f"/work/inputs/{first.pk}/")
    assert_accessible(page)

    field = page.locator("main textarea").first
    field.focus()
    style = field.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert style[0] != "none" and style[1] >= 2, f"a focused text field shows {style}"
    assert _contrast(style[2], "rgb(255, 255, 255)") >= 3, style

    box = page.locator("main input.form-check-input[type=checkbox]").first
    border, background = box.evaluate(
        "e => [getComputedStyle(e).borderTopColor, getComputedStyle(e).backgroundColor]"
    )
    assert _contrast(border, background) >= 3, f"checkbox border {border} on {background}"
    assert _contrast(border, "rgb(255, 255, 255)") >= 3
