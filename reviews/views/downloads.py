"""Serving a stored document: always a download, typed and named by its content (a
PDF named x.html is x.pdf), and no browser guesses another type from the bytes."""

from django.http import FileResponse

from reviews.validators import ATTACHMENT_EXTENSIONS, attachment_download_name


def document_download(file, original_name: str, content_type: str) -> FileResponse:
    known = content_type in ATTACHMENT_EXTENSIONS
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=attachment_download_name(original_name, content_type),
        content_type=content_type if known else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
