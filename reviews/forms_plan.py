"""The deadline plan's forms: they read dates and numbers; the rules between them
(order, the cycle's deadline) are the service's (``services.plan_save``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.forms import DateInput
from reviews.selectors.plan import STEPS

DAYS = {"min_value": 1, "max_value": 365}


class PlanForm(forms.Form):
    """The five steps' dates (empty: the computed default) and the reminder settings."""

    remind_days_before = forms.IntegerField(
        label=_("Remind this many days before the due date"), **DAYS
    )
    remind_days_after = forms.IntegerField(label=_("Remind again this many days after it"), **DAYS)
    escalate_alternate_after = forms.IntegerField(
        label=_("Write to the alternate focal points after this many days overdue"), **DAYS
    )
    escalate_coordinator_after = forms.IntegerField(
        label=_("Tell the coordinators after this many days overdue"), **DAYS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        steps = {
            name: forms.DateField(label=label, required=False, widget=DateInput())
            for name, label in STEPS
        }
        # The dates first, in the plan's order.
        self.fields = {**steps, **self.fields}

    def dates(self) -> dict:
        return {name: self.cleaned_data[name] for name, _label in STEPS}

    def reminders(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name.startswith(("remind", "escalate"))
        }


class DueDatesForm(forms.Form):
    """One date per asked institution: empty, the plan's date for the first inputs."""

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = requests
        for request in requests:
            self.fields[f"due_{request.pk}"] = forms.DateField(
                label=str(request.institution),
                required=False,
                # The inputs sit in the table; the form with the button follows it.
                widget=DateInput(
                    attrs={"class": "form-control form-control-sm", "form": "due-dates"}
                ),
            )
            self.initial.setdefault(f"due_{request.pk}", request.due_on)

    def due(self) -> dict:
        """The dates the page sent: an institution asked after the page was loaded
        (no field for it in the POST) keeps its date."""
        return {
            request.pk: self.cleaned_data[f"due_{request.pk}"]
            for request in self.requests
            if f"due_{request.pk}" in self.data
        }
