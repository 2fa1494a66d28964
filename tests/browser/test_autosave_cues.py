"""What a person sees while autosaving: who saved first and what differs, a status that
stays in view, and an answer form that shows only what applies (issue 13, items 4, 5, 10).

In English (the language switch's cookie), so the strings do not wait for the catalogue."""

import re

import pytest
from playwright.sync_api import expect

from reviews import services
from reviews.models import Answer, NationalText
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_questionnaire import answer_box, questionnaire  # noqa: F401

ALL_SAVED = re.compile(r"^All changes saved at \d\d:\d\d:\d\d$")
SAVED = re.compile(r"Saved at \d\d:\d\d:\d\d")


def in_english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def field_status(page, code):
    return page.locator("section", has=answer_box(page, code)).locator(".save-status")


def page_status(page):
    return page.locator("#autosave-page-status")


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def two_tabs_in_conflict(page, live_server, questionnaire):  # noqa: F811
    """Luis types answer a in one tab, then a different text in a second, older tab."""
    sign_in(page, "luis", "pw-luis-1")
    in_english(page, live_server)
    page.goto(questionnaire.get_absolute_url())
    assert_accessible(page)
    other = page.context.new_page()
    other.checked_urls = page.checked_urls
    other.goto(questionnaire.get_absolute_url())
    assert_accessible(other)

    answer_box(page, "a").fill("Returns from Mexico are the priority.")
    expect(field_status(page, "a")).to_have_text(SAVED, timeout=15_000)

    answer_box(other, "a").fill("Returns from the United States are the priority.")
    answer_box(other, "a").blur()
    conflict = other.get_by_role("region", name="Two versions of this text")
    expect(conflict).to_be_visible(timeout=15_000)
    expect(conflict).to_contain_text(
        re.compile(r"You saved this in another tab or window at \d\d:\d\d:\d\d")
    )
    expect(conflict.locator("del")).to_contain_text("Mexico")
    expect(conflict.locator("ins")).to_contain_text("the United States")
    expect(page_status(other)).to_have_text(re.compile("^Not saved"))
    assert_accessible(other)
    return other, conflict


def test_keep_mine_saves_my_text_on_top_of_the_other_tabs(page, live_server, questionnaire):  # noqa: F811
    other, conflict = two_tabs_in_conflict(page, live_server, questionnaire)
    # Typing on while the choice is pending sends nothing over the other tab's text.
    answer_box(other, "a").press("End")
    answer_box(other, "a").press_sequentially(" Really.")
    answer_box(other, "a").blur()
    other.wait_for_timeout(500)
    assert Answer.objects.get(input=questionnaire, question__code="a").version == 1

    conflict.get_by_role("button", name="Keep mine").click()
    expect(conflict).to_be_hidden()
    expect(field_status(other, "a")).to_have_text(SAVED, timeout=15_000)
    expect(page_status(other)).to_have_text(ALL_SAVED)
    assert_accessible(other)
    answer = Answer.objects.get(input=questionnaire, question__code="a")
    assert answer.text == "Returns from the United States are the priority. Really."
    assert answer.version == 2
    other.close()


def test_take_theirs_puts_the_other_tabs_text_in_the_box(page, live_server, questionnaire):  # noqa: F811
    other, conflict = two_tabs_in_conflict(page, live_server, questionnaire)
    conflict.get_by_role("button", name="Take theirs").click()
    expect(conflict).to_be_hidden()
    expect(answer_box(other, "a")).to_have_value("Returns from Mexico are the priority.")
    expect(field_status(other, "a")).to_have_text(SAVED, timeout=15_000)
    expect(page_status(other)).to_have_text(ALL_SAVED)
    assert_accessible(other)
    answer = Answer.objects.get(input=questionnaire, question__code="a")
    assert (answer.text, answer.version) == ("Returns from Mexico are the priority.", 1)

    # The tab now edits the stored version: the next words save without a conflict.
    answer_box(other, "a").press("End")
    answer_box(other, "a").press_sequentially(" Since 2024.")
    answer_box(other, "a").blur()
    expect(field_status(other, "a")).to_have_text(SAVED, timeout=15_000)
    expect(other.get_by_role("region", name="Two versions of this text")).to_have_count(0)
    answer = Answer.objects.get(input=questionnaire, question__code="a")
    assert (answer.text, answer.version) == ("Returns from Mexico are the priority. Since 2024.", 2)
    other.close()


