from django import forms
from django.utils.translation import gettext_lazy as _

from objectives.models import Objective
from reviews.models import FocalPoint, Institution, NationalReview


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
