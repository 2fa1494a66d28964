"""A region's review as one workbook, for the regional reviewer: the countries and the
state of their reviews; coverage of the objectives; challenges by category; the
programmes reported.

Only submitted reviews are read for their content (the countries sheet lists every
country of the region). Titles and headers are in the reader's language; numbers are
numbers and dates are dates, never localised text; what institutions typed is never a
formula (``workbook.workbook`` stores it as text).
"""

from django.utils.translation import gettext as _

from reviews.models import Programme, ReviewCycle
from reviews.selectors.region import (
    region_challenges,
    region_countries,
    region_coverage,
    submitted_reviews,
)
from reviews.spreadsheets.resources import SEPARATOR
from reviews.spreadsheets.workbook import Sheet, workbook

# An objective a country's answers cover without a programme (as the coverage page
# marks it); a gap counts 0 programmes.
COVERED_BY_ANSWERS = "✓"


def _countries(cycle: ReviewCycle) -> Sheet:
    return Sheet(
        title=_("Countries"),
        headers=[_("Country"), _("State"), _("Deadline")],
        rows=[
            [str(row["country"]), str(row["state_label"]), row["deadline"]]
            for row in region_countries(cycle)
        ],
        widths=[34, 22, 14],
    )


def _coverage(coverage: dict) -> Sheet:
    rows: list[list] = [
        [
            str(row["review"].country),
            *(
                cell["programmes"] or (COVERED_BY_ANSWERS if cell["covered"] else 0)
                for cell in row["cells"]
            ),
        ]
        for row in coverage["rows"]
    ]
    rows.append([_("Countries covering it"), *(t["countries"] for t in coverage["totals"])])
    rows.append([_("Programmes"), *(t["programmes"] for t in coverage["totals"])])
    return Sheet(
        title=_("Coverage"),
        # Objectives by number (a header is text; the workbook writes every one so).
        headers=[_("Country"), *(o.number for o in coverage["objectives"])],
        rows=rows,
        widths=[34, *([5] * len(coverage["objectives"]))],
    )


def _challenges(challenges: dict) -> Sheet:
    return Sheet(
        title=_("Challenges"),
        headers=[
            _("Category"),
            *(str(review.country) for review in challenges["reviews"]),
            _("Region"),
        ],
        rows=[
            [str(row["category"].name), *row["counts"], row["total"]] for row in challenges["rows"]
        ],
        widths=[50],
    )


def _programmes(reviews) -> Sheet:
    programmes = sorted(
        Programme.objects.filter(request__review__in=reviews)
        .select_related("request__institution", "request__review__country")
        .prefetch_related("objectives"),
        key=lambda p: (str(p.request.review.country), p.request.institution.name, p.name, p.pk),
    )
    return Sheet(
        title=_("Programmes"),
        headers=[_("Country"), _("Institution"), _("Programme"), _("Kind"), _("Objectives")],
        rows=[
            [
                str(p.request.review.country),
                p.request.institution.name,
                p.name,
                str(p.get_kind_display()),
                SEPARATOR.join(str(n) for n in sorted(o.number for o in p.objectives.all())),
            ]
            for p in programmes
        ],
        widths=[24, 40, 50, 16, 14],
    )


def region_workbook(cycle: ReviewCycle) -> bytes:
    """The cycle's region as an XLSX: countries, coverage, challenges, programmes."""
    return workbook(
        [
            _countries(cycle),
            _coverage(region_coverage(cycle)),
            _challenges(region_challenges(cycle)),
            _programmes(submitted_reviews(cycle)),
        ]
    )
