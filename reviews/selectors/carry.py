"""What an institution reported in its last submitted review, offered again in a new
cycle (issue 18), and what changed since: per answer, programme and national text.

The earlier review is the institution's last *submitted* one in an earlier cycle.
Where the two cycles ask in the same shape (per objective, or per the same kind of
group), the earlier answers start the new forms (``services.carry``); where they
ask differently, the earlier answers are shown beside the new questions as
material, never copied.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reviews.models import (
    Answer,
    Input,
    InstitutionRequest,
    NationalReview,
    NationalText,
    Programme,
    Question,
    ReviewCycle,
)
from reviews.selectors.inputs import UNIT_ORDER
from reviews.selectors.units import cycle_groups, unit_title
from reviews.selectors.validation import text_label, word_diff

AskedPer = Question.AskedPer
# What the coordination received: only the forms sent are carried over or shown.
SENT = (Input.Status.SUBMITTED, Input.Status.ACCEPTED)

# The programme's fields whose words are compared, in the form's order.
PROGRAMME_TEXTS = (
    "name",
    "commitment",
    "description",
    "background",
    "general_objective",
    "specific_objectives",
    "partners",
    "achievements",
    "links",
)


def previous_request(request: InstitutionRequest) -> InstitutionRequest | None:
    """The institution's request in its last submitted review of an earlier cycle."""
    cycle = request.review.cycle
    return (
        InstitutionRequest.objects.filter(
            institution_id=request.institution_id,
            review__status=NationalReview.Status.SUBMITTED,
            review__cycle__deadline__lte=cycle.deadline,
        )
        .exclude(review_id=request.review_id)
        .select_related("review__cycle")
        .order_by("-review__cycle__deadline", "-review__created_at")
        .first()
    )


def previous_review(review: NationalReview) -> NationalReview | None:
    """The country's last submitted review of an earlier cycle."""
    return (
        NationalReview.objects.filter(
            country_id=review.country_id,
            status=NationalReview.Status.SUBMITTED,
            cycle__deadline__lte=review.cycle.deadline,
        )
        .exclude(pk=review.pk)
        .select_related("cycle")
        .order_by("-cycle__deadline", "-created_at")
        .first()
    )


def unit_key(input: Input) -> tuple:
    return (input.objective_id, input.group_number)


def same_shape(unit: str, earlier: ReviewCycle, later: ReviewCycle) -> bool:
    """Whether answers about one unit mean the same in both cycles: per objective
    and per review always; per group only when both group the objectives alike."""
    return unit != AskedPer.GROUP or earlier.grouping == later.grouping


def carried_answers(earlier: InstitutionRequest) -> dict[tuple, dict[tuple, Answer]]:
    """The earlier request's written answers, by unit and by (how asked, code)."""
    answers: dict[tuple, dict[tuple, Answer]] = defaultdict(dict)
    for answer in (
        Answer.objects.filter(input__request=earlier, input__status__in=SENT)
        .filter(Q(text__gt="") | Q(not_applicable=True))
        .select_related("input", "question")
    ):
        key = (answer.question.asked_per, answer.question.code)
        answers[unit_key(answer.input)][key] = answer
    return answers


@dataclass
class Material:
    """The earlier review's answers on a form's objectives, shown beside its questions."""

    cycle: ReviewCycle
    units: list[dict]  # {"title", "answers": [Answer]}
    programmes: list[Programme]  # serving the form's objectives, not kept yet
    carried: bool  # the form's answers started from the earlier ones


