"""The portal's one XLSX writer: every workbook it hands out is made here.

Each sheet has a bold header row that stays in view when scrolling. What
people typed is data, never a formula: a text cell that begins with
= + - @ or a tab or carriage return is stored as text (and marked so, so that
editing it in Excel keeps it text), because a spreadsheet program would
otherwise run it when the file is opened (CSV/formula injection).
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses a workbook with a longer sheet title.
MAX_TITLE = 31


@dataclass(frozen=True)
class Sheet:
    """One sheet: ``widths`` are column widths in characters, by position
    (``None`` keeps the default width of that column)."""

    title: str
    headers: Sequence
    rows: Iterable[Sequence]
    widths: Sequence[int | None] = ()


def _value(value):
    if value is None:
        return ""
    if getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones: UTC, as stored
    return value


def _append(sheet, values) -> None:
    sheet.append([_value(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
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
        for position, width in enumerate(spec.widths, 1):
            if width is not None:
                sheet.column_dimensions[get_column_letter(position)].width = width
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
