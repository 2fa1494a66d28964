"""Template helpers of the review pages and documents."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

NUMBER_COLUMNS = {3, 4, 5}


def _cell(index, value) -> str:
    text = escape("" if value is None else str(value))
    if index in NUMBER_COLUMNS:
        return f'<td class="text-end number">{text}</td>'
    return f"<td>{text}</td>"


@register.simple_tag
def table_rows(rows):
    """Table rows of plain values, every one escaped; numbers right-aligned.

    Built in Python (html.escape, as Django's own escape does): thousands of
    statistics rows would take a template loop, or format_html, far longer.
    """
    html = "\n".join(
        "<tr>" + "".join(_cell(i, value) for i, value in enumerate(row)) + "</tr>" for row in rows
    )
    return mark_safe(html)  # noqa: S308 - every value is escaped above


@register.filter
def person(user) -> str:
    """A person's name, else their user name; "—" when nobody is recorded (a deleted user)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
