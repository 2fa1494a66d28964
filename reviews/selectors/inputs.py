"""Reads of an institution's inputs: its forms, their questions and answers, its whole answer."""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Sum

from objectives.models import RoundTable, ThematicArea
from reviews.models import (
    Answer,
    Challenge,
    Input,
    InstitutionRequest,
    Question,
    ReviewCycle,
)


def request_inputs(*, request: InstitutionRequest) -> list[Input]:
    """The inputs of a request, created on first sight: one per objective asked,
    plus one per group when the cycle asks questions once per group."""
    cycle = request.review.cycle
    asked_per = set(
        cycle.questions.filter(section=Question.Section.OBJECTIVES).values_list(
            "asked_per", flat=True
        )
    )
    objectives = list(request.objectives.order_by("number"))
    wanted_objectives = objectives if Question.AskedPer.OBJECTIVE in asked_per else []
    wanted_groups = (
        sorted({number for o in objectives for number in group_numbers(cycle, o)})
        if Question.AskedPer.GROUP in asked_per
        else []
    )
    existing = {(i.objective_id, i.group_number): i for i in request.inputs.all()}
    missing = [
        Input(request=request, objective=o)
        for o in wanted_objectives
        if (o.pk, None) not in existing
    ] + [Input(request=request, group_number=g) for g in wanted_groups if (None, g) not in existing]
    if missing:
        Input.objects.bulk_create(missing, ignore_conflicts=True)
    return list(
        request.inputs.select_related("objective", "updated_by").order_by(
            "group_number", "objective__number"
        )
    )


def group_numbers(cycle, objective) -> list[int]:
    if cycle.grouping == cycle.Grouping.ROUND_TABLES:
        return [objective.round_table.number]
    return [area.number for area in objective.thematic_areas.all()]


def input_questions(input: Input):
    asked_per = Question.AskedPer.OBJECTIVE if input.objective_id else Question.AskedPer.GROUP
    return input.request.review.cycle.questions.filter(
        section=Question.Section.OBJECTIVES, asked_per=asked_per
    )


def input_answers(*, input: Input) -> list[Answer]:
    """The input's answers, one per question, created (empty, version 0) on first sight."""
    questions = list(input_questions(input))
    have = set(input.answers.values_list("question_id", flat=True))
    missing = [Answer(input=input, question=q) for q in questions if q.pk not in have]
    if missing:
        try:
            with transaction.atomic():
                Answer.objects.bulk_create(missing)
        except IntegrityError:
            pass  # a colleague's tab created them at the same moment
    return list(input.answers.select_related("question", "updated_by").order_by("question__order"))


def input_rows(inputs) -> list[dict]:
    """Each input with the words written in its answers, for the overview."""
    words = dict(
        Answer.objects.filter(input__in=inputs)
        .values("input_id")
        .annotate(words=Sum("words"))
        .values_list("input_id", "words")
    )
    return [{"input": i, "words": words.get(i.pk) or 0} for i in inputs]


def group_titles(cycle: ReviewCycle) -> dict[int, str]:
    """The titles of the cycle's groups (thematic areas or round tables) by number."""
    model = RoundTable if cycle.grouping == ReviewCycle.Grouping.ROUND_TABLES else ThematicArea
    return {group.number: group.title for group in model.objects.all()}


def request_document(institution_request: InstitutionRequest) -> dict:
    """Everything an institution answered in a review, for its PDF: a fixed
    number of queries whatever the number of objectives and programmes."""
    review = institution_request.review
    programmes = list(
        institution_request.programmes.prefetch_related(
            "objectives",
            "principles",
            "institutions_involved",
            "statistics",
            "attachments",
            Prefetch("challenges", queryset=Challenge.objects.prefetch_related("categories")),
        )
    )
    inputs = list(
        institution_request.inputs.select_related("objective")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.all(),
            )
        )
        .order_by("group_number", "objective__number")
    )
    titles = group_titles(review.cycle)
    questions = {kind: [] for kind in Question.AskedPer.values}
    for question in review.cycle.questions.filter(section=Question.Section.OBJECTIVES):
        questions[question.asked_per].append(question)

    def answered(input):
        answers = {answer.question_id: answer for answer in input.answers.all()}
        kind = Question.AskedPer.OBJECTIVE if input.objective_id else Question.AskedPer.GROUP
        return [(question, answers.get(question.pk)) for question in questions[kind]]

    sections = [
        {
            "input": input,
            "group_title": titles.get(input.group_number, ""),
            "answers": answered(input),
            "programmes": [
                p for p in programmes if any(o.pk == input.objective_id for o in p.objectives.all())
            ],
        }
        for input in inputs
    ]
    return {
        "review": review,
        "institution": institution_request.institution,
        "request": institution_request,
        "sections": sections,
        "programmes": programmes,
        "all_submitted": all(not i.is_editable for i in inputs) and bool(inputs),
        "words": sum(a.word_count for s in sections for _, a in s["answers"] if a is not None),
    }
