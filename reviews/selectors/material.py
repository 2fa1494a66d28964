"""What the institutions wrote about a unit, laid beside the national text that
consolidates it: a thematic area's (or round table's) questions, and the
questions asked once per review. Each read is a fixed number of queries."""

from collections import defaultdict

from reviews.models import Answer, Input, NationalReview, NationalText, Programme, Question
from reviews.selectors.units import Group, cycle_questions


def _answers(review: NationalReview, inputs) -> dict[int, list[Answer]]:
    """The written answers of these inputs, by question, institution by institution."""
    by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(input__in=inputs)
        .filter(version__gt=0)
        .select_related("input__request__institution")
        .only(
            "text",
            "not_applicable",
            "not_applicable_reason",
            "question_id",
            "input__status",
            "input__request__institution__name",
            "input__request__institution__acronym",
        )
        .order_by("input__request__institution__name", "pk")
    ):
        if answer.text.strip() or answer.not_applicable:
            by_question[answer.question_id].append(answer)
    return by_question


def group_material(review: NationalReview, group: Group) -> dict:
    """For each question asked per group: the national text of this group and every
    institution's answer to it; then the programmes serving the group's objectives."""
    questions = cycle_questions(review.cycle)[Question.AskedPer.GROUP]
    stored = {
        text.question_id: text
        for text in review.texts.filter(group_number=group.number).select_related("updated_by")
    }
    inputs = list(
        Input.objects.filter(request__review=review, group_number=group.number)
        .select_related("request__institution")
        .order_by("request__institution__name")
    )
    answers = _answers(review, inputs)
    serving = Programme.objects.filter(
        request__review=review, objectives__in=[o.pk for o in group.objectives]
    ).values("pk")
    programmes = (
        Programme.objects.filter(pk__in=serving)
        .select_related("request__institution")
        .prefetch_related("objectives")
        .only("name", "request__institution__name", "request__institution__acronym")
        .order_by("request__institution__name", "name")
    )
    return {
        "questions": [
            {
                "question": question,
                # A text the review was set up without is an unsaved, empty one here.
                "text": stored.get(question.pk)
                or NationalText(
                    review=review,
                    key=group.text_key(question),
                    section=NationalText.Section.GROUP,
                    group_number=group.number,
                    question=question,
                ),
                "answers": answers.get(question.pk, []),
            }
            for question in questions
        ],
        "inputs": inputs,
        "not_started": [
            i.request.institution for i in inputs if i.status == Input.Status.NOT_STARTED
        ],
        "programmes": list(programmes),
    }


def general_material(review: NationalReview) -> dict[int, list[Answer]]:
    """The institutions' answers to the questions asked once per review, by question."""
    inputs = Input.objects.filter(
        request__review=review, objective__isnull=True, group_number__isnull=True
    )
    return _answers(review, inputs)
