"""What is still missing before a national review is submitted (and locked)."""

from django.utils.translation import gettext as _

from reviews.models import Input, NationalReview, NationalText, Question
from reviews.selectors.consolidation import review_texts
from reviews.selectors.units import DONE, cycle_groups, cycle_questions

Section = NationalText.Section


def submission_gaps(review: NationalReview) -> dict:
    """What the coordinator should know before locking the review. Reads only.

    - ``silent``: the institutions asked that have submitted nothing;
    - ``unfinished``: ``{"institution", "remaining", "asked"}`` for those that
      submitted some inputs but not all;
    - ``empty_texts``: ``{"text", "label"}`` for each national text the report
      needs that is still empty, in the report's order;
    - ``inputs_waiting``: how many inputs were submitted but neither accepted
      nor returned.

    A fixed number of queries whatever the size of the review.
    """
    requests = list(review.requests.select_related("institution").order_by("institution__name"))
    statuses: dict[int, list[str]] = {request.pk: [] for request in requests}
    for request_id, status in Input.objects.filter(request__review=review).values_list(
        "request_id", "status"
    ):
        statuses[request_id].append(status)
    silent, unfinished = [], []
    for request in requests:
        done = sum(1 for status in statuses[request.pk] if status in DONE)
        asked = len(statuses[request.pk])
        if not done:
            silent.append(request.institution)
        elif done < asked:
            unfinished.append(
                {"institution": request.institution, "remaining": asked - done, "asked": asked}
            )
    return {
        "silent": silent,
        "unfinished": unfinished,
        "empty_texts": _empty_texts(review),
        "inputs_waiting": sum(
            status == Input.Status.SUBMITTED for inputs in statuses.values() for status in inputs
        ),
    }


def _empty_texts(review: NationalReview) -> list[dict]:
    """The national texts of the units the cycle asks about, and the methodology,
    that nobody has written yet, each with its label, in the report's order."""
    texts = review_texts(review=review)
    asked = cycle_questions(review.cycle)
    per_objective = bool(asked[Question.AskedPer.OBJECTIVE])
    per_group = {q.pk for q in asked[Question.AskedPer.GROUP]}
    groups = {g.number: g for g in cycle_groups(review.cycle)} if per_group else {}
    methodology_asked = review.cycle.questions.filter(
        section=Question.Section.CROSS_CUTTING,
        report_section=Question.ReportSection.METHODOLOGY,
    ).exists()
    needed: list[tuple[tuple, NationalText, str]] = []
    for text in texts.values():
        if text.text.strip():
            continue
        objective, question = text.objective, text.question
        group = groups.get(text.group_number or 0)
        if text.section == Section.METHODOLOGY:
            # A cycle with a methodology question (9) is answered there.
            if not methodology_asked:
                needed.append(((0,), text, _("Methodology")))
        elif text.section == Section.OBJECTIVE and objective and per_objective:
            label = _("Objective %(number)s: %(label)s") % {
                "number": objective.number,
                "label": objective.short_label,
            }
            needed.append(((1, objective.number), text, label))
        # A text of a question no longer asked per group, or of a group the cycle
        # no longer has, is left over: the report does not print it.
        elif text.section == Section.GROUP and group and question and question.pk in per_group:
            label = _("%(group)s, question %(code)s") % {"group": group.name, "code": question.code}
            needed.append(((2, group.number, question.order), text, label))
        elif (
            text.section == Section.QUESTION
            and question
            and question.section == Question.Section.CROSS_CUTTING
            and question.answer_format != Question.AnswerFormat.PRINCIPLES_TABLE
        ):
            label = _("Question %(code)s") % {"code": question.code}
            needed.append(((3, question.order), text, label))
    needed.sort(key=lambda row: row[0])
    return [{"text": text, "label": label} for _order, text, label in needed]
