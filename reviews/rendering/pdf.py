"""Turning the portal's own HTML into PDF with WeasyPrint.

Documents are rendered from ordinary templates that link their stylesheets
and fonts with ``{% static %}``. The renderer resolves those links to the
files on disk and refuses every other address: a PDF never reaches the
network, whatever text an institution typed.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, URLFetcher

from reviews.models import NationalReview
from reviews.selectors.report import report_context

# An origin that cannot exist: relative links resolve against it, and only
# its static files are served to the renderer.
BASE_URL = "https://pdf.gcm-portal.invalid/"
# Tagged PDF, so that screen readers can read the documents.
PDF_VARIANT = "pdf/ua-1"


class StaticFilesFetcher(URLFetcher):
    """Serves the project's static files to WeasyPrint and nothing else."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        prefix = "/" + settings.STATIC_URL.lstrip("/")
        if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and parts.path.startswith(prefix):
            found = finders.find(unquote(parts.path.removeprefix(prefix)))
            if found:
                return super().fetch(Path(found).as_uri(), headers)
        elif parts.scheme == "file" and _is_static(Path(unquote(parts.path))):
            # WeasyPrint asks again by the file's own address (fonts do).
            return super().fetch(url, headers)
        raise ValueError(f"PDF documents load only the portal's static files, not {url}")


def _is_static(path: Path) -> bool:
    roots = [Path(root) for root in settings.STATICFILES_DIRS] + [Path(settings.STATIC_ROOT)]
    path = path.resolve()
    return any(path.is_relative_to(root.resolve()) for root in roots)


def layout(html: str):
    """Lay the HTML out in pages (the long part); ``write`` then makes the file."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher(timeout=5))
    return document.render(pdf_variant=PDF_VARIANT)


def write(document) -> bytes:
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """The template as a tagged PDF (PDF/UA), fonts embedded; title, author and
    language come from the document's ``<title>``, ``<meta name=author>`` and
    ``lang``."""
    return write(layout(render_to_string(template_name, context, request=request)))


def report_html(review: NationalReview, layout: str, language: str, *, for_pdf=True) -> str:
    with translation.override(language):
        context = {**report_context(review, layout), "for_pdf": for_pdf}
        return render_to_string("reviews/reports/national/document.html", context)


def render_report_pdf(review: NationalReview, layout: str, language: str) -> bytes:
    """The national report as a tagged PDF, in ``language``."""
    with translation.override(language):
        context = {**report_context(review, layout), "for_pdf": True}
        return render_pdf("reviews/reports/national/document.html", context)
