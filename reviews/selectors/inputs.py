"""Reads of an institution's inputs: its forms, their questions and answers, its whole answer."""

from collections import defaultdict

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from objectives.models import Objective
from reviews.models import (
    Answer,
    Challenge,
    Input,
    InstitutionRequest,
    Question,
    ReviewCycle,
)
from reviews.selectors.units import Group, cycle_groups, cycle_questions, unit_title
from reviews.selectors.words import words_by

# Groups, then objectives, then the general questions, in every database.
UNIT_ORDER = (
    F("group_number").asc(nulls_last=True),
    F("objective__number").asc(nulls_last=True),
)


def wanted_inputs(request: InstitutionRequest) -> list[Input]:
    """The inputs a request should have, unsaved, one per unit the cycle asks about:
    each objective asked, each group (thematic area or round table) of those
    objectives, and the review as a whole, as far as the cycle has questions
    for institutions asked that way."""
    cycle = request.review.cycle
    asked = {kind for kind, questions in cycle_questions(cycle).items() if questions}
    objectives = request.objectives.order_by("number")
    wanted = []
    if Question.AskedPer.OBJECTIVE in asked:
        wanted += [
            Input(request=request, objective_id=pk)
            for pk in objectives.values_list("pk", flat=True)
        ]
    if Question.AskedPer.GROUP in asked:
        related = objectives.select_related("round_table").prefetch_related("thematic_areas")
        groups = sorted({number for o in related for number in group_numbers(cycle, o)})
        wanted += [Input(request=request, group_number=g) for g in groups]
    if Question.AskedPer.REVIEW in asked:
        wanted.append(Input(request=request))
    return wanted


def request_inputs(*, request: InstitutionRequest) -> list[Input]:
    """The inputs of a request, in the order of the overview. Reads only: they are
    made when the request is saved (``services.institution_request_save``)."""
    return list(request.inputs.select_related("objective", "updated_by").order_by(*UNIT_ORDER))


def group_numbers(cycle, objective) -> list[int]:
    if cycle.grouping == cycle.Grouping.ROUND_TABLES:
        return [objective.round_table.number]
    return [area.number for area in objective.thematic_areas.all()]


def input_questions(input: Input) -> list[Question]:
    """The questions an input answers, in the questionnaire's order."""
    return cycle_questions(input.request.review.cycle)[input.unit]


def input_answers(*, input: Input) -> list[Answer]:
    """The input's answers, one per question, in the questionnaire's order. Reads only:
    a question the input was set up without has an unsaved, empty answer here."""
    stored = {
        answer.question_id: answer
        for answer in input.answers.select_related("question", "updated_by")
    }
    return [
        stored.get(question.pk) or Answer(input=input, question=question)
        for question in input_questions(input)
    ]


def institution_requests(institution) -> list[dict]:
    """What an institution is asked in each open cycle, each request with its inputs
    and the words written in them: a fixed number of queries, however many requests."""
    requests = list(
        InstitutionRequest.objects.filter(
            institution=institution, review__cycle__status=ReviewCycle.Status.OPEN
        ).select_related("review__cycle", "review__country")
    )
    inputs = defaultdict(list)
    for input in (
        Input.objects.filter(request__in=requests)
        .select_related("objective", "updated_by")
        .order_by(*UNIT_ORDER)
    ):
        inputs[input.request_id].append(input)
    rows = {row["input"].pk: row for row in input_rows([i for r in requests for i in inputs[r.pk]])}
    # The groups' titles, for the cycles that ask per group only.
    groups = {
        cycle.pk: {g.number: g for g in cycle_groups(cycle)}
        for cycle in {r.review.cycle for r in requests if any(i.group_number for i in inputs[r.pk])}
    }
    for r in requests:
        for i in inputs[r.pk]:
            rows[i.pk]["title"] = unit_title(i, groups.get(r.review.cycle.pk, {}))
    # Imported here: the plan reads ``answered``, which reads this module.
    from reviews.selectors.answered import Answered
    from reviews.selectors.plan import request_due, review_plan

    today = timezone.localdate()
    plans = {r.review_id: review_plan(r.review) for r in requests}
    return [
        {
            "request": r,
            "inputs": [rows[i.pk] for i in inputs[r.pk]],
            "days_left": (r.review.cycle.deadline - today).days,
            # The institution's due date, and whether it is overdue.
            "due": request_due(
                r,
                plans[r.review_id],
                answered=Answered(tuple(inputs[r.pk])).answered,
                today=today,
            ),
        }
        for r in requests
    ]


def input_rows(inputs) -> list[dict]:
    """Each input with the words written in its answers, for the overview."""
    words = words_by(Answer.objects.filter(input__in=inputs), "input_id")
    return [{"input": i, "words": words.get(i.pk) or 0} for i in inputs]


def input_group(input: Input) -> Group | None:
    """The thematic area or round table an input answers about, with its objectives."""
    if not input.group_number:
        return None
    groups = {group.number: group for group in cycle_groups(input.request.review.cycle)}
    return groups.get(input.group_number)


def input_programmes(input: Input, group: Group | None):
    """The institution's programmes a form shows: those serving its objective, or
    its group's objectives; none on the general questions."""
    if input.objective_id:
        return input.request.programmes.filter(objectives=input.objective_id)
    if group:
        objectives = [objective.pk for objective in group.objectives]
        return input.request.programmes.filter(objectives__in=objectives).distinct()
    return input.request.programmes.none()


def group_titles(cycle: ReviewCycle) -> dict[int, str]:
    """The labels of the cycle's groups by number: "Thematic area 2: …"."""
    return {group.number: group.label for group in cycle_groups(cycle)}


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
        .order_by(*UNIT_ORDER)
    )
    groups = {group.number: group for group in cycle_groups(review.cycle)}
    questions = cycle_questions(review.cycle)

    def answered(input):
        answers = {answer.question_id: answer for answer in input.answers.all()}
        return [(question, answers.get(question.pk)) for question in questions[input.unit]]

    sections = [
        {
            "input": input,
            "title": unit_title(input, groups),
            "group": groups.get(input.group_number) if input.group_number else None,
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


def locked_objectives(institution_request: InstitutionRequest) -> dict[int, str]:
    """The objectives whose programmes the institution may no longer change, each
    with the name of the submitted form that locks it: a form about the objective
    itself, or about a thematic area or round table that includes it. Every
    objective, when the review itself was submitted. The import, the programme
    form and its autosave all ask here."""
    review = institution_request.review
    if review.is_locked:
        label = _("the national review")
        return dict.fromkeys(Objective.objects.values_list("number", flat=True), label)
    submitted = list(
        institution_request.inputs.exclude(status__in=Input.EDITABLE)
        .select_related("objective")
        .order_by(*UNIT_ORDER)
    )
    locked: dict[int, str] = {}
    groups = {group.number: group for group in cycle_groups(review.cycle)} if submitted else {}
    for input in submitted:
        if input.objective is not None:
            number = input.objective.number
            locked.setdefault(number, _("Objective %(number)s") % {"number": number})
        elif input.group_number in groups:
            group = groups[input.group_number]
            for objective in group.objectives:
                locked.setdefault(objective.number, group.name)
    return locked
