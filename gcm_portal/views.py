from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe


@require_safe
def invitation_done(request: HttpRequest) -> HttpResponse:
    messages.success(request, _("Your password is set. Sign in with your e-mail and it."))
    return redirect("login")
