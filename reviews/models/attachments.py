"""Documents attached to programmes."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.models.inputs import Programme


def attachment_path(instance, filename):
    # A random name: the original one is kept in the row, never trusted on disk.
    return f"attachments/{instance.programme.request.review_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A document attached to a programme; served only to people who may read the input."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["programme_id", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
