"""The spreadsheet in which an institution writes its programmes, with its instructions."""

from io import BytesIO

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from objectives.models import GuidingPrinciple, Objective
from reviews.models import InstitutionRequest, Programme
from reviews.spreadsheets.exports import FORMULA_STARTS
from reviews.spreadsheets.resources import DATE_FORMATS, ProgrammeResource


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
