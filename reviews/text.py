"""What people type: counting its words, keeping it clean, bounding its length.

Shared by the models (their fields' limits), the services that save texts and
the property tests; it imports nothing of the portal.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Control bytes nobody types on purpose: all below the space but tab and line break, and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# The limits of what people type, in characters. A limit is there to keep one
# paste from filling the database and the reports, never to cut real work: each
# is far above what the field is for.
MAX_TEXT_CHARACTERS = 100_000  # an answer or a national text: some 15,000 words
MAX_PROGRAMME_CHARACTERS = 20_000  # a programme's description, background…: 3,000 words
MAX_NOTE_CHARACTERS = 5_000  # a reason, a comment, a note, contact persons: a page


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, whatever the script."""
    return len(WORD.findall(text or ""))


def length(text: str) -> int:
    """Characters as the browser counts them: a line break is one, however it is sent."""
    return len(text.replace("\r\n", "\n"))


def too_long(text: str, limit: int) -> ValidationError:
    """The one message of every length limit, in forms, services and imports; the
    numbers grouped as the reader's language writes them (100.000, 100,000)."""
    return ValidationError(
        _(
            "Not saved: this text has %(length)s characters, more than %(limit)s. "
            "Shorten it, or attach the whole document to a programme as a file."
        )
        % {
            "length": number_format(length(text), force_grouping=True),
            "limit": number_format(limit, force_grouping=True),
        },
        code="max_length",
    )


def check_length(text: str, limit: int = MAX_TEXT_CHARACTERS) -> None:
    if length(text or "") > limit:
        raise too_long(text, limit)


def clean_text(text: str) -> str:
    """Keep what people type, line breaks and tabs included; drop invisible control bytes."""
    return CONTROL.sub("", (text or "").replace("\r\n", "\n"))


def normal_name(name: str) -> str:
    """A name as it is kept: spaces collapsed, none at the ends."""
    return " ".join((name or "").split())


def name_key(name: str) -> str:
    """What makes two names the same: capitals and spaces aside."""
    return normal_name(name).lower()


def distinct_names(names: list[str], max_length: int) -> list[str]:
    """The names in order, each later repetition (capitals and spaces aside) renamed
    visibly "Name (2)", "Name (3)"…, never onto a name already in the list."""
    taken = {name_key(name) for name in names}
    seen: set[str] = set()
    result = []
    for name in names:
        name = normal_name(name)
        if name_key(name) in seen:
            number = 2
            while True:
                suffix = f" ({number})"
                candidate = name[: max_length - len(suffix)].rstrip() + suffix
                if name_key(candidate) not in taken:
                    break
                number += 1
            name = candidate
            taken.add(name_key(name))
        seen.add(name_key(name))
        result.append(name)
    return result
