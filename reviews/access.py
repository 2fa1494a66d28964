"""Who may see and change what: every view fetches its objects through these.

Lookups by id drop the models' default ordering (``order_by()``), which
would otherwise join related tables only to sort a single row.

An object outside the user's country or institution answers 404, as if it
did not exist, so ids cannot be probed. Someone inside who may only read (a
focal point looking at their country's review, a regional reviewer) gets 403
where they would change something.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reviews.models import FocalPoint, Input, Institution, InstitutionRequest, NationalReview


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


def countries_of(user) -> set[int]:
    """Countries the user works for, through any of their roles."""
    return set(
        FocalPoint.objects.filter(user=user).values_list("institution__country", flat=True)
    ) | set(
        NationalReview.objects.filter(coordinators__user=user).values_list("country", flat=True)
    )


def coordinated_reviews(user):
    if is_administrator(user):
        return NationalReview.objects.all()
    return NationalReview.objects.filter(coordinators__user=user)


def may_edit_review(user, review: NationalReview) -> bool:
    return is_administrator(user) or review.coordinators.filter(user=user).exists()


def get_review_for_user(user, review_id: int, *, write: bool = False) -> NationalReview:
    """The review, for its coordinators and administrators.

    A regional reviewer of the cycle may read a submitted review; anyone else
    of the same country is refused (403); everyone else gets 404.
    """
    review = (
        NationalReview.objects.select_related("cycle", "country", "coordinating_institution")
        .filter(pk=review_id)
        .order_by()
        .first()
    )
    if review is None:
        raise Http404
    if may_edit_review(user, review):
        return review
    may_read = (
        review.status == NationalReview.Status.SUBMITTED
        and review.cycle.reviewers.filter(user=user).exists()
    )
    if may_read and not write:
        return review
    if may_read or review.country_id in countries_of(user):
        raise PermissionDenied
    raise Http404


def get_institution_for_user(user, institution_id: int) -> Institution:
    """An institution's page: its focal points, and the coordinators of its country, read it."""
    institution = (
        Institution.objects.select_related("country").filter(pk=institution_id).order_by().first()
    )
    if institution is None:
        raise Http404
    if is_administrator(user) or institution.focal_points.filter(user=user).exists():
        return institution
    if NationalReview.objects.filter(
        country=institution.country_id, coordinators__user=user
    ).exists():
        return institution
    raise Http404


def get_review_institution(review: NationalReview, institution_id: int) -> Institution:
    """An institution of the review's country (the review was fetched through the user's rights)."""
    institution = (
        Institution.objects.filter(pk=institution_id, country=review.country_id).order_by().first()
    )
    if institution is None:
        raise Http404
    return institution


def get_review_focal_point(review: NationalReview, focal_point_id: int) -> FocalPoint:
    focal_point = (
        FocalPoint.objects.select_related("user", "institution")
        .filter(pk=focal_point_id, institution__country=review.country_id)
        .order_by()
        .first()
    )
    if focal_point is None:
        raise Http404
    return focal_point


PAGE_RELATED = (
    "request__review__cycle",
    "request__review__country",
    "request__institution",
    "objective__round_table",
)


def get_input_for_user(user, input_id: int, *, write: bool = False, related=PAGE_RELATED) -> Input:
    """An input: its institution's focal points read and write it; the review's
    coordinators (and administrators) read it; anyone else gets 404.

    ``related`` is what the caller will read besides: a page needs the cycle
    and the objective, an autosave only the review (every join costs it time)."""
    input = Input.objects.select_related(*related).filter(pk=input_id).order_by().first()
    if input is None:
        raise Http404
    if FocalPoint.objects.filter(institution=input.request.institution_id, user=user).exists():
        return input
    if may_edit_review(user, input.request.review):
        if write:
            raise PermissionDenied
        return input
    raise Http404


def get_input_for_reviewer(user, input_id: int) -> Input:
    """An input for accepting or returning it: the review's coordinators only."""
    input = get_input_for_user(user, input_id)
    if not may_edit_review(user, input.request.review):
        raise PermissionDenied
    return input


def get_request_for_user(user, request_id: int, *, write: bool = False) -> InstitutionRequest:
    """An institution's whole answer to a review: like its inputs, its focal
    points read and write it, the review's coordinators read it, others get 404."""
    institution_request = (
        InstitutionRequest.objects.select_related(
            "review__cycle", "review__country", "review__coordinating_institution", "institution"
        )
        .filter(pk=request_id)
        .order_by()
        .first()
    )
    if institution_request is None:
        raise Http404
    if institution_request.institution.focal_points.filter(user=user).exists():
        return institution_request
    if may_edit_review(user, institution_request.review):
        if write:
            raise PermissionDenied
        return institution_request
    raise Http404


def get_review_draft_for_user(user, review_id: int) -> tuple[NationalReview, Institution | None]:
    """The consolidated draft: its coordinators always; during validation (and
    after submission) the focal points of the institutions asked, who read it
    and answer for their institution (returned second); the regional reviewers
    once it is submitted. Others of the country get 403, the rest 404."""
    review = (
        NationalReview.objects.select_related("cycle", "country", "coordinating_institution")
        .filter(pk=review_id)
        .order_by()
        .first()
    )
    if review is None:
        raise Http404
    if may_edit_review(user, review):
        return review, None
    shown = review.status in (NationalReview.Status.VALIDATING, NationalReview.Status.SUBMITTED)
    focal_point = (
        FocalPoint.objects.filter(user=user, institution__requests__review=review)
        .select_related("institution")
        .order_by()
        .first()
    )
    if shown and focal_point:
        return review, focal_point.institution
    if (
        review.status == NationalReview.Status.SUBMITTED
        and review.cycle.reviewers.filter(user=user).exists()
    ):
        return review, None
    if review.country_id in countries_of(user):
        raise PermissionDenied
    raise Http404
