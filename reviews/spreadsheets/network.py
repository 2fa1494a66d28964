"""A review's pledges handed out: every pledge as a row of an XLSX sheet, and one pledge
as a Word document holding the fields of the Hub's pledge form."""

import io

import docx
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reviews.models import NationalReview
from reviews.models.network import Pledge
from reviews.selectors.network import review_pledges
from reviews.spreadsheets.workbook import Sheet, workbook

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _numbers(rows) -> str:
    return ", ".join(str(row.number) for row in rows)


def pledges_workbook(review: NationalReview) -> bytes:
    """One row per pledge; dates as dates and objectives as their numbers (never
    localised: the sheet is read by programs too)."""
    headers = [
        _("Title"),
        _("Kind"),
        _("The pledge"),
        _("How it is measured"),
        _("To be fulfilled by"),
        _("Partners"),
        _("GCM objectives"),
        _("Guiding principles"),
        _("Attached document"),
        _("Recorded"),
    ]
    rows = (
        [
            pledge.title,
            str(pledge.get_kind_display()),
            pledge.text,
            pledge.indicator,
            pledge.due_on,
            pledge.partners,
            _numbers(pledge.objectives.all()),
            _numbers(pledge.principles.all()),
            pledge.file_name,
            pledge.created_at,
        ]
        for pledge in review_pledges(review)
    )
    sheet = Sheet(
        title=str(_("Pledges")),
        headers=headers,
        rows=rows,
        widths=[40, 14, 80, 40, 14, 30, 16, 16, 30, 18],
    )
    return workbook([sheet])


def pledge_fields(pledge: Pledge) -> list[tuple[str, str]]:
    """The Hub's pledge form, field by field, as the .docx holds it."""
    review = pledge.review
    return [
        (_("Pledge title"), pledge.title),
        (
            _("Pledging entity"),
            " · ".join(str(x) for x in (review.country, review.coordinating_institution) if x),
        ),
        (_("Type of pledge"), str(pledge.get_kind_display())),
        (_("The pledge"), pledge.text),
        (_("How it is measured"), pledge.indicator),
        (_("To be fulfilled by"), date_format(pledge.due_on, "DATE_FORMAT")),
        (_("Partners"), pledge.partners or "—"),
        (_("GCM objectives"), "\n".join(str(o) for o in pledge.objectives.all()) or "—"),
        (_("Guiding principles"), "\n".join(str(p) for p in pledge.principles.all()) or "—"),
        (_("Attached document"), pledge.file_name or "—"),
    ]


def pledge_docx(pledge: Pledge) -> bytes:
    """One pledge as a Word document: a heading, then a table of the form's fields."""
    document = docx.Document()
    document.core_properties.title = pledge.title
    document.add_heading(_("Pledge to the Global Compact for Migration"), level=1)
    document.add_paragraph(f"{pledge.review.country} · {pledge.review.cycle}")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in pledge_fields(pledge):
        cells = table.add_row().cells
        cells[0].text = str(label)
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
