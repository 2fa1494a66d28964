"""Review cycles, national reviews, institutions and the people who take part.

Who may do what is decided in ``reviews.access``; the rules about one object
(an open cycle, a review that may still change) live here.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from objectives.models import Country, Objective, RegionalCommission, Translated

GCM_ADOPTION = datetime.date(2018, 12, 10)


class ReviewCycle(models.Model):
    """A regional review or an International Migration Review Forum, with its questionnaire."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional review")
        IMRF = "imrf", _("International Migration Review Forum")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Grouping(models.TextChoices):
        THEMATIC_AREAS = "areas", _("Thematic areas")
        ROUND_TABLES = "round_tables", _("IMRF round tables")

    slug = models.SlugField(_("short name"), unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    regional_commission = models.ForeignKey(
        RegionalCommission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("open to the members of"),
        help_text=_("Leave empty to open the cycle to every UN Member State."),
    )
    period_start = models.DateField(_("period covered from"), default=GCM_ADOPTION)
    period_end = models.DateField(_("period covered until"), null=True, blank=True)
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(_("submission deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    grouping = models.CharField(
        _("grouping of the objectives"),
        max_length=20,
        choices=Grouping.choices,
        default=Grouping.THEMATIC_AREAS,
    )

    name = Translated()

    class Meta:
        ordering = ["-opens_on", "slug"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")

    def __str__(self):
        return self.name

    def clean(self):
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": _("The deadline cannot come before the opening.")})
        if self.period_end and self.period_start and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def countries(self):
        if self.regional_commission_id is None:
            return Country.objects.all()
        return Country.objects.filter(regional_commissions=self.regional_commission_id)

    def is_open_to(self, country: Country) -> bool:
        return self.countries().filter(pk=country.pk).exists()


class Question(models.Model):
    """A question of a cycle's questionnaire."""

    class Section(models.TextChoices):
        OBJECTIVES = "objectives", _("About the objectives")
        CROSS_CUTTING = "cross_cutting", _("Cross-cutting")

    class AskedPer(models.TextChoices):
        OBJECTIVE = "objective", _("Once per objective")
        GROUP = "group", _("Once per thematic area or round table")
        REVIEW = "review", _("Once per review")

    class AnswerFormat(models.TextChoices):
        TEXT = "text", _("Text")
        PRINCIPLES_TABLE = "principles", _("Guiding principles table (yes/no and explanation)")

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="questions", verbose_name=_("cycle")
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(
        _("code"), max_length=10, help_text=_("As printed in the questionnaire: a, b, 6, 7…")
    )
    text_es = models.TextField(_("question (Spanish)"))
    text_en = models.TextField(_("question (English)"))
    help_text_es = models.TextField(_("guidance (Spanish)"), blank=True)
    help_text_en = models.TextField(_("guidance (English)"), blank=True)
    word_guidance = models.PositiveIntegerField(
        _("word guidance"), default=500, help_text=_("A soft limit: writers are warned, not cut.")
    )
    asked_per = models.CharField(
        _("asked"), max_length=10, choices=AskedPer.choices, default=AskedPer.OBJECTIVE
    )
    answer_format = models.CharField(
        _("answer format"), max_length=12, choices=AnswerFormat.choices, default=AnswerFormat.TEXT
    )

    text = Translated()
    help_text = Translated()

    class Meta:
        # "objectives" sorts after "cross_cutting": descending puts a–d before 6–10.
        ordering = ["cycle", "-section", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="unique_question_code"),
        ]

    def __str__(self):
        return f"{self.code}. {self.text}"

    def clean(self):
        if self.section == self.Section.CROSS_CUTTING and self.asked_per != self.AskedPer.REVIEW:
            raise ValidationError(
                {"asked_per": _("A cross-cutting question is asked once per review.")}
            )
        if self.section == self.Section.OBJECTIVES and self.asked_per == self.AskedPer.REVIEW:
            raise ValidationError(
                {"asked_per": _("A question about the objectives is asked per objective or group.")}
            )


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
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MINISTRY)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive institutions are not offered again.")
    )

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="unique_institution_name"),
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
    contact_persons = models.TextField(
        _("contact persons"), blank=True, help_text=_("Names, positions, e-mails and telephones.")
    )
    internal_deadline = models.DateField(_("internal deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PREPARING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["cycle", "country__name_es"]
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
            self.coordinating_institution_id
            and self.coordinating_institution.country_id != self.country_id
        ):
            raise ValidationError(
                {"coordinating_institution": _("The institution must be of the same country.")}
            )

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


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
        ordering = ["institution", "kind", "user__last_name"]
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

    review = models.ForeignKey(NationalReview, on_delete=models.CASCADE, related_name="requests")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="requests")
    objectives = models.ManyToManyField(Objective, verbose_name=_("objectives asked about"))
    sent_at = models.DateTimeField(_("request sent"), null=True, blank=True)
    responded_at = models.DateTimeField(_("information sent"), null=True, blank=True)

    class Meta:
        ordering = ["review", "institution__name"]
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
