"""Telling a person how a change went, the same way on every page."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from reviews import services


def attempt(request, change: Callable[[], object], *, success: str) -> bool:
    """Run a service; show its refusal (a ValidationError's messages) or ``success``."""
    try:
        change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def refuse_locked(request, review, back=None):
    """Back to the review's page (or ``back``) with the reason, when the review was
    submitted and nothing in it may change; None while it is open. For the pages
    that change a review."""
    try:
        services.check_open(review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back or review)
    return None
