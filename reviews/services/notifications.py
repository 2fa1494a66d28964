"""E-mails that follow the work: the coordinators' digest of submitted inputs
(at most one an hour per review), and the focal points told when an input is
returned or accepted; each in the recipient's language (``Profile.language``).

The language a person reads is stored when they sign in and when they switch
language (``language_remember``); a person the portal has not heard from yet
starts with the language of the coordinator who invites them
(``language_start``). Every message is written in ``translation.override`` of
its recipients' language (``messages_by_language``).

The digest: a submission marks one due (``input_submitted``), at once if none
was sent in the last hour, else an hour after the last one, and queues a task
to send it then; ``manage.py send_due_digests`` sends every due digest too
(for a queue that cannot defer a task, or a worker that was down). Sending
locks the review's row, so two senders never send the same digest; it lists
the inputs submitted since the last digest (their ``Transition`` rows), so a
submission is never listed twice.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews import tasks
from reviews.models import (
    Comment,
    FocalPoint,
    Input,
    InstitutionRequest,
    NationalCoordinator,
    NationalReview,
    Profile,
    ReviewCycle,
    Transition,
)
from reviews.selectors.units import Group, cycle_groups, unit_title

DIGEST_INTERVAL = datetime.timedelta(hours=1)

# (subject, body, sender, recipients), as ``send_mass_mail`` takes them.
Message = tuple[str, str, None, list[str]]


# The recipient's language


def language_supported(language: str | None) -> bool:
    """One of ``settings.LANGUAGES``: the languages the portal is written in."""
    return language in {code for code, _name in settings.LANGUAGES}


def language_of(user) -> str:
    """The language a person reads their e-mails in: their profile's, else the portal's."""
    try:
        language = user.profile.language
    except Profile.DoesNotExist:
        return settings.LANGUAGE_CODE
    return language if language_supported(language) else settings.LANGUAGE_CODE


def language_remember(*, user, language: str) -> None:
    """Store the language a person uses (on signing in, on switching language)."""
    if not language_supported(language):
        raise ValidationError(_("Choose one of the portal's languages."))
    known = Profile.objects.filter(user=user).first()
    if known is not None and known.language == language:
        user.profile = known  # nothing to write (a write would make every kept page afresh)
        return
    user.profile, _created = Profile.objects.update_or_create(
        user=user, defaults={"language": language}
    )


def language_start(*, user) -> str:
    """The language of a person: their profile's; for someone the portal has not
    heard from yet, the language in use now (the inviting coordinator's), stored
    as a start until they sign in."""
    current = translation.get_language()
    profile, _created = Profile.objects.get_or_create(
        user=user,
        defaults={"language": current if language_supported(current) else settings.LANGUAGE_CODE},
    )
    user.profile = profile
    return language_of(user)


def messages_by_language(recipients: Iterable, compose: Callable[[], tuple[str, str]]) -> list:
    """One message for each language among the recipients (users), composed in it:
    ``compose`` returns (subject, body) and runs under ``translation.override``.
    Recipients without an e-mail address are left out."""
    by_language: dict[str, list[str]] = defaultdict(list)
    for user in recipients:
        if user.email and user.email not in by_language[language_of(user)]:
            by_language[language_of(user)].append(user.email)
    messages: list[Message] = []
    for language, emails in sorted(by_language.items()):
        with translation.override(language):
            subject, body = compose()
        messages.append((str(subject), body, None, emails))
    return messages


def site_url() -> str:
    """Where people reach the portal, for the links of e-mails sent without a
    request (a task, a command): ``SITE_URL``, else the first of ``ALLOWED_HOSTS``."""
    configured = settings.SITE_URL
    if configured:
        return configured.rstrip("/")
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
    return f"{'http' if settings.DEBUG else 'https'}://{hosts[0] if hosts else 'localhost'}"


def _unit_lister(base: str) -> Callable[[list[Input], ReviewCycle], list[dict]]:
    """A function listing inputs' units, titled in the current language, with their
    links; it reads a cycle's groups once per language, however many it lists."""
    groups: dict[tuple[int, str], dict[int, Group]] = {}

    def units(inputs: list[Input], cycle: ReviewCycle) -> list[dict]:
        key = (cycle.pk, translation.get_language())
        if key not in groups:
            groups[key] = {group.number: group for group in cycle_groups(cycle)}
        return [
            {
                "title": unit_title(input, groups[key]),
                "url": base + input.get_absolute_url(),
                "nothing_to_report": input.nothing_to_report,
            }
            for input in inputs
        ]

    return units


# The coordinators' digest


def input_submitted(*, input: Input, now: datetime.datetime | None = None) -> None:
    """An institution submitted an input: the review's next digest will list it.

    Runs after the submission is committed. If no digest is pending, one is marked
    due at once, or an hour after the last one, and a task is queued to send it."""
    now = now or timezone.now()
    review_id = InstitutionRequest.objects.values_list("review_id", flat=True).get(
        pk=input.request_id
    )
    with transaction.atomic():
        review = NationalReview.objects.select_for_update().get(pk=review_id)
        if review.digest_due_at is not None:
            return  # the pending digest will list this one too
        due = now
        if review.digest_sent_at is not None:
            due = max(now, review.digest_sent_at + DIGEST_INTERVAL)
        NationalReview.objects.filter(pk=review_id).update(digest_due_at=due)
        transaction.on_commit(lambda: _digest_enqueue(review_id, due, now))


def _digest_enqueue(review_id: int, due: datetime.datetime, now: datetime.datetime) -> None:
    task = tasks.send_digest_task
    if due > now:
        if not task.get_backend().supports_defer:
            return  # `manage.py send_due_digests` sends it when it is due
        task = task.using(run_after=due)
    task.enqueue(review_id)


def submitted_since(
    review: NationalReview, since: datetime.datetime | None, until: datetime.datetime
) -> list[Input]:
    """The review's inputs submitted after ``since`` (up to ``until``) and still
    waiting for the coordinator, by institution and unit."""
    moves = Transition.objects.filter(
        input__request__review=review, to_status=Input.Status.SUBMITTED, at__lte=until
    )
    if since is not None:
        moves = moves.filter(at__gt=since)
    return list(
        Input.objects.filter(pk__in=moves.values("input_id"), status=Input.Status.SUBMITTED)
        .select_related("request__institution", "objective")
        .order_by("request__institution__name", "objective__number", "group_number")
    )


def digest_send(*, review_id: int, now: datetime.datetime | None = None) -> int:
    """Send the review's digest if one is due: one e-mail to each coordinator, in
    their language, listing the inputs submitted since the last digest. Returns
    how many e-mails went. Harmless when run twice: the second finds none due."""
    now = now or timezone.now()
    with transaction.atomic():
        review = NationalReview.objects.select_for_update().get(pk=review_id)
        if review.digest_due_at is None or review.digest_due_at > now:
            return 0
        inputs = submitted_since(review, review.digest_sent_at, now)
        messages = _digest_messages(review, inputs) if inputs else []
        # Sent while the row is locked: a failure leaves the digest due, for the next run.
        send_mass_mail(messages, fail_silently=False)
        NationalReview.objects.filter(pk=review_id).update(
            digest_due_at=None, digest_sent_at=now if inputs else review.digest_sent_at
        )
    return len(messages)


def digests_send_due(*, now: datetime.datetime | None = None) -> int:
    """Send every digest that is due; returns how many e-mails went."""
    now = now or timezone.now()
    due = NationalReview.objects.filter(digest_due_at__lte=now).values_list("pk", flat=True)
    return sum(digest_send(review_id=review_id, now=now) for review_id in list(due))


def _digest_messages(review: NationalReview, inputs: list[Input]) -> list:
    base = site_url()
    units_of = _unit_lister(base)
    coordinators = (
        NationalCoordinator.objects.filter(review=review, user__is_active=True)
        .select_related("user__profile")
        .order_by("pk")
    )
    review = NationalReview.objects.select_related("country", "cycle").get(pk=review.pk)
    by_institution: dict = defaultdict(list)
    for input in inputs:
        by_institution[input.request.institution].append(input)
    messages: list[Message] = []
    for coordinator in coordinators:

        def compose(user=coordinator.user) -> tuple[str, str]:
            context = {
                "user": user,
                "review": review,
                "institutions": [
                    (institution, units_of(units, review.cycle))
                    for institution, units in by_institution.items()
                ],
                "progress_url": base + reverse("reviews:progress", args=[review.pk]),
            }
            subject = ngettext(
                "%(count)s input submitted to the national review of %(country)s",
                "%(count)s inputs submitted to the national review of %(country)s",
                len(inputs),
            ) % {"count": len(inputs), "country": review.country}
            return subject, render_to_string("reviews/email/digest.txt", context)

        messages += messages_by_language([coordinator.user], compose)
    return messages


# The focal points told of the coordinator's decision


def _focal_point_users(institution_ids) -> dict[int, list]:
    users: dict[int, list] = defaultdict(list)
    for focal_point in FocalPoint.objects.filter(
        institution_id__in=institution_ids, user__is_active=True
    ).select_related("user__profile"):
        users[focal_point.institution_id].append(focal_point.user)
    return users


def inputs_accepted(*, inputs: list[Input]) -> None:
    """The coordinator accepted these inputs: one e-mail per institution, to its
    focal points (one per language among them), listing the units accepted."""
    accepted = list(
        Input.objects.filter(pk__in=[input.pk for input in inputs])
        .select_related("request__institution", "request__review__country", "objective")
        .select_related("request__review__cycle")
        .order_by("request__institution__name", "objective__number", "group_number")
    )
    by_request: dict = defaultdict(list)
    for input in accepted:
        by_request[input.request].append(input)
    recipients = _focal_point_users({request.institution_id for request in by_request})
    base = site_url()
    units_of = _unit_lister(base)
    messages: list[Message] = []
    for request, units in by_request.items():

        def compose(request=request, units=units) -> tuple[str, str]:
            context = {
                "institution": request.institution,
                "review": request.review,
                "units": units_of(units, request.review.cycle),
            }
            subject = ngettext(
                "%(count)s input of %(institution)s accepted",
                "%(count)s inputs of %(institution)s accepted",
                len(units),
            ) % {"count": len(units), "institution": request.institution}
            return subject, render_to_string("reviews/email/accepted.txt", context)

        messages += messages_by_language(recipients[request.institution_id], compose)
    send_mass_mail(messages, fail_silently=False)


def input_returned(*, input: Input) -> None:
    """The coordinator returned an input with comments: its focal points are told,
    with the comments and a link to the input."""
    input = Input.objects.select_related(
        "request__institution", "request__review__country", "request__review__cycle", "objective"
    ).get(pk=input.pk)
    returned = input.transitions.filter(to_status=Input.Status.RETURNED).last()
    comments = Comment.objects.filter(input=input).select_related("question", "programme")
    if returned is not None:
        comments = comments.filter(created_at__gte=returned.at)
    written = list(comments)
    base = site_url()
    units_of = _unit_lister(base)
    review = input.request.review

    def compose() -> tuple[str, str]:
        unit = units_of([input], review.cycle)[0]
        context = {
            "institution": input.request.institution,
            "review": review,
            "unit": unit,
            "comments": written,
        }
        subject = _("Returned for changes: %(unit)s") % {"unit": unit["title"]}
        return subject, render_to_string("reviews/email/returned.txt", context)

    users = _focal_point_users([input.request.institution_id])[input.request.institution_id]
    send_mass_mail(messages_by_language(users, compose), fail_silently=False)
