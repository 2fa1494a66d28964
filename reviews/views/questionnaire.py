"""The focal point's questionnaire: an input's page, autosave, versions, programmes,
submission and review."""

import copy
import dataclasses
import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reviews import access, pagecache, selectors, services
from reviews.forms import ChallengeFormSet, ProgrammeForm, StatisticFormSet
from reviews.models import Answer, Attachment, Input, Programme
from reviews.selectors.handovers import input_timeline
from reviews.views.conflicts import conflict_response
from reviews.views.downloads import document_download
from reviews.views.feedback import attempt


def _input_context(rights: access.InputRights) -> dict:
    input = rights.input
    answers = selectors.input_answers(input=input)
    comments = list(input.comments.select_related("author", "question", "programme"))
    group = selectors.input_group(input)
    programmes = selectors.input_programmes(input, group)
    locked = selectors.locked_objectives(input.request) if rights.may_write else {}
    return {
        "input": input,
        "review": input.request.review,
        "institution": input.request.institution,
        "answers": [
            (answer, [c for c in comments if c.question_id == answer.question_id])
            for answer in answers
        ],
        "general_comments": [c for c in comments if not c.question_id and not c.programme_id],
        # Each programme with its comments, and the submitted form that locks it, if any.
        "programmes": [
            (
                p,
                [c for c in comments if c.programme_id == p.pk],
                next((locked[o.number] for o in p.objectives.all() if o.number in locked), ""),
            )
            for p in programmes.prefetch_related("statistics", "attachments", "objectives")
        ],
        # The institution's last submitted review: the earlier answers beside the
        # questions (when asked differently) and its programmes to keep.
        "material": selectors.input_material(input),
        "group": group,
        # The moves and the handovers of the institution's focal points, in date order.
        "timeline": _timeline(input),
        "rights": rights,
    }


@require_safe
@login_required
def input_detail(request: HttpRequest, input_id: int) -> HttpResponse:
    # The check needs the review only (a join of seven tables costs PostgreSQL 2 ms to
    # plan); the page's cycle, country, institution and objective come with a page made.
    rights = access.get_input_for_user(request.user, input_id, related=["request__review"])

    def render_page():
        full = dataclasses.replace(rights, input=access.input_for_page(rights.input.pk))
        context = _input_context(full)
        context["runs"] = _runs(context["answers"])
        sections = {
            answer.question_id: {"question": answer.question, "comments": comments, "run": run}
            for run in context["runs"]
            for answer, comments in run["answers"]
        }
        response = render(request, "reviews/questionnaire/input_detail.html", context)
        response.live_state = (full, sections, context["timeline"])  # type: ignore[attr-defined]
        return response

    def fresh_parts(state) -> tuple[list[str], tuple]:
        """The answers, read afresh (their questions are those the frame shows), and the
        form's status and history: while its frame is kept, an autosave may move the
        form from "not started" to draft, and nothing else moves it (reviews.stamps).
        After that move, the frame is kept with the new status and history."""
        full, sections, timeline = state
        stored = {
            answer.question_id: answer
            for answer in full.input.answers.annotate(form_status=F("input__status")).order_by()
        }
        input = full.input
        status = next((answer.form_status for answer in stored.values()), input.status)
        if status != input.status:
            if (input.status, status) != FIRST_SAVE:
                # Any other move is not yet in the stamps read (they move just after
                # its commit): no parts, and the page is made again.
                return [], state
            input = copy.copy(input)
            input.status = status
            timeline = _timeline(input)
            state = (dataclasses.replace(full, input=input), sections, timeline)
        context = {"input": input, "rights": full, "csrf_token": get_token(request)}
        made = []
        for question_id, section in sections.items():
            answer = stored.get(question_id) or Answer(input=input)
            answer.question = section["question"]
            made.append(render_to_string(SECTION, {**context, "answer": answer, **section}))
        made.append(render_to_string(STATUS, {"input": input}))
        made.append(render_to_string(TIMELINE, {"timeline": timeline}))
        return made, state

    # Its readers with the same rights share it; each answer, the form's status and its
    # history are made afresh at every reading.
    return pagecache.page(
        request,
        rights.input.request.review.country_id,
        render_page,
        reader=f"rights:{rights.answers:d}{rights.coordinates:d}",
        fill=fresh_parts,
        also=rights.input.status,
    )


SECTION = "reviews/questionnaire/answer_section.html"
# The only move of a form made by an autosave, and so the only one its kept frame
# outlives (reviews.stamps.answer_writes).
FIRST_SAVE = (Input.Status.NOT_STARTED, Input.Status.DRAFT)
STATUS = "reviews/questionnaire/input_status.html"
TIMELINE = "reviews/questionnaire/input_timeline.html"


def _timeline(input: Input) -> list[dict]:
    return input_timeline(input, input.transitions.select_related("user"))


