"""Reads that several pages share."""

from django.db.models import Prefetch, Sum

from objectives.models import RoundTable, ThematicArea
from reviews.access import is_administrator
from reviews.models import (
    Answer,
    Challenge,
    Institution,
    InstitutionRequest,
    NationalReview,
    Question,
    ReviewCycle,
)


def user_roles(user) -> dict:
    """What the user does, for the page that takes each person to their work."""
    return {
        "administrator": is_administrator(user),
        "coordinated_reviews": list(
            NationalReview.objects.filter(coordinators__user=user).select_related(
                "cycle", "country"
            )
        ),
        "institutions": list(
            Institution.objects.filter(focal_points__user=user).select_related("country")
        ),
        "reviewed_cycles": list(user.reviewer_roles.select_related("cycle")),
    }


def startable_cycles(user):
    """Open cycles for which a coordinator's country has no review yet: (cycle, country) pairs."""
    countries = {
        review.country for review in NationalReview.objects.filter(coordinators__user=user)
    }
    pairs = []
    for cycle in ReviewCycle.objects.filter(status=ReviewCycle.Status.OPEN):
        for country in countries:
            if cycle.is_open_to(country) and not cycle.reviews.filter(country=country).exists():
                pairs.append((cycle, country))
    return pairs


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
