"""Review cycles and their questionnaires."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from objectives.models import (
    Country,
    RegionalCommission,
    Translated,
    translations_field,
)
from reviews.models import fields
from reviews.text import MAX_NOTE_CHARACTERS, MAX_PROGRAMME_CHARACTERS

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
    name_es = fields.CharField(_("name (Spanish)"), max_length=200)
    name_en = fields.CharField(_("name (English)"), max_length=200)
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
    forum_date = models.DateField(
        _("date of the forum"),
        null=True,
        blank=True,
        help_text=_(
            "The regional review meeting or the IMRF, where the cycle has one: the "
            "reviews' plans end before it."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    grouping = models.CharField(
        _("grouping of the objectives"),
        max_length=20,
        choices=Grouping.choices,
        default=Grouping.THEMATIC_AREAS,
    )

    translations = translations_field()
    name = Translated()

    class Meta:
        ordering = ["-opens_on", "slug"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")

    def __str__(self):
        return self.name

    def clean(self):
        self.check_grouping_change()
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": _("The deadline cannot come before the opening.")})
        if self.forum_date and self.deadline and self.forum_date < self.deadline:
            raise ValidationError(
                {"forum_date": _("The forum cannot come before the submission deadline.")}
            )
        if self.period_end and self.period_start and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    @cached_property
    def asks_per_group(self) -> bool:
        """Some questions are asked once per thematic area or round table."""
        return self.questions.filter(asked_per=Question.AskedPer.GROUP).exists()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def group_answers_written(self) -> int:
        """Answers and national texts written per thematic area or round table."""
        from reviews.models.consolidation import NationalText
        from reviews.models.inputs import Answer

        answers = models.Q(version__gt=0) & (models.Q(text__gt="") | models.Q(not_applicable=True))
        return (
            Answer.objects.filter(
                answers, question__cycle=self, question__asked_per=Question.AskedPer.GROUP
            ).count()
            + NationalText.objects.filter(
                review__cycle=self, group_number__isnull=False, version__gt=0
            ).count()
        )

    def check_grouping_change(self) -> None:
        """Refuse a new grouping once answers were written per group: they would be stranded."""
        if self._state.adding or self.pk is None:
            return
        stored = type(self).objects.filter(pk=self.pk).values_list("grouping", flat=True).first()
        if stored is None or stored == self.grouping:
            return
        written = self.group_answers_written()
        if written:
            raise ValidationError(
                {
                    "grouping": ngettext(
                        "The cycle already has %(count)d answer or national text per thematic "
                        "area or round table: changing the grouping would strand it.",
                        "The cycle already has %(count)d answers or national texts per thematic "
                        "area or round table: changing the grouping would strand them.",
                        written,
                    )
                    % {"count": written}
                }
            )

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

    class ReportSection(models.TextChoices):
        """Where the IMRF national report (seed 001) puts a cross-cutting answer."""

        METHODOLOGY = "methodology", _("1. Methodology")
        POLICY = "policy", _("2. Policy and enabling environment")
        MEANS = "means", _("4. Means of implementation")
        NEXT_STEPS = "next_steps", _("5. Next steps")
        ANNEX = "annex", _("An annex of the report")

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="questions", verbose_name=_("cycle")
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(
        _("code"), max_length=10, help_text=_("As printed in the questionnaire: a, b, 6, 7…")
    )
    text_es = fields.TextField(_("question (Spanish)"), max_length=MAX_NOTE_CHARACTERS)
    text_en = fields.TextField(_("question (English)"), max_length=MAX_NOTE_CHARACTERS)
    help_text_es = fields.TextField(
        _("guidance (Spanish)"), blank=True, max_length=MAX_PROGRAMME_CHARACTERS
    )
    help_text_en = fields.TextField(
        _("guidance (English)"), blank=True, max_length=MAX_PROGRAMME_CHARACTERS
    )
    word_guidance = models.PositiveIntegerField(
        _("word guidance"), default=500, help_text=_("A soft limit: writers are warned, not cut.")
    )
    asked_per = models.CharField(
        _("asked"), max_length=10, choices=AskedPer.choices, default=AskedPer.OBJECTIVE
    )
    answer_format = models.CharField(
        _("answer format"), max_length=12, choices=AnswerFormat.choices, default=AnswerFormat.TEXT
    )
    asked_to_institutions = models.BooleanField(
        _("asked to the institutions"),
        default=True,
        help_text=_(
            "Untick for a question only the coordination answers (such as the methodology)."
        ),
    )
    report_section = models.CharField(
        _("place in the IMRF report"),
        max_length=12,
        choices=ReportSection.choices,
        default=ReportSection.ANNEX,
        help_text=_("For a question asked once per review: the section that prints its answer."),
    )

    translations = translations_field()
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

    # Changing one of these once answers exist would strand them (issue 12).
    SHAPE_FIELDS = ("section", "asked_per", "code", "answer_format", "asked_to_institutions")

    def answers_written(self) -> int:
        """Answers of the institutions and national texts someone wrote to this question."""
        from reviews.models.consolidation import NationalText

        if self.pk is None:
            return 0
        written = models.Q(version__gt=0) & (models.Q(text__gt="") | models.Q(not_applicable=True))
        return (
            self.answers.filter(written).count()
            + NationalText.objects.filter(question=self, version__gt=0).count()
        )

    def check_shape_change(self) -> None:
        """Refuse to change how a question is asked once it has answers."""
        if self._state.adding or self.pk is None:
            return
        stored = type(self).objects.filter(pk=self.pk).values(*self.SHAPE_FIELDS).first()
        if stored is None or all(stored[f] == getattr(self, f) for f in self.SHAPE_FIELDS):
            return
        written = self.answers_written()
        if written:
            raise ValidationError(
                ngettext(
                    "Question %(code)s already has %(count)d answer or national text: changing "
                    "how it is asked would strand it.",
                    "Question %(code)s already has %(count)d answers or national texts: changing "
                    "how it is asked would strand them.",
                    written,
                )
                % {"code": stored["code"], "count": written}
            )

    def delete(self, *args, **kwargs):
        # Before Django's own transaction: a refusal leaves the caller's intact.
        self.check_deletion()
        return super().delete(*args, **kwargs)

    def check_deletion(self) -> None:
        written = self.answers_written()
        if written:
            raise ValidationError(
                ngettext(
                    "Question %(code)s already has %(count)d answer or national text: deleting "
                    "it would strand it.",
                    "Question %(code)s already has %(count)d answers or national texts: "
                    "deleting it would strand them.",
                    written,
                )
                % {"code": self.code, "count": written}
            )

    def clean(self):
        self.check_shape_change()
        if self.answer_format == self.AnswerFormat.PRINCIPLES_TABLE:
            self.asked_to_institutions = False
        if self.section == self.Section.CROSS_CUTTING and self.asked_per != self.AskedPer.REVIEW:
            raise ValidationError(
                {"asked_per": _("A cross-cutting question is asked once per review.")}
            )
        if self.section == self.Section.OBJECTIVES and self.asked_per == self.AskedPer.REVIEW:
            raise ValidationError(
                {
                    "asked_per": _(
                        "A question about the objectives is asked per objective, or per "
                        "thematic area or round table."
                    )
                }
            )
