"""The length limits of what people type, for the maxlength of hand-written boxes."""

from django import template

from reviews import text

register = template.Library()

LIMITS = {
    "text": text.MAX_TEXT_CHARACTERS,
    "programme": text.MAX_PROGRAMME_CHARACTERS,
    "note": text.MAX_NOTE_CHARACTERS,
}


@register.simple_tag
def max_characters(kind: str) -> int:
    """``{% max_characters "note" %}``: the limit of an answer ("text"), a programme's
    field ("programme"), or a reason, comment or note ("note")."""
    return LIMITS[kind]
