"""The workbook in which an institution writes its programmes: the programmes it
may still change, their challenges, the programmes of objectives already
submitted (read-only) and the instructions."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from objectives.models import ChallengeCategory, GuidingPrinciple, Objective
from reviews.models import InstitutionRequest, Programme
from reviews.selectors.inputs import locked_objectives
from reviews.spreadsheets import challenges
from reviews.spreadsheets.resources import EXPORT_LABELS, ProgrammeResource
from reviews.spreadsheets.workbook import Sheet, workbook

PROGRAMMES = gettext_lazy("programmes")
LOCKED = gettext_lazy("submitted (read-only)")
INSTRUCTIONS = gettext_lazy("instructions")


def title_of(column: str) -> str:
    """A column of the programme sheet as the reader reads it ("objetivos")."""
    return str(EXPORT_LABELS.get(column, column))


def _explanations(institution_request: InstitutionRequest) -> dict[str, str]:
    institutions = institution_request.review.country.institutions.filter(is_active=True)
    acronyms = ", ".join(i.acronym for i in institutions if i.acronym)
    return {
        "name": _("Name of the programme (required). A name already in the portal updates it."),
        "kind": _("One of: %(kinds)s.") % {"kinds": ", ".join(map(str, Programme.Kind.labels))},
        "objectives": _(
            "Numbers of the GCM objectives it serves, 1 to 23, separated by semicolons, "
            "as 3; 7 (required)."
        ),
        "institutions_involved": _(
            "Acronyms of the institutions involved (the name of one without an acronym), "
            "separated by semicolons: %(acronyms)s."
        )
        % {"acronyms": acronyms},
        "partners": _("Other partners, such as IOM or UNICEF, as free text."),
        "period_start": _("Date it started, as 2020-03-15 or 15/03/2020."),
        "period_end": _("Date it ended (empty if it goes on)."),
        "principles": _(
            "Numbers of the guiding principles it reflects, 1 to 10, separated by semicolons."
        ),
        "links": _("Web addresses, one per line."),
    }


def _help_rows(resource, institution_request, categories) -> list[list]:
    explanations = _explanations(institution_request)
    rows: list[list] = []
    for field in resource.get_export_fields():
        column = field.column_name
        title = title_of(column)
        if column in explanations:
            rows.append([title, explanations[column]])
        else:
            label = getattr(Programme._meta.get_field(column), "verbose_name", column)
            rows.append([title, str(label).capitalize()])
    rows += [
        [],
        [_("Sheet “%(title)s”") % {"title": challenges.CHALLENGES}],
        [
            str(challenges.PROGRAMME),
            _("Name of the programme, as on the programmes sheet."),
        ],
        [str(challenges.TEXT), _("The challenge the programme met, one per row.")],
        [
            _("categories"),
            _("One column per category: write x in each category the challenge counts in."),
        ],
        [
            _("Rule"),
            _(
                "The challenges sheet gives the complete set of challenges of every programme "
                "on the programmes sheet: a challenge left out is removed, a new row adds one, "
                "a changed text replaces the challenge. Programmes not on the programmes sheet "
                "keep their challenges. A CSV file changes no challenge."
            ),
        ],
        [],
        [_("Sheet “%(title)s”") % {"title": LOCKED}],
        [
            _("Read-only"),
            _(
                "Programmes of objectives already submitted. They cannot change until your "
                "coordinator returns the form; they are not imported, and copying one to the "
                "programmes sheet is refused."
            ),
        ],
    ]
    rows += [
        [],
        [
            _("From the coordinator's export"),
            _(
                "The coordinator's export has these columns (titled in the reader's language) "
                "after an “institution” column: its rows of your institution may be copied "
                "here, with or without that column. Rows of another institution are refused."
            ),
        ],
    ]
    rows += [[], [_("Objectives")]]
    rows += [[o.number, o.short_label] for o in Objective.objects.order_by("number")]
    rows += [[], [_("Guiding principles")]]
    rows += [[p.number, p.name] for p in GuidingPrinciple.objects.order_by("number")]
    rows += [[], [_("Challenge categories")]]
    rows += [[c.number, c.name] for c in categories]
    return rows


def programme_template(institution_request: InstitutionRequest) -> bytes:
    """An XLSX with the programmes already reported (none at first), their
    challenges, the programmes that may no longer change on a read-only sheet,
    and the instructions. Imported back unchanged, it changes nothing."""
    resource = ProgrammeResource(institution_request=institution_request)
    locked = locked_objectives(institution_request)
    programmes = list(
        resource.get_queryset()
        .order_by("name")
        .prefetch_related(
            "objectives", "principles", "institutions_involved", "challenges__categories"
        )
    )
    editable: list[Programme] = []
    frozen: list[Programme] = []
    for programme in programmes:
        numbers = {o.number for o in programme.objectives.all()}
        (frozen if numbers & set(locked) else editable).append(programme)
    categories = list(ChallengeCategory.objects.order_by("number"))
    dataset = resource.export(queryset=editable)
    frozen_rows = resource.export(queryset=frozen)
    why = [
        "; ".join(sorted({str(locked[o.number]) for o in p.objectives.all() if o.number in locked}))
        for p in frozen
    ]
    # Titled in the reader's language; the import reads them in any (resources.column_of).
    titles = [title_of(column) for column in dataset.headers]
    sheets = [
        Sheet(title=str(PROGRAMMES), headers=titles, rows=dataset),
        Sheet(
            title=str(challenges.CHALLENGES),
            headers=challenges.headers(categories),
            rows=challenges.rows(editable, categories),
            widths=[40, 80],
        ),
        Sheet(
            title=str(LOCKED),
            headers=[_("submitted with"), *titles],
            rows=[[reason, *row] for reason, row in zip(why, frozen_rows, strict=True)],
            protected=True,
        ),
        Sheet(
            title=str(INSTRUCTIONS),
            headers=[_("Column"), _("What it holds")],
            rows=_help_rows(resource, institution_request, categories),
            widths=[24, 100],
        ),
    ]
    return workbook(sheets)