def test_the_page_status_stays_in_view_on_a_phone(page, live_server, questionnaire):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "luis", "pw-luis-1")
    in_english(page, live_server)
    page.goto(questionnaire.get_absolute_url())
    assert_accessible(page)
    status = page_status(page)
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")

    box = answer_box(page, "b")
    box.fill(" ".join(["Retornos acompañados por el IGM y la cancillería."] * 80))
    box.press_sequentially(" Fin.")
    page.evaluate("window.scrollTo(0, 0)")  # reading the top of a long answer
    assert not in_viewport(page, field_status(page, "b"))
    expect(status).to_have_text(re.compile(r"^(1 unsaved change|Saving…)$"))
    assert in_viewport(page, status)
    expect(status).to_have_text(ALL_SAVED, timeout=15_000)
    assert in_viewport(page, status)
    assert_accessible(page)

    # The last control of the page can still be scrolled clear of the bar.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = page.locator("footer").bounding_box()
    assert footer["y"] + footer["height"] <= status.bounding_box()["y"] + 1

    # A dropped connection is said on the page, not only beside the field.
    page.context.set_offline(True)
    box.press_sequentially(" Sin red.")
    box.blur()
    expect(status).to_have_text("Not saved: connection lost, retrying", timeout=15_000)
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text(ALL_SAVED, timeout=20_000)
    assert_accessible(page)


def test_the_answer_form_shows_only_what_applies(page, live_server, questionnaire):  # noqa: F811
    sign_in(page, "luis", "pw-luis-1")
    in_english(page, live_server)
    page.goto(questionnaire.get_absolute_url())
    assert_accessible(page)
    # The guidance shared by the four questions, once, and read with each answer box.
    guidance = page.get_by_text(re.compile("^About 500 words. Base the answer"))
    expect(guidance).to_have_count(1)
    guidance_id = page.locator(".shared-guidance").get_attribute("id")
    for code in "abcd":
        assert guidance_id in answer_box(page, code).get_attribute("aria-describedby").split()
    # "Which of these objectives" on a one-objective page says which one.
    expect(page.locator("section", has=answer_box(page, "a"))).to_contain_text(
        "(here: objective 21)"
    )

    section = page.locator("section", has=answer_box(page, "c"))
    reason = section.get_by_role("textbox", name=re.compile("not apply"))
    expect(reason).to_be_hidden()
    section.get_by_label("Not applicable to my institution").check()
    expect(reason).to_be_visible()
    expect(reason).to_have_attribute("required", "")
    assert_accessible(page)
    reason.fill("Returns are not handled by this institution.")
    reason.blur()
    expect(field_status(page, "c")).to_have_text(SAVED, timeout=15_000)
    answer = Answer.objects.get(input=questionnaire, question__code="c")
    assert answer.not_applicable and answer.not_applicable_reason.startswith("Returns are not")
    section.get_by_label("Not applicable to my institution").uncheck()
    expect(reason).to_be_hidden()
    assert_accessible(page)


@pytest.fixture
def national_text(questionnaire):  # noqa: F811
    review = questionnaire.request.review
    services.review_rows_sync(review=review)
    return NationalText.objects.get(review=review, key="objective-21")


def test_the_coordinators_editor_has_the_page_status(page, live_server, national_text):
    sign_in(page, "ana", "pw-ana-1")
    in_english(page, live_server)
    page.goto(f"/work/reviews/{national_text.review_id}/objectives/21/")
    assert_accessible(page)
    status = page_status(page)
    expect(status).to_have_count(1)
    page.get_by_role("textbox", name="National text").fill("Guatemala answers returns jointly.")
    expect(status).to_have_text(ALL_SAVED, timeout=15_000)
    assert in_viewport(page, status)
    assert_accessible(page)
    national_text.refresh_from_db()
    assert national_text.text == "Guatemala answers returns jointly."
