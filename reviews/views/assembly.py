"""The first draft of the national texts, assembled from the accepted inputs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from reviews import access, selectors, services
from reviews.selectors.material import assembly_plan
from reviews.selectors.validation import text_label
from reviews.services.assembly import AssemblyResult
from reviews.views.feedback import refuse_locked


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def draft_assemble(request: HttpRequest, review_id: int) -> HttpResponse:
    """GET: what assembling will do; POST: do it, and say what it did."""
    rights = access.get_review_for_user(request.user, review_id, write=True)
    review = rights.review
    if refused := refuse_locked(request, review):
        return refused
    if request.method == "POST":
        try:
            result = services.draft_assemble(review=review, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reviews:draft_assemble", review.pk)
        for level, message in _told(result):
            messages.add_message(request, level, message)
        return redirect("reviews:draft", review.pk)
    plan = assembly_plan(review)
    groups = {group.number: group for group in selectors.cycle_groups(review.cycle)}

    def labelled(texts):
        return [{"text": text, "label": text_label(text, groups)} for text in texts]

    context = {
        "review": review,
        "rights": rights,
        "fill": labelled(text for text, _sources in plan.fill),
        "written": labelled(text for text, _sources in plan.written),
        "without": labelled(plan.without),
    }
    return render(request, "reviews/coordination/draft_assemble.html", context)


def _told(result: AssemblyResult) -> list[tuple[int, str]]:
    """What the assembly did, in words (one message per kind of outcome)."""
    told = []
    if result.filled:
        told.append(
            (
                messages.SUCCESS,
                ngettext(
                    "%(count)d empty national text now holds a first draft "
                    "(%(passages)d passages of the institutions): edit it before the "
                    "report goes out.",
                    "%(count)d empty national texts now hold a first draft "
                    "(%(passages)d passages of the institutions): edit them before the "
                    "report goes out.",
                    result.filled,
                )
                % {"count": result.filled, "passages": result.passages},
            )
        )
    else:
        told.append(
            (
                messages.INFO,
                _("No empty national text has accepted material to fill: nothing was changed."),
            )
        )
    if result.written:
        told.append(
            (
                messages.INFO,
                ngettext(
                    "%(count)d national text already written was left as it was: its page "
                    "marks the material not yet inserted as new.",
                    "%(count)d national texts already written were left as they were: their "
                    "pages mark the material not yet inserted as new.",
                    result.written,
                )
                % {"count": result.written},
            )
        )
    if result.left_out:
        told.append(
            (
                messages.WARNING,
                ngettext(
                    "%(count)d passage did not fit within a national text's limit: it is "
                    "marked new beside the text, to be summarised by hand.",
                    "%(count)d passages did not fit within a national text's limit: they are "
                    "marked new beside the text, to be summarised by hand.",
                    result.left_out,
                )
                % {"count": result.left_out},
            )
        )
    return told
