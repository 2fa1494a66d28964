"""The form that hands an institution over to a new focal point."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReplaceForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "Someone who already has an account keeps it and is told of the new role; "
            "anyone else is invited to choose a password."
        ),
    )
