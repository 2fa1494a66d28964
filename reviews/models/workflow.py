"""The workflow of inputs: every move from one status to another, who made it and why."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.models import fields
from reviews.models.inputs import Input
from reviews.text import MAX_NOTE_CHARACTERS


class Transition(models.Model):
    """A move of an input from one status to another: who, when, and why."""

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=12, choices=Input.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Input.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = fields.TextField(_("note"), blank=True, max_length=MAX_NOTE_CHARACTERS)

    class Meta:
        ordering = ["input_id", "at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self):
        return f"{self.input}: {self.from_status} → {self.to_status}"
