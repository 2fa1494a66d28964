import logging
import sys

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_safe

from gcm_portal import throttle
from reviews.services import notifications

logger = logging.getLogger(__name__)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, rate-limited per client address and per e-mail
    address. Over a limit it says the same as always (it never tells whether an
    account exists) and sends nothing."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if throttle.rate_take(*throttle.rates_for("password-reset", self.request, email)):
            logger.warning(
                "password reset not sent: rate limit (from %s)",
                throttle.client_address(self.request),
            )
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page to choose a new password; choosing one also lifts the
    sign-in lockouts of the account: whoever reads its e-mail is its owner."""

    def form_valid(self, form):
        response = super().form_valid(form)
        for name in {form.user.get_username(), form.user.email} - {""}:
            axes_reset(username=name)
        return response


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in person's choice is also stored, so
    that the portal's e-mails to them are written in it."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and notifications.language_supported(language)
    ):
        notifications.language_remember(user=request.user, language=language)
    return response


@require_safe
def invitation_done(request: HttpRequest) -> HttpResponse:
    messages.success(request, _("Your password is set. Sign in with your e-mail and it."))
    return redirect("login")


def server_error(request: HttpRequest) -> HttpResponse:
    """An error page that needs no database: when the database cannot be reached
    (restarting, say), a 503 that asks to try again; autosaves retry by themselves."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("errors/unavailable.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("errors/500.html"))
