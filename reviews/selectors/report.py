"""The national report's content, gathered once for both layouts, the page preview and the PDF."""

from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone, translation

from objectives.models import Objective, RoundTable, ThematicArea
from reviews import selectors
from reviews.models import NationalReview, NationalText, Programme, ReviewCycle

LAYOUTS = ("imrf", "regional")


def report_context(review: NationalReview, layout: str) -> dict:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout}")
    texts = selectors.review_texts(review=review)
    figures = selectors.review_analysis(review)
    statistics = {group["objective"].pk: group["rows"] for group in figures["statistics"]}
    objectives = list(Objective.objects.order_by("number"))
    objective_sections = [
        {
            "objective": objective,
            "text": texts[f"objective-{objective.number}"],
            "statistics": statistics.get(objective.pk, []),
        }
        for objective in objectives
    ]
    requests = list(
        review.requests.select_related("institution").order_by(
            "institution__acronym", "institution__name"
        )
    )
    programmes = defaultdict(list)
    for programme in (
        Programme.objects.filter(request__review=review)
        .select_related("request__institution")
        .prefetch_related("objectives")
        .order_by("name")
    ):
        for objective in programme.objectives.all():
            programmes[objective.pk].append(programme)
    return {
        "review": review,
        "layout": layout,
        "draft": not review.is_locked,
        "generated_at": timezone.now(),
        "language": translation.get_language(),
        "texts": texts,
        "objective_sections": objective_sections,
        "without_input": [s["objective"] for s in objective_sections if not s["text"].text.strip()],
        "groups": _groups(review.cycle, objective_sections),
        "principles": sorted(
            (t for t in texts.values() if t.principle_id), key=lambda t: t.principle.number
        ),
        "questions": sorted(
            (t for t in texts.values() if t.question_id), key=lambda t: t.question.order
        ),
        "means": [texts[f"means-{topic}"] for topic in NationalText.Topic.values],
        "next_steps": texts["next-steps"],
        "acronyms": sorted(
            (r.institution for r in requests if r.institution.acronym), key=lambda i: i.acronym
        ),
        "asked": [r.institution for r in requests],
        "answered": [r.institution for r in requests if r.responded_at],
        "programmes_by_objective": [
            {"objective": o, "programmes": programmes[o.pk]} for o in objectives if programmes[o.pk]
        ],
        **figures,
    }


def _groups(cycle: ReviewCycle, objective_sections: list[dict]) -> list[dict]:
    """The cycle's groups (thematic areas or round tables), each with its objectives."""
    by_pk = {s["objective"].pk: s for s in objective_sections}
    if cycle.grouping == ReviewCycle.Grouping.ROUND_TABLES:
        members = defaultdict(list)
        for objective_pk, group in Objective.objects.values_list("pk", "round_table__number"):
            members[group].append(objective_pk)
        groups: QuerySet = RoundTable.objects.order_by("number")
    else:
        members = defaultdict(list)
        for objective_pk, group in Objective.thematic_areas.through.objects.values_list(
            "objective_id", "thematicarea__number"
        ):
            members[group].append(objective_pk)
        groups = ThematicArea.objects.order_by("number")
    return [
        {
            "group": group,
            "sections": sorted(
                (by_pk[pk] for pk in members[group.number]),
                key=lambda s: s["objective"].number,
            ),
        }
        for group in groups
    ]
