"""Reads of a whole region: the countries of a cycle, their states, and what their
submitted reviews say, compared and summed for the regional reviewer.

Only submitted reviews are read for their content (a reviewer never sees a review
before it is submitted); the list of countries shows every review's state. Each
function runs a fixed number of queries whatever the number of countries.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from objectives.models import ChallengeCategory, Country, Objective
from reviews.models import (
    Challenge,
    Input,
    NationalReview,
    NationalText,
    Programme,
    RegionalText,
    ReviewCycle,
)
from reviews.selectors.plan import review_plan
from reviews.selectors.units import DONE, Group, cycle_groups, groups_of_objectives

Status = NationalReview.Status
Kind = Programme.Kind
Section = RegionalText.Section

# Seed 003 lists, per cluster, good practices, policies and tools by country.
LISTS: tuple[tuple[str, set[str]], ...] = (
    ("practices", {Kind.PROGRAMME, Kind.PROJECT, Kind.ACTION, Kind.GOOD_PRACTICE}),
    ("policies", {Kind.POLICY}),
    ("tools", {Kind.TOOL}),
)


# The stages a country's review goes through, as the region sees them, in order.
STATES = [
    ("not_started", pgettext_lazy("review state", "Not started")),
    (Status.PREPARING, Status.PREPARING.label),
    (Status.COLLECTING, Status.COLLECTING.label),
    (Status.VALIDATING, Status.VALIDATING.label),
    (Status.SUBMITTED, Status.SUBMITTED.label),
    ("published", pgettext_lazy("review state", "Published")),
]


def state_of(review: NationalReview | None) -> tuple[str, str]:
    """(code, label) of a country's review as the region sees it."""
    if review is None:
        return "not_started", pgettext("review state", "Not started")
    if review.is_published:
        return "published", pgettext("review state", "Published")
    if review.status == Status.CONSOLIDATING:
        # The region sees one stage between collecting and validating.
        return Status.COLLECTING.value, str(Status.COLLECTING.label)
    return review.status, review.get_status_display()


def region_countries(cycle: ReviewCycle) -> list[dict]:
    """Every country the cycle is open to, with its review's state and deadline."""
    reviews = {r.country_id: r for r in cycle.reviews.all()}
    rows = []
    for country in cycle.countries().order_by("name_es"):
        review = reviews.get(country.pk)
        code, label = state_of(review)
        rows.append(
            {
                "country": country,
                "review": review,
                "state": code,
                "state_label": label,
                # The country's own date for its submission: its plan's, computed until moved.
                "deadline": review_plan(review).submission if review else cycle.deadline,
                "readable": review is not None and review.status == Status.SUBMITTED,
            }
        )
    rows.sort(key=lambda row: str(row["country"]))
    return rows


def submitted_reviews(cycle: ReviewCycle) -> list[NationalReview]:
    return sorted(
        cycle.reviews.filter(status=Status.SUBMITTED).select_related("country"),
        key=lambda review: str(review.country),
    )


def _programmes(reviews) -> tuple[list[Programme], dict[int, set[int]]]:
    """The programmes of the reviews, with their institutions and countries, and the
    objectives (pks) each serves: two queries."""
    programmes = list(
        Programme.objects.filter(request__review__in=reviews)
        .select_related("request__institution", "request__review__country")
        .order_by("name", "pk")
    )
    serves: dict[int, set[int]] = defaultdict(set)
    for programme_id, objective_id in Programme.objectives.through.objects.filter(
        programme__in=programmes
    ).values_list("programme_id", "objective_id"):
        serves[programme_id].add(objective_id)
    return programmes, serves


