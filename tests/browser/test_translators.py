"""A translator edits a catalogue in the portal, in Chromium, each page checked with axe-core."""

import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from gcm_portal.translators import TRANSLATORS
from tests.browser.conftest import assert_accessible, follow, sign_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def catalogues(settings, tmp_path):
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    settings.ROSETTA_EXCLUDED_PATHS = [str(ROOT / "locale")]
    return tmp_path / "locale"


def test_a_translator_corrects_a_spanish_string(page, catalogues):
    user = get_user_model().objects.create_user("traductora", "t@example.org", "pw-trad-1")
    Group.objects.get_or_create(name=TRANSLATORS)[0].user_set.add(user)
    sign_in(page, "traductora", "pw-trad-1")
    page.goto("/translations/")
    assert_accessible(page)
    follow(page, page.locator("a[href*='/files/project/es/']").first)
    search = page.locator("input[name=query]")
    search.fill("Published national reports")
    search.press("Enter")
    page.wait_for_load_state("load")
    assert_accessible(page)
    # Each box is named by its original text (it had no label at all).
    box = page.get_by_role("textbox", name="Published national reports", exact=True)
    expect(box).to_have_value("Informes nacionales publicados")
    box.fill("Informes nacionales ya publicados")
    follow(page, page.get_by_role("button", name=re.compile("Guardar y traducir")))
    po = (catalogues / "es" / "LC_MESSAGES" / "django.po").read_text()
    assert 'msgstr "Informes nacionales ya publicados"' in po
    expect(page.locator("body")).to_be_visible()
