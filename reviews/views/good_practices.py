"""Good practices for the UN Network's repository: a programme's practice (its
checklist, draft, proposal and withdrawal), its .docx as the Hub's Word template
holds it, and a review's practices for its coordinators (a list and an XLSX).

A programme is reached through an input of its institution (``get_input_for_user``):
the institution's focal points and the review's coordinators may both draft and
propose, since a practice never changes the programme itself.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reviews import access, documents, selectors, services
from reviews.forms import GoodPracticeForm
from reviews.models import GoodPractice, Programme
from reviews.services import audit
from reviews.spreadsheets import XLSX_TYPE
from reviews.spreadsheets.good_practices import good_practices_workbook

# Refusals that are not about a box of the form: a submitted review, a proposal.
SAID_ON_TOP = ("review_locked", "proposed")


def _programme(user, input_id: int, programme_id: int):
    rights = access.get_input_for_user(user, input_id)
    programme = get_object_or_404(
        Programme.objects.select_related("request__institution", "request__review")
        .prefetch_related("objectives")
        .order_by(),
        pk=programme_id,
        request=rights.input.request,
    )
    return rights, programme


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def good_practice(request: HttpRequest, input_id: int, programme_id: int) -> HttpResponse:
    """The programme's fields, read only, and the form for the rest of the Hub's
    checklist. POST ``action``: ``save`` (the default) keeps a draft as it stands,
    ``propose`` checks every criterion first, ``withdraw`` takes a proposal back."""
    rights, programme = _programme(request.user, input_id, programme_id)
    practice = selectors.good_practice_of(programme)
    principles = selectors.principles()
    data = request.POST if request.method == "POST" else None
    form = GoodPracticeForm(data, instance=practice, principles=principles)
    action = request.POST.get("action", "save")
    here = redirect("reviews:good_practice", rights.input.pk, programme.pk)
    if request.method == "POST":
        try:
            if action == "withdraw":
                if not practice.pk:
                    raise ValidationError(_("It was not proposed: there is nothing to withdraw."))
                services.good_practice_withdraw(practice=practice, user=request.user)
                messages.success(request, _("The proposal was withdrawn: it is a draft again."))
                return here
            if form.is_valid():
                services.good_practice_save(
                    programme=programme,
                    values=form.cleaned_data,
                    user=request.user,
                    propose=action == "propose",
                )
                messages.success(
                    request,
                    _("It was proposed as a good practice.")
                    if action == "propose"
                    else _("The draft was saved."),
                )
                return here
        except ValidationError as refused:
            # A refusal of the whole page goes back to it; a checklist's, to its boxes.
            if action == "withdraw" or getattr(refused, "code", "") in SAID_ON_TOP:
                messages.error(request, " ".join(refused.messages))
                return here
            form.add_error(None, refused)
    # What the page shows as saved is what the database holds, whatever was posted.
    saved = selectors.good_practice_of(programme)
    context = {
        "input": rights.input,
        "programme": programme,
        "practice": saved,
        "form": form,
        "errors": form.error_summary() if request.method == "POST" else [],
        "proposing": action == "propose",
        "may_write": not programme.request.review.is_locked,
        "proposed": saved.status == GoodPractice.Status.PROPOSED,
        "fields": selectors.flat_fields(selectors.good_practice_fields(saved, principles))
        if saved.pk
        else [],
    }
    return render(request, "reviews/good_practices/practice.html", context)


@require_safe
@login_required
def good_practice_docx(request: HttpRequest, input_id: int, programme_id: int) -> HttpResponse:
    """The practice as the Hub's Word template holds it, in the reader's language; a
    programme not drafted yet gives the template filled with the programme's fields."""
    _rights, programme = _programme(request.user, input_id, programme_id)
    practice = selectors.good_practice_of(programme)
    audit.record(audit.Action.EXPORTED, request.user, subject=programme, detail="good practice")
    content = documents.titled_document(
        programme.name,
        selectors.good_practice_fields(practice, selectors.principles()),
        subtitle=_("Good practice for the UN Network on Migration's repository: %(status)s")
        % {"status": practice.get_status_display()},
    )
    response = HttpResponse(content, content_type=documents.DOCX_TYPE)
    name = slugify(programme.name)[:60] or "practice"
    response["Content-Disposition"] = f'attachment; filename="good-practice-{name}.docx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def good_practices(request: HttpRequest, review_id: int) -> HttpResponse:
    """The review's practices, drafted or proposed, for its coordinators."""
    review = access.get_review_for_user(request.user, review_id).review
    inputs = selectors.review_first_inputs(review)
    practices = [
        (practice, inputs.get(practice.programme.request_id))
        for practice in selectors.review_good_practices(review)
    ]
    return render(
        request,
        "reviews/good_practices/list.html",
        {"review": review, "practices": practices},
    )


@require_safe
@login_required
def good_practices_xlsx(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id).review
    audit.record(audit.Action.EXPORTED, request.user, subject=review, detail="good practices")
    response = HttpResponse(good_practices_workbook(review), content_type=XLSX_TYPE)
    name = f"{review.country.iso3}-{slugify(review.cycle.slug)}"
    response["Content-Disposition"] = f'attachment; filename="good-practices-{name}.xlsx"'
    return response
