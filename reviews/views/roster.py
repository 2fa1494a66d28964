"""A review's institutions and focal points from one spreadsheet: template, preview, confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from reviews import access, spreadsheets
from reviews.forms import RosterSheetForm
from reviews.services import audit
from reviews.views.feedback import refuse_locked


def imported_message(totals: dict) -> str:
    """What a confirmed import did, in words (the review's and the admin's import)."""
    parts = [
        ngettext("%(count)s institution created", "%(count)s institutions created", n)
        % {"count": n}
        for n in [totals["institutions_create"]]
    ]
    parts += [
        ngettext("%(count)s updated", "%(count)s updated", n) % {"count": n}
        for n in [totals["institutions_update"]]
    ]
    if "requests_create" in totals:
        n = totals["requests_create"] + totals["requests_change"]
        parts.append(
            ngettext("%(count)s request made or changed", "%(count)s requests made or changed", n)
            % {"count": n}
        )
    n = totals["focal_points_invite"]
    parts.append(
        ngettext("%(count)s focal point invited", "%(count)s focal points invited", n)
        % {"count": n}
    )
    return _("Imported: %(what)s.") % {"what": ", ".join(parts)}


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


def sheet_steps(request, *, review, template: str, context: dict, done: str) -> HttpResponse:
    """Upload → preview → confirm, for a review's institutions (``review``) or, in
    the admin, a region's (``review`` None: a country column, no requests).

    The sheet waiting between the two steps is named in the session, never in the form."""
    session_key = f"institutions-import-{review.pk if review else 'admin'}"
    context = {"form": RosterSheetForm(), "max_rows": spreadsheets.MAX_SHEET_ROWS, **context}
    if request.method != "POST":
        return render(request, template, context)
    try:
        if "confirm" in request.POST:
            result = spreadsheets.roster_confirm(
                pending=request.session.pop(session_key, None),
                review=review,
                mark_sent=bool(request.POST.get("mark_sent")),
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(request, imported_message(result["totals"]))
            return redirect(done)
        context["form"] = form = RosterSheetForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, template, context)
        sheet = form.cleaned_data["sheet"]
        pending, preview = spreadsheets.roster_preview(
            file_name=sheet.name,
            content=spreadsheets.upload_content(sheet),
            review=review,
            previous=request.session.pop(session_key, None),
        )
        request.session[session_key] = pending
    except spreadsheets.PreviewExpired:
        messages.error(request, _("The preview expired: upload the sheet again."))
        return redirect(request.path)
    except spreadsheets.ImportRefused as refused:
        return render(request, template, {**context, "problems": refused.problems})
    return render(request, template, {**context, **preview})
