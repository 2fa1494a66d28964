import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, follow, sign_in


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


def in_english(page) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])


def test_the_home_page_says_what_the_portal_is_for_and_how_to_get_an_account(page):
    page.goto("/")
    in_english(page)
    page.reload()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("GCM Review Portal")
    expect(page.locator("main")).to_contain_text("voluntary review of the Global Compact")
    expect(page.get_by_role("heading", name="Who uses it")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Focal points")
    expect(page.get_by_role("heading", name="How to get an account")).to_be_visible()
    expect(page.locator("main")).to_contain_text("national coordinator invites the focal points")
    expect(page.locator("main")).to_contain_text("set up by the portal's administrators")
    follow(page, page.locator("main").get_by_role("link", name="Sign in"))
    page.wait_for_url("**/accounts/login/")


def test_an_objective_page_shows_its_commitment_groupings_and_place_in_a_review(page):
    page.goto("/objectives/7/")
    in_english(page)
    page.reload()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("reduce vulnerabilities")
    expect(page.get_by_role("heading", name="The commitment")).to_be_visible()
    un_text = page.get_by_role("link", name="Read paragraph 23 in the UN text (A/RES/73/195)")
    expect(un_text).to_have_attribute("href", "https://undocs.org/en/A/RES/73/195")
    expect(page.get_by_role("heading", name="Typical actions")).to_be_visible()
    expect(page.get_by_role("heading", name="Its place in a national review")).to_be_visible()
    expect(page.locator("main")).to_contain_text("one text per objective")
    # Its thematic areas and round table lead to the objectives grouped the same way.
    follow(page, page.get_by_role("link", name=re.compile(r"^\d\. ")).first)
    expect(page).to_have_url(re.compile(r"grouping=areas#group-\d$"))


def test_after_asking_for_a_reset_link_a_signed_out_person_is_offered_to_sign_in(page):
    page.goto("/accounts/password_reset/")
    assert_accessible(page)
    page.get_by_label("Correo electrónico").fill("nobody@example.org")
    follow(page, page.get_by_role("button", name="Enviarme un enlace"))
    page.wait_for_url("**/accounts/password_reset/done/")
    expect(page.get_by_role("link", name="Ir a mi trabajo")).to_have_count(0)
    expect(page.get_by_role("link", name="Mi trabajo")).to_have_count(0)
    follow(page, page.locator("main").get_by_role("link", name="Iniciar sesión"))
    page.wait_for_url("**/accounts/login/")


def test_someone_signed_in_without_a_role_is_told_whom_to_ask(page):
    get_user_model().objects.create_user("nobody", "nobody@example.org", "pw-nobody-2026")
    sign_in(page, "nobody", "pw-nobody-2026")
    in_english(page)
    page.goto("/work/")
    assert_accessible(page)
    main = page.locator("main")
    expect(main).to_contain_text("You have no role in a review yet.")
    expect(main).to_contain_text("national coordinator to add you as one of its focal points")
    expect(main).to_contain_text("ask the portal's administrators")
