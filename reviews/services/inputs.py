"""Workflows of an institution's inputs: answers, programmes, submission and review.

Every save names the version it edited; a save against a version someone has
since changed raises ``EditConflict`` and writes nothing.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews import stamps
from reviews.models import Answer, Attachment, Comment, Input, InstitutionRequest, Transition
from reviews.selectors.inputs import input_answers, input_group, locked_objectives, request_inputs
from reviews.selectors.units import cycle_groups
from reviews.services import audit, history, notifications
from reviews.services.lifecycle import check_open, is_submitted
from reviews.text import MAX_NOTE_CHARACTERS, check_length, clean_text
from reviews.validators import attachment_check, attachment_stored_name

logger = logging.getLogger(__name__)


class EditConflict(Exception):
    """Someone saved a newer version; ``current`` is what is stored now."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def answer_save(
    *,
    answer_id: int,
    user,
    text: str,
    not_applicable: bool,
    reason: str,
    base_version: int,
    locked: Answer | None = None,
    milestone: str = "",
) -> Answer:
    """Save an answer edited from ``base_version``; refuse it if someone saved since.

    The answer is the one ``locked`` by ``access.get_answer_for_writer`` in the caller's
    transaction (an autosave), else read and locked here with its form and review."""
    # Given ``locked``, the caller's transaction holds the answer's lock: no savepoint
    # of its own (two statements fewer); an error undoes the caller's whole transaction,
    # so the caller must not catch it inside that transaction and carry on.
    with transaction.atomic(savepoint=locked is None):
        if locked is not None:
            answer, review_is_locked = locked, locked.review_is_locked  # type: ignore[attr-defined]
            review_id = locked.review_id  # type: ignore[attr-defined]
        else:
            answer = (
                Answer.objects.select_for_update(of=("self",))
                .select_related("input__request__review")
                .get(pk=answer_id)
            )
            review_is_locked = answer.input.request.review.is_locked
            review_id = answer.input.request.review_id
        if answer.input.status not in Input.EDITABLE or review_is_locked:
            raise ValidationError(_("This input is locked: it was submitted."))
        if answer.version != base_version:
            raise EditConflict(answer)
        text = clean_text(text)
        reason = clean_text(reason)
        check_length(text)
        check_length(reason, limit=MAX_NOTE_CHARACTERS)
        if (answer.text, answer.not_applicable, answer.not_applicable_reason) == (
            text,
            not_applicable,
            reason,
        ):
            return answer
        now = timezone.now()
        answer.text, answer.not_applicable = text, not_applicable
        answer.not_applicable_reason = reason
        answer.version += 1
        answer.updated_at, answer.updated_by = now, user
        answer._history_user = user  # type: ignore[attr-defined]
        if milestone:
            history.mark_milestone(answer, milestone)
        # These writes move the answers' stamp only: the form's kept page makes its answers,
        # status and history afresh (reviews.stamps, views.questionnaire).
        with stamps.answer_writes():
            history.save_in_pause(answer, user)
            _touch(answer.input, user, now, review_id)
        stamps.settle()  # the commit carries the stamp: no statement after it
        return answer


def _touch(input: Input, user, now, review_id: int | None = None) -> None:
    """Saved now by ``user`` (a not-started form becomes a draft); refused, undoing the
    save, if its form was sent or review submitted since read (both lock the form first)."""
    editable = Input.objects.filter(pk=input.pk, status__in=Input.EDITABLE)
    review_id = review_id or input.request.review_id
    if not editable.update(updated_at=now, updated_by=user) or is_submitted(review_id):
        raise ValidationError(_("This input is locked: it was submitted."))
    _start(input, user)


def _start(input: Input, user) -> None:
    """The first save of a not-started input makes it a draft.

    Several answers of one input are often saved at the same moment (a form's
    first autosaves): the conditional UPDATE lets exactly one of them record
    the move to draft."""
    # A form is never "not started" again once started: only one read as not started
    # may be the first save.
    started = input.status == Input.Status.NOT_STARTED and (
        Input.objects.filter(pk=input.pk, status=Input.Status.NOT_STARTED).update(
            status=Input.Status.DRAFT
        )
    )
    if started:
        Transition.objects.create(
            input=input,
            from_status=Input.Status.NOT_STARTED,
            to_status=Input.Status.DRAFT,
            user=user,
        )
    if input.status == Input.Status.NOT_STARTED:
        input.status = Input.Status.DRAFT


@transaction.atomic
def answer_restore(*, answer: Answer, history_id: int, base_version: int, user) -> Answer:
    """Make an earlier version the current one (as a new version: nothing is lost);
    refused (EditConflict) if the answer was saved since ``base_version``, the
    version the person saw beside the list."""
    old = answer.history.get(history_id=history_id)
    return answer_save(
        answer_id=answer.pk,
        user=user,
        text=old.text,
        not_applicable=old.not_applicable,
        reason=old.not_applicable_reason,
        base_version=base_version,
        milestone=history.Milestone.RESTORED,
    )


