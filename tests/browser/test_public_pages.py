import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def test_home_in_spanish_then_english_and_it_stays(page):
    # The browser asks for English (locale en-US); the portal starts in Spanish.
    page.goto("/")
    assert_accessible(page)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name=re.compile(r"^1\.\s*Datos$"))).to_be_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/")
    assert_accessible(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name=re.compile(r"^1\.\s*Data$"))).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Improving the social inclusion"))
    ).to_be_visible()

    page.get_by_role("link", name="Guiding principles").click()
    page.wait_for_url("**/guiding-principles/")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="People-centred")).to_be_visible()


def test_round_table_grouping_and_objective_page(page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Por mesa redonda del FEMI 2022").click()
    page.wait_for_url("**grouping=round-tables")
    assert_accessible(page)
    expect(page.get_by_role("heading", name=re.compile("Mesa redonda 2"))).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^8\.\s*Salvar vidas$")).click()
    page.wait_for_url("**/objectives/8/")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Salvar vidas")


def test_skip_link_moves_focus_to_main(page):
    page.goto("/guiding-principles/")
    assert_accessible(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Saltar al contenido principal")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
