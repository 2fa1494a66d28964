from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.http import require_safe

from objectives.models import GuidingPrinciple, Objective
from objectives.selectors import GROUPINGS, objective_groups

# The Compact as the UN publishes it, in the reader's language (undocs.org serves
# the six official languages of a document symbol).
UN_TEXT_URL = "https://undocs.org/{language}/A/RES/73/195"
# The UN publishes its documents in its six official languages; others read English.
UN_LANGUAGES = {"ar", "zh", "en", "fr", "ru", "es"}
FIRST_OBJECTIVE_PARAGRAPH = 17


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    grouping = request.GET.get("grouping", GROUPINGS[0])
    if grouping not in GROUPINGS:
        grouping = GROUPINGS[0]
    context = {
        "grouping": grouping,
        "groups": objective_groups(grouping),
        "objective_count": Objective.objects.count(),
    }
    return render(request, "objectives/home.html", context)


def _un_language() -> str:
    language = (translation.get_language() or "es").split("-")[0]
    return language if language in UN_LANGUAGES else "en"


@require_safe
def objective_detail(request: HttpRequest, number: int) -> HttpResponse:
    objective = get_object_or_404(
        Objective.objects.select_related("round_table").prefetch_related("thematic_areas"),
        number=number,
    )
    context = {
        "objective": objective,
        # Objective 1 is paragraph 17 of the Compact, objective 23 paragraph 39.
        "paragraph": FIRST_OBJECTIVE_PARAGRAPH + number - 1,
        "un_text_url": UN_TEXT_URL.format(language=_un_language()),
        "previous": Objective.objects.filter(number__lt=number).order_by("-number").first(),
        "next": Objective.objects.filter(number__gt=number).order_by("number").first(),
    }
    return render(request, "objectives/objective_detail.html", context)


@require_safe
def guiding_principles(request: HttpRequest) -> HttpResponse:
    context = {"principles": GuidingPrinciple.objects.all()}
    return render(request, "objectives/guiding_principles.html", context)
