"""National reviews, the institutions of a country and the people who take part."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from objectives.models import (
    Country,
    Objective,
)
from reviews.models import fields
from reviews.models.cycles import ReviewCycle
from reviews.text import MAX_NOTE_CHARACTERS


class Institution(models.Model):
    """A ministry or agency of a country; kept across cycles."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        AUTONOMOUS = "autonomous", _("Autonomous body")
        LOCAL = "local", _("Local government")
        OTHER = "other", _("Other")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("country")
    )
    name = fields.CharField(_("name"), max_length=300)
    acronym = fields.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MINISTRY)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive institutions are not offered again.")
    )

    class Meta:
        ordering = ["country_id", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="unique_institution_name"),
            # The institutions spreadsheet finds an institution by its acronym.
            models.UniqueConstraint(
                "country",
                Lower("acronym"),
                condition=~models.Q(acronym=""),
                name="unique_institution_acronym",
                violation_error_message=_(
                    "This country already has an institution with this acronym."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("reviews:institution", args=[self.pk])


class NationalReview(models.Model):
    """A country's review in a cycle."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        COLLECTING = "collecting", _("Collecting inputs")
        CONSOLIDATING = "consolidating", _("Consolidating")
        VALIDATING = "validating", _("Validating")
        SUBMITTED = "submitted", _("Submitted")

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("cycle")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("country")
    )
    coordinating_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_reviews",
        verbose_name=_("coordinating institution"),
    )
    contact_persons = fields.TextField(
        _("contact persons"),
        blank=True,
        max_length=MAX_NOTE_CHARACTERS,
        help_text=_("Names, positions, e-mails and telephones."),
    )
    # The deadline plan (issue 18): each step's date, empty until the coordinator
    # moves it (``selectors.review_plan`` computes the defaults back from the
    # cycle's deadline). ``internal_deadline`` is the date the institutions'
    # first inputs are due.
    plan_requests_out = models.DateField(_("requests sent out"), null=True, blank=True)
    internal_deadline = models.DateField(_("first inputs due"), null=True, blank=True)
    plan_review_until = models.DateField(_("coordinator's review until"), null=True, blank=True)
    plan_validation_until = models.DateField(_("validation round until"), null=True, blank=True)
    plan_submission = models.DateField(_("national submission"), null=True, blank=True)
    # The reminders that follow the plan, and their escalation.
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before the due date"), default=7
    )
    remind_days_after = models.PositiveSmallIntegerField(
        _("remind again this many days after it"), default=3
    )
    escalate_alternate_after = models.PositiveSmallIntegerField(
        _("write to the alternate focal points after this many days overdue"), default=7
    )
    escalate_coordinator_after = models.PositiveSmallIntegerField(
        _("tell the coordinators after this many days overdue"), default=14
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PREPARING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The rounds of validation: when the draft was last opened to the institutions,
    # and the opening before (what changed between them is shown with the draft).
    validation_opened_at = models.DateTimeField(_("validation opened"), null=True, blank=True)
    validation_previously_opened_at = models.DateTimeField(
        _("previous validation opened"), null=True, blank=True
    )
    # The coordinators' digest of submitted inputs: at most one an hour.
    digest_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
    digest_due_at = models.DateTimeField(_("next digest due"), null=True, blank=True)
    # Publication: a submitted review's report, readable by everyone on the public
    # pages. ``published_reports`` names the report job of each PDF published with
    # it ("imrf-es": job id), so that only those files are offered to the public.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_reports = models.JSONField(_("published PDFs"), default=dict, blank=True)

    class Meta:
        ordering = ["cycle_id", "country__name_es"]
        verbose_name = _("national review")
        verbose_name_plural = _("national reviews")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "country"], name="one_review_per_cycle"),
        ]

    def __str__(self):
        return f"{self.country} · {self.cycle}"

    def get_absolute_url(self):
        return reverse("reviews:review", args=[self.pk])

    def clean(self):
        if (
            self.coordinating_institution is not None
            and self.coordinating_institution.country_id != self.country_id
        ):
            raise ValidationError(
                {"coordinating_institution": _("The institution must be of the same country.")}
            )

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.status == self.Status.SUBMITTED


class NationalCoordinator(models.Model):
    """A person who coordinates a national review (several are allowed)."""

    review = models.ForeignKey(
        NationalReview, on_delete=models.CASCADE, related_name="coordinators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_roles"
    )

    class Meta:
        verbose_name = _("national coordinator")
        verbose_name_plural = _("national coordinators")
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="unique_coordinator"),
        ]

    def __str__(self):
        return f"{self.user} · {self.review}"


class FocalPoint(models.Model):
    """A person who answers for an institution: a main one and alternates."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Main")
        ALTERNATE = "alternate", _("Alternate")

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="focal_points"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_point_roles"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    invitations_sent = models.PositiveSmallIntegerField(_("invitations sent"), default=0)

    class Meta:
        ordering = ["institution_id", "kind", "user__last_name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(fields=["institution", "user"], name="unique_focal_point"),
        ]

    def __str__(self):
        return f"{self.user} · {self.institution}"

    @property
    def has_accepted(self) -> bool:
        return self.user.has_usable_password()


class RegionalReviewer(models.Model):
    """Reads the submitted reports of a cycle; changes nothing."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_roles"
    )

    class Meta:
        verbose_name = _("regional reviewer")
        verbose_name_plural = _("regional reviewers")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "user"], name="unique_reviewer"),
        ]

    def __str__(self):
        return f"{self.user} · {self.cycle}"


class InstitutionRequest(models.Model):
    """A review asking an institution for information on some objectives."""

    # Protected: a request holds the institution's forms and programmes. An institution
    # that no longer takes part is made inactive; a request is withdrawn only while
    # nothing was written (services.institution_request_withdraw).
    review = models.ForeignKey(NationalReview, on_delete=models.PROTECT, related_name="requests")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="requests")
    objectives = models.ManyToManyField(Objective, verbose_name=_("objectives asked about"))
    sent_at = models.DateTimeField(_("request sent"), null=True, blank=True)
    # The institution's own due date; empty: the plan's date for the first inputs.
    due_on = models.DateField(_("due date"), null=True, blank=True)
    responded_at = models.DateTimeField(_("information sent"), null=True, blank=True)

    class Meta:
        ordering = ["review_id", "institution__name"]
        verbose_name = _("request to an institution")
        verbose_name_plural = _("requests to institutions")
        constraints = [
            models.UniqueConstraint(fields=["review", "institution"], name="unique_request"),
        ]

    def __str__(self):
        return f"{self.institution} · {self.review}"

    def mark_sent(self):
        self.sent_at = timezone.now()
        self.save(update_fields=["sent_at"])


class Profile(models.Model):
    """What the portal remembers of a person: the language their e-mails are written in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    # One of settings.LANGUAGES; no choices here, so that adding a language
    # takes no migration.
    language = models.CharField(_("language"), max_length=10, default="es")
    # The secret of the person's calendar feed (.ics), which calendar programs
    # fetch without signing in; empty until the person asks for the feed.
    calendar_token = models.CharField(_("calendar key"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["calendar_token"],
                condition=~models.Q(calendar_token=""),
                name="unique_calendar_token",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.language}"


class Handover(models.Model):
    """A focal point replaced by another person: who left, who came, who decided."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="handovers")
    # The review whose coordinator made the change (a focal point answers for the
    # institution in every review; the timeline of each of its inputs shows it).
    review = models.ForeignKey(
        NationalReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FocalPoint.Kind.choices)
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Names as they were: an account may be renamed or deleted later.
    previous_name = models.CharField(_("replaced focal point"), max_length=300)
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    successor_name = models.CharField(_("new focal point"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["institution_id", "at", "pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self):
        return f"{self.institution}: {self.previous_name} → {self.successor_name}"
