"""A country's institutions, the requests a review makes to them and their focal
points, from the rows of one spreadsheet (issue 15).

``roster_import`` works out what the rows would do with a fixed number of reads
(the institutions, people, focal points and requests concerned, fetched once),
and either returns that plan (``dry_run``) or applies it in one transaction by
the rules of ``institution_request_save`` and ``focal_point_invite``. A row that
cannot be applied refuses the whole sheet (ValidationError, one message per
problem, naming its row): nothing is half-saved. Applying the same rows again
changes nothing and sends no invitation.
"""

from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from objectives.models import Country, Objective
from reviews.models import FocalPoint, Institution, InstitutionRequest, NationalReview
from reviews.services.lifecycle import check_open
from reviews.services.setup import focal_point_invite, institution_request_save


@dataclass
class RosterRow:
    """One row of the sheet, read and checked (``reviews.spreadsheets.roster``).

    ``objectives`` holds the numbers asked about (empty: not asked); ``kind`` is
    a code of Institution.Kind or "" (kept, or the default for a new one);
    ``role`` a code of FocalPoint.Kind; ``email`` "" on a row without a person."""

    number: int
    name: str
    acronym: str = ""
    kind: str = ""
    objectives: frozenset[int] = frozenset()
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: str = FocalPoint.Kind.MAIN
    iso3: str = ""


@dataclass
class _Planned:
    """What happens to one institution of the sheet."""

    key: tuple
    row: RosterRow
    country: Country
    institution: Institution | None = None
    action: str = "create"  # create, update, unchanged
    objectives: set[int] = field(default_factory=set)
    request: str = ""  # create, change, unchanged, kept (not in the sheet), "" (not asked)
    rows: list = field(default_factory=list)  # its rows naming a person
    people: list = field(default_factory=list)  # (row, user or None, "invite"/"already")


def _key(country_id: int, row: RosterRow) -> tuple:
    if row.acronym:
        return (country_id, "acronym", row.acronym.casefold())
    return (country_id, "name", row.name.casefold())


def _institution_for(planned: _Planned, by_acronym: dict, by_name: dict) -> Institution | None:
    """The institution a sheet's institution is: by acronym within its country, by
    name when the acronym is blank (or names an institution without an acronym)."""
    country_id, row = planned.country.pk, planned.row
    if row.acronym and (country_id, row.acronym.casefold()) in by_acronym:
        return by_acronym[(country_id, row.acronym.casefold())]
    named = by_name.get((country_id, row.name.casefold()))
    if named is not None and row.acronym and named.acronym:
        raise ValidationError(
            _(
                "Row %(row)s, column “%(column)s”: %(country)s already has an institution "
                "named “%(name)s”, with the acronym %(acronym)s. Write that acronym, or "
                "another name."
            )
            % {
                "row": row.number,
                "column": _("Acronym"),
                "country": planned.country,
                "name": named.name,
                "acronym": named.acronym,
            }
        )
    return named


def _countries(rows: list[RosterRow], review: NationalReview | None) -> dict[str, Country]:
    if review is not None:
        return {row.iso3: review.country for row in rows}
    wanted = {row.iso3 for row in rows}
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=wanted)}
    problems = [
        _("Row %(row)s, column “%(column)s”: there is no country with the code %(code)s.")
        % {"row": row.number, "column": _("Country (ISO3)"), "code": row.iso3}
        for row in rows
        if row.iso3 not in countries
    ]
    if problems:
        raise ValidationError(problems)
    return countries


def _plan(rows: list[RosterRow], review: NationalReview | None, mark_sent: bool) -> list:
    countries = _countries(rows, review)
    plans: dict[tuple, _Planned] = {}
    for row in rows:
        country = countries[row.iso3]
        key = _key(country.pk, row)
        planned = plans.setdefault(key, _Planned(key=key, row=row, country=country))
        planned.objectives |= row.objectives
        if row.kind and not planned.row.kind:
            planned.row = replace(planned.row, kind=row.kind)
        if row.email:
            planned.rows.append(row)
    country_ids = {c.pk for c in countries.values()}
    existing = list(Institution.objects.filter(country_id__in=country_ids))
    by_acronym = {(i.country_id, i.acronym.casefold()): i for i in existing if i.acronym}
    by_name = {(i.country_id, i.name.casefold()): i for i in existing}
    problems = []
    for planned in plans.values():
        try:
            planned.institution = institution = _institution_for(planned, by_acronym, by_name)
        except ValidationError as error:
            problems += error.messages
            continue
        named = by_name.get((planned.country.pk, planned.row.name.casefold()))
        if named is not None and institution is not None and named.pk != institution.pk:
            problems.append(
                _(
                    "Row %(row)s, column “%(column)s”: %(country)s already has another "
                    "institution named “%(name)s”, with the acronym %(acronym)s. Two "
                    "institutions of a country cannot have the same name."
                )
                % {
                    "row": planned.row.number,
                    "column": _("Institution"),
                    "country": planned.country,
                    "name": named.name,
                    "acronym": named.acronym or "—",
                }
            )
        if institution is not None:
            same = (
                institution.name == planned.row.name
                and (not planned.row.kind or institution.kind == planned.row.kind)
                and institution.is_active
                and (institution.acronym or "") == (planned.row.acronym or institution.acronym)
            )
            planned.action = "unchanged" if same else "update"
    names: dict[tuple, RosterRow] = {}
    for planned in plans.values():
        name = (planned.country.pk, planned.row.name.casefold())
        if name in names:
            problems.append(
                _(
                    "Row %(row)s, column “%(column)s”: row %(other)s names an institution "
                    "“%(name)s” too, with another acronym. Two institutions of a country "
                    "cannot have the same name."
                )
                % {
                    "row": planned.row.number,
                    "column": _("Institution"),
                    "other": names[name].number,
                    "name": planned.row.name,
                }
            )
        names.setdefault(name, planned.row)
    if problems:
        raise ValidationError(problems)
    _plan_people(plans, problems)
    if review is not None:
        _plan_requests(plans, review, mark_sent)
    if problems:
        raise ValidationError(problems)
    return list(plans.values())


