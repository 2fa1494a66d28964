"""Review cycles and their questionnaires."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from objectives.models import (
    Country,
    RegionalCommission,
    Translated,
)

GCM_ADOPTION = datetime.date(2018, 12, 10)


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