def _move(input: Input, to_status: str, user, note: str = "") -> None:
    check_open(input.request.review)
    if not input.may_move_to(to_status):
        raise ValidationError(
            _("An input cannot go from “%(from)s” to “%(to)s”.")
            % {"from": input.get_status_display(), "to": Input.Status(to_status).label}
        )
    Transition.objects.create(
        input=input, from_status=input.status, to_status=to_status, user=user, note=note
    )
    input.status = to_status
    Input.objects.filter(pk=input.pk).update(status=to_status)
    if to_status in Input.EDITABLE and input.nothing_to_report:
        # Back in the institution's hands (withdrawn or returned): an ordinary form again.
        Input.objects.filter(pk=input.pk).update(nothing_to_report=False)
        input.nothing_to_report = False


@transaction.atomic
def input_submit(*, input: Input, user) -> None:
    """Check that every question has an answer or a reason, then lock the input."""
    input = _locked(input)
    missing = [a.question.code for a in input_answers(input=input) if not a.is_complete]
    if missing:
        raise ValidationError(
            _("Answer every question, or say why it does not apply: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    _send(input, user)


def _locked(input: Input, *related: str) -> Input:
    """The form, locked to be sent, after its answers: an autosave locks its answer,
    then the form, so the two wait in line, never in a circle (test_lock_order.py)."""
    answers = Answer.objects.select_for_update().filter(input_id=input.pk).order_by("pk")
    list(answers.values_list("pk", flat=True))
    return Input.objects.select_for_update().select_related(*related).get(pk=input.pk)


def _send(input: Input, user, note: str = "") -> None:
    """Move an input to SUBMITTED and tell who needs to know: the one way a form
    reaches the coordination, with its answers or with nothing to report."""
    if input.status == Input.Status.NOT_STARTED:
        _move(input, Input.Status.DRAFT, user)
    _move(input, Input.Status.SUBMITTED, user, note=note)
    # Answers carried over from the previous cycle and sent as they came: now written.
    Answer.objects.filter(input_id=input.pk, version=0).exclude(carried_from=None).update(version=1)
    history.mark_latest(Answer.history.filter(input_id=input.pk), history.Milestone.SUBMITTED)
    audit.record(audit.Action.INPUT_SUBMITTED, user, subject=input)
    InstitutionRequest.objects.filter(pk=input.request_id, responded_at=None).update(
        responded_at=timezone.now()
    )
    transaction.on_commit(lambda: notifications.input_submitted(input=input), robust=True)


@transaction.atomic
def input_nothing_to_report(*, input: Input, user, reason: str) -> None:
    """Send a form empty, saying why the institution has nothing to report on its
    unit: it counts as answered. Only a form left empty: no answer written (nor
    marked not applicable) and no programme of the institution serving the
    form's objectives, since those are something to report."""
    input = _locked(input, "request__review")
    check_open(input.request.review)
    reason = clean_text(reason).strip()
    if not reason:
        raise ValidationError(_("Say why your institution has nothing to report here."))
    check_length(reason, limit=MAX_NOTE_CHARACTERS)
    if not input.is_editable:
        raise ValidationError(
            _("This form was already sent to the coordination: it cannot change now.")
        )
    if any(answer.text.strip() or answer.not_applicable for answer in input.answers.all()):
        raise ValidationError(
            _(
                "This form has answers written in it: erase them or submit them. "
                "“Nothing to report” is for a form left empty."
            )
        )
    group = input_group(input)
    objectives = [input.objective_id] if input.objective_id else []
    objectives += [objective.pk for objective in group.objectives] if group else []
    serving = input.request.programmes.filter(objectives__in=objectives)
    names = sorted(set(serving.values_list("name", flat=True)))
    if names:
        raise ValidationError(
            ngettext(
                "Your programme %(names)s serves this form's objectives: send the form with "
                "it, or take those objectives off the programme first.",
                "Your programmes %(names)s serve this form's objectives: send the form with "
                "them, or take those objectives off the programmes first.",
                len(names),
            )
            % {"names": "; ".join(f"“{name}”" for name in names)}
        )
    _send(input, user, note=reason)
    Input.objects.filter(pk=input.pk).update(
        nothing_to_report=True, nothing_to_report_reason=reason
    )
    input.nothing_to_report, input.nothing_to_report_reason = True, reason


@transaction.atomic
def input_withdraw(*, input: Input, user) -> None:
    """The institution takes a submitted input back, to change it, while the
    coordinator has neither accepted nor returned it."""
    input = Input.objects.select_for_update().get(pk=input.pk)
    if input.status != Input.Status.SUBMITTED or input.request.review.is_locked:
        raise ValidationError(
            _("This form can no longer be withdrawn: the coordinator has already decided on it.")
        )
    _move(input, Input.Status.DRAFT, user, note=_("Withdrawn by the institution."))


@transaction.atomic
def input_accept(*, input: Input, user) -> None:
    input = Input.objects.select_for_update().get(pk=input.pk)
    _move(input, Input.Status.ACCEPTED, user)
    audit.record(audit.Action.INPUT_ACCEPTED, user, subject=input)
    transaction.on_commit(lambda: notifications.inputs_accepted(inputs=[input]), robust=True)


@transaction.atomic
def input_return(*, input: Input, user, comments: list[tuple[dict, str]]) -> None:
    """Send an input back with comments, each on the whole input, a question or a programme."""
    comments = [(target, text.strip()) for target, text in comments if text.strip()]
    if not comments:
        raise ValidationError(_("Say what should change: write at least one comment."))
    for _target, text in comments:
        check_length(text, limit=MAX_NOTE_CHARACTERS)
    input = Input.objects.select_for_update().get(pk=input.pk)
    _move(input, Input.Status.RETURNED, user, note=comments[0][1])
    audit.record(audit.Action.INPUT_RETURNED, user, subject=input, detail=comments[0][1])
    Comment.objects.bulk_create(
        [Comment(input=input, author=user, text=text, **target) for target, text in comments]
    )
    transaction.on_commit(lambda: notifications.input_returned(input=input), robust=True)


def attachment_add(*, programme, upload, user) -> Attachment:
    """Keep a document under a folder of its own with a random name (the model's
    ``upload_to``), named after the upload but with the extension of its content."""
    content_type = attachment_check(upload)
    attachment = Attachment(
        programme=programme,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    field = Attachment._meta.get_field("file")
    folder = field.generate_filename(attachment, "")
    name = f"{folder}/{attachment_stored_name(upload.name, content_type)}"
    attachment.file.name = field.storage.save(name, upload, max_length=field.max_length)
    attachment.save()
    return attachment


class AttachmentNotStored(Exception):
    """The programme was saved but its document could not be written to the uploads disk."""

    def __init__(self, programme, error: OSError):
        super().__init__(str(error))
        self.programme = programme
        self.error = error


def programme_save(*, form, formsets, user, input: Input, autosave: bool = False):
    """Save a programme with its statistics and challenges, and the attachment if one came.

    If the uploads disk is full or cannot be written, the programme is saved all
    the same and ``AttachmentNotStored`` says so, after the commit."""
    programme = _programme_save(
        form=form, formsets=formsets, user=user, input=input, autosave=autosave
    )
    upload = form.cleaned_data.get("new_attachment")
    if upload:
        try:
            with transaction.atomic():
                attachment_add(programme=programme, upload=upload, user=user)
        except OSError as error:
            logger.exception("attachment of programme %s not stored", programme.pk)
            raise AttachmentNotStored(programme, error) from error
    return programme


def programme_check_unlocked(programme, objective_numbers=()) -> None:
    """Refuse to change a programme that serves an objective whose form was already
    submitted (whichever of the institution's forms it is opened from), or to make
    a programme serve one: it changes only after the coordinator returns that form."""
    institution_request = programme.request
    check_open(institution_request.review)
    numbers = set(objective_numbers)
    if programme.pk:
        numbers |= set(programme.objectives.values_list("number", flat=True))
    locked = locked_objectives(institution_request)
    blocked = sorted(number for number in numbers if number in locked)
    if blocked:
        raise ValidationError(
            _(
                "Objective %(numbers)s was already sent to the coordination with %(form)s: "
                "its programmes can change once that form is a draft again (withdraw it while "
                "your coordinator has not decided on it, or ask them to return it)."
            )
            % {"numbers": ", ".join(map(str, blocked)), "form": locked[blocked[0]]},
            code="programme_locked",
        )


@transaction.atomic
def _programme_save(*, form, formsets, user, input: Input, autosave: bool):
    programme = form.instance
    if not input.is_editable:
        raise ValidationError(_("This input is locked: it was submitted."))
    numbers = {objective.number for objective in form.cleaned_data.get("objectives") or ()}
    if input.objective is not None:
        numbers.add(input.objective.number)
    if programme.pk:
        stored = type(programme).objects.select_for_update().get(pk=programme.pk)
        programme_check_unlocked(stored, numbers)
        if stored.version != form.cleaned_data.get("version"):
            raise EditConflict(stored)
    else:
        programme_check_unlocked(programme, numbers)
    programme.version += 1
    programme.updated_by = user
    programme._history_user = user
    programme = form.save()
    if input.objective_id:
        programme.objectives.add(input.objective_id)
    for formset in formsets:
        formset.instance = programme
        formset.save()
    if autosave:  # a save by hand is a version of its own
        history.keep_one_version_per_pause(programme, user)
    _touch(input, user, timezone.now())
    return programme


def inputs_touch(*, institution_request: InstitutionRequest, objective_numbers, user) -> None:
    """Mark the editable inputs of these objectives as saved now (a draft, if not started)."""
    now = timezone.now()
    groups = {
        group.number: {o.number for o in group.objectives}
        for group in cycle_groups(institution_request.review.cycle)
    }
    for input in sorted(request_inputs(request=institution_request), key=lambda i: i.pk):
        numbers = (
            {input.objective.number}
            if input.objective
            else groups.get(input.group_number or 0, set())
        )
        if numbers & set(objective_numbers) and input.is_editable:
            _touch(input, user, now, institution_request.review_id)
