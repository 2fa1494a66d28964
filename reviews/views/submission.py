"""Submitting the national review: a confirmation page that lists what is missing,
then the lock. And an institution taking back a form it sent to the coordination,
or sending one with nothing to report."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reviews import access, selectors, services
from reviews.views.feedback import attempt


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review_submit(request: HttpRequest, review_id: int) -> HttpResponse:
    """GET: what submitting means and what is still missing. POST with ``confirm``
    ticked: lock the review (without it, the page again with an error)."""
    rights = access.get_review_for_user(request.user, review_id, write=True)
    review = rights.review
    error = None
    if request.method == "POST":
        if request.POST.get("confirm"):
            attempt(
                request,
                lambda: services.review_submit(review=review, user=request.user),
                success=_("The review was marked submitted: it is now locked."),
            )
            return redirect(review)
        error = _("Tick the box to confirm that you have checked the draft.")
    gaps = selectors.submission_gaps(review)
    context = {
        "review": review,
        "rights": rights,
        "gaps": gaps,
        "nothing_missing": not any(gaps.values()),
        "error": error,
    }
    return render(request, "reviews/coordination/submit_confirm.html", context)


@require_POST
@login_required
def input_withdraw(request: HttpRequest, input_id: int) -> HttpResponse:
    """The focal point takes a submitted form back while the coordinator has not decided."""
    input = access.get_input_for_user(request.user, input_id, write=True).input
    attempt(
        request,
        lambda: services.input_withdraw(input=input, user=request.user),
        success=_("Withdrawn: the form is a draft again. Send it again when it is ready."),
    )
    return redirect(input)


@require_POST
@login_required
def input_nothing_to_report(request: HttpRequest, input_id: int) -> HttpResponse:
    """The focal point sends a form empty, saying why there is nothing to report."""
    input = access.get_input_for_user(request.user, input_id, write=True).input
    attempt(
        request,
        lambda: services.input_nothing_to_report(
            input=input, user=request.user, reason=request.POST.get("reason", "")
        ),
        success=_(
            "Sent with nothing to report. Your coordinators will get a summary by e-mail, "
            "at most one an hour."
        ),
    )
    return redirect(input)
