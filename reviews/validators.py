"""What an uploaded document may be: told from its content, never from its name."""

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


# What an attachment may be, told from its first bytes (never from its name).
ALLOWED_ATTACHMENTS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}
# The extension a document is stored and served with: its content's, never the
# one its name came with (a PDF named x.html is x.pdf).
ATTACHMENT_EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/png": "png",
    "image/jpeg": "jpg",
}


def attachment_check(upload) -> str:
    """The content type of an upload, told from its content; refuse anything else."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("%(name)s is larger than 20 MB.") % {"name": upload.name})
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_ATTACHMENTS:
        raise ValidationError(
            _("%(name)s is not a PDF, DOCX, XLSX, ODT, PNG or JPEG file (whatever its name says).")
            % {"name": upload.name}
        )
    return kind.mime


def _stem(name: str) -> str:
    """The name without folders and without its last extension."""
    return PurePosixPath(PureWindowsPath(name).name).stem


def attachment_download_name(original_name: str, content_type: str) -> str:
    """The name a document is downloaded under: the uploader's name (without
    control characters) with the extension of its content."""
    stem = "".join(c for c in _stem(original_name) if unicodedata.category(c)[0] != "C")
    stem = stem.strip(" .")[:150] or "document"
    return f"{stem}.{ATTACHMENT_EXTENSIONS.get(content_type, 'bin')}"


def attachment_stored_name(original_name: str, content_type: str) -> str:
    """The file name on disk: the uploader's name in lower-case ASCII letters,
    digits and hyphens, with the extension of its content."""
    stem = slugify(_stem(original_name))[:40].strip("-") or "document"
    return f"{stem}.{ATTACHMENT_EXTENSIONS.get(content_type, 'bin')}"
