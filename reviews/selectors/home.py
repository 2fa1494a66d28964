"""Reads of the home page: what a person does, and what they may start."""

from reviews.access import is_administrator
from reviews.models import (
    Institution,
    NationalReview,
    ReviewCycle,
)


def user_roles(user) -> dict:
    """What the user does, for the page that takes each person to their work."""
    return {
        "administrator": is_administrator(user),
        "coordinated_reviews": list(
            NationalReview.objects.filter(coordinators__user=user).select_related(
                "cycle", "country"
            )
        ),
        "institutions": list(
            Institution.objects.filter(focal_points__user=user).select_related("country")
        ),
        "reviewed_cycles": list(user.reviewer_roles.select_related("cycle")),
    }


def startable_cycles(user):
    """Open cycles for which a coordinator's country has no review yet: (cycle, country) pairs."""
    countries = {
        review.country for review in NationalReview.objects.filter(coordinators__user=user)
    }
    pairs = []
    for cycle in ReviewCycle.objects.filter(status=ReviewCycle.Status.OPEN):
        for country in countries:
            if cycle.is_open_to(country) and not cycle.reviews.filter(country=country).exists():
                pairs.append((cycle, country))
    return pairs
