"""Word documents (.docx, python-docx) for the UN Network's templates: a good
practice as the Hub's Word template holds it, and any other titled document of
labelled fields.

Only words go in: what people typed is written as text runs, never as fields or
hyperlinks, so nothing in the file runs or calls out when it is opened.
"""

import datetime
import io
from collections.abc import Sequence

from django.utils import formats
from docx import Document

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMPTY = "—"


def _text(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")  # for people: their language's way
    return str(value)


def _paragraphs(document, value) -> None:
    """A value as paragraphs, one per line typed (a blank line is dropped)."""
    lines = [line for line in _text(value).replace("\r\n", "\n").split("\n") if line.strip()]
    for line in lines or [EMPTY]:
        document.add_paragraph(_keep_printable(line))


def _keep_printable(text: str) -> str:
    # XML 1.0 has no place for control bytes: python-docx would refuse the whole file.
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)


def titled_document(
    title: str, fields: Sequence[tuple[str, object]], *, subtitle: str = ""
) -> bytes:
    """A .docx: ``title`` as its title, then each (label, value) as a heading and its
    text. A value that is a list of (label, text) pairs is a group: its items are
    printed under smaller headings (the guiding principles of a practice). Dates are
    written as the reader's language writes them; an empty value as a dash."""
    document = Document()
    document.core_properties.title = _keep_printable(title)[:255]
    document.add_heading(_keep_printable(title), level=0)
    if subtitle:
        document.add_paragraph(_keep_printable(subtitle))
    for label, value in fields:
        document.add_heading(_keep_printable(str(label)), level=1)
        if isinstance(value, list | tuple):
            for item_label, item_value in value:
                document.add_heading(_keep_printable(str(item_label)), level=2)
                _paragraphs(document, item_value)
        else:
            _paragraphs(document, value)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
