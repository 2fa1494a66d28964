"""The material beside a national text that is accepted and not yet in it, marked new."""

from django import template

from reviews.models import Answer, NationalText
from reviews.selectors.material import new_material as unit_new_material

register = template.Library()


@register.simple_tag
def new_material(text: NationalText) -> set[str]:
    """``{% new_material text as new %}``: the sources ("answer-12", "programme-3") of
    the text's unit that were accepted and are not in the text yet (two or three
    queries per text)."""
    return unit_new_material(text)


@register.filter
def source_key(source) -> str:
    """An answer or a programme as the pages name a source ("answer-12"):
    ``{% if answer|source_key in new %}``."""
    kind = "answer" if isinstance(source, Answer) else "programme"
    return f"{kind}-{source.pk}"
