"""The regional reviewer's own texts: the synthesis of a cycle's national reviews."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reviews.models import fields
from reviews.models.cycles import ReviewCycle
from reviews.text import MAX_TEXT_CHARACTERS, count_words


class RegionalText(models.Model):
    """A section of a cycle's regional synthesis (seed 003), written by its regional
    reviewers; autosaved like a national text, and every version kept.

    ``key`` names the section: ``introduction``, ``group-2`` (the overview of thematic
    area or round table 2, a cluster of objectives), ``requests``, ``conclusions``,
    ``recommendations``. The country material beside them comes from the submitted
    reviews, never from here.
    """

    class Section(models.TextChoices):
        INTRODUCTION = "introduction", _("Introduction and methodology")
        CLUSTER = "cluster", _("Overview of a cluster of objectives")
        REQUESTS = "requests", _("The region's requests for cooperation and support")
        CONCLUSIONS = "conclusions", _("Conclusions")
        RECOMMENDATIONS = "recommendations", _("Recommendations")

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="regional_texts")
    key = models.CharField(_("section key"), max_length=40)
    section = models.CharField(_("section"), max_length=15, choices=Section.choices)
    group_number = models.PositiveSmallIntegerField(
        _("thematic area or round table"), null=True, blank=True
    )
    text = fields.TextField(_("text"), blank=True, max_length=MAX_TEXT_CHARACTERS)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle_id", "key"]
        verbose_name = _("regional text")
        verbose_name_plural = _("regional texts")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="one_regional_text_per_section"),
        ]

    def __str__(self):
        return f"{self.cycle} · {self.key}"

    @property
    def word_count(self) -> int:
        return count_words(self.text)