def _runs(answers) -> list[dict]:
    """The answers in runs of questions that share their guidance (a–d: the same 60
    words, shown once above them), each numbered for the page's ids."""
    runs = itertools.groupby(answers, key=lambda pair: pair[0].question.help_text)
    return [
        {"number": number, "help_text": help_text, "answers": list(run)}
        for number, (help_text, run) in enumerate(runs, start=1)
    ]


@require_POST
@login_required
def answer_save(request: HttpRequest, input_id: int, answer_id: int) -> HttpResponse:
    """Autosave of one answer (htmx): 200 saved, 409 someone saved first, 422 locked."""
    try:
        base_version = int(request.POST.get("version", ""))
    except ValueError:
        access.get_input_for_user(request.user, input_id, write=True, related=["request__review"])
        return HttpResponse(_("The form is out of date: reload the page."), status=400)
    try:
        with transaction.atomic():  # the answer stays locked from the check to the save
            answer = services.answer_save(
                answer_id=answer_id,
                locked=access.get_answer_for_writer(request.user, input_id, answer_id),
                user=request.user,
                text=request.POST.get("text", ""),
                not_applicable=request.POST.get("not_applicable") == "on",
                reason=request.POST.get("not_applicable_reason", ""),
                base_version=base_version,
                milestone=services.history.Milestone.MERGED
                if request.POST.get("merged") == "1"
                else "",
            )
    except services.EditConflict as conflict:
        return conflict_response(request, key=answer_id, saved=conflict.current)
    except ValidationError as error:
        saved = Answer.objects.get(pk=answer_id)
        context = {"key": answer_id, "saved": saved, "error": " ".join(error.messages)}
        return render(request, "reviews/partials/autosave_status.html", context, status=422)
    return render(
        request, "reviews/partials/autosave_status.html", {"key": answer.pk, "saved": answer}
    )


@require_safe
@login_required
def answer_versions(request: HttpRequest, input_id: int, answer_id: int) -> HttpResponse:
    rights = access.get_input_for_user(request.user, input_id)
    input = rights.input
    answer = get_object_or_404(Answer.objects.select_related("question"), pk=answer_id, input=input)
    context = {
        "input": input,
        "answer": answer,
        "versions": answer.history.select_related("history_user").order_by("-history_date"),
        "rights": rights,
    }
    return render(request, "reviews/questionnaire/answer_versions.html", context)


@require_POST
@login_required
def answer_restore(request: HttpRequest, input_id: int, answer_id: int) -> HttpResponse:
    input = access.get_input_for_user(request.user, input_id, write=True).input
    answer = get_object_or_404(Answer, pk=answer_id, input=input)
    try:
        services.answer_restore(
            answer=answer,
            history_id=int(request.POST.get("history_id", 0)),
            base_version=int(request.POST.get("version", -1)),
            user=request.user,
        )
    except (Answer.history.model.DoesNotExist, ValueError):
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.EditConflict:
        messages.error(request, _(
            "The answer could not be restored: it was saved again after its versions were "
            "shown. Here they are again, the newest first."
        ))  # fmt: skip
        return redirect("reviews:answer_versions", input.pk, answer.pk)
    else:
        messages.success(request, _("The earlier version is the current one again."))
    return redirect(input)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def input_submit(request: HttpRequest, input_id: int) -> HttpResponse:
    """GET: what will be sent (answers, what is missing, programmes) and a confirm
    button. POST with ``confirm``: send it; without it, back to that page."""
    rights = access.get_input_for_user(request.user, input_id, write=True)
    input = rights.input
    if request.method == "POST":
        if not request.POST.get("confirm"):
            return redirect("reviews:input_submit", input.pk)
        attempt(
            request,
            lambda: services.input_submit(input=input, user=request.user),
            success=_(
                "Submitted. Your coordinators will get a summary by e-mail, at most one an hour."
            ),
        )
        return redirect(input)
    if not rights.may_write:
        return redirect(input)
    context = _input_context(rights)
    context["missing"] = [a for a, _comments in context["answers"] if not a.is_complete]
    context["answered"] = len(context["answers"]) - len(context["missing"])
    return render(request, "reviews/questionnaire/submit_confirm.html", context)


