"""Setting a review up: questionnaires, reviews, the institutions asked and their focal points."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from objectives.models import Country, Objective
from reviews import questionnaire
from reviews.models import (
    Answer,
    FocalPoint,
    Input,
    Institution,
    InstitutionRequest,
    NationalCoordinator,
    NationalReview,
    NationalText,
    Question,
    ReviewCycle,
)
from reviews.selectors.consolidation import wanted_texts
from reviews.selectors.inputs import wanted_inputs
from reviews.selectors.units import cycle_questions
from reviews.services import carry, notifications
from reviews.services.lifecycle import check_open, review_advance


@transaction.atomic
def questionnaire_create_default(
    *, cycle: ReviewCycle, asked_per: str | None = None
) -> list[Question]:
    """Give a cycle the questions of the 2020 regional questionnaire (a–d, then 6–10).

    ``asked_per`` says whether a–d are asked per objective (as the IMRF reports
    are written) or once per thematic area or round table (as in 2020); by
    default, per group in a regional cycle and per objective in an IMRF one.
    """
    if cycle.questions.exists():
        raise ValidationError(_("This cycle already has a questionnaire."))
    if asked_per is None:
        asked_per = (
            Question.AskedPer.GROUP
            if cycle.kind == ReviewCycle.Kind.REGIONAL
            else Question.AskedPer.OBJECTIVE
        )
    questions = [
        Question(
            cycle=cycle,
            section=Question.Section.OBJECTIVES,
            order=order,
            code=code,
            text_es=text_es,
            text_en=text_en,
            help_text_es=questionnaire.GUIDANCE_ES,
            help_text_en=questionnaire.GUIDANCE_EN,
            translations=questionnaire.translations(
                code, per_objective=asked_per == Question.AskedPer.OBJECTIVE
            ),
            asked_per=asked_per,
        )
        for order, (code, text_es, text_en) in enumerate(
            questionnaire.PER_OBJECTIVE_QUESTIONS
            if asked_per == Question.AskedPer.OBJECTIVE
            else questionnaire.OBJECTIVE_QUESTIONS,
            1,
        )
    ]
    questions += [
        Question(
            cycle=cycle,
            section=Question.Section.CROSS_CUTTING,
            order=order,
            code=code,
            text_es=text_es,
            text_en=text_en,
            translations=questionnaire.translations(code),
            asked_per=Question.AskedPer.REVIEW,
            answer_format=answer_format,
            report_section=report_section,
            asked_to_institutions=asked_to_institutions,
        )
        for order, (
            code,
            text_es,
            text_en,
            answer_format,
            report_section,
            asked_to_institutions,
        ) in enumerate(questionnaire.CROSS_CUTTING_QUESTIONS, 1)
    ]
    return Question.objects.bulk_create(questions)


@transaction.atomic
def questionnaire_copy(*, source: ReviewCycle, target: ReviewCycle) -> list[Question]:
    """Copy every question of an earlier cycle into a cycle that has none yet."""
    if target.questions.exists():
        raise ValidationError(_("This cycle already has a questionnaire."))
    copies = []
    for question in source.questions.all():
        question.pk = None
        question.cycle = target
        copies.append(question)
    return Question.objects.bulk_create(copies)


@transaction.atomic
def review_start(*, cycle: ReviewCycle, country: Country, user) -> NationalReview:
    """Open a country's review for a cycle, coordinated by ``user``.

    The country's institutions are kept across cycles, so the new review
    starts from the last one's list; its coordinating institution is carried
    over too.
    """
    if not cycle.is_open:
        raise ValidationError(_("This cycle is not open."))
    if not cycle.is_open_to(country):
        raise ValidationError(_("This cycle is not open to %(country)s.") % {"country": country})
    if NationalReview.objects.filter(cycle=cycle, country=country).exists():
        raise ValidationError(
            _("%(country)s already has a review in this cycle.") % {"country": country}
        )
    previous = NationalReview.objects.filter(country=country).order_by("-created_at").first()
    review = NationalReview.objects.create(
        cycle=cycle,
        country=country,
        coordinating_institution=previous.coordinating_institution if previous else None,
        contact_persons=previous.contact_persons if previous else "",
    )
    NationalCoordinator.objects.create(review=review, user=user)
    review_rows_sync(review=review)
    return review


@transaction.atomic
def institution_request_save(
    *,
    review: NationalReview,
    institution: Institution,
    objectives,
    mark_sent: bool = False,
) -> InstitutionRequest:
    """Ask an institution about some objectives (all 23 when none are given).
    Recording the request as sent moves a review that was being prepared on to
    the collection of inputs."""
    check_open(review)
    if institution.country_id != review.country_id:
        raise ValidationError(_("The institution must be of the review's country."))
    request, _created = InstitutionRequest.objects.get_or_create(
        review=review, institution=institution
    )
    objectives = list(objectives) or list(Objective.objects.all())
    request.objectives.set(objectives)
    request_rows_create(request=request)
    if mark_sent:
        request.mark_sent()
        review_advance(review=review, to_status=NationalReview.Status.COLLECTING)
    return request


@transaction.atomic
def institution_request_withdraw(*, review: NationalReview, institution: Institution) -> None:
    """Stop asking an institution, as long as it has written nothing: its empty
    forms go with the request. Work is never deleted: once it has answered,
    programmes or a form begun, the request stays."""
    check_open(review)
    request = InstitutionRequest.objects.filter(review=review, institution=institution).first()
    if request is None:
        return
    started = request.inputs.exclude(status=Input.Status.NOT_STARTED).exists()
    if started or request.programmes.exists():
        raise ValidationError(
            _(
                "%(name)s has already started answering: its request stays, so that "
                "nothing it wrote is lost."
            )
            % {"name": institution}
        )
    Answer.objects.filter(input__request=request).delete()
    request.inputs.all().delete()
    request.delete()


@transaction.atomic
def focal_point_invite(
    *,
    institution: Institution,
    email: str,
    first_name: str,
    last_name: str,
    kind: str,
    base_url: str,
) -> FocalPoint:
    """Make a person focal point of an institution and e-mail them an invitation.

    A new person gets an account without a password and a link, valid once
    and for ``PASSWORD_RESET_TIMEOUT`` seconds, through which they set one.
    Someone who already has an account keeps it and is told of the new role.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    focal_point, created = FocalPoint.objects.get_or_create(
        institution=institution, user=user, defaults={"kind": kind}
    )
    if not created:
        raise ValidationError(
            _("%(email)s is already a focal point of this institution.") % {"email": email}
        )
    transaction.on_commit(lambda: invitation_send(focal_point=focal_point, base_url=base_url))
    return focal_point


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset token (valid once, for ``PASSWORD_RESET_TIMEOUT``),
    also made void by the next invitation: it hashes how many invitations the
    person was sent, which every sending raises."""

    key_salt = "reviews.services.setup.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        sent = FocalPoint.objects.filter(user=user).aggregate(sent=Sum("invitations_sent"))
        return f"{super()._make_hash_value(user, timestamp)}{sent['sent'] or 0}"


invitation_token_generator = InvitationTokenGenerator()


def invitation_send(*, focal_point: FocalPoint, base_url: str) -> None:
    """E-mail (again) a focal point the link to set their password, or a notice of the role.

    The count of invitations goes up before the link is made: the link of any
    earlier invitation stops working, and only the one in this e-mail works."""
    FocalPoint.objects.filter(pk=focal_point.pk).update(
        invited_at=timezone.now(), invitations_sent=F("invitations_sent") + 1
    )
    user = focal_point.user
    link = None
    if not user.has_usable_password():
        path = reverse(
            "invitation_accept",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": invitation_token_generator.make_token(user),
            },
        )
        link = base_url.rstrip("/") + path
    context = {
        "user": user,
        "institution": focal_point.institution,
        "link": link,
        "login_url": base_url.rstrip("/") + reverse("login"),
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    # In the invitee's language; someone new starts with the inviting coordinator's.
    notifications.language_start(user=user)
    send_mass_mail(
        notifications.messages_by_language(
            [user],
            lambda: (
                _("Invitation to the GCM Review Portal"),
                render_to_string("reviews/email/invitation.txt", context),
            ),
        )
    )


# Reads never write: the rows that pages show and autosave into are made here,
# when a review or a request is set up, never on a page's first visit.


def review_texts_create(*, review: NationalReview) -> None:
    """Give the review every section of its national report (empty, version 0)."""
    have = set(review.texts.values_list("key", flat=True))
    missing = [text for text in wanted_texts(review) if text.key not in have]
    NationalText.objects.bulk_create(missing, ignore_conflicts=True)


def request_rows_create(*, request: InstitutionRequest) -> None:
    """Give the request the inputs it is asked for and each input its empty answers;
    take away the rows nobody touched that the questionnaire no longer asks for
    (an objective no longer asked, a question now asked per area).

    A fixed number of queries whatever the number of objectives and groups."""
    unit = {"objective_id": None, "group_number": None}
    wanted = {(i.objective_id, i.group_number) for i in wanted_inputs(request)}
    existing = set(request.inputs.values_list("objective_id", "group_number"))
    made = wanted - existing
    Input.objects.bulk_create(
        [Input(request=request, **dict(zip(unit, key, strict=True))) for key in made],
        ignore_conflicts=True,
    )
    questions = {
        kind: {question.pk for question in asked}
        for kind, asked in cycle_questions(request.review.cycle).items()
    }
    inputs = [
        Input(pk=pk, objective_id=objective_id, group_number=group_number)
        for pk, objective_id, group_number in request.inputs.values_list(
            "pk", "objective_id", "group_number"
        )
    ]
    # Untouched rows only: the questionnaire cannot change once answers exist
    # (Question.check_shape_change), and a started input is never taken away.
    units = {input.pk: input.unit for input in inputs}
    Answer.objects.filter(
        pk__in=[
            pk
            for pk, input_id, question_id in Answer.objects.filter(
                input__request=request, version=0
            ).values_list("pk", "input_id", "question_id")
            if question_id not in questions[units[input_id]]
        ]
    ).delete()
    unwanted = [i.pk for i in inputs if (i.objective_id, i.group_number) not in wanted]
    Input.objects.filter(pk__in=unwanted, status=Input.Status.NOT_STARTED).exclude(
        answers__version__gt=0
    ).exclude(comments__isnull=False).delete()
    answered = set(
        Answer.objects.filter(input__request=request).values_list("input_id", "question_id")
    )
    Answer.objects.bulk_create(
        [
            Answer(input_id=input.pk, question_id=question_id)
            for input in inputs
            if input.pk not in unwanted
            for question_id in questions[input.unit]
            if (input.pk, question_id) not in answered
        ],
        ignore_conflicts=True,
    )
    # New forms start from the institution's answers in its last submitted review.
    carry.answers_carry(request=request, units=made)


@transaction.atomic
def review_rows_sync(*, review: NationalReview) -> None:
    """Make every row the review's pages need: its texts, its requests' inputs and
    answers. Safe to run again (after the questionnaire changed, after a restore)."""
    review_texts_create(review=review)
    for request in review.requests.select_related("review__cycle"):
        request_rows_create(request=request)


def cycle_rows_sync(*, cycle: ReviewCycle) -> None:
    """After a cycle's questionnaire changed: every review of the cycle gets the rows
    of the new questions."""
    for review in cycle.reviews.select_related("cycle"):
        review_rows_sync(review=review)
