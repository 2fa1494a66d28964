"""The challenges sheet of the programme workbook: one row per challenge.

Its columns are the programme's name, the challenge's text and one column per
challenge category (“3. Name of the category”), marked with an x. The rule,
written in the template's instructions: the challenges sheet gives the
complete set of challenges of every programme on the programmes sheet. A
programme on the programmes sheet with no row here has no challenges; the
challenges of programmes that are not on the programmes sheet are left alone;
a CSV (one sheet only) leaves every challenge alone.

A challenge is matched by its text within its programme: a changed text is a
challenge removed and another added, changed marks change its categories.
"""

import io
import re
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from objectives import sheets
from objectives.models import ChallengeCategory
from reviews.models import Challenge, Programme
from reviews.spreadsheets.resources import (
    INSTITUTION_COLUMN,
    column_of,
    foreign_message,
    foreign_rows,
)
from reviews.text import MAX_NOTE_CHARACTERS, name_key

CHALLENGES = gettext_lazy("challenges")
# The first two columns, titled in the reader's language; read in any (``_is_title``).
PROGRAMME = gettext_lazy("programme")
TEXT = gettext_lazy("challenge")
MARK = "x"
_CATEGORY_HEADER = re.compile(r"^\s*(\d+)\s*[.)]")


def category_header(category: ChallengeCategory) -> str:
    return f"{category.number}. {category.name}"


def headers(categories) -> list[str]:
    return [str(PROGRAMME), str(TEXT), *(category_header(c) for c in categories)]


def _is_title(value: str, title) -> bool:
    """The column's title in English (as older templates had it) or in any language."""
    names = {"programme" if title is PROGRAMME else "challenge"}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(str(title))
    return value.strip().casefold() in {name.casefold() for name in names}


def marks(challenge: Challenge, categories) -> list[str]:
    """One cell per category: x when the challenge counts in it."""
    chosen = {c.pk for c in challenge.categories.all()}
    return [MARK if c.pk in chosen else "" for c in categories]


def rows(programmes, categories) -> list[list]:
    """The challenges of ``programmes`` (their challenges and categories prefetched)."""
    return [
        [programme.name, challenge.description, *marks(challenge, categories)]
        for programme in programmes
        for challenge in programme.challenges.all()
    ]


def _titles() -> set[str]:
    titles = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            titles.add(str(CHALLENGES).casefold())
    return titles


@dataclass
class Plan:
    """What the challenges sheet changes: ``wanted`` by programme name key."""

    wanted: dict[str, list[tuple[str, frozenset[int]]]] = field(default_factory=dict)
    added: int = 0
    changed: int = 0
    removed: int = 0
    present: bool = False

    @property
    def changes(self) -> int:
        return self.added + self.changed + self.removed


