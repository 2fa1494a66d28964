"""Reads of a review's pledges and consultations with stakeholders: their pages, the
exports, the methodology draft and the report."""

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.models import NationalReview
from reviews.models.network import Consultation, Pledge


def review_pledges(review: NationalReview) -> QuerySet[Pledge]:
    """The review's pledges in the order they were recorded, with what each is linked to."""
    return review.pledges.select_related("created_by").prefetch_related("objectives", "principles")


def review_consultations(review: NationalReview) -> QuerySet[Consultation]:
    """The review's consultations, the earliest first, with the objectives discussed."""
    return review.consultations.prefetch_related("objectives")


def consultation_citation(consultation: Consultation) -> str:
    """One consultation as the methodology cites it: "12 March 2024 (In person; Civil
    society, Migrants; objectives 7, 16)"."""
    parts = [str(consultation.get_format_display())]
    if consultation.participants:
        parts.append(
            ngettext("%(count)s participant", "%(count)s participants", consultation.participants)
            % {"count": consultation.participants}
        )
    parts.append(", ".join(consultation.group_labels()))
    numbers = sorted(objective.number for objective in consultation.objectives.all())
    if numbers:
        parts.append(
            ngettext("objective %(numbers)s", "objectives %(numbers)s", len(numbers))
            % {"numbers": ", ".join(str(number) for number in numbers)}
        )
    return _("%(date)s (%(details)s)") % {
        "date": date_format(consultation.held_on, "DATE_FORMAT"),
        "details": "; ".join(parts),
    }


def consultations_paragraph(review: NationalReview) -> str:
    """The methodology's paragraph on the consultations: how many, and each cited; empty
    when none was recorded."""
    consultations = list(review_consultations(review))
    if not consultations:
        return ""
    return ngettext(
        "%(count)s consultation with stakeholders was held: %(list)s.",
        "%(count)s consultations with stakeholders were held: %(list)s.",
        len(consultations),
    ) % {
        "count": len(consultations),
        "list": "; ".join(consultation_citation(c) for c in consultations),
    }
