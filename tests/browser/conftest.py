"""Playwright journeys in Debian's Chromium, each page checked with axe-core.

Every browser test gets a ``page`` whose loads are recorded; ``assert_accessible``
runs axe-core on what is shown, and the fixture fails a test that loaded a
page it never checked. The final state of every test is checked too.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from objectives.services import load_reference_data

# Playwright's sync API runs an event loop in the test thread; Django refuses
# ORM calls from such a thread unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BLOCKING_IMPACTS = {"serious", "critical"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        # Plain `pytest` on a laptop without Chromium runs the rest; CI must not skip.
        message = f"no Chromium at {CHROMIUM}: `make chromium` installs Debian's"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def assert_accessible(page) -> None:
    """Run axe-core on the page as shown; fail on serious or critical violations."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the portal's CSP forbids inline scripts.
        page.evaluate(AXE.read_text())
    # preload: false: axe-core would re-inject @import-ed stylesheets (the admin's) as
    # inline <style>, which the CSP rightly refuses; that would be axe's doing, not the page's.
    results = page.evaluate(
        "async () => await axe.run(document, {preload: false, runOnly: ['wcag2a', 'wcag2aa', "
        "'wcag21a', 'wcag21aa', 'best-practice']})"
    )
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    page.checked_urls.add(page.url)
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in blocking
    )


def follow(page, locator) -> None:
    """Click what leads to a new page, wait for it, and check it with axe-core."""
    locator.click()
    page.wait_for_load_state("load")
    assert_accessible(page)


def sign_in(page, username, password):
    """Sign in through the real form (django-axes wants a real request)."""
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Correo electrónico o nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_load_state("load")
    assert_accessible(page)


@pytest.fixture
def page(browser, live_server, transactional_db):
    load_reference_data()  # transactional tests start from an empty database
    # Reduced motion: no colour transitions half-way through when axe-core looks.
    context = browser.new_context(base_url=live_server.url, locale="en-US", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.checked_urls = set()
    loaded = []
    page.on("load", lambda p: loaded.append(p.url))
    # Anything the Content-Security-Policy blocked is a defect of the page.
    blocked = []
    context.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    yield page
    assert_accessible(page)
    unchecked = sorted(set(loaded) - page.checked_urls)
    context.close()
    assert not unchecked, f"pages loaded but never checked with axe-core: {unchecked}"
    assert not blocked, "the Content-Security-Policy blocked:\n" + "\n".join(blocked)
