from django import forms
from django.utils.translation import gettext_lazy as _

from objectives.models import Objective
from reviews.models import (
    PROGRAMME_FIELDS,
    Challenge,
    FocalPoint,
    Institution,
    NationalReview,
    Programme,
    Statistic,
)


class DateInput(forms.DateInput):
    input_type = "date"


class ReviewForm(forms.ModelForm):
    class Meta:
        model = NationalReview
        fields = ["coordinating_institution", "contact_persons", "internal_deadline", "status"]
        widgets = {
            "internal_deadline": DateInput(),
            "contact_persons": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinating_institution"].queryset = Institution.objects.filter(
            country=self.instance.country_id, is_active=True
        )
        # Submission is a workflow of its own (validation, then lock), not a menu choice.
        self.fields["status"].choices = [
            choice
            for choice in NationalReview.Status.choices
            if choice[0] != NationalReview.Status.SUBMITTED
        ]


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


class SheetForm(forms.Form):
    sheet = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("XLSX or CSV (UTF-8), with the columns of the template; at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"empty": _("The file is empty: the first row must name the columns.")},
    )
