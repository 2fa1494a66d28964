"""The first draft of the national texts, assembled from the accepted inputs."""

from django.http import Http404, HttpRequest, HttpResponse


def draft_assemble(request: HttpRequest, review_id: int) -> HttpResponse:
    raise Http404  # Issue 15: being built.
