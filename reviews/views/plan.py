"""The review's deadline plan: its steps' dates, the reminder settings, and each
asked institution's due date, state and reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from reviews import access, selectors, services
from reviews.forms_plan import DueDatesForm, PlanForm
from reviews.views.feedback import refuse_locked

REMINDER_FIELDS = services.REMINDER_FIELDS


def _page(request, review, *, form=None, due_form=None, status=200) -> HttpResponse:
    plan = selectors.review_plan(review)
    today = timezone.localdate()
    rows = selectors.requests_due(review, today=today)
    if form is None:
        initial = {step.field: step.date for step in plan.steps}
        initial.update({name: getattr(review, name) for name in REMINDER_FIELDS})
        form = PlanForm(initial=initial)
    if due_form is None:
        due_form = DueDatesForm(requests=[row["request"] for row in rows])
    for row in rows:
        row["field"] = due_form[f"due_{row['request'].pk}"]
    context = {
        "review": review,
        "plan": plan,
        "steps": [
            {
                "step": step,
                "days_left": (step.date - today).days,
                "days_ago": (today - step.date).days,
                "field": form[step.field],
            }
            for step in plan.steps
        ],
        "form": form,
        "reminder_fields": [form[name] for name in REMINDER_FIELDS],
        "due_form": due_form,
        "rows": rows,
        "overdue": [row for row in rows if row["due"].overdue],
        "today": today,
        "days_to_deadline": (review.cycle.deadline - today).days,
    }
    return render(request, "reviews/plan/plan.html", context, status=status)


def _for_change(request, review_id: int):
    """The review, and the way back to its plan saying why when it was submitted."""
    review = access.get_review_for_user(request.user, review_id, write=True).review
    return review, refuse_locked(request, review, back=reverse("reviews:plan", args=[review.pk]))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def plan(request: HttpRequest, review_id: int) -> HttpResponse:
    if request.method != "POST":
        review = access.get_review_for_user(request.user, review_id, write=True).review
        return _page(request, review)
    review, refused = _for_change(request, review_id)
    if refused:
        return refused
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.plan_save(review=review, dates=form.dates(), reminders=form.reminders())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("reviews:plan", review.pk)
    review.refresh_from_db()  # what is stored, beside the form as it was sent
    return _page(request, review, form=form)


@require_POST
@login_required
def plan_reset(request: HttpRequest, review_id: int) -> HttpResponse:
    review, refused = _for_change(request, review_id)
    if refused:
        return refused
    services.plan_reset(review=review)
    messages.success(request, _("The plan is back to the dates computed from the cycle."))
    return redirect("reviews:plan", review.pk)


@require_POST
@login_required
def plan_due(request: HttpRequest, review_id: int) -> HttpResponse:
    review, refused = _for_change(request, review_id)
    if refused:
        return refused
    requests = list(review.requests.select_related("institution").order_by("institution__name"))
    form = DueDatesForm(request.POST, requests=requests)
    if form.is_valid():
        try:
            changed = services.due_dates_save(review=review, due=form.due())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(
                    request,
                    ngettext("%(count)s due date saved.", "%(count)s due dates saved.", changed)
                    % {"count": changed},
                )
            else:
                messages.info(request, _("No due date changed."))
            return redirect("reviews:plan", review.pk)
    return _page(request, review, due_form=form)
