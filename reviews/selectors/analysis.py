"""Reads of a whole national review: its progress, each objective's material, its analysis.

Every function here runs a fixed number of queries whatever the size of the
review: rows are fetched once and grouped in Python.
"""

from collections import Counter, defaultdict
from typing import Any

from django.contrib.auth.hashers import is_password_usable
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from objectives.models import ChallengeCategory, Objective
from reviews.models import (
    Answer,
    Challenge,
    FocalPoint,
    Input,
    InstitutionRequest,
    NationalReview,
    Programme,
    Statistic,
)
from reviews.rendering.charts import bar_chart
from reviews.selectors.answered import requests_answered
from reviews.selectors.plan import review_plan
from reviews.selectors.units import (
    AskedPer,
    Group,
    cycle_groups,
    cycle_questions,
    objective_coverage,
)
from reviews.selectors.words import words_by


def _days_left(day) -> int | None:
    return (day - timezone.localdate()).days if day else None


def _unit_key(objective_id, group_number) -> tuple[str, int | None]:
    if objective_id:
        return ("objective", objective_id)
    if group_number:
        return ("group", group_number)
    return ("review", None)


def progress_units(review: NationalReview, groups: list[Group], objectives) -> list[dict]:
    """The columns of the progress matrix: the units the cycle asks about, in order."""
    questions = cycle_questions(review.cycle)
    units: list[dict] = []
    if questions[AskedPer.GROUP]:
        units += [
            {
                "key": ("group", g.number),
                "short": g.number,
                "label": g.label,
                "url": reverse("reviews:consolidate_group", args=[review.pk, g.number]),
            }
            for g in groups
        ]
    if questions[AskedPer.OBJECTIVE]:
        units += [
            {
                "key": ("objective", o.pk),
                "short": o.number,
                "label": _("Objective %(number)s: %(label)s")
                % {"number": o.number, "label": o.short_label},
                "url": reverse("reviews:consolidate", args=[review.pk, o.number]),
            }
            for o in objectives
        ]
    if questions[AskedPer.REVIEW]:
        units.append(
            {
                "key": ("review", None),
                "short": _("Gen."),
                "label": _("General questions about the review"),
                "url": reverse("reviews:report_sections", args=[review.pk]),
            }
        )
    return units


def review_progress(review: NationalReview) -> dict:
    """The matrix of institutions × the units the cycle asks about (thematic areas or
    round tables, objectives, the general questions), and what each objective has so far.

    An objective counts as covered when a programme serves it, an answer about it was
    submitted, or an answer about its thematic area (or round table) was submitted."""
    objectives = list(Objective.objects.order_by("number"))
    groups = cycle_groups(review.cycle)
    units = progress_units(review, groups, objectives)
    requests = list(review.requests.select_related("institution").order_by("institution__name"))
    inputs: list[dict[str, Any]] = [
        dict(row)
        for row in Input.objects.filter(request__review=review).values(
            "pk", "request_id", "objective_id", "group_number", "status", "nothing_to_report"
        )
    ]
    words = words_by(
        Answer.objects.filter(input__request__review=review, input__objective__isnull=False),
        "input__objective_id",
    )
    programmes = dict(
        Programme.objects.filter(request__review=review)
        .values("objectives")
        .annotate(n=Count("pk"))
        .values_list("objectives", "n")
    )
    asked = Counter(
        InstitutionRequest.objectives.through.objects.filter(
            institutionrequest__review=review
        ).values_list("objective_id", flat=True)
    )
    # One URL and one label per cell, made here: hundreds of {% url %} and
    # {% translate %} in the template were most of the page's time.
    prefix = reverse("reviews:input", args=[0]).removesuffix("0/")
    labels = {status: str(label) for status, label in Input.Status.choices}
    for i in inputs:
        i["url"], i["label"] = f"{prefix}{i['pk']}/", labels[i["status"]]
    cells: dict[tuple, Any] = {
        (i["request_id"], _unit_key(i["objective_id"], i["group_number"])): i for i in inputs
    }
    answered = requests_answered(review)
    # Who can answer: a focal point who has accepted the invitation (set a password).
    able = {
        institution_id
        for institution_id, password in FocalPoint.objects.filter(
            institution__in=[r.institution_id for r in requests]
        ).values_list("institution_id", "user__password")
        if password and is_password_usable(password)
    }
    rows = [
        {
            "request": request,
            "institution": request.institution,
            "cells": [(unit, cells.get((request.pk, unit["key"]))) for unit in units],
            "done": answered[request.pk].done,
            "total": answered[request.pk].total,
            "forms": answered[request.pk],  # what it was asked, what it sent
            "nobody_answers": request.institution_id not in able,
        }
        for request in requests
    ]
    coverage = objective_coverage(review, groups)
    columns = [
        {
            "objective": objective,
            "asked": asked[objective.pk],
            "covered": len(coverage[objective.pk]["institutions"]),
            "by_group": coverage[objective.pk]["by_group"],
            "words": words.get(objective.pk) or 0,
            "programmes": programmes.get(objective.pk, 0),
        }
        for objective in objectives
    ]
    return {
        "objectives": objectives,
        "units": units,
        "rows": rows,
        "columns": columns,
        "uncovered": [c["objective"] for c in columns if not c["covered"]],
        "inputs_done": sum(a.done for a in answered.values()),
        "inputs_total": len(inputs),
        "asked": [r.institution for r in requests],
        "answered": [r.institution for r in requests if answered[r.pk].answered],
        # Asked, but no focal point (or only invitations not accepted): nobody can answer.
        "unanswerable": [row["institution"] for row in rows if row["nobody_answers"]],
        # The plan's date for the first inputs: the coordinator's, or computed.
        "days_to_internal_deadline": _days_left(review_plan(review).inputs_due),
        "days_to_deadline": _days_left(review.cycle.deadline),
    }


