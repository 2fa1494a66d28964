"""Spreadsheet import and export of the reference data (django-import-export).

The library's defaults are lenient: it ignores columns it does not know and
silently drops many-to-many values that match nothing. An administrator
correcting 23 objectives in Excel needs the opposite, so these resources
refuse an unknown column, a key that appears twice, and a reference to a row
that does not exist, each with the row it is on. Imports run in one
transaction (IMPORT_EXPORT_USE_TRANSACTIONS), so a bad file saves nothing.
"""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import fields, resources, widgets

from objectives import models


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("There is no %(model)s with %(field)s %(value)s.")
                % {
                    "model": self.model._meta.verbose_name,
                    "field": self.field,
                    "value": value,
                }
            ) from None


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Every value must name an existing row (of ``queryset`` when given);
    ``required`` refuses an empty cell."""

    def __init__(self, model, *args, queryset=None, required=False, **kwargs):
        super().__init__(model, *args, **kwargs)
        self.queryset = queryset
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        wanted = {str(item).strip() for item in str(value or "").split(self.separator)}
        wanted.discard("")
        if not wanted:
            if self.required:
                raise ValueError(_("This column needs at least one value."))
            return self.model.objects.none()
        queryset = self.queryset if self.queryset is not None else self.model.objects.all()
        try:
            found = queryset.filter(**{f"{self.field}__in": wanted})
            known = {str(key) for key in found.values_list(self.field, flat=True)}
        except (ValueError, ValidationError):  # text where a number belongs
            found, known = queryset.none(), set()
        missing = sorted(wanted - known)
        if missing:
            raise ValueError(
                _("There is no %(model)s with %(field)s %(values)s.")
                % {
                    "model": self.model._meta.verbose_name,
                    "field": self.field,
                    "values": ", ".join(missing),
                }
            )
        return found


class TranslationField(fields.Field):
    """A text in a language without a column of its own (``title_fr``): kept in the
    row's ``translations``."""

    def __init__(self, name: str, language: str):
        super().__init__(attribute="translations", column_name=f"{name}_{language}")
        self.name, self.language = name, language

    def get_value(self, instance):
        return ((instance.translations or {}).get(self.language) or {}).get(self.name, "")

    def save(self, instance, row, is_m2m=False, **kwargs):
        if self.column_name not in row:
            return
        value = str(row[self.column_name] or "").strip()
        texts = dict(instance.translations or {})
        language = dict(texts.get(self.language) or {})
        if value:
            language[self.name] = value
        else:
            language.pop(self.name, None)
        if language:
            texts[self.language] = language
        else:
            texts.pop(self.language, None)
        instance.translations = texts

    def clean(self, row, **kwargs):
        return row.get(self.column_name, "")


class StrictModelResource(resources.ModelResource):
    """Refuses unknown columns and duplicate keys before any row is imported. A
    language of the portal without columns of its own gets one per translated text
    (``title_fr``), kept in ``translations``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name in models.translated_names(self._meta.model):
            for language, _label in settings.LANGUAGES:
                if language not in models.COLUMN_LANGUAGES:
                    field = TranslationField(name, language)
                    self.fields[field.column_name] = field

    class Meta:
        # Model validators run on every row (objective 24 is refused), and an
        # unchanged row is shown as skipped in the preview.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def import_data(self, dataset, *args, **kwargs):
        # A row that fails validation rolls the whole file back, like an error does.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)

    def before_import_row(self, row, **kwargs):
        # An empty spreadsheet cell is an empty text, not a missing value.
        for column, value in row.items():
            if value is None:
                row[column] = ""
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Check the many-to-many columns with the others, so that a row's
        problems are all reported at once, each with its column."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = [str(header or "").strip() for header in dataset.headers or []]
        known = {field.column_name for field in self.get_import_fields()}
        unknown = [header for header in headers if header not in known]
        if unknown:
            raise ValidationError(
                ngettext(
                    "Unknown column %(columns)s. The columns this sheet may have are: %(known)s.",
                    "Unknown columns %(columns)s. The columns this sheet may have are: %(known)s.",
                    len(unknown),
                )
                % {"columns": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
        for key in self.get_import_id_fields():
            column = self.fields[key].column_name
            if column not in headers:
                continue
            rows_by_value = defaultdict(list)
            for row_number, value in enumerate(dataset[column], start=1):
                if value not in (None, ""):
                    rows_by_value[str(value).strip()].append(row_number)
            duplicates = [
                _("%(column)s %(value)s appears in rows %(rows)s")
                % {"column": column, "value": value, "rows": ", ".join(map(str, rows))}
                for value, rows in rows_by_value.items()
                if len(rows) > 1
            ]
            if duplicates:
                raise ValidationError(
                    _("Each row must have its own %(column)s: %(duplicates)s.")
                    % {"column": column, "duplicates": "; ".join(duplicates)}
                )


class ThematicAreaResource(StrictModelResource):
    class Meta:
        model = models.ThematicArea
        import_id_fields = ["number"]
        fields = ["number", "title_es", "title_en"]


class RoundTableResource(StrictModelResource):
    class Meta:
        model = models.RoundTable
        import_id_fields = ["number"]
        fields = ["number", "title_es", "title_en"]


class ObjectiveResource(StrictModelResource):
    thematic_areas = fields.Field(
        attribute="thematic_areas",
        column_name="thematic_areas",
        widget=StrictManyToManyWidget(models.ThematicArea, field="number", separator=","),
    )
    round_table = fields.Field(
        attribute="round_table",
        column_name="round_table",
        widget=StrictForeignKeyWidget(models.RoundTable, field="number"),
    )

    class Meta:
        model = models.Objective
        import_id_fields = ["number"]
        fields = [
            "number",
            "title_es",
            "title_en",
            "short_label_es",
            "short_label_en",
            "highlights_es",
            "highlights_en",
            "thematic_areas",
            "round_table",
        ]


class GuidingPrincipleResource(StrictModelResource):
    class Meta:
        model = models.GuidingPrinciple
        import_id_fields = ["number"]
        fields = ["number", "name_es", "name_en", "description_es", "description_en"]


class ChallengeCategoryResource(StrictModelResource):
    class Meta:
        model = models.ChallengeCategory
        import_id_fields = ["number"]
        fields = ["number", "name_es", "name_en", "definition_es", "definition_en"]


class RegionalCommissionResource(StrictModelResource):
    class Meta:
        model = models.RegionalCommission
        import_id_fields = ["code"]
        fields = ["code", "acronym_es", "acronym_en", "name_es", "name_en", "order"]


class CountryResource(StrictModelResource):
    regional_commissions = fields.Field(
        attribute="regional_commissions",
        column_name="regional_commissions",
        widget=StrictManyToManyWidget(models.RegionalCommission, field="code", separator=","),
    )

    class Meta:
        model = models.Country
        import_id_fields = ["iso3"]
        fields = ["iso3", "iso2", "name_es", "name_en", "regional_commissions", "is_gcm_champion"]
