from pathlib import PurePath

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm

from objectives import models, resources, sheets


class FormatFromNameImportForm(ImportForm):
    """The import form, its format taken from the file's name unless chosen by hand.

    The library's own guess runs in the browser (``guess_format.js``) and leaves
    the form refused when it did not run; this one runs on the server."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        field = self.fields["format"]
        field.required = False
        field.choices = [
            ("", gettext_lazy("From the file name (.csv or .xlsx)")),
            *[choice for choice in field.choices if choice[0] != ""],
        ]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None and upload.size > sheets.MAX_BYTES:
            self.add_error(
                "import_file",
                _("The file is larger than %(limit)s MB.")
                % {"limit": sheets.MAX_BYTES // (1024 * 1024)},
            )
            return cleaned
        if cleaned.get("format") or upload is None:
            return cleaned
        extension = PurePath(upload.name).suffix.lower().lstrip(".")
        for index, file_format in enumerate(self.formats):
            if file_format().get_extension() == extension:
                cleaned["format"] = str(index)
                return cleaned
        self.add_error(
            "format", _("Choose the format: the file name does not end in .csv or .xlsx.")
        )
        return cleaned


class ReferenceAdmin(ImportExportModelAdmin):
    """Admin of a reference table, with CSV and XLSX import (previewed) and export."""

    # Read within the limits on rows, columns, cells and size (objectives.sheets).
    formats = [sheets.BoundedCSV, sheets.BoundedXLSX]
    import_form_class = FormatFromNameImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, sheets.SheetTooLarge):
            form.add_error("import_file", str(e))
            return
        if isinstance(e, UnicodeDecodeError):
            line = e.object[: e.start].count(b"\n") + 1
            form.add_error(
                "import_file",
                _(
                    "The file is not in UTF-8: the byte %(byte)s on line %(line)s cannot be "
                    "read. Save the sheet as “CSV UTF-8” (or as XLSX) and import it again."
                )
                % {"byte": hex(e.object[e.start]), "line": line},
            )
            return
        form.add_error(
            "import_file",
            _(
                "The file could not be read (%(error)s). Check that the format chosen "
                "matches the file, and that the file is a sheet with a header row."
            )
            % {"error": e},
        )


@admin.register(models.ThematicArea)
class ThematicAreaAdmin(ReferenceAdmin):
    resource_classes = [resources.ThematicAreaResource]
    list_display = ["number", "title_es", "title_en"]
    search_fields = ["title_es", "title_en"]


@admin.register(models.RoundTable)
class RoundTableAdmin(ReferenceAdmin):
    resource_classes = [resources.RoundTableResource]
    list_display = ["number", "title_es", "title_en"]
    search_fields = ["title_es", "title_en"]


@admin.register(models.Objective)
class ObjectiveAdmin(ReferenceAdmin):
    resource_classes = [resources.ObjectiveResource]
    list_display = ["number", "short_label_es", "short_label_en", "round_table"]
    list_filter = ["thematic_areas", "round_table"]
    search_fields = ["title_es", "title_en", "short_label_es", "short_label_en"]
    filter_horizontal = ["thematic_areas"]


@admin.register(models.GuidingPrinciple)
class GuidingPrincipleAdmin(ReferenceAdmin):
    resource_classes = [resources.GuidingPrincipleResource]
    list_display = ["number", "name_es", "name_en"]
    search_fields = ["name_es", "name_en", "description_es", "description_en"]


@admin.register(models.ChallengeCategory)
class ChallengeCategoryAdmin(ReferenceAdmin):
    resource_classes = [resources.ChallengeCategoryResource]
    list_display = ["number", "name_es", "name_en"]
    search_fields = ["name_es", "name_en", "definition_es", "definition_en"]


@admin.register(models.RegionalCommission)
class RegionalCommissionAdmin(ReferenceAdmin):
    resource_classes = [resources.RegionalCommissionResource]
    list_display = ["code", "acronym_es", "name_es", "name_en", "order"]
    search_fields = ["code", "acronym_es", "acronym_en", "name_es", "name_en"]


@admin.register(models.Country)
class CountryAdmin(ReferenceAdmin):
    resource_classes = [resources.CountryResource]
    list_display = ["iso3", "iso2", "name_es", "name_en", "is_gcm_champion"]
    list_filter = ["regional_commissions", "is_gcm_champion"]
    search_fields = ["iso3", "iso2", "name_es", "name_en"]
    filter_horizontal = ["regional_commissions"]
