"""The portal's one XLSX writer: every workbook it hands out is made here.

Each sheet has a bold header row that stays in view when scrolling. What
people typed is data, never a formula: a text cell whose first character
other than a space is = + - @ or their full-width forms (＝ ＋ － ＠, which
Excel also reads as the start of a formula), or that begins with a tab or
carriage return, is stored as text (and marked so, so that editing it in
Excel keeps it text), because a spreadsheet program would otherwise run it
when the file is opened (CSV/formula injection). Numbers stay numbers: -5 in
a column of counts is a number, not a formula.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\uff1d",  # ＝ FULLWIDTH EQUALS SIGN
    "\uff0b",  # ＋ FULLWIDTH PLUS SIGN
    "\uff0d",  # － FULLWIDTH HYPHEN-MINUS
    "\uff20",  # ＠ FULLWIDTH COMMERCIAL AT
    "\t",
    "\r",
)
# Excel refuses a workbook with a longer sheet title.
MAX_TITLE = 31


@dataclass(frozen=True)
class Sheet:
    """One sheet: ``widths`` are column widths in characters, by position
    (``None`` keeps the default width of that column); a ``protected`` sheet
    is read-only in the spreadsheet program (protected without a password:
    a reminder, not a lock)."""

    title: str
    headers: Sequence
    rows: Iterable[Sequence]
    widths: Sequence[int | None] = ()
    protected: bool = False


def looks_like_formula(value) -> bool:
    """Whether a spreadsheet program could read this text as a formula: its
    first character, or its first after spaces (which Excel skips), starts one."""
    if not isinstance(value, str):
        return False  # a number, a date: never a formula
    return value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)


def _value(value):
    if value is None:
        return ""
    if getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones: UTC, as stored
    return value


def _append(sheet, values) -> None:
    sheet.append([_value(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if looks_like_formula(cell.value):
            cell.data_type = "s"  # what someone typed, never a formula
            cell.quotePrefix = True


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one XLSX file, in their order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(str(spec.title)[:MAX_TITLE])
        _append(sheet, [str(header) for header in spec.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in spec.rows:
            _append(sheet, row)
        sheet.freeze_panes = "A2"
        sheet.protection.sheet = spec.protected
        for position, width in enumerate(spec.widths, 1):
            if width is not None:
                sheet.column_dimensions[get_column_letter(position)].width = width
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
