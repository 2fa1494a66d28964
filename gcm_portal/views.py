import sys

from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe


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
