"""Reading an uploaded sheet at a bounded cost, for every import of the portal.

An XLSX is a zip of XML: a 25 KiB file can hold 10,000 rows, or a cell
repeated until it fills gigabytes, and reading it whole takes the request
(and the memory of its worker) with it. So a sheet is checked while it is
read, and refused at the first limit it passes, with a message naming it:

- the file as uploaded (``MAX_BYTES``) and, for an XLSX, the sizes its zip
  declares once uncompressed (``MAX_UNCOMPRESSED``: 10 MB, checked before
  openpyxl opens the file; Python's zip reader never inflates a member past
  its declared size, so the declaration is a bound). 200 programmes with
  1,000 words in each of their six long texts take some 8 MB; opening a
  workbook, openpyxl walks every sheet's XML once (looking for its declared
  dimensions), about 0.2 s per MB, and this limit bounds that walk;
- rows below the header (``MAX_ROWS``): 200. A Mexico-sized review has 176
  programmes over 33 institutions, about five each, and a sheet is one
  institution's: 200 rows hold a whole country's programmes. The largest
  reference table, the countries, has 194 rows. Each programme row costs
  about 40 queries (the row, its three many-to-many columns and their
  history), 30 to 40 ms: 1,000 rows took over 30 s, gunicorn's timeout, where
  200 take a few seconds (benchmarks/imports.py);
- columns holding a value (``MAX_COLUMNS``): 40, the programme sheet has 15;
- characters in a cell (``MAX_CELL``): 20,000, the limit of the longest
  programme text;
- cells in the sheet, counting the empty ones that only carry a format
  (``MAX_CELLS``): what the XML parser has to walk, whatever the values.

The active sheet is then walked with a streaming XML parser that keeps one
row in memory; only a sheet within every limit is read by openpyxl
(read-only mode, up to its last row and column holding a value), which knows
dates, shared strings and number formats.
"""

import csv
import io
import zipfile

import openpyxl
import tablib
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.xml.functions import iterparse

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 10 * 1024 * 1024
MAX_ROWS = 200
MAX_COLUMNS = 40
MAX_CELL = 20_000
MAX_CELLS = 100_000


