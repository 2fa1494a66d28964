"""The PDFs a coordinator downloads are accessible documents: read back with pypdf.

Tagged (PDF/UA), with a structure tree, their language and title set, every font
embedded, and the chart (an inline SVG in the report's first annex) a Figure with
its text alternative: WeasyPrint takes it from the SVG's ``<title>``.
"""

import io

import pytest
from pypdf import PdfReader

from reviews.rendering import pdf
from tests.reviews.test_coordination import known  # noqa: F401 (fixture)
from tests.reviews.test_synthesis_pdf import region  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def elements(node):
    """Every element of a structure tree, depth first, as dictionaries."""
    node = node.get_object()
    if "/S" in node:
        yield node
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "keys") and kid.get("/Type") not in ("/MCR", "/OBJR"):
            yield from elements(kid)


def fonts(reader):
    """Each font of each page, with its descriptor (a composite font's is its descendant's)."""
    for page in reader.pages:
        for name, font in page["/Resources"].get("/Font", {}).items():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            yield name, font["/FontDescriptor"].get_object()


def check_accessible(content: bytes, language: str, title: str) -> list:
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == language
    assert reader.metadata.title.startswith(title)
    tree = list(elements(root["/StructTreeRoot"]))
    kinds = {element["/S"] for element in tree}
    assert {"/Document", "/H1", "/H2", "/P", "/Table", "/TH"} <= kinds
    embedded = {
        name: [key for key in descriptor if key in ("/FontFile", "/FontFile2", "/FontFile3")]
        for name, descriptor in fonts(reader)
    }
    assert embedded and all(embedded.values()), embedded
    return [element for element in tree if element["/S"] == "/Figure"]


@pytest.mark.parametrize(
    ("layout", "language", "title", "alternative"),
    [
        ("imrf", "en", "National report of Guatemala", "Programmes and actions by objective"),
        ("regional", "es", "Cuestionario de Guatemala", "Programas y acciones por objetivo"),
    ],
)
def test_the_national_report_is_an_accessible_pdf(known, layout, language, title, alternative):  # noqa: F811
    content = pdf.report_pdf(known.review_a, layout, language).content
    figures = check_accessible(content, language, title)
    # The chart of programmes by objective, with its text alternative in the report's language.
    assert [figure.get("/Alt") for figure in figures] == [alternative]


def test_the_synthesis_is_an_accessible_pdf(region):  # noqa: F811
    cycle, *_rest = region
    content = pdf.synthesis_pdf(cycle, "en", progress=None).content
    figures = check_accessible(content, "en", "Regional synthesis")
    assert all(figure.get("/Alt") for figure in figures)  # it draws no chart today
