"""Publishing a submitted review's report (stub)."""

from django.http import Http404


def review_publish(request, review_id):
    raise Http404


def review_unpublish(request, review_id):
    raise Http404
