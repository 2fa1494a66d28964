"""Publishing a submitted review's report on the public pages, and taking it off.

Only the review's coordinators (and administrators) do either; each is logged.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews import access, services


def _review(request: HttpRequest, review_id: int):
    """The review, for its coordinators: ``write`` would refuse a submitted one, and
    only a submitted one is published."""
    rights = access.get_review_for_user(request.user, review_id)
    if not rights.coordinates:
        raise PermissionDenied
    return rights.review


@require_POST
@login_required
def review_publish(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id)
    try:
        services.review_publish(review=review, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The report is published: everyone can read it on the public pages. "
                "Its PDFs are offered there as soon as they are written."
            ),
        )
    return redirect("reviews:report_home", review.pk)


@require_POST
@login_required
def review_unpublish(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id)
    try:
        services.review_unpublish(
            review=review, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is no longer public."))
    return redirect("reviews:report_home", review.pk)
