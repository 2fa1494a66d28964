"""Rules of the codebase that a reviewer would otherwise have to remember."""

import ast
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "tests", "static", "staticfiles", "var", "locale", "migrations"}


def imported_modules(package: str):
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield path, node.module
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name


def test_objectives_never_imports_reviews():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path, module in imported_modules("objectives")
        if module == "reviews" or module.startswith("reviews.")
    ]
    assert not offenders


@pytest.mark.parametrize("language", ["es"])
def test_every_interface_string_is_translated(language):
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def po_msgids(text: str) -> set[str]:
    """The msgids of a .po (or xgettext output), continuation lines joined."""
    msgids, current, inside = set(), [], False
    for line in [*text.splitlines(), ""]:
        if line.startswith("msgid "):
            current, inside = [line[6:]], True
        elif inside and line.startswith('"'):
            current.append(line)
        elif inside:
            msgids.add("".join(part.strip()[1:-1] for part in current))
            inside = False
    msgids.discard("")
    return msgids


def test_the_spanish_catalogue_has_every_string_of_the_code(tmp_path):
    """What makemessages would extract is all in the catalogue (run it if this fails)."""
    from django.utils.translation.template import templatize

    sources = [p for p in ROOT.glob("*/**/*.py") if p.parts[len(ROOT.parts)] not in SKIP]
    for template in (ROOT / "templates").rglob("*.html"):
        converted = tmp_path / (template.name + ".py")
        converted.write_text(templatize(template.read_text(encoding="utf-8")), encoding="utf-8")
        sources.append(converted)
    keywords = ["gettext_lazy", "gettext", "_", "ngettext:1,2", "pgettext:1c,2", "npgettext:1c,2,3"]
    result = subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "-o", "-"]  # noqa: S607
        + [f"--keyword={k}" for k in keywords]
        + [str(p) for p in sources],
        capture_output=True,
        text=True,
        check=True,
    )
    catalogue = po_msgids((ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po").read_text())
    missing = sorted(po_msgids(result.stdout) - catalogue)
    assert not missing, f"run makemessages and translate: {missing}"


@pytest.mark.django_db
def test_demo_data_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Demo data is for development"):
        call_command("load_demo")


@pytest.mark.django_db
def test_demo_data_prints_logins_that_work(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "admin            demo-admin-2026" in out
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="admin").check_password("demo-admin-2026")
    from reviews.models import FocalPoint, NationalReview

    guatemala = NationalReview.objects.get(country__iso3="GTM")
    assert guatemala.cycle.is_open and guatemala.cycle.questions.count() == 9
    assert guatemala.coordinating_institution.acronym == "MINEX"
    assert guatemala.requests.count() == 14
    assert NationalReview.objects.filter(country__iso3="MEX", cycle=guatemala.cycle).exists()
    assert FocalPoint.objects.filter(user__username="igm.gt", institution__acronym="IGM").exists()

    call_command("load_demo")  # idempotent
    assert NationalReview.objects.count() == 2
    assert guatemala.requests.count() == 14
    from reviews.models import Input, Programme

    submitted = Input.objects.get(
        request__review=guatemala, request__institution__acronym="IGM", objective__number=21
    )
    assert submitted.status == Input.Status.SUBMITTED
    draft = Input.objects.get(
        request__review=guatemala, request__institution__acronym="RENAP", objective__number=4
    )
    assert draft.status == Input.Status.DRAFT
    assert Programme.objects.filter(request__review=guatemala).count() == 2
