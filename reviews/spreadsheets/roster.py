"""The institutions sheet: institutions, the objectives each is asked about and
focal points, one row per focal point; with a country column, the administrators'
import (``with_country``). The template holds what the portal holds, to be edited
and imported back. A sheet with one bad cell is refused whole, each problem named
by its row and column as the spreadsheet program shows them."""

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from objectives import sheets
from objectives.models import Objective, ThematicArea
from reviews import services
from reviews.models import FocalPoint, Institution, InstitutionRequest, NationalReview
from reviews.services.roster import RosterRow
from reviews.spreadsheets.imports import (
    ImportRefused,
    Pending,
    pending_drop,
    pending_keep,
    pending_take,
)
from reviews.spreadsheets.workbook import Sheet, workbook

ALL_WORDS = {"all", "todos", "todas"}
# Longest values the models take.
LIMITS = {"name": 300, "acronym": 30, "first_name": 150, "last_name": 150, "email": 254}


def _headers() -> dict[str, str]:
    """Column key → header, in the active language."""
    return {
        "country": _("Country (ISO3)"),
        "name": _("Institution"),
        "acronym": _("Acronym"),
        "kind": _("Kind"),
        "objectives": _("Objectives asked about"),
        "areas": _("Thematic areas asked about"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "email": _("E-mail"),
        "role": _("Role"),
    }


def _in_every_language(make: Callable[[], dict]) -> list[dict]:
    """``make()`` in the active language and every other of the portal: a sheet
    imports in any of them."""
    made = [make()]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            made += [make()]
    return made


def _columns(with_country: bool) -> list[str]:
    keys = list(_headers())
    return keys if with_country else keys[1:]


# -- The template --------------------------------------------------------------


def roster_template(*, review: NationalReview | None = None, institutions=None) -> bytes:
    """The sheet, pre-filled with the review's active institutions (or the given
    ones, for the administrators), their requests and focal points, and a second
    sheet of instructions."""
    with_country = review is None
    if review is not None:
        institutions = review.country.institutions.filter(is_active=True)
    institutions = institutions.select_related("country").prefetch_related("focal_points__user")
    asked: dict[int, list[int]] = {}
    requests = InstitutionRequest.objects.filter(review=review).exclude(objectives=None)
    for institution_id, number in requests.values_list("institution_id", "objectives__number"):
        asked.setdefault(institution_id, []).append(number)
    total = Objective.objects.count()
    kinds = dict(Institution.Kind.choices)
    roles = dict(FocalPoint.Kind.choices)
    rows = []
    for institution in institutions.order_by("country__iso3", "name"):
        start = [institution.country.iso3] if with_country else []
        start += [
            institution.name,
            institution.acronym,
            str(kinds[institution.kind]),
            _("all")
            if len(asked.get(institution.pk, ())) == total
            else ";".join(map(str, sorted(asked.get(institution.pk, ())))),
            "",
        ]
        people = sorted(institution.focal_points.all(), key=lambda f: (f.kind, f.user.email))
        rows += [
            start + [f.user.first_name, f.user.last_name, f.user.email, str(roles[f.kind])]
            for f in people
        ] or [start + [""] * 4]
    headers = _headers()
    columns = _columns(with_country)
    return workbook(
        [
            Sheet(
                title=_("institutions"),
                headers=[headers[key] for key in columns],
                rows=rows,
                widths=[10, 40, 12, 18, 20, 16, 18, 18, 30, 12][-len(columns) :],
            ),
            Sheet(
                title=_("instructions"),
                headers=[_("Column"), _("What it holds")],
                rows=_instructions(columns),
                widths=[28, 100],
            ),
        ]
    )


def _instructions(columns: list[str]) -> list[list]:
    headers = _headers()
    explanations = {
        "country": _("The country's three-letter ISO code, such as GTM or MEX (required)."),
        "name": _(
            "Name of the institution (required). Repeat it, with its acronym and kind, on the "
            "row of each of its focal points."
        ),
        "acronym": _(
            "Acronym. An institution of the country with this acronym is updated; without "
            "an acronym, the one with this name."
        ),
        "kind": _("One of: %(kinds)s. Empty: kept (a new institution is a ministry).")
        % {"kinds": ", ".join(map(str, Institution.Kind.labels))},
        "objectives": _(
            "The objectives it is asked about: numbers from 1 to 23 separated by “;”, "
            "ranges such as 1-5, or “all”. Empty: not asked (a request already made stays)."
        ),
        "areas": _(
            "Thematic areas, 1 to 5, separated by “;”: it is asked about every objective "
            "of these areas too."
        ),
        "first_name": _("First name of a focal point (required for someone new)."),
        "last_name": _("Last name of a focal point (required for someone new)."),
        "email": _(
            "E-mail of a focal point. Leave the person's columns empty for an institution "
            "without focal point. Someone new is invited by e-mail."
        ),
        "role": _("One of: %(roles)s. Empty: %(main)s.")
        % {
            "roles": ", ".join(map(str, FocalPoint.Kind.labels)),
            "main": FocalPoint.Kind.MAIN.label,
        },
    }
    rows: list[list] = [[headers[key], str(explanations[key])] for key in columns]
    rows += [[], [_("Objectives")]]
    rows += [[o.number, o.short_label] for o in Objective.objects.order_by("number")]
    rows += [[], [_("Thematic areas")]]
    rows += [[a.number, a.title] for a in ThematicArea.objects.order_by("number")]
    return rows


# -- Reading -------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


class _Reader:
    """Reads the rows one by one, gathering every problem rather than stopping at the first."""

    def __init__(self, headers: dict[str, str]):
        self.headers = headers
        self.problems: list[str] = []
        self.kinds = self._choices(Institution.Kind)
        self.roles = self._choices(FocalPoint.Kind)
        self.roles.update({"principal": "main", "alterno": "alternate", "suplente": "alternate"})
        self.objectives = set(Objective.objects.values_list("number", flat=True))
        self.areas: dict[int, set[int]] = {}
        for number, objective in ThematicArea.objects.values_list("number", "objectives__number"):
            self.areas.setdefault(number, set())
            if objective is not None:
                self.areas[number].add(objective)

    @staticmethod
    def _choices(choices) -> dict[str, str]:
        words = {code: code for code in choices.values}
        for labels in _in_every_language(lambda: dict(choices.choices)):
            words.update({str(label).casefold(): code for code, label in labels.items()})
        return words

    def problem(self, number: int, key: str, message: str) -> None:
        self.problems.append(
            _("Row %(row)s, column “%(column)s”: %(problem)s")
            % {"row": number, "column": self.headers[key], "problem": message}
        )

    def choice(self, number: int, key: str, cells: dict, words: dict, choices) -> str:
        """The code a cell names (a code, or a label in any language); "" if empty."""
        value = cells[key].casefold()
        if value and value not in words:
            self.problem(
                number,
                key,
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": cells[key], "choices": ", ".join(map(str, choices.labels))},
            )
        return words.get(value, "")

    def numbers(self, number: int, key: str, cell: str, known) -> set[int] | None:
        found: set[int] = set()
        for part in filter(None, (p.strip() for p in re.split(r"[;,]", cell))):
            bounds = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)|(\d+)", part)
            if bounds is None:
                # Excel reads a range typed as 1-5 as a date (1 May): say so.
                message = (
                    _("the spreadsheet program made it a date: write 1;2;3 or format it as text.")
                    if re.match(r"\d{4}-\d\d-\d\d", part)
                    else _("“%(value)s” is not a number. Separate numbers with “;”.")
                )
                self.problem(number, key, message % {"value": part})
                return None
            low, high, single = bounds.groups()
            span = range(int(single), int(single) + 1) if single else range(int(low), int(high) + 1)
            unknown = sorted(set(span) - set(known))
            if unknown or not span:
                self.problem(
                    number,
                    key,
                    _("%(value)s is not one of the numbers, from %(first)s to %(last)s.")
                    % {
                        "value": unknown[0] if unknown else part,
                        "first": min(known),
                        "last": max(known),
                    },
                )
                return None
            found |= set(span)
        return found

    def row(self, number: int, cells: dict[str, str]) -> RosterRow | None:
        before = len(self.problems)
        for key, limit in LIMITS.items():
            if len(cells.get(key, "")) > limit:
                self.problem(
                    number,
                    key,
                    _("it has %(length)s characters; at most %(limit)s fit.")
                    % {"length": len(cells[key]), "limit": limit},
                )
        if not cells["name"]:
            self.problem(number, "name", _("the institution's name is missing."))
        kind = self.choice(number, "kind", cells, self.kinds, Institution.Kind)
        objectives: set[int] | None = set()
        if cells["objectives"].casefold() in {*ALL_WORDS, _("all").casefold()}:
            objectives = set(self.objectives)
        elif cells["objectives"]:
            objectives = self.numbers(number, "objectives", cells["objectives"], self.objectives)
        areas = self.numbers(number, "areas", cells.get("areas", ""), self.areas) or set()
        for area in areas:
            objectives = (objectives or set()) | self.areas[area]
        email = cells["email"].lower()
        person = any(cells[key] for key in ("first_name", "last_name", "email", "role"))
        if person and not email:
            self.problem(number, "email", _("a focal point needs an e-mail address."))
        elif email:
            try:
                validate_email(email)
            except ValidationError:
                self.problem(
                    number, "email", _("“%(value)s” is not an e-mail address.") % {"value": email}
                )
        role = self.choice(number, "role", cells, self.roles, FocalPoint.Kind)
        if len(self.problems) > before:
            return None
        return RosterRow(
            number=number,
            name=cells["name"],
            acronym=cells["acronym"],
            kind=kind,
            objectives=frozenset(objectives or ()),
            first_name=cells["first_name"],
            last_name=cells["last_name"],
            email=email,
            role=role or FocalPoint.Kind.MAIN,
            iso3=cells.get("country", "").upper(),
        )

    def agree(self, rows: list[RosterRow]) -> None:
        """The rows of one institution say the same of it."""
        first: dict[tuple, RosterRow] = {}
        people: dict[tuple, RosterRow] = {}
        for row in rows:
            key = (row.iso3, row.acronym.casefold() or row.name.casefold())
            seen = first.setdefault(key, row)
            twice = people.setdefault((key, row.email), row) if row.email else row
            if twice is not row:
                self.problem(
                    row.number,
                    "email",
                    _("row %(other)s makes %(email)s focal point of this institution already.")
                    % {"other": twice.number, "email": row.email},
                )
            if seen.name.casefold() != row.name.casefold():
                self.problem(
                    row.number,
                    "name",
                    _("row %(other)s gives the acronym %(acronym)s to “%(name)s”.")
                    % {"other": seen.number, "acronym": row.acronym, "name": seen.name},
                )
            elif row.kind and seen.kind and row.kind != seen.kind:
                self.problem(
                    row.number,
                    "kind",
                    _("row %(other)s gives the same institution another kind.")
                    % {"other": seen.number},
                )


