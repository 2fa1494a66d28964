"""The coordinator's workspace: progress, consolidation, analysis, validation."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from objectives.models import Objective
from reviews import access, pagecache, selectors, services
from reviews.models import Answer, NationalText, Programme, Question
from reviews.views.conflicts import conflict_response
from reviews.views.feedback import attempt


@require_safe
@login_required
def progress(request: HttpRequest, review_id: int) -> HttpResponse:
    rights = access.get_review_for_user(request.user, review_id, write=True)
    return pagecache.page(request, rights.review.country_id, partial(_progress, request, rights))


def _progress(request: HttpRequest, rights) -> HttpResponse:
    # A page is made from data read after its stamps (pagecache.page): read again.
    review = access.review_again(rights).review
    progress = selectors.review_progress(review)
    # Each institution's due date and whether it is overdue: the plan costs no query.
    plan = selectors.review_plan(review)
    for row in progress["rows"]:
        row["due"] = selectors.request_due(row["request"], plan, answered=row["forms"].answered)
    # The forms sent with nothing to report, each with its unit and the reason.
    empty = [(row, i) for row in progress["rows"] for i in row["forms"].nothing_to_report]
    groups = (
        {g.number: g for g in selectors.cycle_groups(review.cycle)}
        if any(i.group_number for _row, i in empty)
        else {}
    )
    context = {
        "review": review,
        **progress,
        "nothing_to_report": [
            {"institution": row["institution"], "input": i, "unit": selectors.unit_title(i, groups)}
            for row, i in empty
        ],
        "reminders": review.reminders.select_related("institution")[:20],
        "carried": selectors.progress_changes(review, progress["rows"]),
    }
    return render(request, "reviews/coordination/progress.html", context)


@require_POST
@login_required
def reminders_send(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    try:
        reminded, skipped = services.reminders_send(review=review, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reviews:progress", review.pk)
    if reminded:
        messages.success(
            request,
            _("Reminder sent to %(names)s.")
            % {"names": ", ".join(i.acronym or i.name for i in reminded)},
        )
    if skipped:
        messages.info(
            request,
            _("Not reminded again (reminded within the last day, or no focal point): %(names)s.")
            % {"names": ", ".join(i.acronym or i.name for i in skipped)},
        )
    if not reminded and not skipped:
        messages.info(
            request, _("Every institution has sent every form it was asked for: nobody to remind.")
        )
    return redirect("reviews:progress", review.pk)


def _text_context(rights: access.ReviewRights, national: NationalText) -> dict:
    return {"review": rights.review, "text": national, "rights": rights}


@require_safe
@login_required
def consolidate_objective(request: HttpRequest, review_id: int, number: int) -> HttpResponse:
    """The national text of one objective beside every institution's material for it."""
    rights = access.get_review_for_user(request.user, review_id, write=True)
    page = partial(_consolidate_objective, request, rights, number)
    return pagecache.page(request, rights.review.country_id, page)


def _consolidate_objective(request: HttpRequest, rights, number: int) -> HttpResponse:
    rights = access.review_again(rights)
    review = rights.review
    objective = get_object_or_404(Objective, number=number)
    national = selectors.review_texts(review=review)[f"objective-{number}"]
    material = selectors.objective_material(review, objective)
    context = {
        **_text_context(rights, national),
        "objective": objective,
        # Institutions that have not started are named in one line, not a card each.
        "material": [m for m in material if m["answers"] or m["programmes"] or m["started"]],
        "not_started": [m["institution"] for m in material if not m["started"]],
        "has_input": any(m["answers"] or m["programmes"] for m in material),
        "with_sources": request.GET.get("sources") == "1",
        "paragraphs": selectors.text_with_sources(national),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < Objective.objects.count() else None,
        # Asked per thematic area: the area's page holds the institutions' answers.
        "groups": [
            group
            for group in selectors.cycle_groups(review.cycle)
            if review.cycle.asks_per_group and objective in group.objectives
        ],
    }
    return render(request, "reviews/coordination/consolidate_objective.html", context)


@require_safe
@login_required
def consolidate_group(request: HttpRequest, review_id: int, number: int) -> HttpResponse:
    """A thematic area (or round table): for each of its questions, the national text
    beside every institution's answer; then the programmes serving its objectives."""
    rights = access.get_review_for_user(request.user, review_id, write=True)

    def render_page():
        fresh = access.review_again(rights)
        groups = selectors.cycle_groups(fresh.review.cycle)
        group = next((g for g in groups if g.number == number), None)
        if group is None:
            raise Http404
        material = selectors.group_material(fresh.review, group)
        context = {"review": fresh.review, "rights": fresh, "group": group, "groups": groups}
        return render(request, "reviews/coordination/consolidate_group.html", context | material)

    return pagecache.page(request, rights.review.country_id, render_page)


