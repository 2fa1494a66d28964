"""Report jobs: a national report asked for, rendered by a worker, stored."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reviews.models.cycles import ReviewCycle
from reviews.models.organisation import NationalReview


def report_path(instance, filename):
    folder = instance.review_id or f"cycle-{instance.cycle_id}"
    return f"reports/{folder}/{uuid.uuid4().hex}.pdf"


class ReportJob(models.Model):
    """A report asked for: rendered in the background, then downloaded. A national
    report belongs to its review; the regional synthesis to its cycle.

    The file is served only once the job is done: a job that stopped half-way
    never points at a file.
    """

    class Layout(models.TextChoices):
        IMRF = "imrf", _("IMRF national report")
        REGIONAL = "regional", _("Regional questionnaire")
        SYNTHESIS = "synthesis", _("Regional synthesis")

    # The layouts of a national report (the synthesis is a cycle's).
    NATIONAL_LAYOUTS = ("imrf", "regional")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    review = models.ForeignKey(
        NationalReview,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("cycle"),
    )
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices)
    # No choices: a language added to settings.LANGUAGES needs no migration (the
    # services accept only the languages offered).
    language = models.CharField(_("language"), max_length=5)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    # A running job belongs to its worker until ``lease_until``; the worker renews it
    # while it renders. A lease left to expire means the worker stopped: the job is
    # queued again, up to ``settings.REPORT_ATTEMPTS`` times (``attempts`` counts the
    # claims, and tells a worker that lost its job from the one that took it over).
    lease_until = models.DateTimeField(_("held by its worker until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
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
        constraints = [
            # A national report has its review; the regional synthesis its cycle only.
            models.CheckConstraint(
                condition=(
                    models.Q(layout="synthesis", review__isnull=True, cycle__isnull=False)
                    | (
                        ~models.Q(layout="synthesis")
                        & models.Q(review__isnull=False, cycle__isnull=True)
                    )
                ),
                name="report_job_of_review_or_cycle",
            ),
            # One job at a time per report: a second request joins the pending one.
            models.UniqueConstraint(
                fields=["review", "layout", "language"],
                condition=models.Q(status__in=["queued", "running"], review__isnull=False),
                name="report_job_one_pending_per_report",
            ),
            models.UniqueConstraint(
                fields=["cycle", "layout", "language"],
                condition=models.Q(status__in=["queued", "running"], cycle__isnull=False),
                name="report_job_one_pending_per_synthesis",
            ),
        ]

    def __str__(self):
        return f"{self.review or self.cycle} · {self.layout} · {self.language} · {self.status}"

    def get_absolute_url(self):
        if self.review_id:
            return reverse("reviews:report_job", args=[self.review_id, self.pk])
        return reverse("reviews:synthesis_job", args=[self.cycle_id, self.pk])

    @property
    def download_url(self) -> str:
        if self.review_id:
            return reverse("reviews:report_download", args=[self.review_id, self.pk])
        return reverse("reviews:synthesis_download", args=[self.cycle_id, self.pk])

    @property
    def retry_url(self) -> str:
        if self.review_id:
            return reverse("reviews:report_retry", args=[self.review_id, self.pk])
        return reverse("reviews:synthesis_retry", args=[self.cycle_id, self.pk])

    def get_language_display(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
