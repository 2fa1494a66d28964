"""Workflows of the coordinator: the national texts, reminders, validation and submission.

A national text is saved like an answer: every save names the version it
edited, a save against a newer version raises ``EditConflict`` and writes
nothing, and every version is kept. Once the review is submitted, nothing
changes any more.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reviews.models import (
    Answer,
    Input,
    InstitutionRequest,
    NationalReview,
    NationalText,
    Passage,
    Programme,
    Reminder,
    ValidationResponse,
)
from reviews.selectors.answered import requests_answered
from reviews.selectors.consolidation import wanted_texts
from reviews.selectors.material import passage_of  # shared with the first draft
from reviews.selectors.plan import request_due_on, review_plan
from reviews.selectors.units import cycle_groups, unit_title
from reviews.services import audit, history, notifications
from reviews.services.inputs import EditConflict
from reviews.services.lifecycle import check_open, review_advance
from reviews.text import MAX_NOTE_CHARACTERS, check_length, clean_text

REMINDER_INTERVAL = datetime.timedelta(days=1)


@transaction.atomic
def text_save(
    *,
    text_id: int,
    user,
    text: str,
    base_version: int,
    applies: bool | None = None,
    milestone: str = "",
) -> NationalText:
    """Save a national text edited from ``base_version``; refuse it if someone saved since."""
    national = (
        NationalText.objects.select_for_update(of=("self",))
        .select_related("review")
        .get(pk=text_id)
    )
    check_open(national.review)
    if national.version != base_version:
        raise EditConflict(national)
    text = clean_text(text)
    check_length(text)
    if national.principle_id is None:
        applies = None
    if (national.text, national.applies) == (text, applies):
        return national
    national.text, national.applies = text, applies
    history.save_new_version(national, user, milestone)
    review_advance(review=national.review, to_status=NationalReview.Status.CONSOLIDATING)
    return national


@transaction.atomic
def passage_insert(
    *, text_id: int, user, current_text: str, base_version: int, source: Answer | Programme
) -> NationalText:
    """Append an institution's passage to what the coordinator has typed so far
    (as one new version), and remember where it came from."""
    excerpt = clean_text(passage_of(source)).strip()
    if not excerpt:
        raise ValidationError(_("There is nothing to insert: that answer is empty."))
    current = clean_text(current_text).rstrip()
    combined = f"{current}\n\n{excerpt}" if current else excerpt
    national = NationalText.objects.get(pk=text_id)
    national = text_save(
        text_id=text_id,
        user=user,
        text=combined,
        base_version=base_version,
        applies=national.applies,
        milestone=history.Milestone.INSERTED,
    )
    institution = (
        source.input.request.institution
        if isinstance(source, Answer)
        else source.request.institution
    )
    Passage.objects.create(
        text=national,
        institution=institution,
        answer=source if isinstance(source, Answer) else None,
        programme=source if isinstance(source, Programme) else None,
        excerpt=excerpt,
        inserted_by=user,
    )
    return national


def reminders_send(*, review: NationalReview, user) -> tuple[list, list]:
    """E-mail every asked institution that has not answered (``requests_answered``:
    a form it was asked for is not sent yet), listing those forms, unless it was
    reminded within the last day. Returns (reminded, skipped)."""
    check_open(review)
    since = timezone.now() - REMINDER_INTERVAL
    answered = requests_answered(review)
    requests = review.requests.select_related("institution").prefetch_related(
        "institution__focal_points__user__profile"
    )
    pending = [r for r in requests if not answered[r.pk].answered]
    # The groups' titles in each language a reminder is written in: read once per language.
    titles: dict[str, dict] = {}

    def groups() -> dict:
        language = translation.get_language()
        if language not in titles:
            titles[language] = {group.number: group for group in cycle_groups(review.cycle)}
        return titles[language]

    # Reminded recently: an e-mail to its focal points (the coordinators' list of who
    # is late went to the coordinators, not to the institution).
    recently = set(
        review.reminders.filter(sent_at__gte=since)
        .exclude(step=Reminder.Step.COORDINATOR)
        .values_list("institution_id", flat=True)
    )
    reminded, skipped, messages = [], [], []
    for institution_request in pending:
        institution = institution_request.institution
        emails = [fp.user.email for fp in institution.focal_points.all() if fp.user.email]
        if institution.pk in recently or not emails:
            skipped.append(institution)
            continue
        missing = answered[institution_request.pk].missing
        messages.extend(_reminder_messages(review, institution_request, emails, missing, groups))
        reminded.append((institution, emails))
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [
                Reminder(
                    review=review,
                    institution=institution,
                    recipients=", ".join(emails),
                    sent_by=user,
                )
                for institution, emails in reminded
            ]
        )
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return [institution for institution, _emails in reminded], skipped


def _reminder_messages(
    review,
    institution_request: InstitutionRequest,
    emails,
    missing: list[Input],
    groups: Callable[[], dict],
) -> list:
    """The reminder to these addresses of the institution's focal points, naming the
    forms still to send: one message for each language they read."""
    users = [
        focal_point.user
        for focal_point in institution_request.institution.focal_points.all()
        if focal_point.user.email in emails
    ]
    context = {
        "review": review,
        "request": institution_request,
        # The institution's own due date, or its plan's (computed until moved).
        "due_on": request_due_on(institution_request, review_plan(review)),
        "login_url": notifications.site_url() + reverse("login"),
    }
    return notifications.messages_by_language(
        users,
        lambda: (
            _("Reminder: %(cycle)s") % {"cycle": review.cycle},
            render_to_string(
                "reviews/email/reminder.txt",
                {
                    **context,
                    "missing": [
                        unit_title(input, groups() if input.group_number else {})
                        for input in missing
                    ],
                },
            ),
        ),
    )


@transaction.atomic
def validation_open(*, review: NationalReview, user) -> None:
    """Show the consolidated draft to the institutions asked, for them to confirm or comment.

    Opened again (a new round, after changes), the time of the previous opening is
    kept: the draft then shows what changed since."""
    check_open(review)
    stored = NationalReview.objects.select_for_update().get(pk=review.pk)
    fields = {
        "status": NationalReview.Status.VALIDATING,
        "validation_opened_at": timezone.now(),
        "validation_previously_opened_at": stored.validation_opened_at,
    }
    NationalReview.objects.filter(pk=review.pk).update(**fields)
    # What the institutions read is kept, for the next round to show what changed.
    history.mark_latest(
        NationalText.history.filter(review_id=review.pk), history.Milestone.CIRCULATED
    )
    for name, value in fields.items():
        setattr(review, name, value)


@transaction.atomic
def validation_respond(
    *,
    review: NationalReview,
    institution,
    user,
    confirmed: bool,
    comment: str,
    section: str = "",
) -> ValidationResponse:
    """An institution confirms the draft, or comments on it: on the whole draft, or on
    one of its sections (a national text's key)."""
    if review.status != NationalReview.Status.VALIDATING:
        raise ValidationError(_("The draft is not open for validation."))
    comment = clean_text(comment).strip()
    check_length(comment, limit=MAX_NOTE_CHARACTERS)
    if not confirmed and not comment:
        raise ValidationError(_("Say what should change, or confirm the draft."))
    sections = {t.key for t in wanted_texts(review)} | set(
        review.texts.values_list("key", flat=True)
    )
    if section and section not in sections:
        raise ValidationError(_("Choose a section of the draft, or the whole draft."))
    return ValidationResponse.objects.create(
        review=review,
        institution=institution,
        user=user,
        confirmed=confirmed,
        comment=comment,
        section=section,
    )


@transaction.atomic
def review_submit(*, review: NationalReview, user) -> None:
    """Mark the review submitted to the UN: from now on nothing in it changes."""
    check_open(review)
    # Its forms first, as an autosave locks its form before it reads the review's status
    # again: one under way is committed before, or finds the review submitted after.
    forms = Input.objects.filter(request__review=review).select_for_update(of=("self",))
    list(forms.order_by("pk").values_list("pk", flat=True))
    NationalReview.objects.filter(pk=review.pk).update(status=NationalReview.Status.SUBMITTED)
    review.status = NationalReview.Status.SUBMITTED
    audit.record(audit.Action.REVIEW_SUBMITTED, user, subject=review)