def region_coverage(cycle: ReviewCycle) -> dict:
    """Countries × objectives over the submitted reviews: the programmes each country
    reported per objective, and whether its answers cover the objective otherwise
    (an answer about it, or about its thematic area or round table).

    The region's gaps are the objectives no submitted review covers; its weak spots,
    those covered by fewer than half the countries."""
    reviews = submitted_reviews(cycle)
    objectives = list(Objective.objects.order_by("number"))
    groups = cycle_groups(cycle)
    members = {g.number: [o.pk for o in g.objectives] for g in groups}
    count: Counter = Counter()
    for review_id, objective_id in Programme.objectives.through.objects.filter(
        programme__request__review__in=reviews
    ).values_list("programme__request__review_id", "objective_id"):
        count[review_id, objective_id] += 1
    answered: set[tuple[int, int]] = set()
    for review_id, objective_id, group_number in Input.objects.filter(
        request__review__in=reviews, status__in=DONE, nothing_to_report=False
    ).values_list("request__review_id", "objective_id", "group_number"):
        for pk in [objective_id] if objective_id else members.get(group_number or 0, []):
            answered.add((review_id, pk))
    covered = {
        (review.pk, o.pk) for review in reviews for o in objectives if count[review.pk, o.pk]
    }
    covered |= answered
    rows = [
        {
            "review": review,
            "cells": [
                {
                    "objective": o,
                    "programmes": count[review.pk, o.pk],
                    "covered": (review.pk, o.pk) in covered,
                }
                for o in objectives
            ],
        }
        for review in reviews
    ]
    countries_per = {
        o.pk: sum(1 for review in reviews if (review.pk, o.pk) in covered) for o in objectives
    }
    programmes_per = {o.pk: sum(count[r.pk, o.pk] for r in reviews) for o in objectives}
    return {
        "reviews": reviews,
        "objectives": objectives,
        "rows": rows,
        "totals": [
            {"objective": o, "countries": countries_per[o.pk], "programmes": programmes_per[o.pk]}
            for o in objectives
        ],
        "gaps": [o for o in objectives if reviews and not countries_per[o.pk]],
        "weak": [o for o in objectives if reviews and 0 < countries_per[o.pk] < len(reviews) / 2],
    }


def region_challenges(cycle: ReviewCycle) -> dict:
    """The challenges of the submitted reviews' programmes, by category: per country
    and summed over the region (a challenge counts once in each of its categories)."""
    reviews = submitted_reviews(cycle)
    categories = list(ChallengeCategory.objects.order_by("number"))
    count: Counter = Counter()
    for review_id, category_id in Challenge.categories.through.objects.filter(
        challenge__programme__request__review__in=reviews
    ).values_list("challenge__programme__request__review_id", "challengecategory_id"):
        count[review_id, category_id] += 1
    totals = {c.pk: sum(count[r.pk, c.pk] for r in reviews) for c in categories}
    return {
        "reviews": reviews,
        "categories": sorted(categories, key=lambda c: (-totals[c.pk], c.number)),
        "rows": [
            {
                "category": c,
                "counts": [count[r.pk, c.pk] for r in reviews],
                "total": totals[c.pk],
            }
            for c in sorted(categories, key=lambda c: (-totals[c.pk], c.number))
        ],
        "challenges": Challenge.objects.filter(programme__request__review__in=reviews).count(),
    }


def texts_about(reviews, objective: Objective, groups: list[Group]) -> dict[int, list]:
    """For each review, its national texts that speak of the objective: the objective's
    own, and those of its thematic areas (or round table), each with a heading."""
    of_objective = groups_of_objectives(groups)[objective.pk]
    numbers = [g.number for g in of_objective]
    by_number = {g.number: g for g in groups}
    texts = (
        NationalText.objects.filter(review__in=reviews, version__gt=0)
        .filter(
            Q(objective=objective) | Q(section=NationalText.Section.GROUP, group_number__in=numbers)
        )
        .exclude(text="")
        .select_related("question")
        .order_by("review_id", "-objective_id", "group_number", "key")
    )
    found = defaultdict(list)
    for text in texts:
        if text.objective_id:
            heading = _("On the objective")
        else:
            group = by_number.get(text.group_number or 0)
            heading = _("%(group)s · question %(code)s") % {
                "group": group.name if group else text.group_number,
                "code": text.question.code if text.question else "",
            }
        found[text.review_id].append({"heading": heading, "text": text.text})
    return found


def objective_comparison(cycle: ReviewCycle, objective: Objective) -> list[dict]:
    """One objective across the submitted reviews: each country's national texts about
    it and the programmes it reported under it, with their institutions."""
    reviews = submitted_reviews(cycle)
    texts = texts_about(reviews, objective, cycle_groups(cycle))
    programmes = defaultdict(list)
    found, serves = _programmes(reviews)
    for programme in found:
        if objective.pk in serves[programme.pk]:
            programmes[programme.request.review_id].append(programme)
    return [{"review": r, "texts": texts[r.pk], "programmes": programmes[r.pk]} for r in reviews]


