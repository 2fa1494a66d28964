"""What people type: counting its words, keeping it clean, bounding its length.

Shared by the models (words stored per answer), the services that save texts
and the property tests; it imports nothing of the portal.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
MAX_TEXT_CHARACTERS = 100_000  # some 15,000 words: thirty times the guidance


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, whatever the script."""
    return len(WORD.findall(text or ""))


def check_length(text: str) -> None:
    if len(text) > MAX_TEXT_CHARACTERS:
        raise ValidationError(
            _(
                "Not saved: this text has %(length)s characters, more than %(limit)s. "
                "Shorten it, or attach the long document to a programme."
            )
            % {"length": f"{len(text):,}", "limit": f"{MAX_TEXT_CHARACTERS:,}"}
        )


def clean_text(text: str) -> str:
    """Keep what people type, line breaks and tabs included; drop invisible control bytes."""
    text = (text or "").replace("\r\n", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch >= " " and ch != "\x7f")
