import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import translation

from objectives import models
from objectives.services import REFERENCE_FIXTURES, load_reference_data

pytestmark = pytest.mark.django_db

AREAS = {
    1: {1, 3, 17, 23},
    2: {2, 7, 8, 12, 13, 23},
    3: {9, 10, 11, 14, 21, 23},
    4: {5, 6, 18, 19, 20, 23},
    5: {4, 15, 16, 22, 23},
}
ROUND_TABLES = {
    1: {2, 5, 6, 12, 18},
    2: {4, 8, 9, 10, 11, 13, 21},
    3: {14, 15, 16, 19, 20, 22},
    4: {1, 3, 7, 17, 23},
}
CHAMPIONS = {
    "AZE", "BGD", "KHM", "CAN", "TCD", "COL", "CRI", "ECU", "EGY", "SLV", "ETH", "GMB",
    "GHA", "GNB", "HND", "IDN", "IRQ", "KEN", "LUX", "MWI", "MLI", "MEX", "MAR", "NPL",
    "NER", "NGA", "PAN", "PER", "PHL", "PRT", "SEN", "SLE", "THA", "TUR",
}  # fmt: skip


def snapshot():
    """Every reference row, serialised: equal snapshots mean nothing changed."""
    rows = []
    for model in [
        models.RegionalCommission, models.ThematicArea, models.RoundTable, models.Objective,
        models.GuidingPrinciple, models.ChallengeCategory, models.Country,
    ]:  # fmt: skip
        rows.append(serializers.serialize("json", model.objects.order_by("pk")))
    return rows


def test_counts():
    assert models.ThematicArea.objects.count() == 5
    assert models.Objective.objects.count() == 23
    assert models.RoundTable.objects.count() == 4
    assert models.GuidingPrinciple.objects.count() == 10
    assert models.Country.objects.count() == 193
    assert models.ChallengeCategory.objects.count() == 10
    assert models.RegionalCommission.objects.count() == 5


def test_thematic_area_membership():
    for area in models.ThematicArea.objects.all():
        assert set(area.objectives.values_list("number", flat=True)) == AREAS[area.number]
    assert models.Objective.objects.get(number=23).thematic_areas.count() == 5
    for objective in models.Objective.objects.exclude(number=23):
        assert objective.thematic_areas.count() == 1, objective


def test_round_table_membership():
    for table in models.RoundTable.objects.all():
        assert set(table.objectives.values_list("number", flat=True)) == ROUND_TABLES[table.number]


def test_guiding_principles_in_paragraph_15_order():
    names = list(models.GuidingPrinciple.objects.values_list("name_en", flat=True))
    assert names[0] == "People-centred"
    assert names[5] == "Human rights"
    assert names[9] == "Whole-of-society approach"


def test_countries():
    assert (
        set(models.Country.objects.filter(is_gcm_champion=True).values_list("iso3", flat=True))
        == CHAMPIONS
    )
    assert models.Country.objects.filter(regional_commissions__code="ECLAC").count() == 33
    guatemala = models.Country.objects.get(iso3="GTM")
    assert (guatemala.iso2, guatemala.name_es, guatemala.name_en) == (
        "GT",
        "Guatemala",
        "Guatemala",
    )
    egypt = models.Country.objects.get(iso3="EGY")
    assert set(egypt.regional_commissions.values_list("code", flat=True)) == {"ECA", "ESCWA"}
    assert not models.Country.objects.filter(regional_commissions=None).exists()


def test_every_text_exists_in_both_languages():
    checks = {
        models.ThematicArea: ["title"],
        models.RoundTable: ["title"],
        models.Objective: ["title", "short_label", "highlights"],
        models.GuidingPrinciple: ["name", "description"],
        models.ChallengeCategory: ["name", "definition"],
        models.RegionalCommission: ["name", "acronym"],
        models.Country: ["name"],
    }
    for model, names in checks.items():
        for row in model.objects.all():
            for name in names:
                assert getattr(row, f"{name}_es").strip(), (row, name, "es")
                assert getattr(row, f"{name}_en").strip(), (row, name, "en")


def test_texts_follow_the_current_language():
    objective = models.Objective.objects.get(number=1)
    with translation.override("es"):
        assert objective.short_label == "Datos"
        assert objective.title.startswith("Recopilar y utilizar datos")
    with translation.override("en"):
        assert objective.short_label == "Data"
        assert objective.title.startswith("Collect and utilize accurate")


def test_missing_translation_falls_back_to_spanish():
    objective = models.Objective(short_label_es="Datos", short_label_en="")
    with translation.override("en"):
        assert objective.short_label == "Datos"


def test_loading_twice_changes_nothing():
    before = snapshot()
    report = load_reference_data()
    assert not report.changed_anything
    assert sum(report.unchanged.values()) == 5 + 4 + 23 + 10 + 10 + 5 + 193
    assert snapshot() == before


def test_reloading_restores_an_edited_title_without_duplicating():
    objective = models.Objective.objects.get(number=7)
    objective.title_en = "Edited by an administrator"
    objective.save()
    objective.thematic_areas.add(models.ThematicArea.objects.get(number=1))
    added = models.Country.objects.create(iso3="XKX", iso2="XK", name_es="Prueba", name_en="Test")

    report = load_reference_data()

    assert dict(report.updated) == {"objectives.Objective": 1}
    assert not report.created
    objective.refresh_from_db()
    assert objective.title_en == "Address and reduce vulnerabilities in migration"
    assert set(objective.thematic_areas.values_list("number", flat=True)) == {2}
    assert models.Objective.objects.count() == 23
    assert models.Country.objects.filter(pk=added.pk).exists()


def test_fixtures_load_with_loaddata_without_duplicates():
    call_command("loaddata", *REFERENCE_FIXTURES, verbosity=0)
    assert models.Objective.objects.count() == 23
    assert models.Country.objects.count() == 193


def test_fixtures_use_natural_keys_only():
    from django.conf import settings

    for name in REFERENCE_FIXTURES:
        path = settings.FIXTURE_DIRS[0] / f"{name}.json"
        for record in json.loads(path.read_text(encoding="utf-8")):
            assert "pk" not in record, (name, record)


def test_command_reports_what_it_did():
    from io import StringIO

    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "objectives.Objective: 0 created, 0 updated, 23 unchanged" in out.getvalue()
    assert "already up to date" in out.getvalue()
