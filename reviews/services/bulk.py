"""A coordinator's work in bulk: accepting many inputs, asking many institutions.

Each is one transaction: everything is done, or (on a refusal) nothing is."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from reviews.models import (
    AuditEvent,
    Input,
    Institution,
    InstitutionRequest,
    NationalReview,
    Transition,
)
from reviews.selectors.inputs import wanted_inputs
from reviews.services import audit, notifications
from reviews.services.lifecycle import check_open
from reviews.services.setup import institution_request_save, institution_request_withdraw


@transaction.atomic
def inputs_accept(*, review: NationalReview, inputs, user) -> tuple[list[Input], list[Input]]:
    """Accept the submitted ones among ``inputs`` (inputs or their ids) of this review,
    as ``input_accept`` does one: a Transition and an audit row each, the focal
    points told once for the whole batch. Ids of another review are ignored.

    Returns the inputs accepted and those of the review no longer waiting (since
    withdrawn, returned or accepted by someone else). A fixed number of queries."""
    check_open(review)
    ids = {getattr(input, "pk", input) for input in inputs}
    # Locked in the order of their ids, as every path that locks several forms does
    # (review_submit too): two of them at once wait in a line, never in a circle.
    chosen = list(
        Input.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, request__review=review)
        .select_related("request__institution", "objective")
        .order_by("pk")
    )
    if chosen:  # read again: submitted while this waited for the forms?
        check_open(NationalReview.objects.get(pk=review.pk))
    chosen.sort(key=_in_overview_order)
    for input in chosen:
        input.request.review = review  # str() of a group's input reads its cycle
    accepted = [input for input in chosen if input.may_move_to(Input.Status.ACCEPTED)]
    not_waiting = [input for input in chosen if input not in accepted]
    if not accepted:
        return accepted, not_waiting
    Transition.objects.bulk_create(
        [
            Transition(
                input=input, from_status=input.status, to_status=Input.Status.ACCEPTED, user=user
            )
            for input in accepted
        ]
    )
    Input.objects.filter(pk__in=[input.pk for input in accepted]).update(
        status=Input.Status.ACCEPTED
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=audit.Action.INPUT_ACCEPTED,
                user=user if user.pk else None,
                username=user.get_username(),
                subject=str(input)[:300],
            )
            for input in accepted
        ]
    )
    for input in accepted:
        input.status = Input.Status.ACCEPTED
    transaction.on_commit(lambda: notifications.inputs_accepted(inputs=accepted), robust=True)
    return accepted, not_waiting


def _in_overview_order(input: Input) -> tuple:
    """Institution, objective, area, id: as the database sorted them, empty ones last."""
    number = input.objective.number if input.objective else None
    return (
        input.request.institution.name,
        number is None,
        number or 0,
        input.group_number is None,
        input.group_number or 0,
        input.pk,
    )


class AsksRefused(ValidationError):
    """Some rows of the matrix could not change; ``rows`` maps an institution's pk
    to the reason. Nothing was saved."""

    def __init__(self, rows: dict[int, str]):
        super().__init__(list(rows.values()))
        self.rows = rows


@dataclass
class AsksChanged:
    asked: list[Institution] = field(default_factory=list)
    changed: list[Institution] = field(default_factory=list)
    withdrawn: list[Institution] = field(default_factory=list)
    sent: list[Institution] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not (self.asked or self.changed or self.withdrawn or self.sent)


def _started_units(request: InstitutionRequest) -> dict[tuple, Input]:
    """The inputs ``request_rows_create`` keeps even when no longer asked for: begun,
    written in or commented on."""
    started = (
        request.inputs.filter(
            ~Q(status=Input.Status.NOT_STARTED)
            | Q(answers__version__gt=0)
            | Q(comments__isnull=False)
        )
        .distinct()
        .select_related("objective")
    )
    return {(input.objective_id, input.group_number): input for input in started}


@transaction.atomic
def institution_requests_apply(
    *, review: NationalReview, wanted: dict[Institution, set[int]], mark_sent: bool = False
) -> AsksChanged:
    """Ask each institution about exactly the objectives (pks) given, none meaning
    not asked, through ``institution_request_save`` and ``_withdraw``.

    An institution that has started answering is not un-asked, nor an objective
    (or area) it has started answering on taken away: every such row is refused,
    and then nothing at all is saved (``AsksRefused``). ``mark_sent`` records
    every request asked and not yet sent as sent today."""
    check_open(review)
    current = {
        request.institution_id: request
        for request in review.requests.select_related("review__cycle").prefetch_related(
            "objectives"
        )
    }
    done = AsksChanged()
    refused: dict[int, str] = {}
    for institution, objectives in wanted.items():
        request = current.get(institution.pk)
        had = {o.pk for o in request.objectives.all()} if request else set()
        try:
            with transaction.atomic():
                if not objectives:
                    if request is not None:
                        institution_request_withdraw(review=review, institution=institution)
                        done.withdrawn.append(institution)
                    continue
                if objectives == had and not (mark_sent and request and not request.sent_at):
                    continue
                started = _started_units(request) if request else {}
                saved = institution_request_save(
                    review=review,
                    institution=institution,
                    objectives=sorted(objectives),
                    mark_sent=mark_sent and not (request and request.sent_at),
                )
                kept = {(i.objective_id, i.group_number) for i in wanted_inputs(saved)}
                lost = [input for key, input in started.items() if key not in kept]
                if lost:
                    raise ValidationError(
                        _(
                            "%(name)s has already started answering on %(units)s: "
                            "that cannot be taken away from its request."
                        )
                        % {"name": institution, "units": "; ".join(_unit(i) for i in lost)}
                    )
        except ValidationError as error:
            refused[institution.pk] = " ".join(error.messages)
            continue
        if request is None:
            done.asked.append(institution)
        elif objectives != had:
            done.changed.append(institution)
        if mark_sent and not (request and request.sent_at):
            done.sent.append(institution)
    if refused:
        raise AsksRefused(refused)
    return done


def _unit(input: Input) -> str:
    if input.objective is not None:
        return _("objective %(number)s") % {"number": input.objective.number}
    if input.group_number:
        return _("thematic area or round table %(number)s") % {"number": input.group_number}
    return _("the general questions")
