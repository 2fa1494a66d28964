"""Who may see and change what: every view fetches its objects through these.

Each ``get_*_for_user`` helper answers once, for one object, what the user may
do with it: it returns the object inside a small ``*Rights`` record, and views
and templates read that record instead of working a rule out again.

An object outside the user's country or institution answers 404, as if it
did not exist, so ids cannot be probed. Someone inside who may only read (a
focal point looking at their country's review, a regional reviewer) gets 403
where they would change something (``write=True``).

Lookups by id drop the models' default ordering (``order_by()``), which
would otherwise join related tables only to sort a single row.
"""

import dataclasses
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef
from django.http import Http404

from objectives.models import Country, RoundTable
from reviews import stamps
from reviews.models import (
    Answer,
    FocalPoint,
    Input,
    Institution,
    InstitutionRequest,
    NationalReview,
    ReviewCycle,
)

# An input the coordinator may accept or return: the focal point has sent it.
REVIEWABLE = {Input.Status.SUBMITTED, Input.Status.ACCEPTED}


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


def _countries_of(user) -> set[int]:
    """Countries the user works for, through any of their roles."""
    return set(
        FocalPoint.objects.filter(user=user).values_list("institution__country", flat=True)
    ) | set(
        NationalReview.objects.filter(coordinators__user=user).values_list("country", flat=True)
    )


def _coordinates(user, review: NationalReview) -> bool:
    """The one answer to "may this person run this review?"."""
    return is_administrator(user) or review.coordinators.filter(user=user).exists()


def _answers_for(user, institution_id: int) -> bool:
    """The one answer to "is this person a focal point of this institution?"."""
    return FocalPoint.objects.filter(institution=institution_id, user=user).exists()


def _reviews_region(user, review: NationalReview) -> bool:
    """A regional reviewer of the cycle reads its reviews once they are submitted."""
    return (
        review.status == NationalReview.Status.SUBMITTED
        and review.cycle.reviewers.filter(user=user).exists()
    )


def _refuse(user, country_id: int):
    """Someone of the same country is told no (403); anyone else that nothing is there."""
    if country_id in _countries_of(user):
        raise PermissionDenied
    raise Http404


@dataclass(frozen=True)
class ReviewRights:
    """A review, and what the user may do with it."""

    review: NationalReview
    coordinates: bool  # runs the review (a coordinator, or an administrator)
    institution: Institution | None = None  # a focal point's institution asked in it

    @property
    def may_edit(self) -> bool:
        """Change the review's setup and its texts: its coordinators, until it is submitted."""
        return self.coordinates and not self.review.is_locked

    @property
    def reads_region(self) -> bool:
        """A regional reviewer (or anyone else who only reads the submitted review)."""
        return not self.coordinates and self.institution is None

    @property
    def may_respond(self) -> bool:
        """Confirm or comment the draft for one's institution, while it is being validated."""
        return (
            self.institution is not None and self.review.status == NationalReview.Status.VALIDATING
        )


@dataclass(frozen=True)
class InputRights:
    """An input (one objective or group of an institution's answer), and what the user
    may do with it."""

    input: Input
    answers: bool  # a focal point of its institution
    coordinates: bool  # runs its review

    @property
    def may_write(self) -> bool:
        return self.answers and self.input.is_editable

    @property
    def may_review(self) -> bool:
        """Accept it or return it with comments, once it was submitted."""
        return self.coordinates and self.input.status in REVIEWABLE


@dataclass(frozen=True)
class RequestRights:
    """An institution's whole answer to a review, and what the user may do with it."""

    request: InstitutionRequest
    answers: bool
    coordinates: bool


@dataclass(frozen=True)
class InstitutionRights:
    institution: Institution
    answers: bool
    coordinates: bool


def _review(review_id: int) -> NationalReview:
    review = (
        NationalReview.objects.select_related("cycle", "country", "coordinating_institution")
        .filter(pk=review_id)
        .order_by()
        .first()
    )
    if review is None:
        raise Http404
    stamps.scope(review.country_id)
    return review


