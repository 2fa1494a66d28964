"""Spreadsheets of an institution's programmes: the template, the import and the export.

Many ministries keep their programmes in Excel. The sheet has one row per
programme; a row whose name matches a programme of the institution's request
updates it, any other row adds one. Cells holding several values separate
them with semicolons ("3; 7"): objectives and principles by number,
institutions involved by acronym (a comma is still read, as older templates
wrote it). The challenges have their own sheet (``challenges``); statistics
and attachments are added in the programme's form.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export import fields, widgets

from objectives.models import GuidingPrinciple, Objective
from objectives.resources import StrictModelResource
from reviews.models import PROGRAMME_FIELDS, Institution, InstitutionRequest, Programme
from reviews.models.names import programme_named
from reviews.selectors.inputs import locked_objectives
from reviews.text import name_key

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its label in any of the portal's languages."""

    def __init__(self, choices, default, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().casefold()
        if not text:
            return self.default
        for code, label in self.choices.choices:
            names = {code.casefold()}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    names.add(str(label).casefold())
            if text in names:
                return code
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(str(label) for label in self.choices.labels)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class DayWidget(widgets.DateWidget):
    """Dates as a Spanish-speaking office writes them, or Excel's own date cells."""

    def __init__(self, **kwargs):
        super().__init__(format=DATE_FORMATS[0], **kwargs)
        self.formats = DATE_FORMATS

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write it as 2020-03-15 or 15/03/2020.")
                % {"value": value}
            ) from None


SEPARATOR = "; "
_SPLIT = re.compile(r"[;,]")


def split_values(value) -> list[str]:
    """The values of a cell holding several: "3; 7", "3,7" or the number 3."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [part.strip() for part in _SPLIT.split(str(value or "")) if part.strip()]


class NumbersWidget(widgets.ManyToManyWidget):
    """Objectives or principles by number; every number must exist."""

    def __init__(self, model, *, required=False, **kwargs):
        super().__init__(model, field="number", separator=SEPARATOR, **kwargs)
        self.required = required

    def _unknown(self, values: list[str]) -> str:
        raise NotImplementedError

    def clean(self, value, row=None, **kwargs):
        wanted = split_values(value)
        if not wanted:
            if self.required:
                raise ValueError(_("Write at least one number, as 3 or 3; 7."))
            return self.model.objects.none()
        words = [w for w in wanted if not w.isdigit()]
        if words:
            raise ValueError(
                _(
                    "“%(value)s” is not a number: write the numbers separated by "
                    "semicolons, as 3; 7."
                )
                % {"value": words[0]}
            )
        found = self.model.objects.filter(number__in={int(w) for w in wanted})
        known = {str(n) for n in found.values_list("number", flat=True)}
        missing = sorted({w for w in wanted if str(int(w)) not in known}, key=int)
        if missing:
            raise ValueError(self._unknown(missing))
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return SEPARATOR.join(str(n) for n in sorted(item.number for item in value.all()))


class ObjectivesWidget(NumbersWidget):
    def __init__(self):
        super().__init__(Objective, required=True)

    def _unknown(self, values):
        return ngettext(
            "There is no objective %(numbers)s: the objectives are numbered 1 to 23.",
            "There are no objectives %(numbers)s: the objectives are numbered 1 to 23.",
            len(values),
        ) % {"numbers": ", ".join(values)}


class PrinciplesWidget(NumbersWidget):
    def __init__(self):
        super().__init__(GuidingPrinciple)

    def _unknown(self, values):
        return ngettext(
            "There is no guiding principle %(numbers)s: the principles are numbered 1 to 10.",
            "There are no guiding principles %(numbers)s: the principles are numbered 1 to 10.",
            len(values),
        ) % {"numbers": ", ".join(values)}


INSTITUTION_COLUMN = "institution"
# The coordinator's export titles its columns in the reader's language; the
# import reads those titles (in any language) as the template's columns.
EXPORT_LABELS = {
    INSTITUTION_COLUMN: gettext_lazy("institution"),
    "name": gettext_lazy("name"),
    "kind": gettext_lazy("kind"),
    "objectives": gettext_lazy("objectives"),
    "commitment": gettext_lazy("institutional commitment"),
    "description": gettext_lazy("description"),
    "background": gettext_lazy("background"),
    "general_objective": gettext_lazy("general objective"),
    "specific_objectives": gettext_lazy("specific objectives"),
    "institutions_involved": gettext_lazy("institutions involved"),
    "partners": gettext_lazy("other partners"),
    "achievements": gettext_lazy("achievements"),
    "period_start": gettext_lazy("from"),
    "period_end": gettext_lazy("until"),
    "principles": gettext_lazy("guiding principles"),
    "links": gettext_lazy("links"),
}


def column_of(title) -> str:
    """The template's column for a title of the template or of the export."""
    text = str(title or "").strip()
    for column, label in EXPORT_LABELS.items():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                if text.casefold() == str(label).casefold():
                    return column
    return text


