"""A coordinator's work in bulk: asking institutions about units, accepting inputs."""

from django.http import Http404, HttpRequest, HttpResponse


def ask_matrix(request: HttpRequest, review_id: int) -> HttpResponse:
    raise Http404  # Issue 15: being built.


def inputs_accept(request: HttpRequest, review_id: int) -> HttpResponse:
    raise Http404  # Issue 15: being built.
