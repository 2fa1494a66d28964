"""The spreadsheet in which an institution writes its programmes, with its instructions."""

from django.utils.translation import gettext as _

from objectives.models import GuidingPrinciple, Objective
from reviews.models import InstitutionRequest, Programme
from reviews.spreadsheets.resources import DATE_FORMATS, ProgrammeResource
from reviews.spreadsheets.workbook import Sheet, workbook


def programme_template(institution_request: InstitutionRequest) -> bytes:
    """An XLSX with the programmes already reported (none at first) and a second
    sheet explaining each column and the values it accepts."""
    resource = ProgrammeResource(institution_request=institution_request)
    dataset = resource.export(queryset=resource.get_queryset().order_by("name"))
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
    help_rows = []
    for field in resource.get_export_fields():
        column = field.column_name
        if column not in explanations:
            explanations[column] = Programme._meta.get_field(column).verbose_name.capitalize()
        help_rows.append([column, str(explanations[column])])
    help_rows += [[], [_("Objectives")]]
    help_rows += [[o.number, o.short_label] for o in Objective.objects.order_by("number")]
    help_rows += [[], [_("Guiding principles")]]
    help_rows += [[p.number, p.name] for p in GuidingPrinciple.objects.order_by("number")]
    return workbook(
        [
            Sheet(title=_("programmes"), headers=dataset.headers, rows=dataset),
            Sheet(
                title=_("instructions"),
                headers=[_("Column"), _("What it holds")],
                rows=help_rows,
                widths=[24, 100],
            ),
        ]
    )
