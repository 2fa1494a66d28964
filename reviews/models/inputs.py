"""What an institution reports: inputs, answers, programmes and their parts, and their workflow."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from objectives.models import (
    ChallengeCategory,
    GuidingPrinciple,
    Objective,
)
from reviews.models import fields
from reviews.models.cycles import Question, ReviewCycle
from reviews.models.organisation import Institution, InstitutionRequest
from reviews.text import (
    MAX_NOTE_CHARACTERS,
    MAX_PROGRAMME_CHARACTERS,
    MAX_TEXT_CHARACTERS,
    count_words,
    normal_name,
)


class Input(models.Model):
    """What an institution answers about one unit of a review: an objective, a group
    (thematic area or round table), or the review as a whole (neither).

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
        # Back to draft: the institution withdraws it before the coordinator decides.
        Status.SUBMITTED: {Status.ACCEPTED, Status.RETURNED, Status.DRAFT},
        Status.RETURNED: {Status.SUBMITTED},
        Status.ACCEPTED: {Status.RETURNED},
    }
    EDITABLE = {Status.NOT_STARTED, Status.DRAFT, Status.RETURNED}

    # Protected: an input holds answers. Setup deletes an untouched one explicitly.
    request = models.ForeignKey(InstitutionRequest, on_delete=models.PROTECT, related_name="inputs")
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs"
    )
    group_number = models.PositiveSmallIntegerField(
        _("thematic area or round table"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    # Submitted with nothing to report: it counts as answered, with its reason.
    nothing_to_report = models.BooleanField(_("nothing to report"), default=False)
    nothing_to_report_reason = fields.TextField(
        _("why there is nothing to report"), blank=True, max_length=MAX_NOTE_CHARACTERS
    )
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The cycle whose submitted answers were this form's starting draft (issue 18).
    carried_from = models.ForeignKey(
        ReviewCycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried over from"),
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
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(objective__isnull=True, group_number__isnull=True),
                name="one_general_input",
            ),
            models.CheckConstraint(
                condition=models.Q(objective__isnull=True) | models.Q(group_number__isnull=True),
                name="input_of_one_unit",
            ),
        ]

    def __str__(self):
        if self.objective_id:
            subject = str(self.objective)
        elif self.group_number:
            grouping = self.request.review.cycle.grouping
            subject = (
                _("round table %(number)s")
                if grouping == ReviewCycle.Grouping.ROUND_TABLES
                else _("thematic area %(number)s")
            ) % {"number": self.group_number}
        else:
            subject = str(_("general questions"))
        return f"{self.request.institution} · {subject}"

    def get_absolute_url(self):
        return reverse("reviews:input", args=[self.pk])

    @property
    def unit(self) -> str:
        """How the questions of this input are asked: a ``Question.AskedPer`` value."""
        if self.objective_id:
            return Question.AskedPer.OBJECTIVE
        if self.group_number:
            return Question.AskedPer.GROUP
        return Question.AskedPer.REVIEW

    @property
    def is_editable(self) -> bool:
        """Its institution may change it: not submitted, and the review not submitted either."""
        return self.status in self.EDITABLE and not self.request.review.is_locked

    def may_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.Status(self.status), set())


