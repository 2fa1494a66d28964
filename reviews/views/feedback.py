"""Telling a person how a change went, the same way on every page."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError


def attempt(request, change: Callable[[], object], *, success: str) -> bool:
    """Run a service; show its refusal (a ValidationError's messages) or ``success``."""
    try:
        change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True
