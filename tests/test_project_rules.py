"""Rules of the codebase that a reviewer would otherwise have to remember."""

import ast
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "tests", "static", "staticfiles", "var", "locale", "migrations"}


def module_name(path: Path) -> str:
    """``reviews/models/inputs.py`` -> ``reviews.models.inputs``; a package is its ``__init__``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every name the module imports, in full: ``from reviews import services`` is
    ``reviews.services``, ``from reviews.models import Input`` is ``reviews.models.Input``.
    Imports inside functions count too: a late import is still a dependency."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the module's own package
                parent = package[: len(package) - (node.level - 1)]
                base = ".".join([*parent, *([base] if base else [])])
            names.update(
                base if alias.name == "*" else f"{base}.{alias.name}" for alias in node.names
            )
    return names


def python_files(package: str, skip=SKIP - {"migrations"}):
    """The package's modules; migrations count for imports (they are code too)."""
    return sorted(
        p
        for p in (ROOT / package).rglob("*.py")
        if not skip.intersection(p.relative_to(ROOT).parts)
    )


def is_in(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def imported_modules(package: str):
    for path in python_files(package):
        for name in sorted(imports_of(path)):
            yield path, name


def test_objectives_never_imports_reviews():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path, module in imported_modules("objectives")
        if is_in(module, ["reviews"])
    ]
    assert not offenders


# The one-way dependencies of reviews/ (docs/architecture.md). Each room: what
# of reviews/ it may never import ...
NEVER_IMPORTS = {
    # Reads are shared by views, reports and exports: they know nothing of writes or pages.
    "reviews.selectors": [
        "reviews.services",
        "reviews.views",
        "reviews.spreadsheets",
        "reviews.forms",
        "reviews.admin",
        "reviews.admin_cycles",
        "reviews.admin_work",
    ],
    # Rendering turns what selectors gathered into PDFs and charts; it changes nothing.
    "reviews.rendering": ["reviews.services", "reviews.views"],
    # Services take objects already fetched through the user's rights: views check access.
    "reviews.services": ["reviews.views", "reviews.forms", "reviews.access"],
}
# ... or the only parts of reviews/ it may import (an empty list: nothing of reviews/).
ONLY_IMPORTS = {
    "reviews.models": ["reviews.models", "reviews.text"],
    "reviews.access": ["reviews.models", "reviews.stamps"],
    # Stamps watch every write; the page cache keys pages by them.
    "reviews.stamps": ["reviews.models"],
    "reviews.pagecache": ["reviews.stamps"],
    "reviews.rendering.charts": [],
    "reviews.text": [],
    "reviews.validators": [],
}


def room_imports(room: str):
    """(file, name) for every name of reviews/ imported by the room (a package or a module)."""
    path = ROOT.joinpath(*room.split("."))
    files = python_files(room.replace(".", "/")) if path.is_dir() else [path.with_suffix(".py")]
    assert files and files[0].exists(), f"{room} has moved: update the rules and the docs"
    for file in files:
        for name in sorted(imports_of(file)):
            if is_in(name, ["reviews"]):
                yield f"{file.relative_to(ROOT)}", name


@pytest.mark.parametrize("room", sorted(NEVER_IMPORTS))
def test_a_room_never_imports_what_sits_above_it(room):
    offenders = [
        f"{file}: {name}" for file, name in room_imports(room) if is_in(name, NEVER_IMPORTS[room])
    ]
    assert not offenders, f"{room} may not import {NEVER_IMPORTS[room]}"


@pytest.mark.parametrize("room", sorted(ONLY_IMPORTS))
def test_a_room_imports_only_what_sits_below_it(room):
    offenders = [
        f"{file}: {name}"
        for file, name in room_imports(room)
        if not is_in(name, ONLY_IMPORTS[room])
    ]
    assert not offenders, f"{room} may import only {ONLY_IMPORTS[room] or 'nothing of reviews'}"


def test_only_the_urls_import_the_views():
    """Pages are the top of the app: nothing else (services, other apps, commands,
    benchmarks) reaches into them. Tests may (they are skipped here)."""
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files(".")
        if not is_in(module_name(path), ["reviews.views", "reviews.urls", "reviews.public_urls"])
        for name in sorted(imports_of(path))
        if is_in(name, ["reviews.views"])
    ]
    assert not offenders, "only reviews/urls.py (and public_urls.py) route to the views"


def test_the_rule_checker_sees_every_kind_of_import(tmp_path, monkeypatch):
    """The checks above are only as good as ``imports_of``: relative, late and
    package-level imports are all seen."""
    package = tmp_path / "reviews" / "selectors"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from .home import user_roles\n")
    (package / "home.py").write_text(
        "from reviews import services\n"
        "from ..views import setup\n"
        "def late():\n"
        "    import reviews.forms\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert imports_of(package / "__init__.py") == {"reviews.selectors.home.user_roles"}
    assert imports_of(package / "home.py") == {
        "reviews.services",
        "reviews.views.setup",
        "reviews.forms",
    }


MAX_MODULE_LINES = 400


def test_no_module_of_reviews_is_over_400_lines():
    """A module that grows past this holds two jobs: split it within its room."""
    too_long = {
        f"{path.relative_to(ROOT)}": lines
        for path in python_files("reviews", skip=SKIP)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, f"over {MAX_MODULE_LINES} lines: {too_long}"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_every_interface_string_is_translated(language):
    """Every catalogue of the portal's languages is complete (English is the source)."""
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
    from reviews.models import FocalPoint, Input, NationalReview, Programme

    guatemala = NationalReview.objects.get(country__iso3="GTM", cycle__status="open")
    assert guatemala.cycle.is_open and guatemala.cycle.questions.count() == 9
    assert guatemala.coordinating_institution.acronym == "MINEX"
    assert guatemala.requests.count() == 14
    assert NationalReview.objects.filter(country__iso3="MEX", cycle=guatemala.cycle).exists()
    assert FocalPoint.objects.filter(user__username="igm.gt", institution__acronym="IGM").exists()

    # The region's reviewer has two submitted countries to compare; one is published.
    submitted = NationalReview.objects.filter(cycle=guatemala.cycle, status="submitted")
    assert sorted(submitted.values_list("country__iso3", flat=True)) == ["CRI", "SLV"]
    assert [r.country.iso3 for r in submitted if r.is_published] == ["CRI"]
    assert Programme.objects.filter(request__review__in=submitted).count() == 8

    # Guatemala's 2020 review, submitted, which the demo cycle's forms start from.
    earlier = NationalReview.objects.get(country__iso3="GTM", cycle__status="closed")
    assert earlier.status == NationalReview.Status.SUBMITTED
    carried = Input.objects.filter(request__review=guatemala).exclude(carried_from=None)
    assert carried.count() == 4 and {i.carried_from for i in carried} == {earlier.cycle}

    call_command("load_demo")  # idempotent
    assert NationalReview.objects.count() == 5
    assert guatemala.requests.count() == 14

    # The regional cycle asks a–d once per thematic area, as the 2020 questionnaire did.
    assert not Input.objects.filter(request__review=guatemala, objective__isnull=False).exists()
    submitted = Input.objects.filter(
        request__review=guatemala, request__institution__acronym="IGM", status="submitted"
    )
    assert sorted(submitted.values_list("group_number", flat=True), key=str) == [3, None]
    draft = Input.objects.get(
        request__review=guatemala, request__institution__acronym="RENAP", group_number=5
    )
    assert draft.status == Input.Status.DRAFT
    assert Programme.objects.filter(request__review=guatemala).count() == 2
