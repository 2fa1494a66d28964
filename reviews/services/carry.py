"""Starting a new cycle from the last one (issue 18): an institution's earlier
answers become its new forms' starting draft, its earlier programmes are offered
to keep, one by one.

Nothing reaches the coordination without the focal point: a carried form stays
"not started" until its focal point saves or sends it, and the coordination reads
only forms sent to it. A programme is kept only by the focal point's own click.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from reviews.models import Answer, Attachment, Challenge, Input, InstitutionRequest, Programme
from reviews.selectors.carry import carried_answers, previous_request, same_shape, unit_key
from reviews.services.inputs import _touch, programme_check_unlocked
from reviews.services.lifecycle import check_open

CARRIED = "carried"  # the change reason of a carried answer's first version


def answers_carry(*, request: InstitutionRequest, units) -> int:
    """Fill the empty answers of the request's forms about ``units`` (keys
    ``(objective_id, group_number)`` of forms just made) from the institution's
    last submitted review, where it asked the same question the same way.
    Returns how many answers were carried."""
    units = set(units)
    if not units:
        return 0
    earlier = previous_request(request)
    if earlier is None:
        return 0
    cycle, old_cycle = request.review.cycle, earlier.review.cycle
    old = carried_answers(earlier)
    now = timezone.now()
    carried, forms = [], set()
    for answer in Answer.objects.filter(
        input__request=request, version=0, text="", not_applicable=False
    ).select_related("input", "question"):
        input = answer.input
        if unit_key(input) not in units or not same_shape(input.unit, old_cycle, cycle):
            continue
        source = old.get(unit_key(input), {}).get((answer.question.asked_per, answer.question.code))
        if source is None:
            continue
        answer.text = answer.carried_text = source.text
        answer.not_applicable = source.not_applicable
        answer.not_applicable_reason = source.not_applicable_reason
        answer.carried_from = source
        # Version 0: written by nobody in this cycle yet. It counts as written once the
        # focal point saves it or sends the form (``services.inputs._send``); until
        # then the form is not started and can be taken away like an empty one.
        carried.append(answer)
        forms.add(input.pk)
    if carried:
        bulk_update_with_history(
            carried,
            Answer,
            [
                "text",
                "carried_text",
                "not_applicable",
                "not_applicable_reason",
                "carried_from",
            ],
            default_change_reason=CARRIED,
            default_date=now,
        )
        Input.objects.filter(pk__in=forms).update(carried_from=old_cycle)
    return len(carried)


@transaction.atomic
def programme_carry(*, input: Input, source_id: int, user) -> Programme:
    """Keep in the new review a programme of the institution's last submitted one:
    a copy, with its statistics, challenges and documents, that the focal point
    then updates. Offered only for the objectives of the form it is kept from."""
    request = input.request
    check_open(request.review)
    if not input.is_editable:
        raise ValidationError(_("This input is locked: it was submitted."))
    earlier = previous_request(request)
    source = (
        Programme.objects.filter(pk=source_id, request=earlier).first()
        if earlier is not None
        else None
    )
    if source is None:
        raise Programme.DoesNotExist
    if request.programmes.filter(carried_from=source).exists():
        raise ValidationError(
            _("“%(name)s” is already kept in this review.") % {"name": source.name}
        )
    if request.programmes.filter(name__iexact=source.name).exists():
        raise ValidationError(
            _(
                "Your institution already has a programme named “%(name)s” in this review: "
                "rename it first, or update it instead of keeping the earlier one."
            )
            % {"name": source.name}
        )
    objectives = list(source.objectives.all())
    copy = Programme.objects.get(pk=source.pk)
    programme_check_unlocked(Programme(request=request), [o.number for o in objectives])
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.request = request
    copy.carried_from = source
    copy.version = copy.carried_version = 1
    copy.updated_by = user
    copy._history_user = user  # type: ignore[attr-defined]
    copy._change_reason = CARRIED  # type: ignore[attr-defined]
    copy.save()
    copy.objectives.set(objectives)
    copy.principles.set(source.principles.all())
    copy.institutions_involved.set(source.institutions_involved.all())
    for statistic in source.statistics.all():
        statistic.pk = None
        statistic.programme = copy
        statistic.save()
    for challenge in source.challenges.prefetch_related("categories"):
        categories = list(challenge.categories.all())
        challenge.pk = None
        challenge.programme = copy
        challenge.save()
        Challenge.categories.through.objects.bulk_create(
            [
                Challenge.categories.through(challenge_id=challenge.pk, challengecategory=c)
                for c in categories
            ]
        )
    for attachment in source.attachments.all():
        _attachment_copy(attachment, copy)
    _touch(input, user, timezone.now())
    return copy


def _attachment_copy(attachment: Attachment, programme: Programme) -> None:
    """A copy of the document's bytes of its own: deleting either leaves the other."""
    field = Attachment._meta.get_field("file")
    with attachment.file.open("rb") as stored:
        content = ContentFile(stored.read())
    copy = Attachment(
        programme=programme,
        original_name=attachment.original_name,
        content_type=attachment.content_type,
        size=attachment.size,
        uploaded_by=attachment.uploaded_by,
    )
    folder = field.generate_filename(copy, "")
    stored_name = attachment.file.name.rsplit("/", 1)[-1]
    copy.file.name = field.storage.save(f"{folder}/{stored_name}", content)
    copy.save()
