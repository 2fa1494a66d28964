from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gcm_portal import throttle
from objectives.models import Country, Objective
from reviews import access, selectors, services
from reviews.forms import InstitutionForm, InvitationForm, RequestForm, ReviewForm
from reviews.models import FocalPoint, Handover, Input, InstitutionRequest, ReviewCycle
from reviews.views.feedback import attempt, refuse_locked


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Take each person to their work; someone with several roles chooses."""
    roles = selectors.user_roles(request.user)
    places = (
        [review.get_absolute_url() for review in roles["coordinated_reviews"]]
        + [institution.get_absolute_url() for institution in roles["institutions"]]
        # A regional reviewer's work: the countries of the cycle's region.
        + [reverse("reviews:region", args=[role.cycle_id]) for role in roles["reviewed_cycles"]]
    )
    if len(places) == 1 and not roles["administrator"]:
        return redirect(places[0])
    context = {**roles, "startable": selectors.startable_cycles(request.user)}
    return render(request, "reviews/setup/home.html", context)


@require_safe
@login_required
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    rights = access.get_review_for_user(request.user, review_id)
    review = rights.review
    requests = {
        r.institution_id: r for r in review.requests.annotate(objective_count=Count("objectives"))
    }
    institutions = review.country.institutions.filter(is_active=True).prefetch_related(
        Prefetch("focal_points", queryset=FocalPoint.objects.select_related("user")),
        # The last handover of each institution's focal points, shown under them.
        Prefetch("handovers", queryset=Handover.objects.order_by("-at", "-pk"), to_attr="latest"),
    )
    answered = selectors.requests_answered(review)
    rows = [
        (institution, request, request and answered.get(request.pk))
        for institution in institutions
        for request in [requests.get(institution.pk)]
    ]
    context = {
        "review": review,
        "rows": rows,
        "asked": len(requests),
        "responded": sum(a.answered for a in answered.values()),
        "coordinators": review.coordinators.select_related("user"),
        "plan": selectors.review_plan(review),
        "waiting": Input.objects.filter(
            request__review=review, status=Input.Status.SUBMITTED
        ).count(),
        "rights": rights,
    }
    return render(request, "reviews/setup/review_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review_edit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    if refused := refuse_locked(request, review):
        return refused
    form = ReviewForm(request.POST if request.method == "POST" else None, instance=review)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The review was saved."))
        return redirect(review)
    return render(request, "reviews/setup/review_edit.html", {"review": review, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review_start(request: HttpRequest, cycle_id: int, iso3: str) -> HttpResponse:
    """A coordinator opens their country's review for a newly opened cycle."""
    cycle = get_object_or_404(ReviewCycle, pk=cycle_id, status=ReviewCycle.Status.OPEN)
    country = get_object_or_404(Country, iso3=iso3)
    access.get_country_for_coordinator(request.user, country)
    if request.method == "POST":
        try:
            review = services.review_start(cycle=cycle, country=country, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reviews:home")
        messages.success(request, _("The review was started."))
        return redirect(review)
    return render(request, "reviews/setup/review_start.html", {"cycle": cycle, "country": country})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def institution_add(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    if refused := refuse_locked(request, review):
        return refused
    form = InstitutionForm(
        request.POST if request.method == "POST" else None, country=review.country
    )
    if request.method == "POST" and form.is_valid():
        institution = form.save()
        messages.success(
            request,
            _("%(name)s was added. It is not asked yet: save this form to ask it.")
            % {"name": institution},
        )
        return redirect("reviews:request_edit", review.pk, institution.pk)
    return render(request, "reviews/setup/institution_form.html", {"review": review, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def institution_edit(request: HttpRequest, review_id: int, institution_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    if refused := refuse_locked(request, review):
        return refused
    institution = access.get_review_institution(review, institution_id)
    form = InstitutionForm(
        request.POST if request.method == "POST" else None,
        instance=institution,
        country=review.country,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(name)s was saved.") % {"name": institution})
        return redirect(review)
    context = {"review": review, "form": form, "institution": institution}
    return render(request, "reviews/setup/institution_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def request_edit(request: HttpRequest, review_id: int, institution_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    if refused := refuse_locked(request, review):
        return refused
    institution = access.get_review_institution(review, institution_id)
    current = InstitutionRequest.objects.filter(review=review, institution=institution).first()
    # Opening the form of an institution not asked yet (as after adding it) is
    # to ask it: about every objective, unless fewer are ticked.
    initial = {
        "asked": True,
        "objectives": current.objectives.all() if current else Objective.objects.all(),
    }
    form = RequestForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        name = {"name": institution}
        change: Callable[[], object]
        if form.cleaned_data["asked"]:
            objectives = form.cleaned_data["objectives"]
            count = len(objectives) or Objective.objects.count()
            mark_sent = form.cleaned_data["mark_sent"]
            change = partial(
                services.institution_request_save,
                review=review,
                institution=institution,
                objectives=objectives,
                mark_sent=mark_sent,
            )
            success = ngettext(
                "%(name)s is now asked about %(count)s objective.",
                "%(name)s is now asked about %(count)s objectives.",
                count,
            ) % {**name, "count": count}
            if mark_sent:
                success += " " + _("The request is recorded as sent today.")
        else:
            change = partial(
                services.institution_request_withdraw, review=review, institution=institution
            )
            success = (
                _("%(name)s is no longer asked.") if current else _("%(name)s is not asked.")
            ) % name
        if attempt(request, change, success=success):
            return redirect(review)
    context = {"review": review, "institution": institution, "form": form, "current": current}
    return render(request, "reviews/setup/request_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def focal_point_invite(request: HttpRequest, review_id: int, institution_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    if refused := refuse_locked(request, review):
        return refused
    institution = access.get_review_institution(review, institution_id)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.focal_point_invite(
                institution=institution,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect(review)
    context = {"review": review, "institution": institution, "form": form}
    return render(request, "reviews/setup/invitation_form.html", context)


@require_POST
@login_required
def focal_point_resend(request: HttpRequest, review_id: int, focal_point_id: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, review_id, write=True).review
    if refused := refuse_locked(request, review):
        return refused
    focal_point = access.get_review_focal_point(review, focal_point_id)
    email = focal_point.user.email
    # Rate-limited per coordinator's address and per person invited: an e-mail
    # box is not flooded, and each resend voids the link sent before it.
    if wait := throttle.rate_take(*throttle.rates_for("invitation", request, email)):
        messages.error(
            request,
            _(
                "The invitation was not sent again to %(email)s: too many were sent "
                "recently. Try again after %(time)s."
            )
            % {"email": email, "time": timezone.localtime(wait).strftime("%H:%M %Z")},
        )
        return redirect(review)
    services.invitation_send(focal_point=focal_point, base_url=request.build_absolute_uri("/"))
    messages.success(
        request,
        _("The invitation was sent again to %(email)s.") % {"email": focal_point.user.email},
    )
    return redirect(review)


@require_safe
@login_required
def institution_detail(request: HttpRequest, institution_id: int) -> HttpResponse:
    """A focal point's page: what their institution is asked, in each open cycle."""
    rights = access.get_institution_for_user(request.user, institution_id)
    institution = rights.institution
    context = {
        "institution": institution,
        # Only the institution's own focal points import its programmes.
        "may_import": rights.answers,
        "requests": selectors.institution_requests(institution),
        "focal_points": institution.focal_points.select_related("user"),
    }
    return render(request, "reviews/setup/institution_detail.html", context)
