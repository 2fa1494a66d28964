"""A coordinator replaces a focal point in one step (``services.focal_point_replace``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reviews import access, services
from reviews.forms_handover import ReplaceForm
from reviews.models import InstitutionRequest
from reviews.selectors.handovers import handover_inheritance
from reviews.views.feedback import refuse_locked


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def focal_point_replace(request: HttpRequest, review_id: int, focal_point_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    focal_point = access.get_review_focal_point(review, focal_point_id)
    # Only a focal point of an institution this review asks: nothing else is there.
    if not InstitutionRequest.objects.filter(
        review=review, institution=focal_point.institution_id
    ).exists():
        raise Http404
    if refused := refuse_locked(request, review):
        return refused
    form = ReplaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            handover = services.focal_point_replace(
                review=review,
                focal_point=focal_point,
                user=request.user,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _(
                    "%(new)s now answers for %(institution)s in place of %(old)s, who no "
                    "longer has access to it. An invitation was sent to %(email)s."
                )
                % {
                    "new": handover.successor_name,
                    "institution": focal_point.institution,
                    "old": handover.previous_name,
                    "email": handover.successor.email,
                },
            )
            return redirect(review)
    context = {
        "review": review,
        "focal_point": focal_point,
        "institution": focal_point.institution,
        "inherited": handover_inheritance(focal_point.institution),
        "form": form,
    }
    return render(request, "reviews/setup/focal_point_replace.html", context)
