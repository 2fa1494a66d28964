"""The regional reviewer's pages: the countries of a cycle, their submitted reviews
compared, and the regional synthesis they write and render to PDF.

Access goes through ``access.get_region_for_user``: the cycle's regional
reviewers and the administrators; anyone else gets 404. Content is read only
from submitted reviews (``selectors.region``).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from objectives.models import Objective
from reviews import access, services
from reviews.models import RegionalText, ReportJob
from reviews.rendering import pdf
from reviews.selectors import region as selectors
from reviews.spreadsheets.region import region_workbook
from reviews.views.conflicts import conflict_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(rights: access.RegionRights, current: str, **extra) -> dict:
    return {"cycle": rights.cycle, "current": current, **extra}


@require_safe
@login_required
def region(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Every country of the cycle's region, its review's state and deadline."""
    rights = access.get_region_for_user(request.user, cycle_id)
    rows = selectors.region_countries(rights.cycle)
    # How many countries are at each stage, in the order of the stages.
    states: dict[str, list] = {code: [label, 0] for code, label in selectors.STATES}
    for row in rows:
        states[row["state"]][1] += 1
    summary = [(label, count) for label, count in states.values() if count]
    context = _context(rights, "countries", rows=rows, states=summary)
    return render(request, "reviews/region/countries.html", context)


@require_safe
@login_required
def coverage(request: HttpRequest, cycle_id: int) -> HttpResponse:
    rights = access.get_region_for_user(request.user, cycle_id)
    context = _context(rights, "coverage", **selectors.region_coverage(rights.cycle))
    return render(request, "reviews/region/coverage.html", context)


@require_safe
@login_required
def compare(request: HttpRequest, cycle_id: int, number: int) -> HttpResponse:
    """One objective's national texts and programmes, side by side across countries."""
    rights = access.get_region_for_user(request.user, cycle_id)
    chosen = request.GET.get("objective", "")
    if chosen.isdigit() and int(chosen) != number:  # the choice of the form, without script
        return redirect("reviews:region_compare", rights.cycle.pk, int(chosen))
    objective = get_object_or_404(Objective, number=number)
    context = _context(
        rights,
        "compare",
        objective=objective,
        objectives=Objective.objects.order_by("number"),
        countries=selectors.objective_comparison(rights.cycle, objective),
    )
    return render(request, "reviews/region/compare.html", context)


@require_safe
@login_required
def challenges(request: HttpRequest, cycle_id: int) -> HttpResponse:
    rights = access.get_region_for_user(request.user, cycle_id)
    context = _context(rights, "challenges", **selectors.region_challenges(rights.cycle))
    return render(request, "reviews/region/challenges.html", context)


