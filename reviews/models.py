"""Review cycles, national reviews, institutions and the people who take part.

Who may do what is decided in ``reviews.access``; the rules about one object
(an open cycle, a review that may still change) live here.
"""

import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from objectives.models import (
    ChallengeCategory,
    Country,
    GuidingPrinciple,
    Objective,
    RegionalCommission,
    Translated,
)

GCM_ADOPTION = datetime.date(2018, 12, 10)
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


# Default orderings name foreign keys by their column (``review_id``), never by
# the related model: that would join its tables, and theirs, on every query.


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
        ordering = ["cycle_id", "-section", "order"]
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
        ordering = ["country_id", "name"]
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

    review = models.ForeignKey(NationalReview, on_delete=models.CASCADE, related_name="requests")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="requests")
    objectives = models.ManyToManyField(Objective, verbose_name=_("objectives asked about"))
    sent_at = models.DateTimeField(_("request sent"), null=True, blank=True)
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


class Input(models.Model):
    """What an institution answers about one objective (or one group) in a review.

    Its status moves through a small workflow (see ``TRANSITIONS``); every
    move is recorded as a ``Transition``.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", pgettext_lazy("input status", "Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    TRANSITIONS = {
        Status.NOT_STARTED: {Status.DRAFT},
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.ACCEPTED, Status.RETURNED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.ACCEPTED: {Status.RETURNED},
    }
    EDITABLE = {Status.NOT_STARTED, Status.DRAFT, Status.RETURNED}

    request = models.ForeignKey(InstitutionRequest, on_delete=models.CASCADE, related_name="inputs")
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs"
    )
    group_number = models.PositiveSmallIntegerField(
        _("thematic area or round table"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["request_id", "objective__number", "group_number"]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "objective"], name="one_input_per_objective"
            ),
            models.UniqueConstraint(fields=["request", "group_number"], name="one_input_per_group"),
            models.CheckConstraint(
                condition=models.Q(objective__isnull=True) ^ models.Q(group_number__isnull=True),
                name="input_of_an_objective_or_a_group",
            ),
        ]

    def __str__(self):
        subject = self.objective or _("group %(number)s") % {"number": self.group_number}
        return f"{self.request.institution} · {subject}"

    def get_absolute_url(self):
        return reverse("reviews:input", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """Its institution may change it: not submitted, and the review not submitted either."""
        return self.status in self.EDITABLE and not self.request.review.is_locked

    def may_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


class Answer(models.Model):
    """The answer of an input to one question; every saved version is kept."""

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("answer"), blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    not_applicable_reason = models.TextField(_("why it does not apply"), blank=True)
    words = models.PositiveIntegerField(_("words"), default=0, editable=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["input_id", "question__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["input", "question"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.input} · {self.question.code}"

    def save(self, *args, **kwargs):
        self.words = count_words(self.text)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "words"}
        super().save(*args, **kwargs)

    @property
    def word_count(self) -> int:
        return count_words(self.text)

    @property
    def is_complete(self) -> bool:
        if self.not_applicable:
            return bool(self.not_applicable_reason.strip())
        return bool(self.text.strip())


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, whatever the script."""
    return len(WORD.findall(text or ""))


class Programme(models.Model):
    """A programme, project or action an institution reports (seed 001, section 1)."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        PROJECT = "project", _("Project")
        ACTION = "action", _("Action")
        POLICY = "policy", _("Policy")
        TOOL = "tool", _("Tool")
        GOOD_PRACTICE = "good_practice", _("Good practice")

    request = models.ForeignKey(
        InstitutionRequest, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.PROGRAMME)
    objectives = models.ManyToManyField(
        Objective, related_name="programmes", verbose_name=_("GCM objectives it serves")
    )
    commitment = models.TextField(_("institutional commitment"), blank=True)
    description = models.TextField(_("description"), blank=True)
    background = models.TextField(_("background"), blank=True)
    general_objective = models.TextField(_("general objective"), blank=True)
    specific_objectives = models.TextField(_("specific objectives"), blank=True)
    institutions_involved = models.ManyToManyField(
        Institution, blank=True, related_name="+", verbose_name=_("institutions involved")
    )
    partners = models.CharField(
        _("other partners"), max_length=500, blank=True, help_text=_("For example IOM, UNICEF.")
    )
    achievements = models.TextField(_("achievements"), blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    principles = models.ManyToManyField(
        GuidingPrinciple,
        blank=True,
        related_name="+",
        verbose_name=_("guiding principles it reflects"),
    )
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[objectives, principles])

    class Meta:
        ordering = ["request_id", "name"]
        verbose_name = _("programme or action")
        verbose_name_plural = _("programmes and actions")

    def __str__(self):
        return self.name

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


# What a focal point reports of a programme, in its form and in its spreadsheet.
PROGRAMME_FIELDS = [
    "name",
    "kind",
    "objectives",
    "commitment",
    "description",
    "background",
    "general_objective",
    "specific_objectives",
    "institutions_involved",
    "partners",
    "achievements",
    "period_start",
    "period_end",
    "principles",
    "links",
]


class Statistic(models.Model):
    """A row of a programme's statistics, disaggregated as in seed 001's tables."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="statistics")
    indicator = models.CharField(_("indicator"), max_length=300)
    men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    age_group = models.CharField(_("age group"), max_length=100, blank=True)
    nationalities = models.CharField(_("nationalities"), max_length=300, blank=True)

    class Meta:
        ordering = ["programme_id", "pk"]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")

    def __str__(self):
        return self.indicator

    def clean(self):
        if self.total is not None and (self.men or 0) + (self.women or 0) > self.total:
            raise ValidationError({"total": _("The total cannot be smaller than men plus women.")})