class Answer(models.Model):
    """The answer of an input to one question; every saved version is kept."""

    # A written answer protects its input; the empty rows made at setup go with it.
    input = models.ForeignKey(Input, on_delete=fields.protect_written, related_name="answers")
    # A question with written answers cannot be deleted (Question.check_deletion);
    # the empty rows made at setup go with it.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = fields.TextField(_("answer"), blank=True, max_length=MAX_TEXT_CHARACTERS)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    not_applicable_reason = fields.TextField(
        _("why it does not apply"), blank=True, max_length=MAX_NOTE_CHARACTERS
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The answer of the previous cycle this one started from, and its text then:
    # what "changed since" compares with, and how an answer submitted unchanged is told.
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    carried_text = fields.TextField(
        _("text carried over"), blank=True, max_length=MAX_TEXT_CHARACTERS
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

    @property
    def word_count(self) -> int:
        """Counted from the text, never stored: a stored count drifted after bulk updates."""
        return count_words(self.text)

    @property
    def is_complete(self) -> bool:
        if self.not_applicable:
            return bool(self.not_applicable_reason.strip())
        return bool(self.text.strip())


def _programme_text(label, **kwargs):
    return fields.TextField(label, blank=True, max_length=MAX_PROGRAMME_CHARACTERS, **kwargs)


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
        InstitutionRequest, on_delete=models.PROTECT, related_name="programmes"
    )
    name = fields.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.PROGRAMME)
    objectives = models.ManyToManyField(
        Objective, related_name="programmes", verbose_name=_("GCM objectives it serves")
    )
    commitment = _programme_text(_("institutional commitment"))
    description = _programme_text(_("description"))
    background = _programme_text(_("background"))
    general_objective = _programme_text(_("general objective"))
    specific_objectives = _programme_text(_("specific objectives"))
    institutions_involved = models.ManyToManyField(
        Institution, blank=True, related_name="+", verbose_name=_("institutions involved")
    )
    partners = fields.CharField(
        _("other partners"), max_length=500, blank=True, help_text=_("For example IOM, UNICEF.")
    )
    achievements = _programme_text(_("achievements"))
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    principles = models.ManyToManyField(
        GuidingPrinciple,
        blank=True,
        related_name="+",
        verbose_name=_("guiding principles it reflects"),
    )
    links = fields.TextField(
        _("links"),
        blank=True,
        max_length=MAX_NOTE_CHARACTERS,
        help_text=_("One address per line."),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept from the previous cycle's review (issue 18): the programme it copies,
    # and its version when kept (a later version: updated since).
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    carried_version = models.PositiveIntegerField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[objectives, principles])

    class Meta:
        ordering = ["request_id", "name"]
        verbose_name = _("programme or action")
        verbose_name_plural = _("programmes and actions")
        constraints = [
            # The import finds programmes by name (reviews.models.names).
            models.UniqueConstraint(
                Lower("name"),
                "request",
                name="unique_programme_name",
                violation_error_message=_(
                    "This institution already has a programme with this name."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normal_name(self.name)
        super().save(*args, **kwargs)

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


# Counts of people stay below PostgreSQL's integer (2,147,483,647), so that SQLite
# and PostgreSQL refuse the same numbers, with a message, not a database error;
# men plus women, the total filled in, still fits. A billion is above any count.
MAX_COUNT = 1_000_000_000
_count_limit = MaxValueValidator(
    MAX_COUNT, message=_("At most 1,000,000,000: a larger count of people is a typing mistake.")
)


def _count(label):
    return models.PositiveIntegerField(label, null=True, blank=True, validators=[_count_limit])


class Statistic(models.Model):
    """A row of a programme's statistics, disaggregated as in seed 001's tables."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="statistics")
    indicator = fields.CharField(_("indicator"), max_length=300)
    men = _count(_("men"))
    women = _count(_("women"))
    total = _count(_("total"))
    age_group = fields.CharField(_("age group"), max_length=100, blank=True)
    nationalities = fields.CharField(_("nationalities"), max_length=300, blank=True)

    class Meta:
        ordering = ["programme_id", "pk"]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")

    def __str__(self):
        return self.indicator

    def clean(self):
        """Men and women both given make the total (filled in when left empty); one of
        them alone, or a total alone, is a partial count and only bounds the total."""
        counted = (self.men or 0) + (self.women or 0)
        if self.men is not None and self.women is not None and self.total is None:
            self.total = counted
        elif self.total is not None and counted > self.total:
            raise ValidationError(
                {
                    "total": _("The total cannot be smaller than men plus women (%(sum)s).")
                    % {"sum": counted}
                }
            )
        elif self.men is not None and self.women is not None and self.total != counted:
            raise ValidationError(
                {"total": _("The total must be men plus women (%(sum)s).") % {"sum": counted}}
            )


class Challenge(models.Model):
    """A difficulty a programme met, counted in one or more categories."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="challenges")
    description = fields.TextField(_("challenge"), max_length=MAX_NOTE_CHARACTERS)
    categories = models.ManyToManyField(
        ChallengeCategory, related_name="challenges", verbose_name=_("categories")
    )

    class Meta:
        ordering = ["programme_id", "pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return self.description[:80]


class Comment(models.Model):
    """A coordinator's comment on an input, a question of it or a programme."""

    # Protected: the coordinator's comments keep their input.
    input = models.ForeignKey(Input, on_delete=models.PROTECT, related_name="comments")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    text = fields.TextField(_("comment"), max_length=MAX_NOTE_CHARACTERS)
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
