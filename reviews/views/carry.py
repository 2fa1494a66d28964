"""The previous cycle in a new one: keeping an earlier programme, and what changed
since the previous cycle or since the draft was last circulated for validation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from reviews import access, selectors, services
from reviews.models import Programme

SINCE = ("previous", "validation")


def _since(request: HttpRequest, review) -> tuple[str, object, bool]:
    """What the page compares with: the previous cycle (the default) or the draft
    last circulated for validation (its opening time; None if never opened); and
    whether there is anything to compare (a draft never circulated: nothing)."""
    since = request.GET.get("since", "previous")
    if since not in SINCE:
        since = "previous"
    moment = review.validation_opened_at if since == "validation" else None
    return since, moment, since == "previous" or moment is not None


@require_POST
@login_required
def programme_keep(request: HttpRequest, input_id: int, programme_id: int) -> HttpResponse:
    """Keep in this review a programme the institution reported in its last one."""
    input = access.get_input_for_user(request.user, input_id, write=True).input
    try:
        programme = services.programme_carry(input=input, source_id=programme_id, user=request.user)
    except Programme.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(input)
    messages.success(
        request,
        _("“%(name)s” is kept in this review: bring it up to date.") % {"name": programme.name},
    )
    return redirect("reviews:programme_edit", input.pk, programme.pk)


@require_safe
@login_required
def input_changes(request: HttpRequest, input_id: int) -> HttpResponse:
    """A form's answers and programmes, word by word against the previous cycle or
    against the draft last circulated for validation."""
    rights = access.get_input_for_user(request.user, input_id)
    input = rights.input
    review = input.request.review
    since, moment, comparable = _since(request, review)
    previous = selectors.previous_request(input.request)
    unit = selectors.input_group(input)
    programmes = selectors.input_programmes(input, unit).select_related("carried_from")
    context = {
        "input": input,
        "review": review,
        "institution": input.request.institution,
        "group": unit,
        "since": since,
        "moment": moment,
        "previous": previous,
        "previous_cycle": previous.review.cycle if previous else None,
        "answers": selectors.answer_changes(input, moment) if comparable else [],
        "programmes": selectors.programme_changes(programmes, moment) if comparable else [],
        "rights": rights,
    }
    return render(request, "reviews/carry/input_changes.html", context)


@require_safe
@login_required
def review_changes(request: HttpRequest, review_id: int) -> HttpResponse:
    """The national texts, word by word against the country's previous review or
    against the draft last circulated for validation."""
    rights = access.get_review_for_user(request.user, review_id)
    review = rights.review
    since, moment, comparable = _since(request, review)
    previous = selectors.previous_review(review)
    context = {
        "review": review,
        "rights": rights,
        "since": since,
        "moment": moment,
        "previous": previous,
        "previous_cycle": previous.cycle if previous else None,
        "texts": selectors.text_changes(review, moment) if comparable else [],
    }
    return render(request, "reviews/carry/review_changes.html", context)