@require_POST
@login_required
def input_review(request: HttpRequest, input_id: int) -> HttpResponse:
    """The coordinator accepts an input, or returns it with comments."""
    input = access.get_input_for_reviewer(request.user, input_id).input
    try:
        if request.POST.get("decision") == "accept":
            services.input_accept(input=input, user=request.user)
            messages.success(request, _("The input was accepted."))
        else:
            comments = [({}, request.POST.get("comment", ""))]
            for answer in input.answers.all():
                text = request.POST.get(f"comment-question-{answer.question_id}", "")
                comments.append(({"question_id": answer.question_id}, text))
            for programme_id in input.request.programmes.values_list("pk", flat=True):
                text = request.POST.get(f"comment-programme-{programme_id}", "")
                comments.append(({"programme_id": programme_id}, text))
            services.input_return(input=input, user=request.user, comments=comments)
            messages.success(request, _("The input was returned with your comments."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(input)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def programme_edit(
    request: HttpRequest, input_id: int, programme_id: int | None = None
) -> HttpResponse:
    input = access.get_input_for_user(request.user, input_id, write=True).input
    # An autosave (programme_form.js) sends the whole form and is answered in JSON.
    autosave = request.method == "POST" and request.headers.get("X-Autosave") == "1"
    if not input.is_editable:
        if autosave:
            return JsonResponse({"locked": True}, status=403)
        messages.error(request, _("This input is locked: it was submitted."))
        return redirect(input)
    programme = (
        get_object_or_404(Programme, pk=programme_id, request=input.request)
        if programme_id
        else Programme(request=input.request)
    )
    try:
        services.programme_check_unlocked(programme)
    except ValidationError as locked:
        if autosave:
            return JsonResponse({"locked": True}, status=403)
        messages.error(request, " ".join(locked.messages))
        return redirect(input)
    if autosave:
        return _programme_autosave(request, input, programme)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ProgrammeForm(data, files, instance=programme, input=input)
    statistics = StatisticFormSet(data, instance=programme, prefix="statistics")
    challenges = ChallengeFormSet(data, instance=programme, prefix="challenges")
    if request.method == "POST" and all(
        [form.is_valid(), statistics.is_valid(), challenges.is_valid()]
    ):
        try:
            programme = services.programme_save(
                form=form, formsets=[statistics, challenges], user=request.user, input=input
            )
        except services.EditConflict as conflict:
            form.mark_conflict(conflict.current.version)
        except ValidationError as refused:
            form.add_error(None, refused)
        except services.AttachmentNotStored as failure:
            messages.warning(
                request,
                _(
                    "%(name)s was saved, but the document could not be stored: the server's "
                    "disk for documents is full or cannot be written. Attach it again later; "
                    "if this goes on, tell your coordinator."
                )
                % {"name": failure.programme},
            )
            return redirect("reviews:programme_edit", input.pk, failure.programme.pk)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": programme})
            # Back to the programme's own place on the input page, not to its top.
            return redirect(f"{input.get_absolute_url()}#programme-{programme.pk}")
    context = {
        "input": input,
        "programme": programme,
        "form": form,
        "differences": form.differences() if getattr(form, "conflict", False) else [],
        "statistics": statistics,
        "challenges": challenges,
        "errors": form.error_summary(
            [(statistics, _("Statistics")), (challenges, _("Challenges met"))]
        )
        if request.method == "POST"
        else [],
    }
    return render(request, "reviews/questionnaire/programme_form.html", context)


def _programme_autosave(request: HttpRequest, input, programme: Programme) -> JsonResponse:
    """Save an existing programme as a normal save would, never with an attachment;
    answer the new version and the ids of its rows by form prefix, which the page
    fills in so that the next save updates the rows it just created."""
    if not programme.pk:  # a new programme is saved the first time by hand
        return JsonResponse({"new": True}, status=400)
    form = ProgrammeForm(request.POST, None, instance=programme, input=input)
    formsets = [
        StatisticFormSet(request.POST, instance=programme, prefix="statistics"),
        ChallengeFormSet(request.POST, instance=programme, prefix="challenges"),
    ]
    valid = all([form.is_valid()] + [formset.is_valid() for formset in formsets])
    if getattr(form, "conflict", False):
        return JsonResponse({"version": programme.version}, status=409)
    if not valid:
        errors = form.error_summary(
            [(formsets[0], _("Statistics")), (formsets[1], _("Challenges met"))]
        )
        # Which field, and why: the page marks each one and says the first reason.
        problems = [{"target": target, "message": message} for target, message in errors]
        return JsonResponse({"errors": len(errors), "problems": problems}, status=422)
    form.cleaned_data["new_attachment"] = None
    try:
        programme = services.programme_save(
            form=form, formsets=formsets, user=request.user, input=input, autosave=True
        )
    except services.EditConflict as conflict:
        return JsonResponse({"version": conflict.current.version}, status=409)
    except ValidationError as refused:
        return JsonResponse({"locked": True, "errors": refused.messages}, status=403)
    ids = {
        row.prefix: row.instance.pk
        for formset in formsets
        for row in formset.forms
        if row.instance.pk and not formset._should_delete_form(row)
    }
    return JsonResponse(
        {
            "version": programme.version,
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
            "ids": ids,
        }
    )


@require_safe
@login_required
def attachment_download(request: HttpRequest, input_id: int, attachment_id: int) -> HttpResponse:
    input = access.get_input_for_user(request.user, input_id).input
    attachment = get_object_or_404(Attachment, pk=attachment_id, programme__request=input.request)
    return document_download(attachment.file, attachment.original_name, attachment.content_type)
