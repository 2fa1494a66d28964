"""The national report's content, gathered once for both layouts, the page preview and the PDF."""

from collections import defaultdict

from django.utils import timezone, translation

from objectives.models import Objective
from reviews import selectors
from reviews.models import GoodPractice, NationalReview, NationalText, Programme, Question
from reviews.selectors.material import unit_contributors

LAYOUTS = ("imrf", "regional")


def report_context(review: NationalReview, layout: str) -> dict:
    """Everything both layouts print. Every national text has exactly one place in
    each layout: the regional questionnaire (seed 000) goes area by area, question
    by question; the IMRF report (seed 001) goes section by section, objective by
    objective, an area's texts at the head of its objectives."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout}")
    texts = selectors.review_texts(review=review)
    figures = selectors.review_analysis(review)
    coverage = figures["coverage"]
    statistics = {group["objective"].pk: group["rows"] for group in figures["statistics"]}
    objectives = list(Objective.objects.order_by("number"))
    groups = selectors.cycle_groups(review.cycle)
    asked = selectors.cycle_questions(review.cycle)
    per_group = review.cycle.asks_per_group
    group_questions = list(
        review.cycle.questions.filter(asked_per=Question.AskedPer.GROUP).order_by("order")
    )
    # Each objective is printed under the first group that holds it.
    home: dict[int, selectors.Group] = {}
    for group in groups:
        for objective in group.objectives:
            home.setdefault(objective.pk, group)
    objective_sections = [
        {
            "objective": objective,
            "text": texts[f"objective-{objective.number}"],
            "statistics": statistics.get(objective.pk, []),
            "covered": bool(coverage[objective.pk]["institutions"]),
            "home": home.get(objective.pk),
        }
        for objective in objectives
    ]
    for section in objective_sections:
        # Asked per group, an objective's own section appears only when it has something.
        section["printed"] = bool(
            not per_group
            or asked[Question.AskedPer.OBJECTIVE]
            or section["text"].text.strip()
            or section["statistics"]
        )
    group_sections = [
        {
            "group": group,
            "texts": [(question, texts[group.text_key(question)]) for question in group_questions],
            "sections": [s for s in objective_sections if s["home"] == group and s["printed"]],
            "elsewhere": [
                s
                for s in objective_sections
                if s["objective"] in group.objectives and s["home"] != group and s["printed"]
            ],
        }
        for group in groups
    ]
    questions = sorted(
        (t for t in texts.values() if t.question is not None and not t.group_number),
        key=lambda t: t.question.order if t.question else 0,
    )
    placed = {
        place: [t for t in questions if t.question and t.question.report_section == place]
        for place in Question.ReportSection.values
    }
    principles_question = review.cycle.questions.filter(
        answer_format=Question.AnswerFormat.PRINCIPLES_TABLE
    ).first()
    requests = list(
        review.requests.select_related("institution").order_by(
            "institution__acronym", "institution__name"
        )
    )
    programmes = defaultdict(list)
    every_programme = list(
        Programme.objects.filter(request__review=review)
        .select_related("request__institution")
        .prefetch_related("objectives")
        .order_by("name")
    )
    for programme in every_programme:
        for objective in programme.objectives.all():
            programmes[objective.pk].append(programme)
    # Until a unit's text is written, the report names who contributed to it.
    contributors = unit_contributors(
        review,
        institutions={r.institution.pk: r.institution for r in requests},
        programmes=every_programme,
    )
    for key, text in texts.items():
        text.contributors = contributors.get(key, [])  # type: ignore[attr-defined]
    answered = figures["requests_answered"]
    practices = selectors.review_good_practices(review)
    return {
        "review": review,
        "layout": layout,
        # The practices proposed to the UN Network (drafts stay the institutions').
        "good_practices": [p for p in practices if p.status == GoodPractice.Status.PROPOSED],
        "draft": not review.is_locked,
        "generated_at": timezone.now(),
        "language": translation.get_language(),
        "texts": texts,
        "per_group": per_group,
        "objective_sections": objective_sections,
        "without_input": [s["objective"] for s in objective_sections if not s["covered"]],
        "groups": group_sections,
        "principles": sorted(
            (t for t in texts.values() if t.principle_id), key=lambda t: t.principle.number
        ),
        "principles_question": principles_question,
        "questions": questions,
        "placed": placed,
        "means": [texts[f"means-{topic}"] for topic in NationalText.Topic.values],
        "next_steps": texts["next-steps"],
        # The consultations with stakeholders, cited in the methodology (issue 17).
        "consultations": selectors.review_consultations(review),
        # The review's pledges: an annex of the IMRF report, when there are any.
        "pledges": selectors.review_pledges(review) if layout == "imrf" else [],
        # The IMRF sections the regional questionnaire has no place for, when written.
        "other_sections": [
            t
            for t in [
                texts["methodology"],
                texts["policy"],
                *(texts[f"means-{topic}"] for topic in NationalText.Topic.values),
                texts["next-steps"],
            ]
            if t.text.strip()
        ],
        "acronyms": sorted(
            (r.institution for r in requests if r.institution.acronym), key=lambda i: i.acronym
        ),
        "asked": [r.institution for r in requests],
        "answered": [r.institution for r in requests if answered[r.pk].answered],
        "programmes_by_objective": [
            {"objective": o, "programmes": programmes[o.pk]} for o in objectives if programmes[o.pk]
        ],
        **figures,
    }
