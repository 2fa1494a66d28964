"""Spreadsheets in and out: the programme template and its import, the review's exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reviews import access, spreadsheets
from reviews.forms import SheetForm
from reviews.services import audit
from reviews.views.feedback import refuse_locked


@require_safe
@login_required
def programme_template(request: HttpRequest, request_id: int) -> HttpResponse:
    institution_request = access.get_request_for_user(request.user, request_id).request
    audit.record(
        audit.Action.EXPORTED, request.user, subject=institution_request, detail="programmes"
    )
    response = HttpResponse(
        spreadsheets.programme_template(institution_request), content_type=spreadsheets.XLSX_TYPE
    )
    name = slugify(institution_request.institution.acronym or institution_request.institution.name)
    response["Content-Disposition"] = f'attachment; filename="programmes-{name}.xlsx"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def programme_import(request: HttpRequest, request_id: int) -> HttpResponse:
    """Upload a sheet of programmes, see what it would do, then confirm it.

    The sheet waiting between the two is named in the session, never in the
    form (``spreadsheets.import_preview``).
    """
    institution_request = access.get_request_for_user(request.user, request_id, write=True).request
    back = institution_request.institution
    if refused := refuse_locked(request, institution_request.review, back=back):
        return refused
    session_key = f"programme-import-{institution_request.pk}"
    context = {
        "institution_request": institution_request,
        "form": SheetForm(),
        "max_rows": spreadsheets.MAX_SHEET_ROWS,
    }
    template = "reviews/sheets/programme_import.html"
    if request.method != "POST":
        return render(request, template, context)
    try:
        if "confirm" in request.POST:
            result = spreadsheets.import_confirm(
                institution_request=institution_request,
                pending=request.session.pop(session_key, None),
                user=request.user,
            )
            messages.success(request, _("Imported: %(summary)s") % result)
            return redirect(institution_request.institution)
        context["form"] = form = SheetForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, template, context)
        sheet = form.cleaned_data["sheet"]
        pending, preview = spreadsheets.import_preview(
            institution_request=institution_request,
            file_name=sheet.name,
            content=spreadsheets.upload_content(sheet),
            user=request.user,
            previous=request.session.pop(session_key, None),
        )
        request.session[session_key] = pending
    except spreadsheets.PreviewExpired:
        messages.error(request, _("The preview expired: upload the sheet again."))
        return redirect("reviews:programme_import", institution_request.pk)
    except spreadsheets.ImportRefused as refused:
        return render(request, template, {**context, "problems": refused.problems})
    return render(request, template, {**context, **preview})


@require_safe
@login_required
def review_export(request: HttpRequest, review_id: int, kind: str) -> HttpResponse:
    """Every input of the review: one XLSX with a sheet per kind, or one kind as CSV."""
    review = access.get_review_for_user(request.user, review_id).review
    name = f"{review.country.iso3}-{slugify(review.cycle.slug)}"
    if kind == "xlsx" or kind in spreadsheets.SHEETS:
        audit.record(audit.Action.EXPORTED, request.user, subject=review, detail=kind)
    if kind == "xlsx":
        response = HttpResponse(
            spreadsheets.review_workbook(review), content_type=spreadsheets.XLSX_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if kind not in spreadsheets.SHEETS:
        raise Http404
    response = HttpResponse(
        spreadsheets.review_csv(review, kind), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{kind}.csv"'
    return response
