"""Reference data of the Global Compact for Safe, Orderly and Regular Migration.

Every text exists in Spanish and English as its own column (``title_es``,
``title_en``); any further language of the portal (French, Portuguese…) keeps
its texts in ``translations`` ({"fr": {"title": "…"}}), so adding a language
takes a settings entry, its catalogue and these texts (a fixture, or the
spreadsheet import's ``title_fr`` columns), no code. The plain name
(``objective.title``) reads the current language and falls back to English,
then Spanish.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The languages whose texts have columns of their own; the others are in ``translations``.
COLUMN_LANGUAGES = ("es", "en")


def translations_field():
    return models.JSONField(
        _("texts in other languages"),
        default=dict,
        blank=True,
        help_text=_('For each further language, its texts: {"fr": {"title": "…"}}.'),
    )


class Translated:
    """The text in the current language: ``<name>_<language>`` where that column
    exists, else ``translations[language][name]``; else English, else Spanish."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in COLUMN_LANGUAGES:
            value = getattr(instance, f"{self.name}_{language}", "")
        else:
            other = getattr(instance, "translations", None) or {}
            value = (other.get(language) or {}).get(self.name, "") or getattr(
                instance, f"{self.name}_en", ""
            )
        return value or getattr(instance, f"{self.name}_{settings.LANGUAGE_CODE}")


def translated_names(model) -> list[str]:
    """The names of a model's translated texts (its ``Translated`` attributes)."""
    names: list[str] = []
    for klass in reversed(model.__mro__):
        names += [n for n, a in vars(klass).items() if isinstance(a, Translated) and n not in names]
    return names


class NaturalKeyManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(**{self.model.NATURAL_KEY: key})  # type: ignore[attr-defined]


class ReferenceModel(models.Model):
    """A row known by a stable public key (a number, an ISO code), so fixtures need no ids."""

    NATURAL_KEY = "number"

    translations = translations_field()

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (getattr(self, self.NATURAL_KEY),)


def number_field(maximum: int):
    return models.PositiveSmallIntegerField(
        _("number"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(maximum)],
    )


class ThematicArea(ReferenceModel):
    """One of the five areas of the Migration Multi-Partner Trust Fund."""

    number = number_field(5)
    title_es = models.CharField(_("title (Spanish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)

    title = Translated()

    class Meta:
        ordering = ["number"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")

    def __str__(self):
        return f"{self.number}. {self.title}"


class RoundTable(ReferenceModel):
    """A multi-stakeholder round table of the 2022 International Migration Review Forum."""

    number = number_field(4)
    title_es = models.CharField(_("title (Spanish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)

    title = Translated()

    class Meta:
        ordering = ["number"]
        verbose_name = _("IMRF round table")
        verbose_name_plural = _("IMRF round tables")

    def __str__(self):
        return f"{self.number}. {self.title}"


class Objective(ReferenceModel):
    """One of the 23 objectives of the Compact (A/RES/73/195)."""

    number = number_field(23)
    title_es = models.TextField(_("title (Spanish)"))
    title_en = models.TextField(_("title (English)"))
    short_label_es = models.CharField(_("short label (Spanish)"), max_length=100)
    short_label_en = models.CharField(_("short label (English)"), max_length=100)
    highlights_es = models.TextField(_("highlights (Spanish)"), blank=True)
    highlights_en = models.TextField(_("highlights (English)"), blank=True)
    thematic_areas = models.ManyToManyField(
        ThematicArea, related_name="objectives", verbose_name=_("thematic areas")
    )
    round_table = models.ForeignKey(
        RoundTable,
        on_delete=models.PROTECT,
        related_name="objectives",
        verbose_name=_("IMRF round table"),
    )

    title = Translated()
    short_label = Translated()
    highlights = Translated()

    class Meta:
        ordering = ["number"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self):
        return f"{self.number}. {self.short_label}"

    def get_absolute_url(self):
        return reverse("objectives:objective", args=[self.number])


class GuidingPrinciple(ReferenceModel):
    """A cross-cutting guiding principle (GCM paragraph 15, in its order)."""

    number = number_field(10)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    name = Translated()
    description = Translated()

    class Meta:
        ordering = ["number"]
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")

    def __str__(self):
        return f"{self.number}. {self.name}"


class ChallengeCategory(ReferenceModel):
    """A category in which reported challenges are counted (Mexico 2020)."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1)]
    )
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_es = models.TextField(_("definition (Spanish)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)

    name = Translated()
    definition = Translated()

    class Meta:
        ordering = ["number"]
        verbose_name = _("challenge category")
        verbose_name_plural = _("challenge categories")

    def __str__(self):
        return f"{self.number}. {self.name}"


class RegionalCommission(ReferenceModel):
    """A UN regional commission, whose regional review its member States join."""

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]+$", _("Use capital letters only."))],
    )
    acronym_es = models.CharField(_("acronym (Spanish)"), max_length=20)
    acronym_en = models.CharField(_("acronym (English)"), max_length=20)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    acronym = Translated()
    name = Translated()
    NATURAL_KEY = "code"

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("regional commission")
        verbose_name_plural = _("regional commissions")

    def __str__(self):
        return self.acronym


class Country(ReferenceModel):
    """A UN Member State."""

    iso3 = models.CharField(
        _("ISO 3166-1 alpha-3 code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three capital letters."))],
    )
    iso2 = models.CharField(
        _("ISO 3166-1 alpha-2 code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters."))],
    )
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    regional_commissions = models.ManyToManyField(
        RegionalCommission, related_name="countries", verbose_name=_("regional commissions")
    )
    is_gcm_champion = models.BooleanField(_("GCM champion country"), default=False)

    name = Translated()
    NATURAL_KEY = "iso3"

    class Meta:
        ordering = ["name_es"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name
