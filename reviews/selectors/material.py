"""What the institutions wrote about a unit, laid beside the national text that
consolidates it: a thematic area's (or round table's) questions, and the
questions asked once per review. Each read is a fixed number of queries."""

from collections import defaultdict

from reviews.models import Answer, Input, NationalReview, Programme, Question
from reviews.selectors.consolidation import review_texts
from reviews.selectors.units import Group, cycle_questions


def _answers(review: NationalReview, inputs) -> dict[int, list[Answer]]:
    """The written answers of these inputs, by question, institution by institution."""
    by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(input__in=inputs)
        .filter(version__gt=0)
        .select_related("input__request__institution")
        .order_by("input__request__institution__name", "pk")
    ):
        if answer.text.strip() or answer.not_applicable:
            by_question[answer.question_id].append(answer)
    return by_question


def _not_started(inputs) -> list:
    return [
        input.request.institution
        for input in inputs.select_related("request__institution").order_by(
            "request__institution__name"
        )
        if input.status == Input.Status.NOT_STARTED
    ]


def group_material(review: NationalReview, group: Group) -> dict:
    """For each question asked per group: the national text of this group and every
    institution's answer to it; then the programmes serving the group's objectives."""
    texts = review_texts(review=review)
    inputs = Input.objects.filter(request__review=review, group_number=group.number)
    answers = _answers(review, inputs)
    programmes = (
        Programme.objects.filter(
            request__review=review, objectives__in=[o.pk for o in group.objectives]
        )
        .distinct()
        .select_related("request__institution")
        .prefetch_related("objectives")
        .order_by("request__institution__name", "name")
    )
    return {
        "questions": [
            {
                "question": question,
                "text": texts[group.text_key(question)],
                "answers": answers.get(question.pk, []),
            }
            for question in cycle_questions(review.cycle)[Question.AskedPer.GROUP]
        ],
        "inputs": list(inputs.select_related("request__institution")),
        "not_started": _not_started(inputs),
        "programmes": list(programmes),
    }


def general_material(review: NationalReview) -> dict[int, list[Answer]]:
    """The institutions' answers to the questions asked once per review, by question."""
    inputs = Input.objects.filter(
        request__review=review, objective__isnull=True, group_number__isnull=True
    )
    return _answers(review, inputs)
