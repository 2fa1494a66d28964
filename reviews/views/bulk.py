"""A coordinator's work in bulk: asking institutions about units, accepting inputs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from reviews import access, services
from reviews.selectors.bulk import ask_columns, review_asks, submitted_inputs
from reviews.views.feedback import refuse_locked


def _ids(values) -> set[int]:
    return {int(value) for value in values if value.isdigit()}


def _names(inputs) -> str:
    return "; ".join(str(input) for input in inputs)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def inputs_accept(request: HttpRequest, review_id: int) -> HttpResponse:
    """The review's submitted inputs, to accept many at once (returning one stays
    on the input's page, with its comments)."""
    review = access.get_review_for_user(request.user, review_id, write=True).review
    if refused := refuse_locked(request, review):
        return refused
    here = reverse("reviews:inputs_accept", args=[review.pk])
    if request.method == "POST":
        ids = _ids(request.POST.getlist("inputs"))
        if not ids:
            messages.error(request, _("Tick at least one input to accept."))
            return redirect(here)
        try:
            accepted, not_waiting = services.inputs_accept(
                review=review, inputs=ids, user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(here)
        if accepted:
            messages.success(
                request,
                ngettext("%(count)s input accepted.", "%(count)s inputs accepted.", len(accepted))
                % {"count": len(accepted)},
            )
        if not_waiting:
            messages.warning(
                request,
                ngettext(
                    "%(count)s was no longer waiting: %(names)s.",
                    "%(count)s were no longer waiting: %(names)s.",
                    len(not_waiting),
                )
                % {"count": len(not_waiting), "names": _names(not_waiting)},
            )
        if not accepted and not not_waiting:
            messages.error(request, _("None of the inputs ticked is of this review."))
        return redirect(here)
    inputs = submitted_inputs(review)
    units = list({input.unit_key: input.unit_title for input in inputs}.items())
    unit = request.GET.get("unit", "")
    shown = [input for input in inputs if not unit or input.unit_key == unit]
    context = {
        "review": review,
        "inputs": shown,
        "total": len(inputs),
        "units": units,
        "unit": unit,
        "unit_title": dict(units).get(unit, ""),
        "tick_all": bool(unit) and request.GET.get("tick") == "all",
    }
    return render(request, "reviews/coordination/inputs_accept.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def ask_matrix(request: HttpRequest, review_id: int) -> HttpResponse:
    """Every active institution against the 23 objectives: who is asked about what."""
    review = access.get_review_for_user(request.user, review_id, write=True).review
    if refused := refuse_locked(request, review):
        return refused
    institutions = list(review.country.institutions.filter(is_active=True).order_by("name"))
    objectives, headings = ask_columns(review)
    asks = review_asks(review)
    refusals: dict[int, str] = {}
    mark_sent = False
    if request.method == "POST":
        by_pk = {o.pk for o in objectives}
        rows = [i for i in institutions if i.pk in _ids(request.POST.getlist("rows"))]
        wanted = {i: _ids(request.POST.getlist(f"ask-{i.pk}")) & by_pk for i in rows}
        mark_sent = request.POST.get("mark_sent") == "on"
        try:
            done = services.institution_requests_apply(
                review=review, wanted=wanted, mark_sent=mark_sent
            )
        except services.AsksRefused as error:
            refusals = error.rows
            messages.error(
                request,
                ngettext(
                    "Nothing was saved: %(count)s row cannot change as ticked.",
                    "Nothing was saved: %(count)s rows cannot change as ticked.",
                    len(refusals),
                )
                % {"count": len(refusals)},
            )
            asks = {**asks, **{i.pk: ticks for i, ticks in wanted.items()}}
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(review)
        else:
            messages.success(request, _changes_message(done))
            return redirect("reviews:ask_matrix", review.pk)
    table = [
        (
            institution,
            [(objective, objective.pk in asks.get(institution.pk, ())) for objective in objectives],
            refusals.get(institution.pk, ""),
        )
        for institution in institutions
    ]
    context = {
        "review": review,
        "objectives": objectives,
        "headings": headings,
        "table": table,
        "mark_sent": mark_sent,
    }
    return render(request, "reviews/coordination/ask_matrix.html", context)


def _changes_message(done) -> str:
    if done.nothing:
        return _("Nothing changed.")
    parts = []
    if done.asked:
        parts.append(
            ngettext(
                "%(count)s institution newly asked",
                "%(count)s institutions newly asked",
                len(done.asked),
            )
            % {"count": len(done.asked)}
        )
    if done.changed:
        parts.append(
            ngettext(
                "%(count)s asked about other objectives",
                "%(count)s asked about other objectives",
                len(done.changed),
            )
            % {"count": len(done.changed)}
        )
    if done.withdrawn:
        parts.append(
            ngettext("%(count)s no longer asked", "%(count)s no longer asked", len(done.withdrawn))
            % {"count": len(done.withdrawn)}
        )
    if done.sent:
        parts.append(
            ngettext(
                "%(count)s request recorded as sent",
                "%(count)s requests recorded as sent",
                len(done.sent),
            )
            % {"count": len(done.sent)}
        )
    return ", ".join(parts) + "."
