"""The units a cycle asks about, and the one definition of an objective's coverage.

A question is asked once per objective, once per group (a thematic area or an
IMRF round table, as the cycle groups the objectives) or once per review.
Every reader of answers (progress, consolidation, exports, both reports)
takes its units from here, so that no kind of answer stops at the focal point.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from objectives.models import Objective, RoundTable, ThematicArea
from reviews import stamps
from reviews.models import Input, NationalReview, Programme, Question, ReviewCycle

AskedPer = Question.AskedPer
DONE = {Input.Status.SUBMITTED, Input.Status.ACCEPTED}


@dataclass(frozen=True)
class Group:
    """A thematic area or a round table, with its objectives in order."""

    number: int
    title: str
    round_table: bool
    objectives: tuple[Objective, ...] = field(default=())

    @property
    def name(self) -> str:
        """As people say it: "Thematic area 2", never "group 2"."""
        if self.round_table:
            return _("Round table %(number)s") % {"number": self.number}
        return _("Thematic area %(number)s") % {"number": self.number}

    @property
    def label(self) -> str:
        return f"{self.name}: {self.title}"

    def text_key(self, question: Question) -> str:
        return f"group-{self.number}-{question.code}"


def cycle_groups(cycle: ReviewCycle) -> list[Group]:
    """The cycle's groups, each with its objectives: two queries, once per process
    until the reference data changes."""
    # A group's title is read in the active language when it is made.
    key = ("cycle_groups", cycle.grouping, get_language())
    groups = stamps.shared(key, lambda: _cycle_groups(cycle))
    return list(groups)


def _cycle_groups(cycle: ReviewCycle) -> tuple[Group, ...]:
    return tuple(_groups(cycle))


def _groups(cycle: ReviewCycle) -> list[Group]:
    objectives = {o.pk: o for o in Objective.objects.order_by("number")}
    members: dict[int, list[Objective]] = defaultdict(list)
    if cycle.grouping == ReviewCycle.Grouping.ROUND_TABLES:
        for objective in objectives.values():
            members[objective.round_table_id].append(objective)
        tables = RoundTable.objects.order_by("number")
        return [Group(t.number, t.title, True, tuple(members[t.pk])) for t in tables]
    for objective_id, area_id in Objective.thematic_areas.through.objects.values_list(
        "objective_id", "thematicarea_id"
    ):
        members[area_id].append(objectives[objective_id])
    return [
        Group(a.number, a.title, False, tuple(sorted(members[a.pk], key=lambda o: o.number)))
        for a in ThematicArea.objects.order_by("number")
    ]


def groups_of_objectives(groups: list[Group]) -> dict[int, list[Group]]:
    """For each objective's pk, the groups it belongs to (objective 23 is in all five areas)."""
    of: dict[int, list[Group]] = defaultdict(list)
    for group in groups:
        for objective in group.objectives:
            of[objective.pk].append(group)
    return of


def cycle_questions(cycle: ReviewCycle) -> dict[str, list[Question]]:
    """The questions the institutions answer, by unit (a ``Question.AskedPer`` value):
    one query, once per process until a question or cycle changes."""
    questions = stamps.shared(("cycle_questions", cycle.pk), lambda: _cycle_questions(cycle))
    return {kind: list(asked) for kind, asked in questions.items()}


def _cycle_questions(cycle: ReviewCycle) -> dict[str, list[Question]]:
    questions: dict[str, list[Question]] = {kind: [] for kind in AskedPer.values}
    for question in cycle.questions.order_by("-section", "order"):
        if question.section == Question.Section.CROSS_CUTTING and not (
            question.asked_to_institutions and question.answer_format == Question.AnswerFormat.TEXT
        ):
            continue
        questions[question.asked_per].append(question)
    return questions


def unit_title(input: Input, groups: dict[int, Group]) -> str:
    """The heading of an input's unit: its objective, its group, or the general questions."""
    if input.objective is not None:
        return _("Objective %(number)s: %(label)s") % {
            "number": input.objective.number,
            "label": input.objective.short_label,
        }
    if input.group_number:
        group = groups.get(input.group_number)
        return group.label if group else str(input.group_number)
    return _("General questions about the review")


def objective_coverage(review: NationalReview, groups: list[Group]) -> dict[int, dict]:
    """For every objective's pk, who covered it and how.

    An objective is covered when a programme serves it, an answer about it was
    submitted, or an answer about one of its thematic areas (or its round
    table) was submitted. Returns ``{"institutions": set, "by_group": bool}``
    per objective: ``by_group`` when only its group's answers cover it.
    """
    coverage: dict[int, dict] = {
        o.pk: {"institutions": set(), "direct": False, "by_group": False}
        for group in groups
        for o in group.objectives
    }
    for objective_id, institution_id in Programme.objectives.through.objects.filter(
        programme__request__review=review
    ).values_list("objective_id", "programme__request__institution_id"):
        coverage[objective_id]["institutions"].add(institution_id)
        coverage[objective_id]["direct"] = True
    members = {g.number: [o.pk for o in g.objectives] for g in groups}
    # A form sent with nothing to report answers, but covers nothing.
    for objective_id, group_number, institution_id in Input.objects.filter(
        request__review=review, status__in=DONE, nothing_to_report=False
    ).values_list("objective_id", "group_number", "request__institution_id"):
        if objective_id:
            coverage[objective_id]["institutions"].add(institution_id)
            coverage[objective_id]["direct"] = True
        for pk in members.get(group_number, []) if group_number else []:
            coverage[pk]["institutions"].add(institution_id)
            coverage[pk]["by_group"] = True
    for row in coverage.values():
        row["by_group"] = row["by_group"] and not row["direct"]
    return coverage
