"""Importing an institution's programmes from a spreadsheet, and the template for it.

An import is read, previewed (a dry run that saves nothing) and confirmed.
A file with one bad row imports nothing: every problem is listed with the
row of the sheet it is on, as the spreadsheet program numbers it.
"""

from io import BytesIO

import openpyxl
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from openpyxl.styles import Font
from tablib import Dataset

from objectives.models import GuidingPrinciple, Objective
from reviews import inputs
from reviews.exports import FORMULA_STARTS
from reviews.models import InstitutionRequest, Programme
from reviews.resources import DATE_FORMATS, ProgrammeResource

MAX_SHEET_BYTES = 5 * 1024 * 1024


class ImportRefused(Exception):
    """The file cannot be imported; ``problems`` says why, row by row."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def read_sheet(name: str, content: bytes) -> Dataset:
    """A CSV (UTF-8) or XLSX file as a dataset with a header row, or ImportRefused."""
    if len(content) > MAX_SHEET_BYTES:
        raise ImportRefused([_("The file is larger than 5 MB.")])
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        if extension == "xlsx":
            dataset = XLSX().create_dataset(content)
        elif extension == "csv":
            dataset = CSV().create_dataset(content.decode("utf-8-sig"))
        else:
            raise ImportRefused([_("Upload the sheet as an XLSX or a CSV file.")])
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


def _problems(result) -> list[str]:
    problems = [str(error.error) for error in result.base_errors]
    for row in result.error_rows:
        for error in row.errors:
            problems.append(
                _("Row %(row)s: %(problem)s") % {"row": row.number + 1, "problem": error.error}
            )
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            for message in messages:
                if field == NON_FIELD_ERRORS:
                    problem = _("Row %(row)s: %(problem)s")
                else:
                    problem = _("Row %(row)s, column %(column)s: %(problem)s")
                problems.append(
                    problem % {"row": row.number + 1, "column": field, "problem": message}
                )
    return problems


def programme_import(
    *, institution_request: InstitutionRequest, file_name: str, content: bytes, user, dry_run: bool
) -> dict:
    """Import the sheet's programmes into the request, or refuse the whole file.

    Returns what each row does (``rows``: the sheet's row number, "new",
    "update" or "skip", and the row's values) and the ``totals``.
    """
    dataset = read_sheet(file_name, content)
    resource = ProgrammeResource(institution_request=institution_request, user=user)
    with transaction.atomic():
        try:
            result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True)
        except ValidationError as error:  # the columns themselves are wrong
            raise ImportRefused(error.messages) from None
        problems = _problems(result)
        if problems:
            raise ImportRefused(problems)
        if not dry_run:
            numbers = {
                n.strip() for value in dataset["objectives"] for n in str(value or "").split(",")
            }
            inputs.inputs_touch(
                institution_request=institution_request,
                objective_numbers=[int(n) for n in numbers if n.isdigit()],
                user=user,
            )
    # Row numbers as the spreadsheet shows them: the header is row 1.
    rows = [
        (number, row.import_type, values)
        for number, (row, values) in enumerate(zip(result.rows, dataset.dict, strict=True), 2)
    ]
    return {"rows": rows, "totals": {key.lower(): n for key, n in result.totals.items()}}


def programme_template(institution_request: InstitutionRequest) -> bytes:
    """An XLSX with the programmes already reported (none at first) and a second
    sheet explaining each column and the values it accepts."""
    resource = ProgrammeResource(institution_request=institution_request)
    dataset = resource.export(queryset=resource.get_queryset().order_by("name"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("programmes")[:31]
    sheet.append(list(dataset.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in dataset:
        sheet.append(["" if value is None else value for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text typed by someone, never a formula
                cell.quotePrefix = True
    sheet.freeze_panes = "A2"

    help_sheet = book.create_sheet(_("instructions")[:31])
    help_sheet.append([_("Column"), _("What it holds")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    institutions = institution_request.review.country.institutions.filter(is_active=True)
    acronyms = ", ".join(i.acronym for i in institutions if i.acronym)
    explanations = {
        "name": _("Name of the programme (required). A name already in the portal updates it."),
        "kind": _("One of: %(kinds)s.") % {"kinds": ", ".join(map(str, Programme.Kind.labels))},
        "objectives": _(
            "Numbers of the GCM objectives it serves, 1 to 23, separated by commas (required)."
        ),
        "institutions_involved": _(
            "Acronyms of the institutions involved, separated by commas: %(acronyms)s."
        )
        % {"acronyms": acronyms},
        "partners": _("Other partners, such as IOM or UNICEF, as free text."),
        "period_start": _("Date it started, as %(formats)s.")
        % {"formats": ", ".join(f.replace("%", "") for f in DATE_FORMATS)},
        "period_end": _("Date it ended (empty if it goes on)."),
        "principles": _(
            "Numbers of the guiding principles it reflects, 1 to 10, separated by commas."
        ),
        "links": _("Web addresses, one per line."),
    }
    for field in resource.get_export_fields():
        column = field.column_name
        if column not in explanations:
            explanations[column] = Programme._meta.get_field(column).verbose_name.capitalize()
        help_sheet.append([column, str(explanations[column])])
    help_sheet.append([])
    help_sheet.append([_("Objectives")])
    for objective in Objective.objects.order_by("number"):
        help_sheet.append([objective.number, objective.short_label])
    help_sheet.append([])
    help_sheet.append([_("Guiding principles")])
    for principle in GuidingPrinciple.objects.order_by("number"):
        help_sheet.append([principle.number, principle.name])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 100
    output = BytesIO()
    book.save(output)
    return output.getvalue()