def foreign_rows(numbered_values, institution: Institution) -> list[str]:
    """The row numbers of a coordinator's export (its first column, ``institution``)
    that name another institution than ``institution``: refused, never imported as its."""
    own = {institution.name.strip().casefold(), institution.acronym.strip().casefold()} - {""}
    return [
        str(number)
        for number, value in numbered_values
        if str(value or "").strip() and str(value).strip().casefold() not in own
    ]


def foreign_message(rows: list[str], where: str = "") -> str:
    return where + ngettext(
        "Row %(rows)s is of another institution: import only the rows of your own.",
        "Rows %(rows)s are of another institution: import only the rows of your own.",
        len(rows),
    ) % {"rows": ", ".join(rows)}


def institution_label(institution: Institution) -> str:
    """How a cell names an institution involved: its acronym, or its name when it
    has none (or one holding the separator), so that every label reads back."""
    acronym = institution.acronym.strip()
    return acronym if acronym and ";" not in acronym else institution.name


class AcronymsWidget(widgets.ManyToManyWidget):
    """Institutions of the review's country by acronym or name, capitals aside,
    separated by semicolons (names may hold commas). A cell without a semicolon
    whose value is no acronym or name is read as acronyms separated by commas,
    as older templates wrote them."""

    def __init__(self, queryset):
        super().__init__(Institution, field="acronym", separator=SEPARATOR)
        self.queryset = queryset

    def clean(self, value, row=None, **kwargs):
        text = str(value or "")
        wanted = [part.strip() for part in text.split(";") if part.strip()]
        if not wanted:
            return Institution.objects.none()
        by_label: dict[str, set[int]] = {}
        for pk, acronym, name in self.queryset.values_list("pk", "acronym", "name"):
            for label in {acronym.strip().casefold(), name.strip().casefold()} - {""}:
                by_label.setdefault(label, set()).add(pk)
        if len(wanted) == 1 and wanted[0].casefold() not in by_label:
            wanted = split_values(text)
        unknown = [w for w in wanted if w.casefold() not in by_label]
        if unknown:
            raise ValueError(
                ngettext(
                    "No institution of this country has the acronym or name %(acronyms)s: "
                    "separate institutions with semicolons.",
                    "No institution of this country has the acronyms or names %(acronyms)s: "
                    "separate institutions with semicolons.",
                    len(unknown),
                )
                % {"acronyms": "; ".join(unknown)}
            )
        ambiguous = [w for w in wanted if len(by_label[w.casefold()]) > 1]
        if ambiguous:
            raise ValueError(
                _(
                    "Several institutions are called %(acronym)s: write the acronym of the "
                    "one you mean, or ask your coordinator."
                )
                % {"acronym": ambiguous[0]}
            )
        return Institution.objects.filter(pk__in=[min(by_label[w.casefold()]) for w in wanted])

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return SEPARATOR.join(sorted(institution_label(i) for i in value.all()))