def _get_text(request, review_id: int, text_id: int) -> tuple[access.ReviewRights, NationalText]:
    rights = access.get_review_for_user(request.user, review_id, write=True)
    return rights, get_object_or_404(NationalText, pk=text_id, review=rights.review)


def _base_version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _milestone(request) -> str:
    """A save that settles a conflict (autosave.js says so) is a version of its own."""
    return services.history.Milestone.MERGED if request.POST.get("merged") == "1" else ""


def _applies(request) -> bool | None:
    return {"yes": True, "no": False}.get(request.POST.get("applies", ""))


def _source(request, review) -> Answer | Programme | None:
    """The answer or programme named by ``source`` ("answer-12"), of this review only."""
    kind, _sep, source_id = request.POST.get("source", "").partition("-")
    if not kind:
        return None
    paths = {
        "answer": (Answer, "input__request__review"),
        "programme": (Programme, "request__review"),
    }
    if kind not in paths or not source_id.isdigit():
        raise Http404
    model, path = paths[kind]
    return get_object_or_404(model, pk=source_id, **{path: review})


@require_POST
@login_required
def text_save(request: HttpRequest, review_id: int, text_id: int) -> HttpResponse:
    """Autosave of a national text (htmx): 200 saved, 409 someone saved first, 422 locked.

    With a ``source``, the institution's passage is appended to what was typed
    and remembered; the same queue as the autosaves carries it, so the two
    never race. The new text comes back with the status.
    """
    rights, national = _get_text(request, review_id, text_id)
    review = rights.review
    key = f"t{national.pk}"
    base_version = _base_version(request)
    if base_version is None:
        return HttpResponse(_("The form is out of date: reload the page."), status=400)
    source = _source(request, review)
    try:
        if source is None:
            national = services.text_save(
                text_id=national.pk,
                user=request.user,
                text=request.POST.get("text", ""),
                base_version=base_version,
                applies=_applies(request),
                milestone=_milestone(request),
            )
        else:
            national = services.passage_insert(
                text_id=national.pk,
                user=request.user,
                current_text=request.POST.get("text", ""),
                base_version=base_version,
                source=source,
            )
            context = {"key": key, "saved": national, "text": national, "rights": rights}
            response = render(request, "reviews/partials/text_inserted.html", context)
            response["X-Inserted"] = "1"
            return response
    except services.EditConflict as conflict:
        return conflict_response(request, key=key, saved=conflict.current)
    except ValidationError as error:
        context = {"key": key, "saved": national, "error": " ".join(error.messages)}
        return render(request, "reviews/partials/autosave_status.html", context, status=422)
    return render(request, "reviews/partials/autosave_status.html", {"key": key, "saved": national})


@require_safe
@login_required
def text_versions(request: HttpRequest, review_id: int, text_id: int) -> HttpResponse:
    rights, national = _get_text(request, review_id, text_id)
    context = {
        **_text_context(rights, national),
        "versions": national.history.select_related("history_user").order_by("-history_date"),
    }
    return render(request, "reviews/coordination/text_versions.html", context)


@require_POST
@login_required
def text_restore(request: HttpRequest, review_id: int, text_id: int) -> HttpResponse:
    rights, national = _get_text(request, review_id, text_id)
    review = rights.review
    try:
        old = national.history.get(history_id=int(request.POST.get("history_id", 0)))
        # The version the list was shown beside: a save since then is not overwritten unseen.
        base_version = int(request.POST.get("version", -1))
    except (NationalText.history.model.DoesNotExist, ValueError):
        raise Http404 from None
    try:
        services.text_save(
            text_id=national.pk,
            user=request.user,
            text=old.text,
            base_version=base_version,
            applies=old.applies,
            milestone=services.history.Milestone.RESTORED,
        )
    except (ValidationError, services.EditConflict):
        messages.error(request, _("The text could not be restored: it changed or is locked."))
    else:
        messages.success(request, _("The earlier version is the current one again."))
    return redirect("reviews:text_versions", review.pk, national.pk)


