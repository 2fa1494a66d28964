"""What an uploaded document may be: told from its content, never from its name."""

import filetype
from django.core.exceptions import ValidationError
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
