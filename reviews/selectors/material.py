"""What the institutions wrote about a unit, laid beside the national text that
consolidates it: a thematic area's (or round table's) questions, and the
questions asked once per review. Each read is a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from reviews.models import (
    Answer,
    Input,
    Institution,
    NationalReview,
    NationalText,
    Programme,
    Question,
)
from reviews.selectors.units import Group, cycle_groups, cycle_questions, groups_of_objectives
from reviews.text import clean_text


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


# The first draft (``services.draft_assemble``) and the "new" marks of the pages that
# consolidate a unit share one definition of a unit's material: the written answers of
# ACCEPTED inputs (not "nothing to report", not "not applicable"), and, for an
# objective, the programmes serving it of an institution whose input covering that
# objective was accepted.


@dataclass(frozen=True)
class Source:
    """An institution's words that may go into a national text: an answer or a programme."""

    institution: Institution
    excerpt: str
    answer: Answer | None = None
    programme: Programme | None = None

    @property
    def key(self) -> str:
        """As the pages name it (``data-source``): "answer-12", "programme-3"."""
        if self.answer is not None:
            return f"answer-{self.answer.pk}"
        return f"programme-{self.programme.pk}" if self.programme else ""


def passage_of(source: Answer | Programme) -> str:
    """The words of an answer, or a programme's name, description and achievements."""
    if isinstance(source, Answer):
        return source.text.strip()
    parts = [source.name, source.description.strip(), source.achievements.strip()]
    return "\n".join(part for part in parts if part)


def _answer_key(objective: int | None, group: int | None, question: Question) -> str | None:
    """The national text an answer goes to (``objective-7``, ``group-2-a``,
    ``question-8``), from its input's objective number or group number."""
    if objective:
        asked = question.asked_per == Question.AskedPer.OBJECTIVE
        return f"objective-{objective}" if asked else None
    if group:
        asked = question.asked_per == Question.AskedPer.GROUP
        return f"group-{group}-{question.code}" if asked else None
    if (
        question.section == Question.Section.CROSS_CUTTING
        and question.asked_to_institutions
        and question.answer_format == Question.AnswerFormat.TEXT
    ):
        return f"question-{question.code}"
    return None


def _unit_filter(text: NationalText) -> dict | None:
    """The answers that may go into one national text; None: a text of no unit."""
    if text.section == NationalText.Section.OBJECTIVE and text.objective_id:
        return {"input__objective": text.objective_id}
    if text.section == NationalText.Section.GROUP and text.question_id:
        return {"input__group_number": text.group_number, "question": text.question_id}
    if text.section == NationalText.Section.QUESTION and text.question_id:
        return {
            "question": text.question_id,
            "input__objective__isnull": True,
            "input__group_number__isnull": True,
        }
    return None


def _written(review: NationalReview, statuses) -> QuerySet[Answer]:
    return Answer.objects.filter(
        input__request__review=review,
        input__status__in=statuses,
        input__nothing_to_report=False,
        not_applicable=False,
        version__gt=0,
    ).exclude(text="")


def unit_material(
    review: NationalReview, text: NationalText | None = None
) -> dict[str, list[Source]]:
    """Each unit's accepted material, by national text key, in the draft's order:
    institution by institution (by name), its answers in the questions' order, then
    its programmes by name. Only ``text``'s unit when given. Four queries at most,
    whatever the number of institutions and objectives."""
    answers = _written(review, [Input.Status.ACCEPTED])
    links = Programme.objectives.through.objects.filter(programme__request__review=review)
    if text is not None:
        unit = _unit_filter(text)
        if unit is None:
            return {}
        answers = answers.filter(**unit)
        links = links.filter(objective=text.objective_id)
    found: dict[str, list[tuple]] = defaultdict(list)
    for answer in answers.select_related(
        "question", "input__objective", "input__request__institution"
    ).order_by("pk"):
        input = answer.input
        number = input.objective.number if input.objective else None
        key = _answer_key(number, input.group_number, answer.question)
        excerpt = clean_text(passage_of(answer)).strip()
        if key and excerpt:
            institution = answer.input.request.institution
            source = Source(institution, excerpt, answer=answer)
            found[key].append(
                ((institution.name, institution.pk, 0, answer.question.order), source)
            )
    serving = text is None or text.section == NationalText.Section.OBJECTIVE
    for key, source in _accepted_programmes(review, links) if serving else []:
        programme = source.programme
        order = (source.institution.name, source.institution.pk, 1, programme.name.lower())
        found[key].append((order, source))
    return {
        key: [source for _order, source in sorted(rows, key=lambda row: (row[0], row[1].key))]
        for key, rows in found.items()
    }


