"""What the coordinator's pages of work in bulk show: the inputs waiting to be
accepted, and who is asked about which objective. A fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from objectives.models import Objective
from reviews.models import Input, NationalReview, Question
from reviews.selectors.units import Group, cycle_groups, cycle_questions, unit_title


def unit_key(input: Input) -> str:
    """How a unit is named in a URL: o3 (objective 3), g2 (group 2), general."""
    if input.objective is not None:
        return f"o{input.objective.number}"
    if input.group_number:
        return f"g{input.group_number}"
    return "general"


def submitted_inputs(review: NationalReview) -> list:
    """The review's inputs waiting for the coordinator's decision, each with
    ``unit_key``, ``unit_title`` and ``submitted_at`` (its latest submission)."""
    inputs: list = list(
        Input.objects.filter(request__review=review, status=Input.Status.SUBMITTED)
        .select_related("request__institution", "objective")
        .annotate(
            submitted_at=Max(
                "transitions__at", filter=Q(transitions__to_status=Input.Status.SUBMITTED)
            )
        )
        .order_by("objective__number", "group_number", "request__institution__name")
    )
    groups = {group.number: group for group in cycle_groups(review.cycle)}
    for input in inputs:
        input.unit_key = unit_key(input)
        input.unit_title = unit_title(input, groups)
    return inputs


@dataclass
class ColumnGroup:
    """Objectives under one heading of the matrix: a group's, or those in several."""

    title: str
    objectives: list[Objective]


def ask_columns(review: NationalReview) -> tuple[list[Objective], list[ColumnGroup]]:
    """The 23 objectives in the matrix's order; in a cycle that asks per thematic
    area or round table, grouped under them (an objective of several areas, like
    23, under a heading of its own)."""
    objectives = list(Objective.objects.order_by("number"))
    if not cycle_questions(review.cycle)[Question.AskedPer.GROUP]:
        return objectives, []
    groups: list[Group] = cycle_groups(review.cycle)
    count: dict[int, int] = {}
    for group in groups:
        for objective in group.objectives:
            count[objective.pk] = count.get(objective.pk, 0) + 1
    headings = [
        ColumnGroup(group.label, [o for o in group.objectives if count[o.pk] == 1])
        for group in groups
    ]
    several = [o for o in objectives if count.get(o.pk, 0) != 1]
    if several:
        headings.append(ColumnGroup(_("In several areas"), several))
    headings = [heading for heading in headings if heading.objectives]
    ordered = [o for heading in headings for o in heading.objectives]
    return ordered, headings


def review_asks(review: NationalReview) -> dict[int, set[int]]:
    """For each institution asked, the pks of the objectives it is asked about."""
    asks: dict[int, set[int]] = {}
    for institution_id, objective_id in review.requests.values_list("institution_id", "objectives"):
        asks.setdefault(institution_id, set())
        if objective_id is not None:
            asks[institution_id].add(objective_id)
    return asks
