"""Workflows on the reference data."""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import models, transaction

# In dependency order: a fixture only refers to rows of the ones before it.
REFERENCE_FIXTURES = [
    "regional_commissions",
    "thematic_areas",
    "round_tables",
    "objectives",
    "guiding_principles",
    "challenge_categories",
    "countries",
]


@dataclass
class LoadReport:
    """Rows created, updated and left unchanged, per model label."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def labels(self) -> list[str]:
        return list(dict.fromkeys([*self.created, *self.updated, *self.unchanged]))

    @property
    def changed_anything(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))


def _fixture_dir() -> Path:
    return Path(settings.FIXTURE_DIRS[0])


@transaction.atomic
def load_reference_data(*, fixture_dir: Path | None = None) -> LoadReport:
    """Create or update the reference data from the ``loaddata`` fixtures.

    Rows are matched by their natural key (an objective's number, a country's
    ISO alpha-3 code), never by database id, so rows an administrator added
    are kept and nothing is duplicated. Only the fields a fixture lists are
    written, and only when they differ: a second run writes nothing. All or
    nothing: one unreadable fixture and no row is touched.
    """
    fixture_dir = fixture_dir or _fixture_dir()
    report = LoadReport()
    for name in REFERENCE_FIXTURES:
        records = json.loads((fixture_dir / f"{name}.json").read_text(encoding="utf-8"))
        for record, item in zip(records, serializers.deserialize("python", records), strict=True):
            _apply(record, item, report)
    return report


def _apply(record: dict, item, report: LoadReport) -> None:
    incoming = item.object
    model = type(incoming)
    label = model._meta.label
    existing = model._default_manager.filter(pk=incoming.pk).first() if incoming.pk else None
    if existing is None:
        incoming.full_clean()
        incoming.save()
        for name, pks in item.m2m_data.items():
            getattr(incoming, name).set(pks)
        report.created[label] += 1
        return

    changed = []
    for name in record["fields"]:
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.ManyToManyField):
            continue
        if getattr(existing, model_field.attname) != getattr(incoming, model_field.attname):
            setattr(existing, model_field.attname, getattr(incoming, model_field.attname))
            changed.append(model_field.attname)
    if changed:
        existing.full_clean()
        existing.save(update_fields=changed)
    for name, pks in item.m2m_data.items():
        related = getattr(existing, name)
        if set(related.values_list("pk", flat=True)) != set(pks):
            related.set(pks)
            changed.append(name)
    if changed:
        report.updated[label] += 1
    else:
        report.unchanged[label] += 1