def _sheet_rows(content: bytes):
    """The challenges sheet's rows (number, values), or None when the workbook has none.
    The workbook's size was checked with its first sheet (``sheets.xlsx_dataset``)."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        titles = _titles()
        names = [name for name in book.sheetnames if name.strip().casefold() in titles]
        if not names:
            return None
        sheet = book[names[0]]
        sheet.reset_dimensions()
        found: list[tuple[int, list[str]]] = []
        for number, values in enumerate(
            sheet.iter_rows(max_col=sheets.MAX_COLUMNS, values_only=True), 1
        ):
            if not any(value not in (None, "") for value in values):
                continue
            if len(found) > sheets.MAX_ROWS:
                raise sheets.SheetTooLarge(
                    _(
                        "The challenges sheet has more than %(limit)s rows below its header: "
                        "import it in parts."
                    )
                    % {"limit": sheets.MAX_ROWS}
                )
            found.append((number, ["" if v is None else str(v).strip() for v in values]))
        return found
    finally:
        book.close()


def _columns(header: list[str], problems: list[str], first: int = 1) -> dict[int, int]:
    """Column position → category pk, checking the header row (whose first column
    is the sheet's column ``first``)."""
    by_number = {c.number: c.pk for c in ChallengeCategory.objects.all()}
    columns = {}
    for position, title in enumerate(header):
        if position < 2 or not title:
            continue
        match = _CATEGORY_HEADER.match(title)
        if not match or int(match.group(1)) not in by_number:
            problems.append(
                _(
                    "Challenges sheet, column %(column)s: “%(title)s” is not a challenge "
                    "category. Keep the template's columns: programme, challenge, then one "
                    "column per category, such as “1. …”."
                )
                % {"column": openpyxl.utils.get_column_letter(position + first), "title": title}
            )
        else:
            columns[position] = by_number[int(match.group(1))]
    if len(header) < 2 or not (_is_title(header[0], PROGRAMME) and _is_title(header[1], TEXT)):
        problems.append(
            _("Challenges sheet: its first two columns must be “%(programme)s” and “%(text)s”.")
            % {"programme": PROGRAMME, "text": TEXT}
        )
    return columns


def plan(content: bytes, extension: str, sheet_names: list[str], request, problems) -> Plan:
    """Read the challenges sheet, adding each problem (with its row and column) to
    ``problems``, and compare it with the challenges in the portal."""
    result = Plan()
    if extension != "xlsx":
        return result
    try:
        found = _sheet_rows(content)
    except sheets.SheetTooLarge as error:
        problems.append(str(error))
        return result
    if found is None:
        return result
    result.present = True
    on_sheet = {name_key(name): name for name in sheet_names if name_key(name)}
    result.wanted = {key: [] for key in on_sheet}
    if not found:
        return result
    (_number, header), *body = found
    if header and column_of(header[0]) == INSTITUTION_COLUMN:
        # A coordinator's export: its institution column is checked, then set aside.
        foreign = foreign_rows([(n, v[0] if v else "") for n, v in body], request.institution)
        if foreign:
            problems.append(foreign_message(foreign, _("Challenges sheet: ")))
        header, body = header[1:], [(n, v[1:]) for n, v in body]
        first = 2
    else:
        first = 1
    columns = _columns(header, problems, first)
    limit = Challenge._meta.get_field("description").max_length or MAX_NOTE_CHARACTERS
    for number, values in body:
        values = values + [""] * (len(header) - len(values))
        programme, text = values[0], values[1]
        where = {"row": number}
        if not programme:
            problems.append(
                _("Challenges sheet, row %(row)s, column programme: write the programme's name.")
                % where
            )
        elif name_key(programme) not in on_sheet:
            problems.append(
                _(
                    "Challenges sheet, row %(row)s, column programme: “%(name)s” is not on the "
                    "programmes sheet (a programme of a submitted objective cannot change)."
                )
                % {**where, "name": programme}
            )
        if not text:
            problems.append(
                _("Challenges sheet, row %(row)s, column challenge: write the challenge.") % where
            )
        elif len(text) > limit:
            problems.append(
                _(
                    "Challenges sheet, row %(row)s, column challenge: at most %(limit)s "
                    "characters (it has %(length)s)."
                )
                % {**where, "limit": limit, "length": len(text)}
            )
        chosen = set()
        for position, category in columns.items():
            mark = values[position].casefold()
            if mark == MARK:
                chosen.add(category)
            elif mark:
                problems.append(
                    _(
                        "Challenges sheet, row %(row)s, column %(column)s: write x to count the "
                        "challenge in this category, or leave the cell empty."
                    )
                    % {**where, "column": openpyxl.utils.get_column_letter(position + first)}
                )
        if columns and not chosen:
            problems.append(
                _("Challenges sheet, row %(row)s: mark at least one category with an x.") % where
            )
        if programme and name_key(programme) in on_sheet and text:
            result.wanted[name_key(programme)].append((text, frozenset(chosen)))
    _compare(result, request)
    return result


def _current(request) -> dict[str, list[Challenge]]:
    programmes = Programme.objects.filter(request=request).prefetch_related(
        "challenges__categories"
    )
    return {name_key(p.name): list(p.challenges.all()) for p in programmes}


def _pairs(wanted, current):
    """(kept, updated, removed challenges, texts to add) for one programme."""
    remaining = list(current)
    updated, added = [], []
    for text, chosen in wanted:
        match = next((c for c in remaining if c.description.strip() == text), None)
        if match is None:
            added.append((text, chosen))
            continue
        remaining.remove(match)
        if {c.pk for c in match.categories.all()} != chosen:
            updated.append((match, chosen))
    return updated, remaining, added


def _compare(result: Plan, request) -> None:
    current = _current(request)
    for key, wanted in result.wanted.items():
        updated, removed, added = _pairs(wanted, current.get(key, []))
        result.added += len(added)
        result.changed += len(updated)
        result.removed += len(removed)


def apply(result: Plan, request) -> None:
    """Write the plan (after the programmes were imported, in the same transaction)."""
    if not result.present or not result.changes:
        return
    current = _current(request)
    programmes = {name_key(p.name): p for p in Programme.objects.filter(request=request)}
    through = Challenge.categories.through
    links: list = []
    gone: list[int] = []
    relinked: list[int] = []
    new: list[tuple[Challenge, frozenset[int]]] = []
    for key, wanted in result.wanted.items():
        updated, removed, added = _pairs(wanted, current.get(key, []))
        gone += [c.pk for c in removed]
        for challenge, chosen in updated:
            relinked.append(challenge.pk)
            links += [through(challenge=challenge, challengecategory_id=pk) for pk in chosen]
        new += [(Challenge(programme=programmes[key], description=text), c) for text, c in added]
    Challenge.objects.bulk_create([challenge for challenge, _chosen in new])
    for challenge, chosen in new:
        links += [through(challenge=challenge, challengecategory_id=pk) for pk in chosen]
    Challenge.objects.filter(pk__in=gone).delete()
    through.objects.filter(challenge_id__in=relinked).delete()
    through.objects.bulk_create(links)