def _plan_people(plans: dict, problems: list) -> None:
    User = get_user_model()
    emails = {row.email for planned in plans.values() for row in planned.rows}
    users = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    known = [p.institution.pk for p in plans.values() if p.institution is not None]
    roles = set(
        FocalPoint.objects.filter(institution_id__in=known).values_list("institution_id", "user_id")
    )
    for planned in plans.values():
        for row in planned.rows:
            user = users.get(row.email)
            if user is None and not (row.first_name and row.last_name):
                problems.append(
                    _(
                        "Row %(row)s, column “%(column)s”: %(email)s has no account yet: "
                        "write the person's first name and last name."
                    )
                    % {"row": row.number, "column": _("First name"), "email": row.email}
                )
            institution_id = planned.institution.pk if planned.institution else None
            already = user is not None and (institution_id, user.pk) in roles
            planned.people.append((row, user, "already" if already else "invite"))


def _plan_requests(plans: dict, review: NationalReview, mark_sent: bool) -> None:
    known = [p.institution.pk for p in plans.values() if p.institution is not None]
    requests = {
        r.institution_id: r
        for r in InstitutionRequest.objects.filter(
            review=review, institution_id__in=known
        ).prefetch_related("objectives")
    }
    for planned in plans.values():
        request = requests.get(planned.institution.pk) if planned.institution else None
        if not planned.objectives:
            planned.request = "kept" if request else ""  # not asked; a request made stays
            continue
        if request is None:
            planned.request = "create"
            continue
        asked = {objective.number for objective in request.objectives.all()}
        unchanged = asked == planned.objectives and (request.sent_at or not mark_sent)
        planned.request = "unchanged" if unchanged else "change"


def _totals(plans: list) -> dict:
    totals = dict.fromkeys(
        [
            "institutions_create",
            "institutions_update",
            "institutions_unchanged",
            "requests_create",
            "requests_change",
            "requests_unchanged",
            "focal_points_invite",
            "focal_points_already",
        ],
        0,
    )
    for planned in plans:
        totals[f"institutions_{planned.action}"] += 1
        if planned.request in ("create", "change", "unchanged"):
            totals[f"requests_{planned.request}"] += 1
        for _row, _user, action in planned.people:
            totals[f"focal_points_{action}"] += 1
    return totals


def _rows(plans: list) -> list[dict]:
    """What each row of the sheet does, in the sheet's order."""
    rows = []
    for planned in plans:
        people = {row.number: action for row, _user, action in planned.people}
        numbers = {planned.row.number, *people}
        for number in sorted(numbers):
            rows.append(
                {
                    "number": number,
                    "institution": planned.row.name,
                    "acronym": planned.row.acronym,
                    "institution_action": planned.action if number == planned.row.number else "",
                    "request": planned.request if number == planned.row.number else "",
                    "objectives": sorted(planned.objectives)
                    if number == planned.row.number
                    else [],
                    "person": people.get(number, ""),
                    "email": next((r.email for r in planned.rows if r.number == number), ""),
                }
            )
    return sorted(rows, key=lambda row: row["number"])


def _apply(plans: list, review: NationalReview | None, mark_sent: bool, base_url: str) -> None:
    objectives = {o.number: o for o in Objective.objects.all()}
    for planned in plans:
        row, institution = planned.row, planned.institution
        if institution is None:
            institution = planned.institution = Institution(country=planned.country)
        if planned.action != "unchanged":
            institution.name = row.name
            institution.acronym = row.acronym or institution.acronym
            institution.kind = row.kind or institution.kind
            institution.is_active = True
            institution.full_clean()
            institution.save()
        if review is not None and planned.request in ("create", "change"):
            institution_request_save(
                review=review,
                institution=institution,
                objectives=[objectives[n] for n in sorted(planned.objectives)],
                mark_sent=mark_sent,
            )
        for person, _user, action in planned.people:
            if action == "invite":
                focal_point_invite(
                    institution=institution,
                    email=person.email,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    kind=person.role,
                    base_url=base_url,
                )


def roster_import(
    *,
    rows: list[RosterRow],
    review: NationalReview | None = None,
    mark_sent: bool = True,
    base_url: str = "",
    dry_run: bool = True,
) -> dict:
    """What the rows do (``totals`` and, per row of the sheet, ``rows``), applied
    unless ``dry_run``.

    With a ``review``, every row is of the review's country and the institutions
    are asked about the objectives of their rows (recorded as sent when
    ``mark_sent``); without one (the administrators' import) each row names its
    country and no request is made. New focal points are invited once the
    transaction commits. ValidationError, and nothing saved, when a row cannot be
    applied or the review was submitted."""
    with transaction.atomic():
        if review is not None:
            check_open(review)
        plans = _plan(rows, review, mark_sent)
        result = {"totals": _totals(plans), "rows": _rows(plans)}
        if not dry_run:
            _apply(plans, review, mark_sent, base_url)
    return result
