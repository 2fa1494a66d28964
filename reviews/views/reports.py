"""The national report (ask for it, watch it being written, download it, preview it),
and an institution's PDF.

Reads never write: a GET shows a job whose worker stopped as failed
(``job_as_seen``) without touching its row, so these pages can be served from
a read replica. Asking for a report (a POST) records it.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reviews import access, selectors, services
from reviews.models import ReportJob
from reviews.rendering import pdf


def national_layouts() -> list[tuple[str, str]]:
    return [(v, label) for v, label in ReportJob.Layout.choices if v in ReportJob.NATIONAL_LAYOUTS]


def _choice(value: str, choices, default: str) -> str:
    return value if value in choices else default


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_home(request: HttpRequest, review_id: int) -> HttpResponse:
    # Making a PDF changes nothing in the review: whoever may read it may make one
    # (a regional reviewer, once the review is submitted).
    rights = access.get_review_for_user(request.user, review_id)
    review = rights.review
    if request.method == "POST":
        job = services.report_request(
            review=review,
            layout=_choice(request.POST.get("layout"), ReportJob.NATIONAL_LAYOUTS, "imrf"),
            language=_choice(request.POST.get("language"), dict(settings.LANGUAGES), "es"),
            user=request.user,
        )
        return redirect("reviews:report_job", review.pk, job.pk)
    context = {
        "review": review,
        "jobs": [services.job_as_seen(job) for job in _jobs(request, rights)[:10]],
        "layouts": national_layouts(),
        "languages": settings.LANGUAGES,
        "rights": rights,
    }
    return render(request, "reviews/reports/home.html", context)


def _jobs(request, rights: access.ReviewRights):
    """The review's jobs the user may open: a regional reviewer, only those they asked
    for (the coordinators' were made before submission, drafts the region never sees)."""
    jobs = rights.review.report_jobs.all()
    if rights.reads_region:
        jobs = jobs.filter(requested_by=request.user)
    return jobs


def _get_job(request, review_id: int, job_id: int) -> ReportJob:
    """The job as its pages show it, through the user's rights on its review."""
    rights = access.get_review_for_user(request.user, review_id)
    job = get_object_or_404(_jobs(request, rights).select_related("review"), pk=job_id)
    return services.job_as_seen(job)


@require_safe
@login_required
def report_job(request: HttpRequest, review_id: int, job_id: int) -> HttpResponse:
    job = _get_job(request, review_id, job_id)
    template = "reviews/partials/report_job.html" if request.htmx else "reviews/reports/job.html"
    return render(request, template, {"review": job.review, "job": job})


@require_POST
@login_required
def report_retry(request: HttpRequest, review_id: int, job_id: int) -> HttpResponse:
    failed = _get_job(request, review_id, job_id)
    job = services.report_request(
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
    review = access.get_review_for_user(request.user, review_id).review
    if layout not in ReportJob.NATIONAL_LAYOUTS:
        raise Http404
    html = pdf.report_html(review, layout, request.LANGUAGE_CODE, for_pdf=False)
    return HttpResponse(html)


@require_safe
@login_required
def request_pdf(request: HttpRequest, request_id: int) -> HttpResponse:
    """The institution's whole input to a review as a PDF, for sign-off up its hierarchy."""
    institution_request = access.get_request_for_user(request.user, request_id).request
    context = {
        **selectors.request_document(institution_request),
        "printed_at": timezone.now(),
        "for_pdf": True,
    }
    document = pdf.render_pdf("reviews/reports/print/request.html", context, request=request)
    institution = institution_request.institution
    name = "-".join(
        [
            institution_request.review.country.iso3,
            slugify(institution.acronym or institution.name)[:40],
            institution_request.review.cycle.slug,
        ]
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