@require_safe
@login_required
def report_sections(request: HttpRequest, review_id: int) -> HttpResponse:
    """The cross-cutting sections of the national report, each autosaved."""
    rights = access.get_review_for_user(request.user, review_id, write=True)
    review = rights.review
    texts = selectors.review_texts(review=review)
    general = selectors.general_material(review)

    def of(section):
        return sorted(
            (t for t in texts.values() if t.section == section),
            key=lambda t: (
                t.principle.number if t.principle_id else 0,
                t.question.order if t.question_id else 0,
                NationalText.Topic.values.index(t.topic) if t.topic else 0,
            ),
        )

    context = {
        "review": review,
        "rights": rights,
        "methodology": texts["methodology"],
        "policy": texts["policy"],
        "principles": of(NationalText.Section.PRINCIPLE),
        "principles_question": review.cycle.questions.filter(
            answer_format=Question.AnswerFormat.PRINCIPLES_TABLE
        ).first(),
        "questions": [
            {"text": text, "answers": general.get(text.question_id, [])}
            for text in of(NationalText.Section.QUESTION)
        ],
        "means": of(NationalText.Section.MEANS),
        "next_steps": texts["next-steps"],
    }
    return render(request, "reviews/coordination/report_sections.html", context)


@require_POST
@login_required
def methodology_draft(request: HttpRequest, review_id: int) -> HttpResponse:
    """Write the methodology from the facts (the earlier text stays among its versions)."""
    review = access.get_review_for_user(request.user, review_id, write=True).review
    national = selectors.review_texts(review=review)["methodology"]
    try:
        services.text_save(
            text_id=national.pk,
            user=request.user,
            text=selectors.methodology_draft(review),
            base_version=_base_version(request) if _base_version(request) is not None else -1,
            # A version of its own: never written over what was typed a moment before.
            milestone=services.history.Milestone.DRAFTED,
        )
    except services.EditConflict:
        messages.error(request, _("Someone saved the methodology meanwhile: nothing was replaced."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The methodology was drafted from the facts; the earlier text is kept.")
        )
    return redirect("reviews:report_sections", review.pk)


@require_safe
@login_required
def review_analysis(request: HttpRequest, review_id: int) -> HttpResponse:
    rights = access.get_review_for_user(request.user, review_id)

    def render_page():
        review = access.review_again(rights).review
        context = {"review": review, "rights": rights, **selectors.review_analysis(review)}
        return render(request, "reviews/coordination/analysis.html", context)

    return pagecache.page(request, rights.review.country_id, render_page)


@require_POST
@login_required
def validation_open(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    attempt(
        request,
        lambda: services.validation_open(review=review, user=request.user),
        success=_("The institutions can now read the draft and confirm it."),
    )
    return redirect("reviews:draft", review.pk)


@require_safe
@login_required
def draft(request: HttpRequest, review_id: int) -> HttpResponse:
    """The consolidated draft, read-only: for the coordinators, and for the
    institutions while they validate it."""
    rights = access.get_review_draft_for_user(request.user, review_id)
    review = rights.review
    # The draft reads as the report will: in the layout of the cycle's instrument.
    layout = "regional" if review.cycle.kind == review.cycle.Kind.REGIONAL else "imrf"
    report = selectors.report_context(review, layout)
    sections = selectors.draft_sections(review, report["texts"])
    labels = {section["key"]: section["label"] for section in sections}
    responses = list(review.validations.select_related("institution", "user"))
    for response in responses:
        response.section_label = labels.get(response.section, response.section)
    changes = selectors.draft_changes(review, report["texts"], sections)
    context = {
        **report,
        "rights": rights,
        "institution": rights.institution,
        "responses": responses,
        "sections": sections,
        "changes": changes,
        "changed": [change for change in changes if change["changed"]],
    }
    return render(request, "reviews/coordination/draft.html", context)


@require_POST
@login_required
def validation_respond(request: HttpRequest, review_id: int) -> HttpResponse:
    rights = access.get_review_draft_for_user(request.user, review_id)
    review, institution = rights.review, rights.institution
    if institution is None:
        raise Http404
    attempt(
        request,
        lambda: services.validation_respond(
            review=review,
            institution=institution,
            user=request.user,
            confirmed=request.POST.get("decision") == "confirm",
            comment=request.POST.get("comment", ""),
            section=request.POST.get("section", ""),
        ),
        success=_("Thank you: your answer was sent to the coordinator."),
    )
    return redirect("reviews:draft", review.pk)
