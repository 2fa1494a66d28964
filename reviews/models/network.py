"""What the UN Network on Migration collects around a review (seeds 002, 003):
good practices proposed from the programmes, pledges, and the consultations
with stakeholders that make the review whole-of-society."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from objectives.models import GuidingPrinciple, Objective
from reviews.models import fields
from reviews.models.inputs import Programme
from reviews.models.organisation import NationalReview
from reviews.text import MAX_NOTE_CHARACTERS, MAX_PROGRAMME_CHARACTERS


def document_path(instance, filename):
    # A random name: the original one is kept in the row, never trusted on disk.
    return f"documents/{instance.review_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """A file kept with a row (a pledge's attachment, a consultation's minutes): its
    original name, type and size are recorded; the file has a random name."""

    file = models.FileField(_("file"), upload_to=document_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_type = models.CharField(_("type"), max_length=100, blank=True)
    file_size = models.PositiveIntegerField(_("size"), null=True, blank=True)

    class Meta:
        abstract = True


class GoodPractice(models.Model):
    """A programme (or policy, or tool) proposed to the Network's repository of good
    practices, with what the Hub's checklist asks beyond the programme's own fields.
    Its title, objectives, period and description are the programme's."""

    class Completion(models.TextChoices):
        FULLY = "fully", _("Fully completed")
        MOSTLY = "mostly", _("Mostly completed")
        ONGOING = "ongoing", _("Ongoing")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="good_practice"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    implementing_entity = fields.CharField(_("implementing entity"), max_length=300, blank=True)
    focal_point_name = fields.CharField(_("focal point"), max_length=200, blank=True)
    focal_point_email = models.EmailField(_("focal point's e-mail"), blank=True)
    # How each guiding principle is reflected: {"1": "…", …, "10": "…"}.
    principles = models.JSONField(_("how the guiding principles are reflected"), default=dict)
    completion = models.CharField(
        _("completion"), max_length=10, choices=Completion.choices, blank=True
    )
    innovation = fields.TextField(
        _("what is innovative"), blank=True, max_length=MAX_PROGRAMME_CHARACTERS
    )
    replicability = fields.TextField(
        _("how it can be replicated"), blank=True, max_length=MAX_PROGRAMME_CHARACTERS
    )
    results = fields.TextField(_("results"), blank=True, max_length=MAX_PROGRAMME_CHARACTERS)
    lessons = fields.TextField(
        _("lessons learned"), blank=True, max_length=MAX_PROGRAMME_CHARACTERS
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        ordering = ["programme_id"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self):
        return self.programme.name


class Pledge(Document):
    """A concrete, measurable, time-bound commitment, recorded with a review (the Hub's
    pledge form: 300 to 3,000 characters, one attachment)."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        COLLECTIVE = "collective", _("Collective")
        COMPLEMENTARY = "complementary", _("Complementary")
        JOINT = "joint", _("Joint")

    review = models.ForeignKey(NationalReview, on_delete=models.CASCADE, related_name="pledges")
    title = fields.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    text = fields.TextField(_("the pledge"), max_length=3_000)
    indicator = fields.CharField(_("how it is measured"), max_length=500)
    due_on = models.DateField(_("to be fulfilled by"))
    partners = fields.CharField(
        _("partners"),
        max_length=500,
        blank=True,
        help_text=_("For a collective, complementary or joint pledge."),
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="+", verbose_name=_("GCM objectives")
    )
    principles = models.ManyToManyField(
        GuidingPrinciple, blank=True, related_name="+", verbose_name=_("guiding principles")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["review_id", "created_at"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self):
        return self.title


class Consultation(Document):
    """A consultation with stakeholders held for the review: the methodology (question
    9) and the report count and cite them. ``minutes`` is the file of the Document."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")
        WRITTEN = "written", _("Written contributions")

    class Group(models.TextChoices):
        MIGRANTS = "migrants", _("Migrants")
        DIASPORA = "diaspora", _("Diaspora")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        UNIONS = "unions", _("Trade unions")
        ACADEMIA = "academia", _("Academia")
        LOCAL_GOVERNMENTS = "local_governments", _("Local governments")
        HUMAN_RIGHTS = "human_rights", _("National human-rights institutions")
        UN_COUNTRY_TEAM = "un_country_team", _("UN country team")

    review = models.ForeignKey(
        NationalReview, on_delete=models.CASCADE, related_name="consultations"
    )
    held_on = models.DateField(_("date"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # The stakeholder groups taken part: a list of Group values.
    groups = models.JSONField(_("stakeholder groups"), default=list)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="+", verbose_name=_("objectives discussed")
    )
    summary = fields.TextField(_("summary"), max_length=MAX_NOTE_CHARACTERS)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["review_id", "held_on", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} · {self.get_format_display()}"

    def group_labels(self) -> list[str]:
        labels = dict(self.Group.choices)
        return [str(labels[g]) for g in self.groups if g in labels]
