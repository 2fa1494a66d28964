"""The coordinator's work: national texts, their sources, reminders and validation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from objectives.models import (
    GuidingPrinciple,
    Objective,
)
from reviews.models import fields
from reviews.models.inputs import Answer, Programme
from reviews.models.organisation import Institution, NationalReview
from reviews.text import MAX_NOTE_CHARACTERS, MAX_TEXT_CHARACTERS, count_words


class NationalText(models.Model):
    """A section of the national report, written by the coordinators from the
    institutions' inputs; autosaved, and every version kept.

    ``key`` names the section within the review: ``methodology``, ``policy``,
    ``objective-7``, ``group-2-a`` (question a about thematic area or round
    table 2), ``principle-3``, ``question-8``, ``means-financing``, ``next-steps``.
    """

    class Section(models.TextChoices):
        METHODOLOGY = "methodology", _("Methodology")
        POLICY = "policy", _("Policy and enabling environment")
        OBJECTIVE = "objective", _("Progress on the objectives")
        GROUP = "group", _("Thematic areas or round tables")
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

    # A written text protects its review; the empty rows made at setup go with it.
    review = models.ForeignKey(
        NationalReview, on_delete=fields.protect_written, related_name="texts"
    )
    key = models.CharField(_("section key"), max_length=40)
    section = models.CharField(_("section"), max_length=15, choices=Section.choices)
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group_number = models.PositiveSmallIntegerField(
        _("thematic area or round table"), null=True, blank=True
    )
    principle = models.ForeignKey(
        GuidingPrinciple, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A question with written texts cannot be deleted (Question.check_deletion);
    # the empty rows made at setup go with it.
    question = models.ForeignKey(
        "Question", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=15, choices=Topic.choices, blank=True)
    applies = models.BooleanField(_("applies"), null=True, blank=True)
    text = fields.TextField(_("text"), blank=True, max_length=MAX_TEXT_CHARACTERS)
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
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    excerpt = fields.TextField(_("passage"), max_length=MAX_TEXT_CHARACTERS)
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
    """A reminder e-mailed about an institution that had not submitted: sent by a
    coordinator (at most one a day), or by the deadline plan's schedule, one per
    step and due date, never twice."""

    class Step(models.TextChoices):
        MANUAL = "manual", _("Sent by a coordinator")
        BEFORE = "before", _("Before the due date")
        ON = "on", _("On the due date")
        AFTER = "after", _("After the due date")
        ALTERNATE = "alternate", _("To the alternate focal points")
        COORDINATOR = "coordinator", _("To the coordinators")

    review = models.ForeignKey(NationalReview, on_delete=models.CASCADE, related_name="reminders")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.MANUAL)
    # The due date a scheduled step was about: moving the date starts its steps again.
    due_on = models.DateField(_("due date"), null=True, blank=True)
    recipients = fields.TextField(_("sent to"), max_length=MAX_TEXT_CHARACTERS)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["review_id", "-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "institution", "step", "due_on"],
                condition=~models.Q(step="manual"),
                name="one_reminder_per_step",
            ),
        ]

    def __str__(self):
        return f"{self.institution} · {self.sent_at:%Y-%m-%d %H:%M}"


class ValidationResponse(models.Model):
    """An institution confirming the consolidated draft, or commenting on it."""

    # Protected: what the institutions said of the draft is kept with it.
    review = models.ForeignKey(NationalReview, on_delete=models.PROTECT, related_name="validations")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed = models.BooleanField(_("confirms the draft"))
    comment = fields.TextField(_("comment"), blank=True, max_length=MAX_NOTE_CHARACTERS)
    # The key of the national text commented (``NationalText.key``); empty: the whole draft.
    section = models.CharField(_("section commented"), max_length=40, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["review_id", "-at"]
        verbose_name = _("validation response")
        verbose_name_plural = _("validation responses")

    def __str__(self):
        return f"{self.institution} · {self.review}"
