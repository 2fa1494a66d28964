"""Turning the portal's own HTML into PDF with WeasyPrint.

Documents are rendered from ordinary templates that link their stylesheets
and fonts with ``{% static %}``. The renderer resolves those links to the
files on disk and refuses every other address: a PDF never reaches the
network, whatever text an institution typed.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop
from pypdf import PdfReader
from weasyprint import HTML, URLFetcher

from reviews.models import NationalReview, ReviewCycle
from reviews.selectors.region import synthesis_context
from reviews.selectors.report import report_context

# An origin that cannot exist: relative links resolve against it, and only
# its static files are served to the renderer.
BASE_URL = "https://pdf.gcm-portal.invalid/"
# Tagged PDF, so that screen readers can read the documents.
PDF_VARIANT = "pdf/ua-1"

# The stages of a report being written, untranslated: a job keeps its stage as said
# here, and each page translates it into its reader's language (a report in English
# asked for by someone reading Spanish said "En redacción: Laying out the pages").
GATHERING = gettext_noop("Gathering the texts and figures")
LAYING_OUT = gettext_noop("Laying out the pages")
WRITING = gettext_noop("Writing the PDF")
STAGES = (GATHERING, LAYING_OUT, WRITING)


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


def _layout(html: str):
    """Lay the HTML out in pages (the long part); ``_write`` then makes the file."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher(timeout=5))
    return document.render(pdf_variant=PDF_VARIANT)


def _write(document) -> bytes:
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """The template as a tagged PDF (PDF/UA), fonts embedded; title, author and
    language come from the document's ``<title>``, ``<meta name=author>`` and
    ``lang``."""
    return _write(_layout(render_to_string(template_name, context, request=request)))


def report_html(review: NationalReview, layout: str, language: str, *, for_pdf=True) -> str:
    """The national report as HTML: the PDF's source, and the browser preview."""
    with translation.override(language):
        context = {**report_context(review, layout), "for_pdf": for_pdf}
        return render_to_string("reviews/reports/national/document.html", context)


def synthesis_html(cycle: ReviewCycle, language: str, *, for_pdf=True) -> str:
    """A cycle's regional synthesis as HTML: the PDF's source, and the browser preview."""
    with translation.override(language):
        context = {**synthesis_context(cycle), "for_pdf": for_pdf}
        return render_to_string("reviews/reports/regional/synthesis.html", context)


@dataclass(frozen=True)
class RenderedReport:
    content: bytes  # the PDF
    pages: int
    html: str  # what it was made from, for the fingerprint of its content


def report_pdf(
    review: NationalReview,
    layout: str,
    language: str,
    *,
    progress: Callable[[int, str], None] | None = None,
) -> RenderedReport:
    """The national report as a tagged PDF, in ``language``: the one path that the
    report worker and the ``render_report`` command share, so both make the same file.

    ``progress(percent, stage)`` hears before each step, the stage one of ``STAGES``,
    untranslated (the page of the coordinator who waits translates it). Nothing here
    writes to the database, so a read replica can serve it.
    """
    return _document_pdf(lambda: report_html(review, layout, language), language, progress)


def synthesis_pdf(
    cycle: ReviewCycle, language: str, *, progress: Callable[[int, str], None] | None = None
) -> RenderedReport:
    """The regional synthesis as a tagged PDF, made as the national reports are."""
    return _document_pdf(lambda: synthesis_html(cycle, language), language, progress)


def _document_pdf(html_of: Callable[[], str], language: str, progress) -> RenderedReport:
    tell = progress or (lambda percent, stage: None)
    with translation.override(language):
        tell(10, GATHERING)
        html = html_of()
        tell(30, LAYING_OUT)
        document = _layout(html)
        tell(80, WRITING)
        content = _write(document)
    return RenderedReport(content=content, pages=len(document.pages), html=html)


# The headings that print.css makes bookmarks of (``bookmark-level``): a report's sections.
SECTION_TAGS = ("h1", "h2", "h3")


class _Sections(HTMLParser):
    """The text of each section heading of a report's HTML, as a bookmark says it."""

    def __init__(self):
        super().__init__()
        self.titles: list[str] = []
        self._open: list[str] | None = None
        self._tag = ""
        self.breaks = 0  # the parts that the layout starts on a page of their own

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        self.breaks += "new-page" in classes
        if tag in SECTION_TAGS or "cover-title" in classes:
            self._open, self._tag = [], tag

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._tag:
            self.titles.append(_spaced("".join(self._open)))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _parsed(html: str) -> _Sections:
    parser = _Sections()
    parser.feed(html)
    return parser


def sections(html: str) -> list[str]:
    """The titles of the report's sections: its headings that print.css bookmarks."""
    return [title for title in _parsed(html).titles if title]


def least_pages(html: str) -> int:
    """The fewest pages the layout can make: the cover, then each part that starts
    on a page of its own (``.new-page``)."""
    return 1 + _parsed(html).breaks


def bookmarks(outline) -> list[str]:
    """Every bookmark title of a PDF's outline (pypdf's), at any depth."""
    return [
        title
        for item in outline
        for title in (bookmarks(item) if isinstance(item, list) else [_spaced(item["/Title"])])
    ]


def incomplete(report: RenderedReport) -> list[str]:
    """What is wrong with a rendered report, read back from its PDF: nothing when
    it is whole (as many pages as laid out, at least as many as its layout makes, and
    every section's bookmark). In English, for the administrators."""
    try:
        reader = PdfReader(io.BytesIO(report.content), strict=True)
        pages, titles = len(reader.pages), set(bookmarks(reader.outline))
    except Exception as error:  # pypdf's errors have no common base  # noqa: BLE001
        return [f"the PDF cannot be read back ({type(error).__name__}: {error})"]
    expected = sections(report.html)
    problems = []
    if pages != report.pages:
        problems.append(f"{pages} pages in the file, {report.pages} laid out")
    least = least_pages(report.html)
    if pages < least:
        problems.append(f"{pages} pages where the layout makes at least {least}")
    missing = [title for title in expected if title not in titles]
    if missing:
        problems.append(
            f"{len(missing)} of {len(expected)} section bookmarks missing: "
            + "; ".join(missing[:5])
        )
    return problems