def input_material(input: Input) -> Material | None:
    """For a form of a new cycle: what the institution said in its last submitted
    review about the same objectives. When both ask alike, the answers were carried
    into the form and only the programmes not yet kept are listed; when they ask
    differently (per objective against per area), the earlier answers about the
    overlapping objectives are shown, not copied."""
    earlier = previous_request(input.request)
    if earlier is None:
        return None
    cycle, old_cycle = input.request.review.cycle, earlier.review.cycle
    groups = cycle_groups(cycle)
    if input.objective_id:
        objectives = {input.objective_id}
    elif input.group_number:
        objectives = {o.pk for g in groups if g.number == input.group_number for o in g.objectives}
    else:
        objectives = set()
    old_groups = {g.number: g for g in cycle_groups(old_cycle)}

    def about(old: Input) -> set[int]:
        if old.objective_id:
            return {old.objective_id}
        if old.group_number in old_groups:
            return {o.pk for o in old_groups[old.group_number].objectives}
        return set()  # the general questions: carried into the general form

    # Only the forms the institution sent: what the coordination received then.
    sent = list(earlier.inputs.filter(status__in=SENT).order_by(*UNIT_ORDER))
    shown = [
        old
        for old in sent
        if about(old) & objectives
        and not (old.unit == input.unit and same_shape(input.unit, old_cycle, cycle))
    ]
    written: dict[int, list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(input__in=shown)
        .filter(Q(text__gt="") | Q(not_applicable=True))
        .select_related("question")
        .order_by("question__order")
    ):
        written[answer.input_id].append(answer)
    units = [
        {"title": unit_title(old, old_groups), "answers": written[old.pk]}
        for old in shown
        if written[old.pk]
    ]
    # Its programmes serving this form's objectives that a sent form was about.
    reported = objectives & {pk for old in sent for pk in about(old)}
    kept = set(
        input.request.programmes.exclude(carried_from=None).values_list("carried_from", flat=True)
    )
    programmes = (
        list(
            earlier.programmes.filter(objectives__in=reported)
            .exclude(pk__in=kept)
            .distinct()
            .order_by("name")
        )
        if reported
        else []
    )
    carried = input.carried_from_id is not None
    if not units and not programmes and not carried:
        return None
    return Material(cycle=old_cycle, units=units, programmes=programmes, carried=carried)


