"""A review's institutions and focal points from one spreadsheet: template, preview, confirm."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from reviews import access, spreadsheets
from reviews.roster_steps import sheet_steps
from reviews.services import audit
from reviews.views.feedback import refuse_locked


@require_safe
@login_required
def institutions_template(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    audit.record(audit.Action.EXPORTED, request.user, subject=review, detail="institutions")
    response = HttpResponse(
        spreadsheets.roster_template(review=review), content_type=spreadsheets.XLSX_TYPE
    )
    name = f"institutions-{review.country.iso3}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def institutions_import(request: HttpRequest, review_id: int) -> HttpResponse:
    """Upload the institutions sheet, see what it would do, then confirm it."""
    review = access.get_review_for_user(request.user, review_id, write=True).review
    if refused := refuse_locked(request, review):
        return refused
    return sheet_steps(
        request,
        review=review,
        template="reviews/setup/roster_import.html",
        context={"review": review},
        done=review.get_absolute_url(),
    )
