"""A language beyond Spanish and English takes no code: its texts live in a row's
``translations``, read in that language, imported and exported as ``title_fr``."""

import pytest
import tablib
from django.utils import translation

from objectives import models, resources

pytestmark = pytest.mark.django_db

FRENCH = [("es", "Español"), ("en", "English"), ("fr", "Français")]


def test_a_text_is_read_in_the_language_that_has_it_else_english_else_spanish():
    objective = models.Objective.objects.get(number=7)
    # Only the title in French; no Portuguese.
    objective.translations = {"fr": {"title": "Réduire les vulnérabilités liées aux migrations"}}
    objective.save()
    objective.refresh_from_db()
    with translation.override("fr"):
        assert objective.title == "Réduire les vulnérabilités liées aux migrations"
        assert objective.short_label == objective.short_label_en  # not translated: English
    with translation.override("pt"):
        assert objective.title == objective.title_en
    with translation.override("es"):
        assert objective.title == objective.title_es
    assert models.translated_names(models.Objective) == ["title", "short_label", "highlights"]


def test_the_spreadsheet_reads_and_writes_a_further_languages_columns(settings):
    settings.LANGUAGES = FRENCH
    resource = resources.ThematicAreaResource()
    columns = [field.column_name for field in resource.get_import_fields()]
    assert columns == ["number", "title_es", "title_en", "title_fr"]
    area = models.ThematicArea.objects.get(number=1)
    area.translations = {}  # the fixture's French and Portuguese
    area.save()
    dataset = tablib.Dataset(headers=columns)
    dataset.append([1, area.title_es, area.title_en, "Promotion d'un discours fondé sur des faits"])
    result = resource.import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    area.refresh_from_db()
    assert area.translations == {"fr": {"title": "Promotion d'un discours fondé sur des faits"}}
    with translation.override("fr"):
        assert area.title == "Promotion d'un discours fondé sur des faits"
    exported = resources.ThematicAreaResource().export()
    assert exported.headers == columns
    assert exported.dict[0]["title_fr"] == "Promotion d'un discours fondé sur des faits"
    # An empty cell takes the translation away again.
    dataset = tablib.Dataset(headers=columns)
    dataset.append([1, area.title_es, area.title_en, ""])
    resources.ThematicAreaResource().import_data(dataset, dry_run=False)
    area.refresh_from_db()
    assert area.translations == {}


def test_a_column_of_a_language_the_portal_does_not_offer_is_refused(settings):
    settings.LANGUAGES = FRENCH
    area = models.ThematicArea.objects.get(number=1)
    area.translations = {}
    area.save()
    dataset = tablib.Dataset(headers=["number", "title_es", "title_en", "title_de"])
    dataset.append([1, area.title_es, area.title_en, "Deutsch"])
    result = resources.ThematicAreaResource().import_data(dataset, dry_run=False)
    assert result.has_errors() or result.has_validation_errors() or result.base_errors
    area.refresh_from_db()
    assert area.translations == {}


def test_the_compact_is_linked_in_a_un_language(client):
    """The UN publishes the Compact in its six languages: Portuguese readers get English."""
    from django.urls import reverse

    for language, expected in [("fr", "fr"), ("pt", "en"), ("es", "es")]:
        client.cookies["django_language"] = language
        page = client.get(reverse("objectives:objective", args=[7])).content.decode()
        assert f"https://undocs.org/{expected}/A/RES/73/195" in page
