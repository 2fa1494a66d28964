"""The audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what, when: sign-ins, role changes, submissions, returns, reports, exports."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in refused")
        ROLE_GIVEN = "role_given", _("Role given")
        ROLE_REMOVED = "role_removed", _("Role removed")
        FOCAL_POINT_REPLACED = "handover", _("Focal point replaced")
        INPUT_SUBMITTED = "input_submitted", _("Input submitted")
        INPUT_RETURNED = "input_returned", _("Input returned")
        INPUT_ACCEPTED = "input_accepted", _("Input accepted")
        REVIEW_SUBMITTED = "review_submitted", _("Review submitted")
        REVIEW_REOPENED = "review_reopened", _("Review reopened")
        REVIEW_PUBLISHED = "review_published", _("Report published")
        REVIEW_UNPUBLISHED = "review_unpublished", _("Report unpublished")
        REPORT_REQUESTED = "report_requested", _("Report asked for")
        EXPORTED = "exported", _("Exported")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    subject = models.CharField(_("about"), max_length=300, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.subject}"
