"""A person's dates in their calendar program: the page that explains the feed and
gives its address, and the feed itself (.ics).

The feed is read by calendar programs, which cannot sign in: the secret key in
its address is the only check, and an unknown key answers 404. The person's
roles are read at each fetch, so the feed follows them (``selectors.calendar``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reviews import selectors, services
from reviews.models import Profile
from reviews.services.notifications import language_of


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("reviews:calendar_feed", args=[token]))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The person's dates, and their feed's address; a POST makes a new address."""
    if request.method == "POST":
        first = not Profile.objects.filter(user=request.user).exclude(calendar_token="").exists()
        services.calendar_key_renew(user=request.user)
        if first:
            messages.success(request, _("Your calendar link is ready: add it to your calendar."))
        else:
            messages.success(
                request,
                _(
                    "Your new calendar link is ready. The old link no longer works: "
                    "replace it in your calendar program."
                ),
            )
        return redirect("reviews:calendar")
    # A read: the page shows the key the person has, and never makes one.
    token = (
        Profile.objects.filter(user=request.user).values_list("calendar_token", flat=True).first()
    )
    link = _feed_url(request, token) if token else ""
    context = {
        "events": selectors.calendar_events(request.user),
        "link": link,
        "webcal": link.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
    }
    return render(request, "reviews/calendar/calendar.html", context)


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed of the person whose key is in the address, in their language."""
    profile = (
        Profile.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .exclude(calendar_token="")
        .first()
    )
    if profile is None:
        raise Http404
    user = profile.user
    language = language_of(user)
    with translation.override(language):
        name = _("GCM Review Portal: dates of %(person)s") % {
            "person": user.get_full_name() or user.get_username()
        }
        body = selectors.calendar_ics(
            user=user, name=name, site=f"{request.scheme}://{request.get_host()}"
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    response["Content-Language"] = language
    response["Content-Disposition"] = 'inline; filename="gcm-portal.ics"'
    return response