class ProgrammeResource(StrictModelResource):
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(Programme.Kind, default=Programme.Kind.PROGRAMME),
    )
    period_start = fields.Field(attribute="period_start", column_name="period_start")
    period_end = fields.Field(attribute="period_end", column_name="period_end")

    class Meta:
        model = Programme
        import_id_fields = ["name"]
        fields = PROGRAMME_FIELDS
        export_order = fields
        # The preview shows what each row does, never a field-by-field diff: the
        # diff's HTML (diff-match-patch, up to a second per cell) took minutes
        # for a sheet updating long texts.
        skip_html_diff = True

    def __init__(self, *, institution_request: InstitutionRequest, user=None):
        super().__init__()
        self.institution_request = institution_request
        self.user = user
        self.fields["period_start"].widget = DayWidget()
        self.fields["period_end"].widget = DayWidget()
        self.fields["objectives"] = fields.Field(
            attribute="objectives",
            column_name="objectives",
            widget=ObjectivesWidget(),
        )
        self.fields["principles"] = fields.Field(
            attribute="principles",
            column_name="principles",
            widget=PrinciplesWidget(),
        )
        self.fields["institutions_involved"] = fields.Field(
            attribute="institutions_involved",
            column_name="institutions_involved",
            widget=AcronymsWidget(
                # Inactive ones too: a programme keeps them, so its row reads back.
                Institution.objects.filter(country=institution_request.review.country_id)
            ),
        )
        # Objectives of a submitted form (about the objective, or its area), or all
        # of them once the review is submitted.
        self.locked = locked_objectives(institution_request)

    def get_queryset(self):
        return Programme.objects.filter(request=self.institution_request)

    def get_instance(self, instance_loader, row):
        """The programme with the row's name, capitals and spaces aside (names are unique
        so within a request): never "get() returned more than one"."""
        return programme_named(self.get_queryset(), str(row.get("name") or ""))

    def import_instance(self, instance, row, **kwargs):
        instance.request = self.institution_request
        super().import_instance(instance, row, **kwargs)

    def before_import(self, dataset, **kwargs):
        """Two rows naming one programme (capitals and spaces aside) are refused,
        with the rows as the spreadsheet program numbers them (the header is row 1).
        The ``institution`` column of a coordinator's export is read, then set aside."""
        if dataset.headers:
            dataset.headers = [column_of(title) for title in dataset.headers]
        if INSTITUTION_COLUMN in (dataset.headers or []):
            foreign = foreign_rows(
                enumerate(dataset[INSTITUTION_COLUMN], start=2),
                self.institution_request.institution,
            )
            if foreign:
                raise ValidationError(foreign_message(foreign))
            del dataset[INSTITUTION_COLUMN]
        if "name" in (dataset.headers or []):
            rows_by_name: dict[str, list[int]] = {}
            for number, value in enumerate(dataset["name"], start=2):
                if key := name_key(str(value or "")):
                    rows_by_name.setdefault(key, []).append(number)
            repeated = [
                _("Rows %(rows)s have the same name “%(name)s”: each programme takes one row.")
                % {"rows": ", ".join(map(str, rows)), "name": dataset["name"][rows[0] - 2]}
                for rows in rows_by_name.values()
                if len(rows) > 1
            ]
            if repeated:
                raise ValidationError(repeated)
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        """A submitted objective is locked: its programmes change only once it is returned."""
        super().before_import_row(row, **kwargs)
        numbers = set(split_values(row.get("objectives")))
        existing = programme_named(self.get_queryset(), str(row.get("name") or ""))
        if existing:
            numbers |= {str(o.number) for o in existing.objectives.all()}
        locked = sorted(int(n) for n in numbers if n.isdigit() and int(n) in self.locked)
        if locked:
            raise ValueError(
                ngettext(
                    "Objective %(numbers)s was already submitted: its programmes can change "
                    "only after your coordinator returns it.",
                    "Objectives %(numbers)s were already submitted: their programmes can "
                    "change only after your coordinator returns them.",
                    len(locked),
                )
                % {"numbers": ", ".join(map(str, locked))}
            )

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.pk:
            instance.version += 1
        instance.updated_by = self.user
        instance._history_user = self.user
        if kwargs.get("dry_run"):
            # A preview is rolled back, its history with it: writing the history
            # (of the row and of its three many-to-many columns) was a third of its time.
            instance.skip_history_when_saving = True