@dataclass(frozen=True)
class TextSlot:
    """A section of the synthesis the reviewer writes: its key, heading and text
    (an unsaved empty one until the first save)."""

    key: str
    section: str
    heading: str
    text: RegionalText
    group: Group | None = None


def synthesis_slots(cycle: ReviewCycle, groups: list[Group] | None = None) -> list[TextSlot]:
    """Every text of the synthesis, in the report's order; saved ones from the database."""
    groups = cycle_groups(cycle) if groups is None else groups
    saved = {t.key: t for t in cycle.regional_texts.all()}

    def slot(key, section, heading, group=None):
        text = saved.get(key) or RegionalText(
            cycle=cycle, key=key, section=section, group_number=group and group.number
        )
        return TextSlot(key, section, heading, text, group)

    return [
        slot("introduction", Section.INTRODUCTION, Section.INTRODUCTION.label),
        *(
            slot(
                f"group-{g.number}",
                Section.CLUSTER,
                _("Overview: %(group)s") % {"group": g.label},
                g,
            )
            for g in groups
        ),
        slot("requests", Section.REQUESTS, Section.REQUESTS.label),
        slot("conclusions", Section.CONCLUSIONS, Section.CONCLUSIONS.label),
        slot("recommendations", Section.RECOMMENDATIONS, Section.RECOMMENDATIONS.label),
    ]


def synthesis_slot(cycle: ReviewCycle, key: str) -> TextSlot | None:
    return next((s for s in synthesis_slots(cycle) if s.key == key), None)


def _of_kinds(programmes: list[Programme], kinds: set[str]) -> list[Programme]:
    """The programmes of these kinds, by country, then name."""
    return sorted(
        (p for p in programmes if p.kind in kinds),
        key=lambda p: (str(p.request.review.country), p.name),
    )


def synthesis_context(cycle: ReviewCycle) -> dict:
    """Everything the regional synthesis prints (seed 003's shape): the reviewer's
    texts; per cluster of objectives, its overview and the good practices, policies
    and tools of the submitted reviews, each with its country and institution; the
    countries' requests (their means of implementation); the challenges summed;
    coverage and gaps."""
    groups = cycle_groups(cycle)
    slots = {s.key: s for s in synthesis_slots(cycle, groups)}
    reviews = submitted_reviews(cycle)
    programmes, serves = _programmes(reviews)
    clusters = []
    for group in groups:
        members = {o.pk for o in group.objectives}
        serving: list[Programme] = [p for p in programmes if members & serves[p.pk]]
        clusters.append(
            {
                "group": group,
                "overview": slots[f"group-{group.number}"].text,
                "lists": [
                    {"name": name, "items": _of_kinds(serving, kinds)} for name, kinds in LISTS
                ],
                "objectives": [
                    {
                        "objective": o,
                        "programmes": [p for p in serving if o.pk in serves[p.pk]],
                    }
                    for o in group.objectives
                ],
            }
        )
    means = (
        NationalText.objects.filter(
            review__in=reviews, section=NationalText.Section.MEANS, version__gt=0
        )
        .exclude(text="")
        .order_by("review_id", "key")
    )
    requests = defaultdict(list)
    for text in means:
        requests[text.review_id].append(text)
    return {
        "cycle": cycle,
        "generated_at": timezone.now(),
        "countries": region_countries(cycle),
        "reviews": reviews,
        "introduction": slots["introduction"].text,
        "clusters": clusters,
        "requests_text": slots["requests"].text,
        "requests": [
            {"review": r, "texts": [(t.get_topic_display(), t.text) for t in requests[r.pk]]}
            for r in reviews
            if requests[r.pk]
        ],
        "conclusions": slots["conclusions"].text,
        "recommendations": slots["recommendations"].text,
        "coverage": region_coverage(cycle),
        "challenges": region_challenges(cycle),
        "programmes_total": len(programmes),
    }


def published_reviews():
    """The reviews whose reports are public: submitted and published."""
    return NationalReview.objects.filter(
        status=Status.SUBMITTED, published_at__isnull=False
    ).select_related("cycle", "country")


def countries_with_publications() -> list[Country]:
    return list(
        Country.objects.filter(
            reviews__status=Status.SUBMITTED, reviews__published_at__isnull=False
        ).distinct()
    )