def _accepted_programmes(review: NationalReview, links):
    """(text key, source) for each programme serving an objective, when its institution's
    input on that objective (or on a group holding it) was accepted."""
    accepted = set()
    groups_accepted = False
    for request_id, objective_id, group_number in Input.objects.filter(
        request__review=review, status=Input.Status.ACCEPTED, nothing_to_report=False
    ).values_list("request_id", "objective_id", "group_number"):
        if objective_id:
            accepted.add((request_id, "objective", objective_id))
        elif group_number:
            accepted.add((request_id, "group", group_number))
            groups_accepted = True
    if not accepted:
        return
    groups = groups_of_objectives(cycle_groups(review.cycle)) if groups_accepted else {}
    for link in links.select_related("objective", "programme__request__institution"):
        programme, request_id = link.programme, link.programme.request_id
        if (request_id, "objective", link.objective_id) not in accepted and not any(
            (request_id, "group", group.number) in accepted
            for group in groups.get(link.objective_id, [])
        ):
            continue
        excerpt = clean_text(passage_of(programme)).strip()
        source = Source(programme.request.institution, excerpt, programme=programme)
        yield f"objective-{link.objective.number}", source


def new_material(text: NationalText) -> set[str]:
    """The accepted material of ``text``'s unit not yet inserted in it, as the pages
    name sources ("answer-12"): an answer changed since it was inserted is new again."""
    if text.pk is None:
        return set()
    sources = unit_material(text.review, text).get(text.key, [])
    if not sources:
        return set()
    inserted = defaultdict(set)
    for answer_id, programme_id, excerpt in text.passages.values_list(
        "answer_id", "programme_id", "excerpt"
    ):
        key = f"answer-{answer_id}" if answer_id else f"programme-{programme_id}"
        inserted[key].add(excerpt)
    return {s.key for s in sources if s.excerpt not in inserted[s.key]}


def unit_contributors(
    review: NationalReview,
    *,
    institutions: dict[int, Institution] | None = None,
    programmes: list[Programme] | None = None,
) -> dict[str, list[Institution]]:
    """For each national text of a unit, the institutions that contributed to it, by
    name: a written answer in an input they submitted (accepted or not yet), or, for an
    objective, a programme serving it. The report passes the review's institutions and
    programmes (with their objectives) it has read already: one query then, else three."""
    found: dict[str, set[int]] = defaultdict(set)
    rows = (
        _written(review, [Input.Status.SUBMITTED, Input.Status.ACCEPTED])
        .values_list(
            "input__objective__number",
            "input__group_number",
            "question__code",
            "question__asked_per",
            "question__section",
            "question__asked_to_institutions",
            "question__answer_format",
            "input__request__institution_id",
        )
        .distinct()
    )
    for number, group_number, code, asked_per, section, asked, answer_format, who in rows:
        question = Question(
            code=code,
            asked_per=asked_per,
            section=section,
            asked_to_institutions=asked,
            answer_format=answer_format,
        )
        key = _answer_key(number, group_number, question)
        if key:
            found[key].add(who)
    links: Iterable[tuple[int, int]]
    if programmes is None:
        serving = Programme.objectives.through.objects.filter(programme__request__review=review)
        links = serving.values_list("objective__number", "programme__request__institution_id")
    else:
        links = [
            (objective.number, programme.request.institution_id)
            for programme in programmes
            for objective in programme.objectives.all()
        ]
    for number, who in links:
        found[f"objective-{number}"].add(who)
    if institutions is None:
        everyone = {pk for ids in found.values() for pk in ids}
        institutions = {i.pk: i for i in Institution.objects.filter(pk__in=everyone)}
    ordered = sorted(institutions.values(), key=lambda i: (i.name, i.pk))
    return {
        key: [institution for institution in ordered if institution.pk in ids]
        for key, ids in found.items()
    }


@dataclass(frozen=True)
class AssemblyPlan:
    """What assembling would do: the empty texts it fills, the written texts it
    leaves alone (their material shown as new beside them), the units without
    accepted material."""

    fill: list[tuple[NationalText, list[Source]]]
    written: list[tuple[NationalText, list[Source]]]
    without: list[NationalText]


UNIT_SECTIONS = (
    NationalText.Section.OBJECTIVE,
    NationalText.Section.GROUP,
    NationalText.Section.QUESTION,
)


def assembly_plan(review: NationalReview, texts=None) -> AssemblyPlan:
    """What ``services.draft_assemble`` would do with ``texts`` (the review's own by
    default): the confirmation page shows it, the service acts on it. Reads only."""
    material = unit_material(review)
    if texts is None:
        texts = review.texts.select_related("objective", "question")
    plan = AssemblyPlan(fill=[], written=[], without=[])
    units = [text for text in texts if text.section in UNIT_SECTIONS]
    for text in sorted(units, key=_report_order):
        if text.section == NationalText.Section.QUESTION and not (
            text.question and text.question.asked_to_institutions
        ):
            continue  # the coordination answers it alone
        sources = material.get(text.key, [])
        if not sources:
            plan.without.append(text)
        elif text.text.strip():
            plan.written.append((text, sources))
        else:
            plan.fill.append((text, sources))
    return plan


def _report_order(text: NationalText) -> tuple:
    """Objectives by number, then the groups' questions, then the cross-cutting ones."""
    return (
        UNIT_SECTIONS.index(NationalText.Section(text.section)),
        text.objective.number if text.objective else 0,
        text.group_number or 0,
        text.question.order if text.question else 0,
    )
