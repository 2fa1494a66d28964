"""The regional reviewer's pages (stubs)."""

from django.http import Http404


def region(request, **kwargs):
    raise Http404


def coverage(request, **kwargs):
    raise Http404


def compare(request, **kwargs):
    raise Http404


def challenges(request, **kwargs):
    raise Http404


def export(request, **kwargs):
    raise Http404


def synthesis(request, **kwargs):
    raise Http404


def synthesis_text_save(request, **kwargs):
    raise Http404


def synthesis_text_versions(request, **kwargs):
    raise Http404


def synthesis_text_restore(request, **kwargs):
    raise Http404


def synthesis_preview(request, **kwargs):
    raise Http404


def synthesis_job(request, **kwargs):
    raise Http404


def synthesis_retry(request, **kwargs):
    raise Http404


def synthesis_download(request, **kwargs):
    raise Http404
