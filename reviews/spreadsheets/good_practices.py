"""A review's good practices as one XLSX sheet for its coordinators: one row per
practice, the columns of the Hub's Word template (``selectors.good_practice_fields``)."""

from django.utils.translation import gettext as _

from reviews import selectors
from reviews.models import NationalReview
from reviews.spreadsheets.workbook import Sheet, workbook


def good_practices_workbook(review: NationalReview) -> bytes:
    """Every practice drafted or proposed in the review, with its status and when it
    was proposed; dates are dates, never written in the reader's way."""
    every_principle = selectors.principles()
    practices = selectors.review_good_practices(review)
    rows = []
    headers = [
        label
        for label, _value in selectors.flat_fields(selectors.good_practice_labels(every_principle))
    ]
    headers += [_("Status"), _("Proposed")]
    for practice in practices:
        fields = selectors.flat_fields(selectors.good_practice_fields(practice, every_principle))
        rows.append(
            [value for _label, value in fields]
            + [practice.get_status_display(), practice.proposed_at]
        )
    sheet = Sheet(
        title=_("Good practices"),
        headers=headers,
        rows=rows,
        widths=[40] * len(headers),
    )
    return workbook([sheet])
