"""A review's pledges and consultations with stakeholders: the coordinators record them
while the review is open; after submission they, and the cycle's regional reviewers,
read them."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reviews import access, selectors, services
from reviews.forms_network import ConsultationForm, PledgeForm
from reviews.models.network import Consultation, Pledge
from reviews.services import audit
from reviews.spreadsheets import XLSX_TYPE
from reviews.spreadsheets.network import DOCX_TYPE, pledge_docx, pledges_workbook
from reviews.views.downloads import document_download
from reviews.views.feedback import refuse_locked

logger = logging.getLogger(__name__)

KINDS = {
    "pledge": (Pledge, PledgeForm, services.pledge_save),
    "consultation": (Consultation, ConsultationForm, services.consultation_save),
}


@require_safe
@login_required
def network(request: HttpRequest, review_id: int) -> HttpResponse:
    rights = access.get_review_for_user(request.user, review_id)
    review = rights.review
    context = {
        "review": review,
        "rights": rights,
        "pledges": selectors.review_pledges(review),
        "consultations": selectors.review_consultations(review),
    }
    return render(request, "reviews/network/home.html", context)


def _back(review) -> str:
    return reverse("reviews:network", args=[review.pk])


def _edit(request: HttpRequest, review_id: int, kind: str, row_id: int | None) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    model, form_class, save = KINDS[kind]
    row = get_object_or_404(model, pk=row_id, review=review) if row_id else None
    if refused := refuse_locked(request, review, back=_back(review)):
        return refused
    posted = request.method == "POST"
    form = form_class(
        request.POST if posted else None, request.FILES if posted else None, instance=row
    )
    if posted and form.is_valid():
        try:
            save(review=review, form=form, user=request.user)
        except OSError:
            logger.exception("document of a %s of review %s not stored", kind, review.pk)
            form.add_error(
                "new_document", _("The document could not be stored: nothing was saved. Try again.")
            )
        else:
            messages.success(request, _("Saved."))
            return redirect(_back(review))
    context = {"review": review, "form": form, "row": row, "kind": kind}
    return render(request, "reviews/network/form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def pledge_edit(request: HttpRequest, review_id: int, pledge_id: int | None = None):
    return _edit(request, review_id, "pledge", pledge_id)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consultation_edit(request: HttpRequest, review_id: int, consultation_id: int | None = None):
    return _edit(request, review_id, "consultation", consultation_id)


def _delete(request: HttpRequest, review_id: int, kind: str, row_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    row = get_object_or_404(KINDS[kind][0], pk=row_id, review=review)
    if refused := refuse_locked(request, review, back=_back(review)):
        return refused
    services.network_row_delete(row=row)
    messages.success(request, _("Deleted."))
    return redirect(_back(review))


@require_POST
@login_required
def pledge_delete(request: HttpRequest, review_id: int, pledge_id: int) -> HttpResponse:
    return _delete(request, review_id, "pledge", pledge_id)


@require_POST
@login_required
def consultation_delete(request: HttpRequest, review_id: int, consultation_id: int):
    return _delete(request, review_id, "consultation", consultation_id)


def _document(request: HttpRequest, review_id: int, kind: str, row_id: int) -> HttpResponse:
    """A pledge's attachment or a consultation's minutes: always a download, typed and
    named by its content, and no browser guesses another type from the bytes."""
    review = access.get_review_for_user(request.user, review_id).review
    row = get_object_or_404(KINDS[kind][0], pk=row_id, review=review)
    if not row.file:
        raise Http404
    return document_download(row.file, row.file_name, row.file_type)


@require_safe
@login_required
def pledge_document(request: HttpRequest, review_id: int, pledge_id: int) -> HttpResponse:
    return _document(request, review_id, "pledge", pledge_id)


@require_safe
@login_required
def consultation_minutes(request: HttpRequest, review_id: int, consultation_id: int):
    return _document(request, review_id, "consultation", consultation_id)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def pledges_export(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id).review
    audit.record(audit.Action.EXPORTED, request.user, subject=review, detail="pledges")
    name = f"pledges-{review.country.iso3}-{slugify(review.cycle.slug)}.xlsx"
    return _download(pledges_workbook(review), XLSX_TYPE, name)


@require_safe
@login_required
def pledge_word(request: HttpRequest, review_id: int, pledge_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id).review
    pledge = get_object_or_404(Pledge, pk=pledge_id, review=review)
    pledge.review = review  # fetched with its country and cycle
    audit.record(audit.Action.EXPORTED, request.user, subject=pledge, detail="pledge")
    name = f"pledge-{pledge.pk}-{slugify(pledge.title)[:40] or 'pledge'}.docx"
    return _download(pledge_docx(pledge), DOCX_TYPE, name)
