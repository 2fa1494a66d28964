"""Every page of the demo walk in a further language (French, Portuguese), as each role sees it: no
string of the interface left in English (the catalogue's source) or in Spanish (the
default), and each page checked with axe-core in its language.

A string counts when it is three words or more of an entry whose translation differs,
cut at its placeholders; the demo's data (in Spanish) is not the interface's.
"""

import re
from pathlib import Path

from reviews import demo
from tests.browser.conftest import assert_accessible
from tests.browser.test_every_page import ROLES, _sign_in, pages_of

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%%|\{[a-z_]+\}|<[^>]+>")
# The demo's data speaks Spanish: these catalogue texts are also its words.
DATA = {"Guatemala", "México"}


def _fragments(text: str) -> list[str]:
    return [
        " ".join(part.split())
        for part in PLACEHOLDER.split(text)
        if len(part.split()) >= 3 and part.strip() not in DATA
    ]


def _entries(language: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of a catalogue, plurals by their first form."""
    import polib

    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    return [
        (entry.msgid, entry.msgstr or entry.msgstr_plural.get(0, ""))
        for entry in po
        if not entry.obsolete
    ]


def foreign_strings(language: str) -> dict[str, str]:
    """What must not show in ``language``: each fragment, with where it comes from."""
    translated = dict(_entries(language))
    spanish = dict(_entries("es"))
    found: dict[str, str] = {}
    for msgid, msgstr in translated.items():
        if msgstr and msgstr != msgid:
            found.update({f: "English" for f in _fragments(msgid) if f not in msgstr})
        es = spanish.get(msgid, "")
        if es and es != msgstr:
            found.update({f: "Spanish" for f in _fragments(es) if f not in msgstr})
    return found


def walk_in(page, live_server, settings, language: str, role: str) -> None:
    """Every page of ``role``'s walk in ``language``; fails naming what is not translated.
    (One module per language, so that the two run on two processes.)"""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    demo.load_demo_data()
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    if ROLES[role]:
        _sign_in(page, live_server.url, ROLES[role])
    foreign = foreign_strings(language)
    report = {}
    for visit in pages_of(role):
        page.goto(visit.url)
        assert_accessible(page)
        assert page.locator("html").get_attribute("lang") == language, visit.url
        if visit.url.startswith("/translations/"):
            continue  # the catalogue editor shows the English originals on purpose
        text = " ".join(page.locator("body").inner_text().split())
        leaks = sorted({f"{where}: {f}" for f, where in foreign.items() if f in text})
        if leaks:
            report[f"{visit.name} ({visit.url})"] = leaks
    assert not report, f"{role} in {language}: {len(report)} page(s) not translated\n" + "\n".join(
        f"* {name}\n" + "\n".join(f"    - {line}" for line in lines[:15])
        for name, lines in report.items()
    )
