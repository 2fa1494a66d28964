"""Reads of handovers: what a new focal point takes over, and the timeline of an input."""

from django.db.models import Count, Q

from reviews.models import Handover, Input, Institution, InstitutionRequest, NationalReview


def handover_inheritance(institution: Institution) -> list[InstitutionRequest]:
    """The institution's requests in reviews still open, each with how many forms it
    has (``forms``), how many were begun (``begun``), the coordinators' comments on
    them (``comments``) and its programmes (``programme_count``): what a new focal
    point finds. One query, however many requests."""
    return list(
        InstitutionRequest.objects.filter(institution=institution)
        .exclude(review__status=NationalReview.Status.SUBMITTED)
        .select_related("review__cycle", "review__country")
        .annotate(
            forms=Count("inputs", distinct=True),
            begun=Count(
                "inputs",
                filter=~Q(inputs__status=Input.Status.NOT_STARTED),
                distinct=True,
            ),
            comments=Count("inputs__comments", distinct=True),
            programme_count=Count("programmes", distinct=True),
        )
        .order_by("review__cycle__deadline", "pk")
    )


def input_timeline(input: Input, transitions) -> list[dict]:
    """The input's moves (``transitions``) and the handovers of its institution since
    its review began, in the order they happened: ``{"at", "transition"}`` or
    ``{"at", "handover"}``."""
    handovers = Handover.objects.filter(
        institution=input.request.institution_id, at__gte=input.request.review.created_at
    ).select_related("by")
    entries = [{"at": t.at, "transition": t} for t in transitions]
    entries += [{"at": h.at, "handover": h} for h in handovers]
    return sorted(entries, key=lambda entry: entry["at"])
