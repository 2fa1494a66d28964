"""Reads of the public pages: the published national reports, and nothing else.

Every function starts from ``region.published_reviews()`` (submitted and
published), so a review in preparation, submitted but not published, or taken
off the public pages is never read here. Each runs a fixed number of queries
whatever the number of reviews (the objective's page: a few more per kind of
grouping of the cycles, of which there are two).
"""

from collections import defaultdict
from itertools import groupby

from objectives.models import Country, Objective
from reviews.models import NationalReview, Programme
from reviews.selectors.region import published_reviews, texts_about
from reviews.selectors.units import cycle_groups


def _newest_first(reviews) -> list[NationalReview]:
    """Cycles newest first (as they are ordered everywhere), countries by name in the
    reader's language."""
    return sorted(
        reviews,
        key=lambda r: (-r.cycle.opens_on.toordinal(), r.cycle.slug, str(r.country)),
    )


def published_by_cycle() -> list[dict]:
    """Each cycle with a published report, newest first, with its published reviews."""
    reviews = _newest_first(list(published_reviews()))
    return [
        {"cycle": cycle, "reviews": list(items)}
        for cycle, items in groupby(reviews, key=lambda r: r.cycle)
    ]


def published_countries() -> list[Country]:
    """The countries with at least one published report, by name."""
    return sorted(Country.objects.filter(reviews__in=published_reviews()).distinct(), key=str)


def country_publications(country: Country) -> list[NationalReview]:
    """A country's published reviews, newest cycle first."""
    return _newest_first(list(published_reviews().filter(country=country)))


def objective_publications(objective: Objective) -> list[dict]:
    """What the published reports say about one objective: for each published review
    (newest cycle first), its national texts about the objective (its own, and those
    of its thematic areas or round table) and the programmes it reported under it."""
    reviews = _newest_first(list(published_reviews()))
    texts: dict[int, list] = {}
    # The texts of a group are headed by the cycle's groups: read once per grouping.
    by_grouping = defaultdict(list)
    for review in reviews:
        by_grouping[review.cycle.grouping].append(review)
    for same in by_grouping.values():
        texts.update(texts_about(same, objective, cycle_groups(same[0].cycle)))
    programmes = defaultdict(list)
    for programme in (
        Programme.objects.filter(request__review__in=reviews, objectives=objective)
        .select_related("request__institution")
        .order_by("name", "pk")
    ):
        programmes[programme.request.review_id].append(programme)
    return [
        {"review": r, "texts": texts.get(r.pk, []), "programmes": programmes[r.pk]} for r in reviews
    ]
