"""Spreadsheets in and out: the programme template and its import, the review's exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from import_export.tmp_storages import MediaStorage

from reviews import access, spreadsheets
from reviews.forms import SheetForm
from reviews.services import audit


@require_safe
@login_required
def programme_template(request: HttpRequest, request_id: int) -> HttpResponse:
    institution_request = access.get_request_for_user(request.user, request_id)
    audit.record(
        audit.Action.EXPORTED, request.user, subject=institution_request, detail="programmes"
    )
    response = HttpResponse(
        spreadsheets.programme_template(institution_request),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = slugify(institution_request.institution.acronym or institution_request.institution.name)
    response["Content-Disposition"] = f'attachment; filename="programmes-{name}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def programme_import(request: HttpRequest, request_id: int) -> HttpResponse:
    """Upload a sheet of programmes, see what it would do, then confirm it.

    Between the preview and the confirmation the file waits in the media
    storage under a random name kept in the session, never in the form.
    """
    institution_request = access.get_request_for_user(request.user, request_id, write=True)
    session_key = f"programme-import-{institution_request.pk}"
    context = {"institution_request": institution_request, "form": SheetForm()}
    confirming = request.method == "POST" and "confirm" in request.POST
    if confirming:
        pending = request.session.pop(session_key, None)
        if pending is None:
            messages.error(request, _("The preview expired: upload the sheet again."))
            return redirect("reviews:programme_import", institution_request.pk)
        storage = MediaStorage(name=pending["storage"], read_mode="rb")
        file_name, content = pending["file_name"], storage.read()
        storage.remove()
    elif request.method == "POST":
        context["form"] = form = SheetForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "reviews/sheets/programme_import.html", context)
        file_name, content = form.cleaned_data["sheet"].name, form.cleaned_data["sheet"].read()
    else:
        return render(request, "reviews/sheets/programme_import.html", context)
    try:
        preview = spreadsheets.programme_import(
            institution_request=institution_request,
            file_name=file_name,
            content=content,
            user=request.user,
            dry_run=not confirming,
        )
    except spreadsheets.ImportRefused as refused:
        context["problems"] = refused.problems
        return render(request, "reviews/sheets/programme_import.html", context)
    if confirming:
        messages.success(
            request,
            _("Imported: %(new)s programmes added, %(update)s updated, %(skip)s unchanged.")
            % preview["totals"],
        )
        return redirect(institution_request.institution)
    storage = MediaStorage(read_mode="rb")
    storage.save(content)
    request.session[session_key] = {"storage": storage.name, "file_name": file_name}
    return render(request, "reviews/sheets/programme_import.html", {**context, **preview})


@require_safe
@login_required
def review_export(request: HttpRequest, review_id: int, kind: str) -> HttpResponse:
    """Every input of the review: one XLSX with a sheet per kind, or one kind as CSV."""
    review = access.get_review_for_user(request.user, review_id)
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