def objective_material(review: NationalReview, objective: Objective) -> list[dict]:
    """Every institution's answers and programmes for one objective, institution by institution."""
    inputs = (
        Input.objects.filter(request__review=review, objective=objective)
        .select_related("request__institution")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by("question__order"),
            )
        )
        .order_by("request__institution__name")
    )
    programmes = defaultdict(list)
    for programme in (
        Programme.objects.filter(request__review=review, objectives=objective)
        .select_related("request__institution")
        .prefetch_related("statistics")
        .order_by("name")
    ):
        programmes[programme.request_id].append(programme)
    material = [
        {
            "input": input,
            "institution": input.request.institution,
            "answers": [a for a in input.answers.all() if a.text.strip() or a.not_applicable],
            "programmes": programmes.pop(input.request_id, []),
            "started": input.status != Input.Status.NOT_STARTED,
        }
        for input in inputs
    ]
    # Asked per thematic area, an institution has no form on the objective: its
    # programmes serving it are material all the same.
    material += [
        {
            "input": None,
            "institution": found[0].request.institution,
            "answers": [],
            "programmes": found,
            "started": True,
        }
        for found in programmes.values()
    ]
    return sorted(material, key=lambda m: m["institution"].name)


def review_analysis(review: NationalReview) -> dict:
    """The figures of Mexico's executive report (seed 004), for a review."""
    objectives = list(Objective.objects.order_by("number"))
    links = list(
        Programme.objectives.through.objects.filter(programme__request__review=review).values_list(
            "objective_id", "programme_id", "programme__request__institution_id"
        )
    )
    programmes_per = Counter(objective_id for objective_id, _p, _i in links)
    # Covered: a programme serves it, or an answer about it or its group was submitted.
    coverage = objective_coverage(review, cycle_groups(review.cycle))
    institutions_per = {pk: row["institutions"] for pk, row in coverage.items()}

    ranking: list[dict[str, Any]] = sorted(
        ({"objective": o, "programmes": programmes_per[o.pk]} for o in objectives),
        key=lambda row: (-row["programmes"], row["objective"].number),
    )
    with_programmes = [row for row in ranking if row["programmes"]]
    most = [r for r in with_programmes if r["programmes"] == with_programmes[0]["programmes"]]
    fewest = [r for r in with_programmes if r["programmes"] == with_programmes[-1]["programmes"]]

    categories = list(ChallengeCategory.objects.order_by("number"))
    per_category = Counter(
        Challenge.categories.through.objects.filter(
            challenge__programme__request__review=review
        ).values_list("challengecategory_id", flat=True)
    )
    statistics = defaultdict(list)
    objective_ids = defaultdict(list)
    for objective_id, programme_id, _institution in links:
        objective_ids[programme_id].append(objective_id)
    # Plain tuples, not model instances: a large review has thousands of rows.
    for programme_id, *row in (
        Statistic.objects.filter(programme__request__review=review)
        .order_by("programme__name", "pk")
        .values_list(
            "programme_id",
            "programme__request__institution__acronym",
            "programme__name",
            "indicator",
            "men",
            "women",
            "total",
            "age_group",
            "nationalities",
        )
    ):
        for objective_id in objective_ids[programme_id]:
            statistics[objective_id].append(row)

    answered = requests_answered(review)
    covered = [o for o in objectives if institutions_per[o.pk]]
    return {
        # Contributed: sent at least one form with something in it; answered: every
        # form asked (the definition of selectors.answered).
        "contributing_institutions": sum(
            any(not i.nothing_to_report for i in a.sent) for a in answered.values()
        ),
        "answered_institutions": sum(a.answered for a in answered.values()),
        "requests_answered": answered,
        "programmes": Programme.objects.filter(request__review=review).count(),
        "ranking": ranking,
        "most": most,
        "fewest": fewest,
        "coverage": coverage,
        "gaps": [o for o in objectives if not institutions_per[o.pk]],
        "without_programmes": [row["objective"] for row in ranking if not row["programmes"]],
        "institutions_per_objective": [
            {"objective": o, "institutions": len(institutions_per[o.pk])} for o in objectives
        ],
        "covered": len(covered),
        "objectives_total": len(objectives),
        "challenges": [
            {"category": c, "challenges": per_category[c.pk]}
            for c in sorted(categories, key=lambda c: (-per_category[c.pk], c.number))
        ],
        "statistics": [
            {"objective": o, "rows": statistics[o.pk]} for o in objectives if statistics[o.pk]
        ],
        "chart": bar_chart([(str(o.number), programmes_per[o.pk]) for o in objectives]),
    }