def get_review_for_user(user, review_id: int, *, write: bool = False) -> ReviewRights:
    """The review, for its coordinators and administrators.

    A regional reviewer of the cycle may read a submitted review; anyone else
    of the same country is refused (403); everyone else gets 404.
    """
    review = _review(review_id)
    if _coordinates(user, review):
        return ReviewRights(review, coordinates=True)
    if _reviews_region(user, review):
        if write:
            raise PermissionDenied
        return ReviewRights(review, coordinates=False)
    _refuse(user, review.country_id)


def review_again(rights: ReviewRights) -> ReviewRights:
    """The same rights over the review read again (a page made from data newer than
    its check: reviews.pagecache)."""
    return dataclasses.replace(rights, review=_review(rights.review.pk))


def get_review_draft_for_user(user, review_id: int) -> ReviewRights:
    """The consolidated draft: its coordinators always; during validation (and
    after submission) the focal points of the institutions asked, who read it
    and answer for their institution (``institution``); the regional reviewers
    once it is submitted. Others of the country get 403, the rest 404."""
    review = _review(review_id)
    if _coordinates(user, review):
        return ReviewRights(review, coordinates=True)
    shown = review.status in (NationalReview.Status.VALIDATING, NationalReview.Status.SUBMITTED)
    focal_point = (
        FocalPoint.objects.filter(user=user, institution__requests__review=review)
        .select_related("institution")
        .order_by()
        .first()
    )
    if shown and focal_point:
        return ReviewRights(review, coordinates=False, institution=focal_point.institution)
    if _reviews_region(user, review):
        return ReviewRights(review, coordinates=False)
    _refuse(user, review.country_id)


def get_country_for_coordinator(user, country):
    """A country whose reviews the user coordinates (a new one may be started), or 404."""
    reviews = NationalReview.objects.filter(country=country)
    if not is_administrator(user):
        reviews = reviews.filter(coordinators__user=user)
    if not reviews.exists():
        raise Http404
    stamps.scope(country.pk)
    return country


def get_institution_for_user(user, institution_id: int) -> InstitutionRights:
    """An institution's page: its focal points, and the coordinators of its country, read it."""
    institution = (
        Institution.objects.select_related("country").filter(pk=institution_id).order_by().first()
    )
    if institution is None:
        raise Http404
    stamps.scope(institution.country_id)
    answers = _answers_for(user, institution.pk)
    coordinates = is_administrator(user) or (
        NationalReview.objects.filter(
            country=institution.country_id, coordinators__user=user
        ).exists()
    )
    if not (answers or coordinates):
        raise Http404
    return InstitutionRights(institution, answers=answers, coordinates=coordinates)


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


def get_input_for_user(
    user, input_id: int, *, write: bool = False, related=PAGE_RELATED
) -> InputRights:
    """An input: its institution's focal points read and write it; the review's
    coordinators (and administrators) read it; anyone else gets 404.

    ``related`` is what the caller will read besides: a page needs the cycle
    and the objective, an autosave only the review (every join costs it time)."""
    inputs = Input.objects.select_related(*related).filter(pk=input_id).order_by()
    if user.is_authenticated:
        # The common case, a focal point on their own institution's form (its page,
        # each autosave), in one query. Anyone else is answered below, as always.
        own = inputs.filter(_is_focal_point(user, "request__institution_id")).first()
        if own is not None:
            stamps.scope(own.request.review.country_id)
            return InputRights(own, answers=True, coordinates=False)
    input = inputs.first()
    if input is None:
        raise Http404
    stamps.scope(input.request.review.country_id)
    if _answers_for(user, input.request.institution_id):
        return InputRights(input, answers=True, coordinates=False)
    if _coordinates(user, input.request.review):
        if write:
            raise PermissionDenied
        return InputRights(input, answers=False, coordinates=True)
    raise Http404