class SheetTooLarge(ValueError):
    """The sheet passes one of the limits; the message names it, for the person."""


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _megabytes(size: int) -> str:
    return _n(size // (1024 * 1024))


def check_size(size: int) -> None:
    """Refuse a file larger than ``MAX_BYTES`` before reading it."""
    if size > MAX_BYTES:
        raise SheetTooLarge(
            _("The file is larger than %(limit)s MB.") % {"limit": _megabytes(MAX_BYTES)}
        )


def _too_many_rows() -> SheetTooLarge:
    return SheetTooLarge(
        _(
            "The sheet has more than %(limit)s rows below its header: import it in parts "
            "of at most %(limit)s rows."
        )
        % {"limit": _n(MAX_ROWS)}
    )


def _too_many_columns(row: int) -> SheetTooLarge:
    return SheetTooLarge(
        _("Row %(row)s has more than %(limit)s columns: a sheet may have at most %(limit)s.")
        % {"row": _n(row), "limit": _n(MAX_COLUMNS)}
    )


def _too_long(row: int, column: int, length: int) -> SheetTooLarge:
    return SheetTooLarge(
        _(
            "Row %(row)s, column %(column)s: the cell has %(length)s characters, more than "
            "the %(limit)s a cell may have."
        )
        % {
            "row": _n(row),
            "column": get_column_letter(min(column, 18278)),
            "length": _n(length),
            "limit": _n(MAX_CELL),
        }
    )


def _too_many_cells() -> SheetTooLarge:
    return SheetTooLarge(
        _(
            "The sheet has more than %(limit)s cells, counting empty cells that carry a "
            "format: copy only the rows and columns of the template into a new sheet."
        )
        % {"limit": _n(MAX_CELLS)}
    )


# -- CSV ---------------------------------------------------------------------


def csv_dataset(text: str) -> tablib.Dataset:
    """A CSV text as a dataset with a header row, checked record by record."""
    records = csv.reader(io.StringIO(text))
    rows = 0
    try:
        for record in records:
            if not any(record):
                continue  # an empty line imports nothing (tablib drops it too)
            rows += 1
            if rows > MAX_ROWS + 1:
                raise _too_many_rows()
            last = max((i for i, cell in enumerate(record, 1) if cell), default=0)
            if last > MAX_COLUMNS:
                raise _too_many_columns(records.line_num)
            for column, cell in enumerate(record, 1):
                if len(cell) > MAX_CELL:
                    raise _too_long(records.line_num, column, len(cell))
    except csv.Error as error:
        # csv stops at its own field limit (131,072), far above MAX_CELL: an
        # unclosed quote swallowing the rest of the file ends here.
        if "field larger than field limit" in str(error):
            raise SheetTooLarge(
                _("Line %(line)s: a cell has more than %(limit)s characters.")
                % {"line": _n(records.line_num), "limit": _n(MAX_CELL)}
            ) from None
        raise
    return base_formats.CSV().create_dataset(text)


# -- XLSX --------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_zip(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        declared = sum(member.file_size for member in archive.infolist())
    if declared > MAX_UNCOMPRESSED:
        raise SheetTooLarge(
            _(
                "The file holds more than %(limit)s MB once uncompressed: a sheet of "
                "programmes needs far less. Copy only the rows and columns of the template "
                "into a new file."
            )
            % {"limit": _megabytes(MAX_UNCOMPRESSED)}
        )


def _scan(source, long_strings: dict[int, int]) -> tuple[int, int]:
    """Walk a worksheet's XML, one row in memory at a time, and refuse it at
    the first limit it passes. Returns the last row and column holding a value."""
    last_row = last_column = 0
    row_number = column = cells = 0
    parent = None
    for event, element in iterparse(source, events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            if name == "sheetData":
                parent = element
            elif name == "row":
                reference = element.get("r")
                row_number = int(reference) if reference and reference.isdigit() else row_number + 1
                column = 0
            continue
        if name == "c":
            cells += 1
            if cells > MAX_CELLS:
                raise _too_many_cells()
            reference = element.get("r")
            letters = "".join(ch for ch in reference or "" if ch.isalpha())
            column = column_index_from_string(letters) if letters else column + 1
            kind = element.get("t")
            texts = [
                child.text or ""
                for child in element.iter()
                if _local(child.tag) in ("v", "t") and child is not element
            ]
            value = "".join(texts)
            if kind == "s" and value.strip().isdigit() and int(value) in long_strings:
                raise _too_long(row_number, column, long_strings[int(value)])
            if len(value) > MAX_CELL:
                raise _too_long(row_number, column, len(value))
            if value:
                if column > MAX_COLUMNS:
                    raise _too_many_columns(row_number)
                if row_number > MAX_ROWS + 1:
                    raise _too_many_rows()
                last_row = max(last_row, row_number)
                last_column = max(last_column, column)
            element.clear()
        elif name == "row":
            element.clear()
            if parent is not None:
                parent.remove(element)
    return last_row, last_column


def xlsx_dataset(content: bytes) -> tablib.Dataset:
    """An XLSX file's active sheet as a dataset with a header row, checked
    while it is read (see the module's docstring)."""
    _check_zip(content)
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.active
        # Shared strings are stored once and named by their index in the cells.
        long_strings = {
            index: len(str(text))
            for index, text in enumerate(book.shared_strings)
            if len(str(text or "")) > MAX_CELL
        }
        with (
            zipfile.ZipFile(io.BytesIO(content)) as archive,
            archive.open(sheet._worksheet_path) as source,  # the active sheet's XML
        ):
            last_row, last_column = _scan(source, long_strings)
        dataset = tablib.Dataset()
        if not last_row:
            return dataset
        # openpyxl would pad every row to the sheet's declared dimensions.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_row=last_row, max_col=last_column, values_only=True)
        dataset.headers = list(next(rows))
        for row in rows:
            dataset.append(list(row))
        return dataset
    finally:
        book.close()


# -- The formats of the admin's imports (django-import-export) ---------------


class BoundedCSV(base_formats.CSV):
    """django-import-export's CSV, read within the limits."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode("utf-8-sig")
        check_size(len(in_stream.encode()))
        return csv_dataset(in_stream)


class BoundedXLSX(base_formats.XLSX):
    """django-import-export's XLSX, read within the limits."""

    def create_dataset(self, in_stream):
        check_size(len(in_stream))
        return xlsx_dataset(in_stream)
