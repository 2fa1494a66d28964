"""A review's institutions and focal points from one spreadsheet: template, preview, confirm."""

from django.http import Http404, HttpRequest, HttpResponse


def institutions_import(request: HttpRequest, review_id: int) -> HttpResponse:
    raise Http404  # Issue 15: being built.


def institutions_template(request: HttpRequest, review_id: int) -> HttpResponse:
    raise Http404  # Issue 15: being built.
