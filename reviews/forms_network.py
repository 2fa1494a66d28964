"""The forms of what the UN Network collects around a review: pledges and the
consultations with stakeholders (in a module of their own: ``reviews/forms.py``
would pass the 400 lines a module may have)."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from reviews.forms import DateInput
from reviews.models.network import Consultation, Pledge
from reviews.text import length
from reviews.validators import attachment_check


class DocumentField(forms.FileField):
    """The one optional document of a row: refused unless its content is of a kind the
    portal keeps; a new one replaces the one kept."""

    def __init__(self, label):
        super().__init__(
            label=label,
            required=False,
            help_text=_(
                "PDF, DOCX, XLSX, ODT, PNG or JPEG, at most 20 MB. It replaces the one kept."
            ),
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            attachment_check(upload)
        return upload


class PledgeForm(forms.ModelForm):
    """A pledge as the Hub's form asks it: 300 to 3,000 characters, linked to objectives
    or principles, measurable, time-bound, one attachment (a new one replaces it)."""

    MIN_TEXT, MAX_TEXT = 300, 3_000
    TOGETHER = {"collective", "complementary", "joint"}

    text = forms.CharField(
        label=_("The pledge"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Between 300 and 3,000 characters: what will be done, by whom, for whom."),
    )
    new_document = DocumentField(_("Attach a document"))

    class Meta:
        model = Pledge
        fields = [
            "title", "kind", "text", "indicator", "due_on", "partners", "objectives", "principles"
        ]  # fmt: skip
        widgets = {
            "due_on": DateInput(),
            "objectives": forms.CheckboxSelectMultiple,
            "principles": forms.CheckboxSelectMultiple,
        }

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not self.MIN_TEXT <= length(text) <= self.MAX_TEXT:
            raise forms.ValidationError(
                _(
                    "The pledge has %(length)s characters: it must have between %(minimum)s "
                    "and %(maximum)s."
                )
                % {
                    "length": number_format(length(text), force_grouping=True),
                    "minimum": number_format(self.MIN_TEXT, force_grouping=True),
                    "maximum": number_format(self.MAX_TEXT, force_grouping=True),
                }
            )
        return text

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("A pledge is fulfilled by a date still to come."))
        return due_on

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("objectives") and not cleaned.get("principles"):
            self.add_error(
                "objectives", _("Link the pledge to at least one objective or guiding principle.")
            )
        if cleaned.get("kind") in self.TOGETHER and not cleaned.get("partners", "").strip():
            self.add_error(
                "partners", _("Name the partners of a collective, complementary or joint pledge.")
            )
        return cleaned


class ConsultationForm(forms.ModelForm):
    """A consultation held with stakeholders: when, how, with whom, about what."""

    groups = forms.MultipleChoiceField(
        label=_("Stakeholder groups"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one stakeholder group that took part.")},
    )
    new_document = DocumentField(_("Minutes"))

    class Meta:
        model = Consultation
        fields = ["held_on", "format", "groups", "participants", "objectives", "summary"]
        widgets = {
            "held_on": DateInput(),
            "objectives": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = Consultation.Group.choices
        self.fields["participants"].validators.append(MinValueValidator(1))
        self.fields["participants"].widget.attrs["min"] = 1

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(
                _("A consultation is recorded once it has been held: the date is still to come.")
            )
        return held_on