def read_roster(file_name: str, content: bytes, *, with_country: bool = False) -> list[RosterRow]:
    """The sheet's rows, read and checked, or ImportRefused naming every problem."""
    if not file_name.lower().endswith(".xlsx"):
        raise ImportRefused([_("Upload the sheet as an XLSX file, made from the template.")])
    try:
        sheets.check_size(len(content))
        dataset = sheets.xlsx_dataset(content)
    except sheets.SheetTooLarge as error:
        raise ImportRefused([str(error)]) from None
    except Exception:  # openpyxl and zipfile say many things about a broken file
        raise ImportRefused([_("The file could not be read as XLSX.")]) from None
    headers, columns = _headers(), _columns(with_country)
    words = {key: key for key in headers}
    for language_headers in _in_every_language(_headers):
        words.update({str(h).casefold(): key for key, h in language_headers.items()})
    named = {p: _text(h) for p, h in enumerate(dataset.headers or []) if _text(h)}
    positions = {words[h.casefold()]: p for p, h in named.items() if h.casefold() in words}
    problems = [
        _("The column “%(header)s” is not a column of the template.") % {"header": h}
        for h in named.values()
        if words.get(h.casefold()) not in columns
    ]
    missing = [headers[key] for key in columns if key not in positions and key != "areas"]
    problems += [_("The sheet has no column “%(header)s”.") % {"header": h} for h in missing]
    if problems:
        raise ImportRefused(problems)
    reader = _Reader(headers)
    rows = []
    for number, values in enumerate(dataset, 2):  # the header is row 1
        cells = {key: _text(values[p]) if p < len(values) else "" for key, p in positions.items()}
        if not any(cells.values()):
            continue
        if with_country and not cells["country"]:
            reader.problem(number, "country", _("the country is missing."))
            continue
        if row := reader.row(number, cells):
            rows.append(row)
    reader.agree(rows)
    if reader.problems:
        raise ImportRefused(reader.problems)
    if not rows:
        raise ImportRefused([_("The file has a header row but no institutions.")])
    return rows


# -- Preview and confirm ------------------------------------------------------


def roster_preview(
    *, file_name: str, content: bytes, review: NationalReview | None, previous: Pending | None
) -> tuple[Pending, dict]:
    """What the sheet would do (``services.roster_import``, a dry run), and the
    token (for the session) to confirm it with. A new upload removes the previous
    one's file; a refused sheet (ImportRefused) leaves nothing waiting."""
    pending_drop(previous)
    preview = _import(file_name, content, review, dry_run=True)
    return pending_keep(file_name, content), preview


def roster_confirm(*, pending: Pending | None, review: NationalReview | None, **options) -> dict:
    """Import the previewed sheet, whose file is removed whatever happens;
    PreviewExpired when nothing waits."""
    file_name, content = pending_take(pending)
    return _import(file_name, content, review, dry_run=False, **options)


def _import(file_name, content, review, **options) -> dict:
    rows = read_roster(file_name, content, with_country=review is None)
    try:
        return services.roster_import(rows=rows, review=review, **options)
    except ValidationError as error:
        raise ImportRefused(error.messages) from None