class Challenge(models.Model):
    """A difficulty a programme met, counted in one or more categories."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="challenges")
    description = models.TextField(_("challenge"))
    categories = models.ManyToManyField(
        ChallengeCategory, related_name="challenges", verbose_name=_("categories")
    )

    class Meta:
        ordering = ["programme_id", "pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return self.description[:80]


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


class Comment(models.Model):
    """A coordinator's comment on an input, a question of it or a programme."""

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["input_id", "created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:80]


class Transition(models.Model):
    """A move of an input from one status to another: who, when, and why."""

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=12, choices=Input.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Input.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["input_id", "at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self):
        return f"{self.input}: {self.from_status} → {self.to_status}"


class NationalText(models.Model):
    """A section of the national report, written by the coordinators from the
    institutions' inputs; autosaved, and every version kept.

    ``key`` names the section within the review: ``methodology``, ``policy``,
    ``objective-7``, ``principle-3``, ``question-8``, ``means-financing``,
    ``next-steps``.
    """

    class Section(models.TextChoices):
        METHODOLOGY = "methodology", _("Methodology")
        POLICY = "policy", _("Policy and enabling environment")
        OBJECTIVE = "objective", _("Progress on the objectives")
        PRINCIPLE = "principle", _("Guiding principles")
        QUESTION = "question", _("Cross-cutting questions")
        MEANS = "means", _("Means of implementation")
        NEXT_STEPS = "next_steps", _("Next steps")

    class Topic(models.TextChoices):
        FINANCING = "financing", _("Financing")
        CAPACITY = "capacity", _("Capacity building")
        DATA = "data", _("Data")
        TECHNOLOGY = "technology", _("Technology")
        PARTNERSHIPS = "partnerships", _("Partnerships")

    review = models.ForeignKey(NationalReview, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(_("section key"), max_length=40)
    section = models.CharField(_("section"), max_length=15, choices=Section.choices)
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    principle = models.ForeignKey(
        GuidingPrinciple, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    question = models.ForeignKey(
        "Question", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=15, choices=Topic.choices, blank=True)
    applies = models.BooleanField(_("applies"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["review_id", "section", "key"]
        verbose_name = _("national text")
        verbose_name_plural = _("national texts")
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="one_text_per_section"),
        ]

    def __str__(self):
        return f"{self.review} · {self.key}"

    @property
    def word_count(self) -> int:
        return count_words(self.text)


class Passage(models.Model):
    """An institution's words inserted into a national text, and where they came from."""

    text = models.ForeignKey(NationalText, on_delete=models.CASCADE, related_name="passages")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    excerpt = models.TextField(_("passage"))
    inserted_at = models.DateTimeField(_("inserted"), auto_now_add=True)
    inserted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["text_id", "inserted_at", "pk"]
        verbose_name = _("inserted passage")
        verbose_name_plural = _("inserted passages")

    def __str__(self):
        return f"{self.institution}: {self.excerpt[:60]}"


class Reminder(models.Model):
    """A reminder e-mailed to an institution that had not submitted (at most one a day)."""

    review = models.ForeignKey(NationalReview, on_delete=models.CASCADE, related_name="reminders")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    recipients = models.TextField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["review_id", "-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self):
        return f"{self.institution} · {self.sent_at:%Y-%m-%d %H:%M}"


class ValidationResponse(models.Model):
    """An institution confirming the consolidated draft, or commenting on it."""

    review = models.ForeignKey(NationalReview, on_delete=models.CASCADE, related_name="validations")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed = models.BooleanField(_("confirms the draft"))
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["review_id", "-at"]
        verbose_name = _("validation response")
        verbose_name_plural = _("validation responses")

    def __str__(self):
        return f"{self.institution} · {self.review}"


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


class AuditEvent(models.Model):
    """Who did what, when: sign-ins, role changes, submissions, returns, reports, exports."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in refused")
        ROLE_GIVEN = "role_given", _("Role given")
        ROLE_REMOVED = "role_removed", _("Role removed")
        INPUT_SUBMITTED = "input_submitted", _("Input submitted")
        INPUT_RETURNED = "input_returned", _("Input returned")
        INPUT_ACCEPTED = "input_accepted", _("Input accepted")
        REVIEW_SUBMITTED = "review_submitted", _("Review submitted")
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
