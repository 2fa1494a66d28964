"""Report jobs: a national report asked for, rendered by a worker, stored."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.models.organisation import NationalReview


def report_path(instance, filename):
    return f"reports/{instance.review_id}/{uuid.uuid4().hex}.pdf"


class ReportJob(models.Model):
    """A national report asked for: rendered in the background, then downloaded.

    The file is served only once the job is done: a job that stopped half-way
    never points at a file.
    """

    class Layout(models.TextChoices):
        IMRF = "imrf", _("IMRF national report")
        REGIONAL = "regional", _("Regional questionnaire")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    review = models.ForeignKey(NationalReview, on_delete=models.CASCADE, related_name="report_jobs")
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last news"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["review_id", "-created_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self):
        return f"{self.review} · {self.layout} · {self.language} · {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
