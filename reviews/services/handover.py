"""Handing an institution over: a coordinator replaces a focal point in one step.

The institution's work (its forms, drafts and their versions, the coordinators'
comments, its programmes) belongs to the institution's requests, not to a
person: the new focal point finds all of it, and the one replaced loses access
at once, since every page asks ``reviews.access`` again on each request.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from reviews.models import FocalPoint, Handover, InstitutionRequest, NationalReview
from reviews.services import audit, notifications
from reviews.services.lifecycle import check_open
from reviews.services.setup import invitation_send


def _name(user) -> str:
    return user.get_full_name() or user.email or user.get_username()


def _person(*, email: str, first_name: str, last_name: str):
    """The account of this e-mail address, or a new one without a password (as an
    invitation makes it): the invitation's link lets the person choose one."""
    User = get_user_model()
    email = User.objects.normalize_email(email).strip().lower()
    if not email:
        raise ValidationError(_("Enter the new focal point's e-mail address."))
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None and not user.is_active:
        raise ValidationError(
            _(
                "The account of %(email)s is deactivated: ask an administrator to "
                "reactivate it, or enter another address."
            )
            % {"email": email}
        )
    if user is not None:
        return user
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError(
            _(
                "An account already uses %(email)s as its user name with another e-mail "
                "address: ask an administrator to correct it."
            )
            % {"email": email}
        )
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def focal_point_replace(
    *,
    review: NationalReview,
    focal_point: FocalPoint,
    email: str,
    first_name: str,
    last_name: str,
    user,
    base_url: str,
) -> Handover:
    """Make another person focal point of the institution in place of ``focal_point``,
    with the same role (main or alternate), and record the handover.

    The person replaced keeps their account and any other role; they are told by
    e-mail, in their language, that they no longer answer for the institution.
    The new one is invited (``invitation_send``), once the change is committed.
    Refused, with nothing changed: a submitted review, an institution not asked in
    it, the same person, someone who is already a focal point of the institution.
    """
    check_open(review)
    institution = focal_point.institution
    if not InstitutionRequest.objects.filter(review=review, institution=institution).exists():
        raise ValidationError(_("This review does not ask %(name)s.") % {"name": institution})
    # Locked: two coordinators replacing the same person at once make one handover.
    current = (
        FocalPoint.objects.select_for_update()
        .select_related("user")
        .filter(pk=focal_point.pk, institution=institution)
        .first()
    )
    if current is None:
        raise ValidationError(
            _("This focal point was already replaced or removed: reload the page.")
        )
    previous = current.user
    successor = _person(email=email, first_name=first_name, last_name=last_name)
    if successor.pk == previous.pk:
        raise ValidationError(
            _("%(email)s is the focal point being replaced: enter the new person's address.")
            % {"email": successor.email}
        )
    if FocalPoint.objects.filter(institution=institution, user=successor).exists():
        raise ValidationError(
            _("%(email)s is already a focal point of this institution: choose someone who is not.")
            % {"email": successor.email}
        )
    kind = current.kind
    current.delete()
    new = FocalPoint.objects.create(institution=institution, user=successor, kind=kind)
    handover = Handover.objects.create(
        institution=institution,
        review=review,
        kind=kind,
        previous=previous,
        previous_name=_name(previous)[:300],
        successor=successor,
        successor_name=_name(successor)[:300],
        by=user,
    )
    audit.record(
        audit.Action.FOCAL_POINT_REPLACED,
        user,
        subject=institution,
        detail=f"{handover.previous_name} → {handover.successor_name}",
    )
    transaction.on_commit(lambda: invitation_send(focal_point=new, base_url=base_url))
    transaction.on_commit(lambda: _notice_send(handover=handover, base_url=base_url))
    return handover


def _notice_send(*, handover: Handover, base_url: str) -> None:
    """Tell the person replaced, in their language, that they no longer answer for
    the institution (an account deleted since is told nothing)."""
    previous = handover.previous
    if previous is None:
        return
    context = {
        "handover": handover,
        "institution": handover.institution,
        "previous": previous,
        "login_url": base_url.rstrip("/") + reverse("login"),
        "other_roles": FocalPoint.objects.filter(user=previous).exists(),
    }
    send_mass_mail(
        notifications.messages_by_language(
            [previous],
            lambda: (
                _("You no longer answer for %(name)s") % {"name": handover.institution},
                render_to_string("reviews/email/handover_notice.txt", context),
            ),
        )
    )
