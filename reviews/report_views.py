"""The national report: ask for it, watch it being written, download it, preview it."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reviews import access, reporting
from reviews.models import ReportJob


def _choice(value: str, choices, default: str) -> str:
    return value if value in choices else default


@require_http_methods(["GET", "POST"])
@login_required
def report_home(request: HttpRequest, review_id: int) -> HttpResponse:
    write = request.method == "POST"
    review = access.get_review_for_user(request.user, review_id, write=write)
    if write:
        job = reporting.report_request(
            review=review,
            layout=_choice(request.POST.get("layout"), ReportJob.Layout.values, "imrf"),
            language=_choice(request.POST.get("language"), dict(settings.LANGUAGES), "es"),
            user=request.user,
        )
        return redirect("reviews:report_job", review.pk, job.pk)
    reporting.jobs_expire(review)
    context = {
        "review": review,
        "jobs": review.report_jobs.all()[:10],
        "layouts": ReportJob.Layout.choices,
        "languages": settings.LANGUAGES,
        "may_edit": access.may_edit_review(request.user, review),
    }
    return render(request, "reviews/report_home.html", context)


def _get_job(request, review_id: int, job_id: int, *, write=False) -> ReportJob:
    review = access.get_review_for_user(request.user, review_id, write=write)
    reporting.jobs_expire(review)
    return get_object_or_404(ReportJob.objects.select_related("review"), pk=job_id, review=review)


@require_safe
@login_required
def report_job(request: HttpRequest, review_id: int, job_id: int) -> HttpResponse:
    job = _get_job(request, review_id, job_id)
    template = "reviews/partials/report_job.html" if request.htmx else "reviews/report_job.html"
    return render(request, template, {"review": job.review, "job": job})


@require_POST
@login_required
def report_retry(request: HttpRequest, review_id: int, job_id: int) -> HttpResponse:
    failed = _get_job(request, review_id, job_id, write=True)
    job = reporting.report_request(
        review=failed.review, layout=failed.layout, language=failed.language, user=request.user
    )
    return redirect("reviews:report_job", failed.review_id, job.pk)


@require_safe
@login_required
def report_download(request: HttpRequest, review_id: int, job_id: int) -> HttpResponse:
    job = _get_job(request, review_id, job_id)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404  # never a half-written file
    name = f"{job.review.country.iso3}-{job.review.cycle.slug}-{job.layout}-{job.language}.pdf"
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


@require_safe
@login_required
def report_preview(request: HttpRequest, review_id: int, layout: str) -> HttpResponse:
    """The same report as HTML, in the language of the page."""
    review = access.get_review_for_user(request.user, review_id)
    if layout not in ReportJob.Layout.values:
        raise Http404
    html = reporting.report_html(review, layout, request.LANGUAGE_CODE, for_pdf=False)
    return HttpResponse(html)
