"""The public pages: the published national reports, readable by everyone.

No sign-in, GET only, nothing written. Every review is fetched from
``published_reviews()``: a review that is not published (in preparation,
submitted but not published, unpublished, reopened) answers 404 on every page,
as if it did not exist. No cache may answer without asking again
(``no-cache``), so a report unpublished is off at once, even behind a proxy.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from objectives.models import Country, Objective
from reviews import services
from reviews.models import NationalReview, ReportJob
from reviews.rendering import pdf
from reviews.selectors import public as selectors
from reviews.selectors.region import published_reviews
from reviews.views.reports import national_layouts


def _published(review_id: int, layout: str) -> NationalReview:
    if layout not in ReportJob.NATIONAL_LAYOUTS:
        raise Http404
    return get_object_or_404(published_reviews(), pk=review_id)


@require_safe
@cache_control(no_cache=True)
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "cycles": selectors.published_by_cycle(),
        "countries": selectors.published_countries(),
        "objectives": Objective.objects.order_by("number"),
        "layouts": national_layouts(),
    }
    return render(request, "reviews/public/index.html", context)


@require_safe
@cache_control(no_cache=True)
def country(request: HttpRequest, iso3: str) -> HttpResponse:
    if iso3 != iso3.upper():
        return redirect("public:country", iso3.upper(), permanent=True)
    place = get_object_or_404(Country, iso3=iso3)
    context = {
        "country": place,
        "reviews": selectors.country_publications(place),
        "layouts": national_layouts(),
    }
    return render(request, "reviews/public/country.html", context)


def _report_body(review: NationalReview, layout: str, language: str) -> str:
    """The report's document (the preview's HTML, whose text its templates escape)
    without the print page around it: the contents of its ``<main>``, to be shown
    inside a portal page. Its plain tables (the print stylesheet's) get the portal's
    look and scroll sideways on a phone, focusable so a keyboard can scroll them."""
    document = pdf.report_html(review, layout, language, for_pdf=False)
    start, end = document.index("<main>") + len("<main>"), document.rindex("</main>")
    head, *tables = document[start:end].split("<table>")
    parts = [head]
    for table in tables:
        inside, after = table.split("</table>", 1)
        parts.append(
            '<div class="table-responsive" tabindex="0"><table class="table table-sm caption-top">'
            f"{inside}</table></div>{after}"
        )
    return "".join(parts)


@require_safe
@cache_control(no_cache=True)
def report(request: HttpRequest, review_id: int, layout: str) -> HttpResponse:
    review = _published(review_id, layout)
    pdfs = [
        {
            "layout": code,
            "label": label,
            "files": [
                {
                    "language": language,
                    "name": name,
                    "job": services.public_job(review, code, language),
                }
                for language, name in settings.LANGUAGES
                # Only the PDFs published with it (reviews.services.regional).
                if services.public_pdf_key(code, language) in review.published_reports
            ],
        }
        for code, label in national_layouts()
    ]
    context = {
        "review": review,
        "layout": layout,
        "layout_label": dict(national_layouts())[layout],
        "layouts": national_layouts(),
        "pdfs": pdfs,
        "body": mark_safe(_report_body(review, layout, request.LANGUAGE_CODE)),  # noqa: S308
    }
    return render(request, "reviews/public/report.html", context)


@require_safe
@cache_control(no_cache=True)
def report_pdf(request: HttpRequest, review_id: int, layout: str, language: str) -> HttpResponse:
    review = _published(review_id, layout)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    job = services.public_job(review, layout, language)
    if job is None or not job.file.storage.exists(job.file.name):
        raise Http404  # not made yet (or its file is gone): never a half-written one
    name = f"{review.country.iso3}-{review.cycle.slug}-{layout}-{language}.pdf"
    return FileResponse(
        job.file.open("rb"), as_attachment=False, filename=name, content_type="application/pdf"
    )


@require_safe
@cache_control(no_cache=True)
def objective(request: HttpRequest, number: int) -> HttpResponse:
    chosen = get_object_or_404(Objective, number=number)
    context = {
        "objective": chosen,
        "objectives": Objective.objects.order_by("number"),
        "rows": selectors.objective_publications(chosen),
    }
    return render(request, "reviews/public/objective.html", context)
