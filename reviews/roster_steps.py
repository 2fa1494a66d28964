"""The steps of the institutions sheet's import, upload → preview → confirm,
shared by the review's page (``views/roster.py``) and the Institution admin
(``admin.py``), which may not import the views (``tests/test_project_rules.py``).
What the sheet does is worked out in ``spreadsheets.roster`` and ``services.roster``."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from reviews import spreadsheets
from reviews.forms import RosterSheetForm


def imported_message(totals: dict) -> str:
    """What a confirmed import did, in words (the review's and the admin's import)."""
    parts = [
        ngettext("%(count)s institution created", "%(count)s institutions created", n)
        % {"count": n}
        for n in [totals["institutions_create"]]
    ]
    parts += [
        npgettext("institutions", "%(count)s updated", "%(count)s updated", n) % {"count": n}
        for n in [totals["institutions_update"]]
    ]
    if "requests_create" in totals:
        n = totals["requests_create"] + totals["requests_change"]
        parts.append(
            ngettext("%(count)s request made or changed", "%(count)s requests made or changed", n)
            % {"count": n}
        )
    n = totals["focal_points_invite"]
    parts.append(
        ngettext("%(count)s focal point invited", "%(count)s focal points invited", n)
        % {"count": n}
    )
    return _("Imported: %(what)s.") % {"what": ", ".join(parts)}


def sheet_steps(request, *, review, template: str, context: dict, done: str) -> HttpResponse:
    """Upload → preview → confirm, for a review's institutions (``review``) or, in
    the admin, a region's (``review`` None: a country column, no requests).

    The sheet waiting between the two steps is named in the session, never in the form."""
    session_key = f"institutions-import-{review.pk if review else 'admin'}"
    context = {"form": RosterSheetForm(), "max_rows": spreadsheets.MAX_SHEET_ROWS, **context}
    if request.method != "POST":
        return render(request, template, context)
    try:
        if "confirm" in request.POST:
            result = spreadsheets.roster_confirm(
                pending=request.session.pop(session_key, None),
                review=review,
                mark_sent=bool(request.POST.get("mark_sent")),
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(request, imported_message(result["totals"]))
            return redirect(done)
        context["form"] = form = RosterSheetForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, template, context)
        sheet = form.cleaned_data["sheet"]
        pending, preview = spreadsheets.roster_preview(
            file_name=sheet.name,
            content=spreadsheets.upload_content(sheet),
            review=review,
            previous=request.session.pop(session_key, None),
        )
        request.session[session_key] = pending
    except spreadsheets.PreviewExpired:
        messages.error(request, _("The preview expired: upload the sheet again."))
        return redirect(request.path)
    except spreadsheets.ImportRefused as refused:
        return render(request, template, {**context, "problems": refused.problems})
    return render(request, template, {**context, **preview})
