"""Reads that several pages share."""

from reviews.access import is_administrator
from reviews.models import Answer, Institution, NationalReview, ReviewCycle, count_words


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


def input_rows(inputs) -> list[dict]:
    """Each input with the words written in its answers, for the overview."""
    texts = {}
    for input_id, text in Answer.objects.filter(input__in=inputs).values_list("input_id", "text"):
        texts[input_id] = texts.get(input_id, 0) + count_words(text)
    return [{"input": i, "words": texts.get(i.pk, 0)} for i in inputs]
