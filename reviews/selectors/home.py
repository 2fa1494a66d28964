"""Reads of the home page: what a person does, and what they may start."""

from objectives.models import Country
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
        "reviewed_cycles": list(user.reviewer_roles.select_related("cycle__regional_commission")),
    }


def startable_cycles(user):
    """Open cycles for which a coordinator's country has no review yet: (cycle, country)
    pairs. Four queries, whatever the number of cycles and countries."""
    countries = {
        review.country
        for review in NationalReview.objects.filter(coordinators__user=user).select_related(
            "country"
        )
    }
    if not countries:
        return []
    cycles = list(ReviewCycle.objects.filter(status=ReviewCycle.Status.OPEN))
    started = set(
        NationalReview.objects.filter(cycle__in=cycles, country__in=countries).values_list(
            "cycle_id", "country_id"
        )
    )
    # The regional commissions each country belongs to: a regional cycle is open to them.
    memberships = set(
        Country.regional_commissions.through.objects.filter(country__in=countries).values_list(
            "country_id", "regionalcommission_id"
        )
    )
    return [
        (cycle, country)
        for cycle in cycles
        for country in sorted(countries, key=lambda c: c.iso3)
        if (cycle.pk, country.pk) not in started
        and (
            cycle.regional_commission_id is None
            or (country.pk, cycle.regional_commission_id) in memberships
        )
    ]
