"""The programme form saves itself as one types, like the answers: a page-level
status says when, rows added in the page are saved once (never twice), and after
"Save" the input page lands on the programme's card."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser import test_programme_form
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

# The programme of the form's own browser tests: Luis's, of objective 21.
programme = test_programme_form.programme

SAVED = re.compile(r"Todos los cambios guardados a las \d\d:\d\d:\d\d")


def until(condition, seconds=15):
    """Wait for something the page's saves make true in the database."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not saved in time"
        time.sleep(0.2)


def open_form(page, programme):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "luis", "pw")
    input = programme.request.inputs.get(objective__number=21)
    page.goto(f"/work/inputs/{input.pk}/programmes/{programme.pk}/")
    assert_accessible(page)
    return input


def test_changes_and_a_new_row_are_autosaved_once(page, programme):
    open_form(page, programme)
    status = page.locator("#autosave-page-status")
    page.locator("[name=description]").fill("Acompaña a las personas retornadas.")
    page.locator("[name='statistics-0-total']").fill("8")
    page.locator("[name='statistics-0-men']").fill("")
    page.locator("[name='statistics-0-women']").fill("")
    # A row added in the page, after the form's own empty row: saved as the second row.
    page.get_by_role("button", name=re.compile("estad")).click()
    page.locator("[name='statistics-2-indicator']").fill("Niñas y niños")
    page.locator("[name='statistics-2-total']").fill("4")
    # On a slow machine an autosave may go while the row is typed: wait for the one
    # that carries it, whatever the bar said before.
    until(lambda: programme.statistics.count() == 2)
    expect(status).to_have_text(SAVED, timeout=15_000)
    assert_accessible(page)

    # A second autosave updates the new row: its id was filled in, nothing is created.
    with page.expect_response(lambda r: r.request.headers.get("x-autosave") == "1") as sent:
        page.locator("[name='statistics-1-total']").fill("5")
        page.locator("[name=description]").focus()  # leaving the field saves at once
    assert sent.value.status == 200
    expect(status).to_have_text(SAVED)
    assert list(programme.statistics.order_by("pk").values_list("indicator", "total")) == [
        (programme.statistics.order_by("pk")[0].indicator, 8),
        ("Niñas y niños", 5),
    ]

    page.reload()
    expect(page.locator("[name=description]")).to_have_value("Acompaña a las personas retornadas.")
    expect(page.locator("[name='statistics-0-total']")).to_have_value("8")
    expect(page.locator("[name='statistics-1-indicator']")).to_have_value("Niñas y niños")
    expect(page.locator("[name='statistics-1-total']")).to_have_value("5")
    # The two saved rows and the one empty row: no duplicate.
    expect(page.locator("[data-formset='statistics'] [data-formset-row]")).to_have_count(3)
    assert_accessible(page)


def test_after_saving_the_input_page_shows_the_programme(page, programme):
    for n in range(6):  # enough programmes above it to push it off the first screen
        factories.ProgrammeFactory(request=programme.request, name=f"Otro {n}", challenges=0)
    input = open_form(page, programme)
    page.locator("[name=description]").fill("Cambio")
    page.locator("form.programme-form button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(rf"/work/inputs/{input.pk}/#programme-{programme.pk}$"))
    expect(page.locator(f"#programme-{programme.pk}")).to_be_in_viewport()
    assert_accessible(page)


def test_a_refused_autosave_marks_the_field_and_says_why(page, programme):
    """Found walking the portal: 30,000 pasted characters gave only "1 field needs
    attention" in the bar, with no field marked."""
    open_form(page, programme)
    description = page.locator("[name=description]")
    description.fill("palabra " * 3_750)  # 30,000 characters
    status = page.locator("#autosave-page-status")
    expect(status).to_contain_text(
        "No se guardó: este texto tiene 29\u00a0999 caracteres", timeout=15_000
    )
    expect(description).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_description-autosave-error")).to_contain_text("más de 20\u00a0000")
    assert_accessible(page)
    # Shortened, it saves, and the mark goes.
    description.fill("Acompaña a las personas retornadas.")
    expect(status).to_have_text(SAVED, timeout=15_000)
    expect(description).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_description-autosave-error")).to_have_count(0)
