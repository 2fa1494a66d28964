from django import forms
from django.utils.translation import gettext_lazy as _

from objectives.models import Objective
from reviews.models import (
    PROGRAMME_FIELDS,
    Challenge,
    FocalPoint,
    GoodPractice,
    Institution,
    NationalReview,
    Programme,
    Statistic,
)
from reviews.models.fields import LengthLimit
from reviews.models.names import programme_named
from reviews.selectors.good_practices import PRACTICE_FIELDS
from reviews.text import MAX_PROGRAMME_CHARACTERS, normal_name


class DateInput(forms.DateInput):
    """A browser's date box: it takes only ISO dates (2026-12-26), whatever the
    language; a localised value ("26/12/2026") would show an empty box, and the
    next save would erase the date."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class ReviewForm(forms.ModelForm):
    class Meta:
        model = NationalReview
        # Not the status: it changes only through the review's actions (services.lifecycle).
        # Nor the dates: the deadline plan keeps them in order (views.plan).
        fields = ["coordinating_institution", "contact_persons"]
        widgets = {"contact_persons": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinating_institution"].queryset = Institution.objects.filter(
            country=self.instance.country_id, is_active=True
        )


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "acronym", "kind", "is_active"]

    def __init__(self, *args, country, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.country = country

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        duplicates = Institution.objects.filter(country=self.instance.country, name__iexact=name)
        if duplicates.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This country already has an institution with this name.")
            )
        return name


class RequestForm(forms.Form):
    asked = forms.BooleanField(label=_("Ask this institution for information"), required=False)
    objectives = forms.ModelMultipleChoiceField(
        queryset=Objective.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Objectives it is asked about"),
        help_text=_("None ticked means all 23."),
    )
    mark_sent = forms.BooleanField(label=_("Record the request as sent today"), required=False)


class InvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    kind = forms.ChoiceField(label=_("Role"), choices=FocalPoint.Kind.choices)


class ProgrammeForm(forms.ModelForm):
    """A programme with its fields of Guatemala's instrument; statistics and
    challenges are formsets beside it, and one attachment can be added per save."""

    # The page's sections, in order: (anchor, heading, fields). Statistics and
    # challenges are formsets, shown between "results" and the attachment.
    SECTIONS = [
        (
            "what",
            _("What it is"),
            [
                "name",
                "kind",
                "description",
                "background",
                "commitment",
                "period_start",
                "period_end",
            ],
        ),
        (
            "objectives",
            _("Objectives and principles"),
            ["objectives", "general_objective", "specific_objectives", "principles"],
        ),
        ("who", _("Who takes part"), ["institutions_involved", "partners"]),
        ("results", _("Results"), ["achievements", "links"]),
    ]
    field_order = [name for _anchor, _heading, names in SECTIONS for name in names]

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_attachment = forms.FileField(
        label=_("Attach a document"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, ODT, PNG or JPEG, at most 20 MB."),
    )

    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS
        widgets = {
            "objectives": forms.CheckboxSelectMultiple,
            "principles": forms.CheckboxSelectMultiple,
            "institutions_involved": forms.CheckboxSelectMultiple,
            "period_start": DateInput(),
            "period_end": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "commitment",
                    "description",
                    "background",
                    "general_objective",
                    "specific_objectives",
                    "achievements",
                    "links",
                ]
            },
        }

    def __init__(self, *args, input, **kwargs):
        super().__init__(*args, **kwargs)
        self.input = input
        self.fields["institutions_involved"].queryset = Institution.objects.filter(
            country=input.request.review.country_id, is_active=True
        )
        self.fields["objectives"].required = False
        self.fields["objectives"].help_text = _("This objective is always included.")
        self.initial.setdefault("version", self.instance.version)
        if not self.instance.pk and input.objective_id:
            self.initial.setdefault("objectives", [input.objective_id])

    def sections(self):
        """(anchor, heading, bound fields) for each section of the page."""
        return [
            (anchor, heading, [self[name] for name in names])
            for anchor, heading, names in self.SECTIONS
        ]

    def error_summary(self, formsets) -> list[tuple[str, str]]:
        """(id of the field, message) for every error of the form and of its formsets'
        rows, in the order of the page: what GOV.UK's error summary lists at the top.
        ``formsets`` pairs each formset with the name of its rows ("Statistics"); the
        form's fields outside its sections (the attachment) come last, as on the page."""

        def field_errors(fields, where=""):
            return [(_target(f), f"{where}{f.label}: {e}") for f in fields for e in f.errors]

        form = self
        fields = [form[name] for name in form.fields if not form[name].is_hidden]
        in_sections = [field for field in fields if field.name in form.field_order]
        summary = [(_target(fields[0]), str(error)) for error in form.non_field_errors()]
        summary += field_errors(in_sections)
        for formset, part in formsets:
            summary += [(f"section-{formset.prefix}", str(e)) for e in formset.non_form_errors()]
            for number, row in enumerate(formset.forms, start=1):
                if not row.errors or getattr(row, "cleaned_data", {}).get("DELETE"):
                    continue
                row_fields = [row[name] for name in row.fields if not row[name].is_hidden]
                where = _("%(part)s, row %(number)s") % {"part": part, "number": number}
                summary += [
                    (_target(row_fields[0]), f"{where}: {e}") for e in row.non_field_errors()
                ]
                summary += field_errors(row_fields, f"{where}, ")
        return summary + field_errors([f for f in fields if f not in in_sections])

    def clean_name(self):
        """One name, one programme in a request (capitals and spaces aside): the
        spreadsheet import finds programmes by their name."""
        name = normal_name(self.cleaned_data["name"])
        programmes = Programme.objects.filter(request=self.input.request_id)
        if programme_named(programmes, name, exclude_pk=self.instance.pk) is not None:
            raise forms.ValidationError(
                _(
                    "Your institution already has a programme named “%(name)s”: give this "
                    "one another name, or open that one to change it."
                )
                % {"name": name},
                code="unique",
            )
        return name

    def clean_new_attachment(self):
        upload = self.cleaned_data.get("new_attachment")
        if upload:
            from reviews.validators import attachment_check

            attachment_check(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") != self.instance.version:
            self.mark_conflict(self.instance.version)
        return cleaned

    def mark_conflict(self, stored_version: int) -> None:
        """Someone saved first: keep what was typed, show both versions, and let
        the next save (after merging) go through against the stored version."""
        self.conflict = True
        self.data = self.data.copy()
        self.data["version"] = stored_version
        self.add_error(
            None,
            _(
                "Someone saved this programme while you were editing it. Their version and "
                "yours are shown side by side; what you typed is still in the form. Merge "
                "them, then save again."
            ),
        )

    def differences(self) -> list[tuple[str, str, str]]:
        """(label, stored, submitted) for every field where the two versions differ."""
        stored = type(self.instance).objects.get(pk=self.instance.pk)
        rows = []
        for name in self.Meta.fields:
            mine = self.cleaned_data.get(name)
            theirs = getattr(stored, name)
            if hasattr(theirs, "all"):  # many-to-many
                theirs = ", ".join(map(str, theirs.all()))
                mine = ", ".join(map(str, mine or []))
            theirs = "" if theirs is None else str(theirs)
            mine = "" if mine is None else str(mine)
            if theirs != mine:
                rows.append((self.fields[name].label, theirs, mine))
        return rows


StatisticFormSet = forms.inlineformset_factory(
    Programme,
    Statistic,
    fields=["indicator", "men", "women", "total", "age_group", "nationalities"],
    extra=1,
    can_delete=True,
)

ChallengeFormSet = forms.inlineformset_factory(
    Programme,
    Challenge,
    fields=["description", "categories"],
    widgets={
        "description": forms.Textarea(attrs={"rows": 2}),
        "categories": forms.CheckboxSelectMultiple,
    },
    extra=1,
    can_delete=True,
)


def _target(field) -> str:
    """The id a link to this field should lead to: its first box for a list of choices."""
    if isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return f"{field.auto_id}_0"
    return field.auto_id


class SheetForm(forms.Form):
    sheet = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("XLSX or CSV (UTF-8), with the columns of the template; at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"empty": _("The file is empty: the first row must name the columns.")},
    )


class RosterSheetForm(forms.Form):
    """The institutions sheet (``reviews.spreadsheets.roster``)."""

    sheet = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("XLSX, with the columns of the template; at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"empty": _("The file is empty: the first row must name the columns.")},
    )


class GoodPracticeForm(forms.ModelForm):
    """What the Hub's checklist asks beyond the programme's own fields; a box for how
    each guiding principle is reflected (``principle_1`` … ``principle_10``), gathered
    into ``cleaned_data["principles"]`` ({"1": text, …})."""

    class Meta:
        model = GoodPractice
        fields = list(PRACTICE_FIELDS)
        widgets = {
            "completion": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ["innovation", "replicability", "results", "lessons"]
            },
        }

    def __init__(self, *args, principles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completion"].choices = GoodPractice.Completion.choices
        texts = self.instance.principles or {}
        for principle in principles:
            name = f"principle_{principle.number}"
            self.fields[name] = forms.CharField(
                label=str(principle),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[LengthLimit(MAX_PROGRAMME_CHARACTERS)],
                initial=texts.get(str(principle.number), ""),
            )
        self.principle_names = [f"principle_{p.number}" for p in principles]

    def principle_fields(self):
        return [self[name] for name in self.principle_names]

    def clean(self):
        cleaned = super().clean()
        cleaned["principles"] = {
            name.removeprefix("principle_"): cleaned.get(name, "") for name in self.principle_names
        }
        return cleaned

    def error_summary(self) -> list[tuple[str, str]]:
        """(id of the box, message) for every error, in the order of the page."""
        summary = [("programme-fields", str(error)) for error in self.non_field_errors()]
        order = [*self._meta.fields[:3], *self.principle_names, *self._meta.fields[3:]]
        return summary + [
            (_target(self[name]), f"{self[name].label}: {error}")
            for name in order
            for error in self[name].errors
        ]
