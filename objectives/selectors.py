"""Reads of the reference data that several pages share."""

from django.db.models import Prefetch

from objectives.models import Objective, RoundTable, ThematicArea

GROUPINGS = ("areas", "round-tables")


def objective_groups(grouping: str):
    """The groups of the chosen grouping, each with its objectives prefetched.

    Objective 23 belongs to every thematic area and appears under each.
    """
    ordered = Prefetch("objectives", queryset=Objective.objects.order_by("number"))
    if grouping == "round-tables":
        return RoundTable.objects.prefetch_related(ordered)
    return ThematicArea.objects.prefetch_related(ordered)
