from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from objectives.models import GuidingPrinciple, Objective
from objectives.selectors import GROUPINGS, objective_groups


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


@require_safe
def objective_detail(request: HttpRequest, number: int) -> HttpResponse:
    objective = get_object_or_404(
        Objective.objects.select_related("round_table").prefetch_related("thematic_areas"),
        number=number,
    )
    context = {
        "objective": objective,
        "previous": Objective.objects.filter(number__lt=number).order_by("-number").first(),
        "next": Objective.objects.filter(number__gt=number).order_by("number").first(),
    }
    return render(request, "objectives/objective_detail.html", context)


@require_safe
def guiding_principles(request: HttpRequest) -> HttpResponse:
    context = {"principles": GuidingPrinciple.objects.all()}
    return render(request, "objectives/guiding_principles.html", context)