@require_safe
@login_required
def export(request: HttpRequest, cycle_id: int) -> HttpResponse:
    rights = access.get_region_for_user(request.user, cycle_id)
    services.audit.record(
        services.audit.Action.EXPORTED, request.user, subject=rights.cycle, detail="region xlsx"
    )
    response = HttpResponse(region_workbook(rights.cycle), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{rights.cycle.slug}-region.xlsx"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def synthesis(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The reviewer's texts of the synthesis, autosaved; a POST asks for its PDF."""
    rights = access.get_region_for_user(request.user, cycle_id)
    cycle = rights.cycle
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language not in dict(settings.LANGUAGES):
            language = request.LANGUAGE_CODE
        job = services.synthesis_request(cycle=cycle, language=language, user=request.user)
        return redirect(job)
    context = _context(
        rights,
        "synthesis",
        slots=selectors.synthesis_slots(cycle),
        submitted=len(selectors.submitted_reviews(cycle)),
        jobs=[services.job_as_seen(job) for job in cycle.report_jobs.all()[:10]],
        languages=settings.LANGUAGES,
    )
    return render(request, "reviews/region/synthesis.html", context)


def _slot(rights: access.RegionRights, key: str) -> selectors.TextSlot:
    slot = selectors.synthesis_slot(rights.cycle, key)
    if slot is None:
        raise Http404
    return slot


@require_POST
@login_required
def synthesis_text_save(request: HttpRequest, cycle_id: int, key: str) -> HttpResponse:
    """Autosave of a synthesis text (htmx): 200 saved, 409 someone saved first, 422 refused."""
    rights = access.get_region_for_user(request.user, cycle_id)
    slot = _slot(rights, key)
    status_key = f"r-{key}"
    try:
        base_version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(_("The form is out of date: reload the page."), status=400)
    try:
        saved = services.regional_text_save(
            cycle=rights.cycle,
            key=key,
            user=request.user,
            text=request.POST.get("text", ""),
            base_version=base_version,
            milestone=(
                services.history.Milestone.MERGED if request.POST.get("merged") == "1" else ""
            ),
        )
    except services.EditConflict as conflict:
        return conflict_response(request, key=status_key, saved=conflict.current)
    except ValidationError as error:
        context = {"key": status_key, "saved": slot.text, "error": " ".join(error.messages)}
        return render(request, "reviews/partials/autosave_status.html", context, status=422)
    context = {"key": status_key, "saved": saved}
    return render(request, "reviews/partials/autosave_status.html", context)


def _versions(slot: selectors.TextSlot):
    if slot.text.pk is None:
        return RegionalText.history.none()
    return slot.text.history.select_related("history_user").order_by("-history_date")


@require_safe
@login_required
def synthesis_text_versions(request: HttpRequest, cycle_id: int, key: str) -> HttpResponse:
    rights = access.get_region_for_user(request.user, cycle_id)
    slot = _slot(rights, key)
    context = _context(rights, "synthesis", slot=slot, versions=_versions(slot))
    return render(request, "reviews/region/text_versions.html", context)


@require_POST
@login_required
def synthesis_text_restore(request: HttpRequest, cycle_id: int, key: str) -> HttpResponse:
    rights = access.get_region_for_user(request.user, cycle_id)
    slot = _slot(rights, key)
    try:
        old = _versions(slot).get(history_id=int(request.POST.get("history_id", 0)))
        # The version the list was shown beside: a save since then is not overwritten unseen.
        base_version = int(request.POST.get("version", -1))
    except (RegionalText.history.model.DoesNotExist, ValueError):
        raise Http404 from None
    try:
        services.regional_text_save(
            cycle=rights.cycle,
            key=key,
            user=request.user,
            text=old.text,
            base_version=base_version,
            milestone=services.history.Milestone.RESTORED,
        )
    except (ValidationError, services.EditConflict):
        messages.error(request, _("The text could not be restored: it changed meanwhile."))
    else:
        messages.success(request, _("The earlier version is the current one again."))
    return redirect("reviews:synthesis_text_versions", rights.cycle.pk, key)


@require_safe
@login_required
def synthesis_preview(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The synthesis as HTML, in the language of the page."""
    rights = access.get_region_for_user(request.user, cycle_id)
    return HttpResponse(pdf.synthesis_html(rights.cycle, request.LANGUAGE_CODE, for_pdf=False))


def _get_job(request, cycle_id: int, job_id: int) -> ReportJob:
    rights = access.get_region_for_user(request.user, cycle_id)
    job = get_object_or_404(
        ReportJob.objects.select_related("cycle"), pk=job_id, cycle=rights.cycle
    )
    return services.job_as_seen(job)


@require_safe
@login_required
def synthesis_job(request: HttpRequest, cycle_id: int, job_id: int) -> HttpResponse:
    job = _get_job(request, cycle_id, job_id)
    if request.htmx:
        return render(request, "reviews/partials/report_job.html", {"job": job})
    return render(request, "reviews/region/job.html", {"cycle": job.cycle, "job": job})


@require_POST
@login_required
def synthesis_retry(request: HttpRequest, cycle_id: int, job_id: int) -> HttpResponse:
    failed = _get_job(request, cycle_id, job_id)
    job = services.synthesis_request(
        cycle=failed.cycle, language=failed.language, user=request.user
    )
    return redirect(job)


@require_safe
@login_required
def synthesis_download(request: HttpRequest, cycle_id: int, job_id: int) -> HttpResponse:
    job = _get_job(request, cycle_id, job_id)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404  # never a half-written file
    name = f"{job.cycle.slug}-synthesis-{job.language}.pdf"
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )
