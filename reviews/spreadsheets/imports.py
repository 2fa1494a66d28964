"""Importing an institution's programmes from a spreadsheet.

An import is read, previewed (a dry run that saves nothing) and confirmed.
A file with one bad row imports nothing: every problem is listed with the
row of the sheet it is on, as the spreadsheet program numbers it.

Between the preview and the confirmation the file waits in the media storage
(shared by every node, unlike a local temporary file) under a random name.
The caller keeps the ``Pending`` token server-side (the session), never in a
form, so that nobody can confirm a file they did not upload.
"""

from typing import TypedDict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.tmp_storages import MediaStorage
from tablib import Dataset

from objectives import sheets
from reviews import services
from reviews.models import InstitutionRequest
from reviews.spreadsheets import challenges
from reviews.spreadsheets.resources import EXPORT_LABELS, ProgrammeResource, split_values

MAX_SHEET_BYTES = sheets.MAX_BYTES
MAX_SHEET_ROWS = sheets.MAX_ROWS


class ImportRefused(Exception):
    """The file cannot be imported; ``problems`` says why, row by row."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class PreviewExpired(Exception):
    """Nothing waits to be confirmed: no preview, or its file is gone."""


class Pending(TypedDict):
    """A previewed sheet waiting for its confirmation: JSON, for the session."""

    storage: str
    file_name: str


def upload_content(upload) -> bytes:
    """The uploaded file's bytes, or ImportRefused before reading a file over the limit."""
    try:
        sheets.check_size(upload.size)
    except sheets.SheetTooLarge as error:
        raise ImportRefused([str(error)]) from None
    return upload.read()


def read_sheet(name: str, content: bytes) -> Dataset:
    """A CSV (UTF-8) or XLSX file as a dataset with a header row, or ImportRefused.

    The sheet is checked while it is read and refused at the first limit it
    passes (rows, columns, cell length, uncompressed size: ``objectives.sheets``).
    """
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        sheets.check_size(len(content))
        if extension == "xlsx":
            dataset = sheets.xlsx_dataset(content)
        elif extension == "csv":
            dataset = sheets.csv_dataset(content.decode("utf-8-sig"))
        else:
            raise ImportRefused([_("Upload the sheet as an XLSX or a CSV file.")])
    except sheets.SheetTooLarge as error:
        raise ImportRefused([str(error)]) from None
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise ImportRefused(
            [
                _(
                    "The file is not in UTF-8: line %(line)s cannot be read. Save the sheet "
                    "as “CSV UTF-8” (or as XLSX) and import it again."
                )
                % {"line": line}
            ]
        ) from None
    except ImportRefused:
        raise
    except Exception:  # openpyxl and csv say many things about a broken file
        raise ImportRefused(
            [_("The file could not be read as %(format)s.") % {"format": extension.upper()}]
        ) from None
    if not dataset.headers or not any(str(h or "").strip() for h in dataset.headers):
        raise ImportRefused([_("The file is empty: the first row must name the columns.")])
    if not any(any(cell not in (None, "") for cell in row) for row in dataset):
        raise ImportRefused([_("The file has a header row but no programmes.")])
    return dataset


def _plain(error) -> str:
    """An error's words, never the Python list a ValidationError prints as."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _problems(result) -> list[str]:
    problems = [_plain(error.error) for error in result.base_errors]
    for row in result.error_rows:
        for error in row.errors:
            problems.append(
                _("Row %(row)s: %(problem)s")
                % {"row": row.number + 1, "problem": _plain(error.error)}
            )
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            for message in messages:
                if field == NON_FIELD_ERRORS:
                    problem = _("Row %(row)s: %(problem)s")
                else:
                    problem = _("Row %(row)s, column %(column)s: %(problem)s")
                problems.append(
                    problem
                    % {
                        "row": row.number + 1,
                        "column": EXPORT_LABELS.get(field, field),
                        "problem": message,
                    }
                )
    return problems


def summary(totals: dict) -> str:
    """What an import does, in words: "1 new programme, 2 updated, …"."""
    if not any(totals.get(key) for key in ("new", "update", "added", "changed", "removed")):
        return _("Nothing to change: the sheet says what the portal already holds.")
    parts = [
        ngettext("%(count)s new programme", "%(count)s new programmes", totals["new"]),
        ngettext("%(count)s updated", "%(count)s updated", totals["update"]),
        ngettext("%(count)s unchanged", "%(count)s unchanged", totals["skip"]),
    ]
    counts = [totals["new"], totals["update"], totals["skip"]]
    # Each message written out, so that makemessages finds it.
    challenge_counts = {
        "added": lambda n: ngettext("%(count)s challenge added", "%(count)s challenges added", n),
        "changed": lambda n: ngettext(
            "%(count)s challenge changed", "%(count)s challenges changed", n
        ),
        "removed": lambda n: ngettext(
            "%(count)s challenge removed", "%(count)s challenges removed", n
        ),
    }
    for key, said in challenge_counts.items():
        if totals.get(key):
            parts.append(said(totals[key]))
            counts.append(totals[key])
    words = [part % {"count": count} for part, count in zip(parts, counts, strict=True)]
    return ", ".join(words) + "."


def programme_import(
    *, institution_request: InstitutionRequest, file_name: str, content: bytes, user, dry_run: bool
) -> dict:
    """Import the sheet's programmes (and, from a workbook, its challenges sheet:
    ``challenges``) into the request, or refuse the whole file.

    Returns what each row does (``rows``: the sheet's row number, "new",
    "update" or "skip", and the row's values), the ``totals`` (programmes
    new, updated, skipped; challenges added, changed, removed) and their
    ``summary`` in words.
    """
    dataset = read_sheet(file_name, content)
    resource = ProgrammeResource(institution_request=institution_request, user=user)
    extension = file_name.rsplit(".", 1)[-1].lower()
    with transaction.atomic():
        try:
            result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True)
        except ValidationError as error:  # the columns themselves are wrong
            raise ImportRefused(error.messages) from None
        problems = _problems(result)
        names = list(dataset["name"]) if "name" in (dataset.headers or []) else []
        plan = challenges.plan(
            content, extension, [str(n or "") for n in names], institution_request, problems
        )
        if problems:
            raise ImportRefused(problems)
        if not dry_run:
            challenges.apply(plan, institution_request)
            numbers = {n for value in dataset["objectives"] for n in split_values(value)}
            services.inputs_touch(
                institution_request=institution_request,
                objective_numbers=[int(n) for n in numbers if n.isdigit()],
                user=user,
            )
    # Row numbers as the spreadsheet shows them: the header is row 1.
    rows = [
        (number, row.import_type, values)
        for number, (row, values) in enumerate(zip(result.rows, dataset.dict, strict=True), 2)
    ]
    totals = {key.lower(): n for key, n in result.totals.items()}
    totals.update(added=plan.added, changed=plan.changed, removed=plan.removed)
    return {"rows": rows, "totals": totals, "summary": summary(totals)}


def pending_drop(previous: Pending | None) -> None:
    """Remove the file of a preview nobody confirmed (nothing if it is gone)."""
    if previous is not None:
        MediaStorage(name=previous["storage"], read_mode="rb").remove()


def pending_keep(file_name: str, content: bytes) -> Pending:
    """Keep a previewed sheet until it is confirmed; the token goes in the session."""
    storage = MediaStorage(read_mode="rb")
    storage.save(content)
    return Pending(storage=storage.name, file_name=file_name)


def pending_take(pending: Pending | None) -> tuple[str, bytes]:
    """The previewed sheet's name and content, its file removed whatever happens
    next; PreviewExpired when nothing waits."""
    if pending is None:
        raise PreviewExpired
    storage = MediaStorage(name=pending["storage"], read_mode="rb")
    try:
        content = storage.read()
    except FileNotFoundError:
        raise PreviewExpired from None
    storage.remove()
    return pending["file_name"], content


def import_preview(
    *,
    institution_request: InstitutionRequest,
    file_name: str,
    content: bytes,
    user,
    previous: Pending | None = None,
) -> tuple[Pending, dict]:
    """What the sheet would do, and the token to confirm it with.

    A new upload replaces the ``previous`` preview, whose file is removed
    whatever this sheet turns out to be. A refused sheet (ImportRefused)
    leaves nothing waiting.
    """
    pending_drop(previous)
    preview = programme_import(
        institution_request=institution_request,
        file_name=file_name,
        content=content,
        user=user,
        dry_run=True,
    )
    return pending_keep(file_name, content), preview


def import_confirm(
    *, institution_request: InstitutionRequest, pending: Pending | None, user
) -> dict:
    """Import the previewed sheet, whose file is removed whatever happens.

    PreviewExpired when nothing waits; ImportRefused when the sheet no longer
    imports (an objective was submitted since the preview, for instance).
    """
    file_name, content = pending_take(pending)
    return programme_import(
        institution_request=institution_request,
        file_name=file_name,
        content=content,
        user=user,
        dry_run=False,
    )
