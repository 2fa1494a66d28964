"""Every page of the demo walk in Portuguese: see tests/browser/languages.py."""

import pytest

from tests.browser.languages import walk_in
from tests.browser.test_every_page import ROLES


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_speaks_portuguese(page, live_server, settings, role):
    walk_in(page, live_server, settings, "pt", role)