class Change:
    """How a unit (an institution's form) stands against the previous cycle."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"

    LABELS = {
        NEW: _("New"),
        UPDATED: _("Updated"),
        UNCHANGED: _("Carried over unchanged"),
    }


def unit_changes(review: NationalReview) -> dict[int, str]:
    """Each input of the review: new in this cycle, carried over and updated, or
    carried over unchanged (every carried answer as it came, every programme kept
    from the earlier review as it was kept, nothing added). Three queries."""
    inputs = dict(Input.objects.filter(request__review=review).values_list("pk", "carried_from"))
    if not any(inputs.values()):  # nothing carried over: one query
        return dict.fromkeys(inputs, Change.NEW)
    changed: set[int] = set()
    answers = Answer.objects.filter(
        input__request__review=review, input__carried_from__isnull=False
    )
    # Written here to a question not asked then.
    changed.update(
        answers.filter(carried_from=None, version__gt=0).values_list("input_id", flat=True)
    )
    # Carried and no longer the same text: the database compares (13 MB of a
    # Mexico-sized review never leave it); the few that differ are compared by
    # words, as the diff shows them (a space added is no change).
    for input_id, text, carried_text in (
        answers.exclude(carried_from=None)
        .exclude(text=F("carried_text"))
        .values_list("input_id", "text", "carried_text")
    ):
        if text.split() != carried_text.split():
            changed.add(input_id)
    # A programme kept and changed since, or added: its objectives' forms are updated.
    groups = cycle_groups(review.cycle)
    group_of = defaultdict(set)
    for group in groups:
        for objective in group.objectives:
            group_of[objective.pk].add(group.number)
    units = defaultdict(set)
    for pk, request_id, objective_id, group_number in Input.objects.filter(
        request__review=review, carried_from__isnull=False
    ).values_list("pk", "request_id", "objective_id", "group_number"):
        units[request_id].add((pk, objective_id, group_number))
    for request_id, objective_id, version, kept in Programme.objects.filter(
        request__review=review
    ).values_list("request_id", "objectives", "version", "carried_version"):
        if kept is not None and version == kept:
            continue
        for pk, unit_objective, group_number in units.get(request_id, ()):
            if unit_objective == objective_id or group_number in group_of[objective_id]:
                changed.add(pk)
    return {
        pk: Change.NEW if carried is None else Change.UPDATED if pk in changed else Change.UNCHANGED
        for pk, carried in inputs.items()
    }


def _as_of(history, ids, since) -> dict[int, Any]:
    """The version of each object (by id) saved last by ``since``: one query."""
    versions = {}
    for version in history.filter(id__in=ids, history_date__lte=since).order_by(
        "history_date", "history_id"
    ):
        versions[version.id] = version  # the later one wins
    return versions


def answer_changes(input: Input, since) -> list[dict]:
    """Each answer of a form: its words against the previous cycle's (``since`` is
    None) or against the version saved when the draft was last circulated. Two
    queries."""
    answers = list(input.answers.select_related("question").order_by("question__order"))
    then = _as_of(Answer.history, [a.pk for a in answers], since) if since else {}
    rows = []
    for answer in answers:
        if since is None:
            before = answer.carried_text if answer.carried_from_id else None
        else:
            version = then.get(answer.pk)
            before = version.text if version is not None else ""
        rows.append(_change(answer.question, before, answer.text))
    return rows


def programme_changes(programmes, since) -> list[dict]:
    """Each programme: field by field, its words against the programme it was kept
    from (``since`` None) or against its version when the draft was circulated."""
    programmes = list(programmes)
    then = _as_of(Programme.history, [p.pk for p in programmes], since) if since else {}
    rows = []
    for programme in programmes:
        source = programme.carried_from if since is None else then.get(programme.pk)
        fields = []
        for name in PROGRAMME_TEXTS if source is not None else ():
            after = getattr(programme, name) or ""
            before = getattr(source, name) or ""
            if before.split() != after.split():
                label = getattr(Programme._meta.get_field(name), "verbose_name", name)
                fields.append(_change(label, before, after))
        rows.append({"programme": programme, "new": source is None, "fields": fields})
    return rows


def text_changes(review: NationalReview, since) -> list[dict]:
    """Each national text written: its words against the same section of the
    country's previous submitted review (``since`` None: texts are matched by
    section, and per group only when both cycles group alike), or against its
    version when the draft was last circulated."""
    texts = list(review.texts.filter(version__gt=0).select_related("objective", "question"))
    before: dict[str, str] = {}
    if since is None:
        earlier = previous_review(review)
        if earlier is not None:
            alike = earlier.cycle.grouping == review.cycle.grouping
            before = {
                key: text
                for key, section, text in earlier.texts.values_list("key", "section", "text")
                if alike or section != NationalText.Section.GROUP
            }
    else:
        for text_id, words in (
            NationalText.history.filter(review_id=review.pk, history_date__lte=since)
            .order_by("history_date", "history_id")
            .values_list("id", "text")
        ):
            before[str(text_id)] = words
    groups = {g.number: g for g in cycle_groups(review.cycle)}
    rows = []
    for text in texts:
        old = before.get(text.key if since is None else str(text.pk))
        rows.append(_change(text_label(text, groups), old, text.text))
    return rows


def _change(label, before: str | None, after: str) -> dict:
    """``before`` None: there was nothing to compare with (new)."""
    if before is None:
        return {"label": label, "new": True, "changed": bool(after.strip()), "diff": []}
    changed = before.split() != after.split()
    return {
        "label": label,
        "new": False,
        "changed": changed,
        "diff": word_diff(before, after) if changed else [],
    }


def progress_changes(review: NationalReview, rows: list[dict]) -> dict | None:
    """For the progress page (its ``rows``: institutions × units): how many forms are
    new, updated or carried over unchanged, and each carried form with its state,
    those sent unchanged flagged. None when nothing was carried over."""
    states = unit_changes(review)
    if all(state == Change.NEW for state in states.values()):
        return None
    # One row per institution, its carried forms by state; each link made here (one
    # {% url %} per form was most of the page's time at 33 institutions × 24 forms).
    prefix = reverse("reviews:input_changes", args=[0]).removesuffix("0/changes/")
    sent = (Input.Status.SUBMITTED, Input.Status.ACCEPTED)
    institutions = []
    for row in rows:
        forms: dict[str, list] = {Change.UPDATED: [], Change.UNCHANGED: []}
        for unit, cell in row["cells"]:
            state = states.get(cell["pk"]) if cell else None
            if state in forms:
                forms[state].append(
                    {
                        "url": f"{prefix}{cell['pk']}/changes/",
                        "short": unit["short"],
                        "label": unit["label"],
                        "status": cell["label"],
                        "sent_unchanged": state == Change.UNCHANGED and cell["status"] in sent,
                    }
                )
        if forms[Change.UPDATED] or forms[Change.UNCHANGED]:
            institutions.append(
                {
                    "institution": row["institution"],
                    "updated": forms[Change.UPDATED],
                    "unchanged": forms[Change.UNCHANGED],
                }
            )
    counts = dict.fromkeys(Change.LABELS, 0)
    for state in states.values():
        counts[state] += 1
    return {
        "cycle": ReviewCycle.objects.filter(
            pk__in=Input.objects.filter(request__review=review)
            .exclude(carried_from=None)
            .values("carried_from")[:1]
        ).first(),
        "counts": [
            ngettext("%(count)s new form", "%(count)s new forms", counts[Change.NEW])
            % {"count": counts[Change.NEW]},
            ngettext("%(count)s updated", "%(count)s updated", counts[Change.UPDATED])
            % {"count": counts[Change.UPDATED]},
            ngettext(
                "%(count)s carried over unchanged",
                "%(count)s carried over unchanged",
                counts[Change.UNCHANGED],
            )
            % {"count": counts[Change.UNCHANGED]},
        ],
        "institutions": institutions,
        "sent_unchanged": sum(
            1 for row in institutions for form in row["unchanged"] if form["sent_unchanged"]
        ),
    }
