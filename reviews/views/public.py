"""The public pages (stubs, being written)."""

from django.http import Http404


def index(request):
    raise Http404


def country(request, iso3):
    raise Http404


def report(request, review_id, layout):
    raise Http404


def report_pdf(request, review_id, layout, language):
    raise Http404


def objective(request, number):
    raise Http404