def _is_focal_point(user, institution_id: str) -> Exists:
    """Whether ``user`` is a focal point of the institution at ``institution_id`` (a
    lookup from the queried model). EXISTS, not a join through the institution table:
    PostgreSQL planned the autosave's lock query with the join in 1.8–2.9 ms (at every
    autosave: statements are not prepared), as EXISTS in 0.45–0.66 ms."""
    return Exists(FocalPoint.objects.filter(user=user, institution_id=OuterRef(institution_id)))


def get_answer_for_writer(user, input_id: int, answer_id: int) -> Answer:
    """An answer of an input, to be saved: like the input, its institution's focal
    points only; the review's coordinators get 403, anyone else 404. Call it inside
    a transaction: the answer stays locked (select_for_update) until it ends.

    The answer comes with its form (``answer.input``), and with its review's id,
    whether it is locked (``review_is_locked``) and its country read beside it
    instead of the review itself: an autosave, the hottest request, checks its right and locks
    its answer in one query. (Profiled: the access check's join of the review's 24
    columns, then the locked read, took 3.0–3.5 ms of CPU; this query 1.7–2.1 ms.)"""
    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("input")
        .filter(pk=answer_id, input=input_id)
        .filter(_is_focal_point(user, "input__request__institution_id"))
        .annotate(
            review_id=F("input__request__review_id"),
            review_status=F("input__request__review__status"),
            review_country_id=F("input__request__review__country_id"),
        )
        .order_by()
        .first()
    )
    if answer is None:
        # Not an answer of one of this person's forms: 403 for whoever reads the form
        # only, 404 for anyone else, and 404 for an answer of another form.
        get_input_for_user(user, input_id, write=True, related=["request__review"])
        raise Http404
    answer.review_is_locked = answer.review_status == NationalReview.Status.SUBMITTED
    stamps.scope(answer.review_country_id)
    return answer


def input_for_page(input_id: int) -> Input:
    """An input already fetched through the user's rights, again with what its page reads.

    Its cycle, country and round table, which every country sees, are read once per
    process until they change (``stamps.shared``): PostgreSQL took 5 ms to plan the
    join of all seven tables, a third of the page's time in the database."""
    input = (
        Input.objects.select_related("request__review", "request__institution", "objective")
        .filter(pk=input_id)
        .first()
    )
    if input is None:  # taken away since the check (the objectives asked changed)
        raise Http404
    review = input.request.review
    review.cycle = _shared(ReviewCycle, review.cycle_id)
    review.country = _shared(Country, review.country_id)
    if input.objective is not None and input.objective.round_table_id is not None:
        input.objective.round_table = _shared(RoundTable, input.objective.round_table_id)
    return input


def _shared(model, pk: int):
    """One row every country sees, read once per process until it changes. Read only:
    the same instance is handed to every request of the process."""
    return stamps.shared((model._meta.label, pk), lambda: model.objects.get(pk=pk))


def get_input_for_reviewer(user, input_id: int) -> InputRights:
    """An input for accepting or returning it: the review's coordinators only."""
    rights = get_input_for_user(user, input_id)
    if not rights.coordinates:
        raise PermissionDenied
    return rights


def get_request_for_user(user, request_id: int, *, write: bool = False) -> RequestRights:
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
    stamps.scope(institution_request.review.country_id)
    if _answers_for(user, institution_request.institution_id):
        return RequestRights(institution_request, answers=True, coordinates=False)
    if _coordinates(user, institution_request.review):
        if write:
            raise PermissionDenied
        return RequestRights(institution_request, answers=False, coordinates=True)
    raise Http404


@dataclass(frozen=True)
class RegionRights:
    """A cycle seen from the region: its regional reviewers, and the administrators."""

    cycle: ReviewCycle


def get_region_for_user(user, cycle_id: int) -> RegionRights:
    """A cycle's countries and submitted reviews, for its regional reviewers (who also
    write its synthesis) and administrators; 404 for everyone else, as if it did not
    exist (a reviewer of another region, a coordinator, a focal point)."""
    cycle = ReviewCycle.objects.select_related("regional_commission").filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404
    if is_administrator(user) or cycle.reviewers.filter(user=user).exists():
        return RegionRights(cycle)
    raise Http404
