"""A review's pledges and its consultations with stakeholders: recorded by the review's
coordinators while the review is open, each with one document (a pledge's attachment,
a consultation's minutes) that a new upload replaces."""

from django.db import transaction

from reviews.models.network import Consultation, Document, Pledge
from reviews.services.lifecycle import check_open
from reviews.validators import attachment_check, attachment_stored_name


def _document_store(row: Document, upload) -> None:
    """Keep ``upload`` as the row's document, under a folder of its own with a random
    name; the file it replaces is removed once the change is committed."""
    content_type = attachment_check(upload)
    old = row.file.name
    field = row._meta.get_field("file")
    folder = field.generate_filename(row, "")
    name = f"{folder}/{attachment_stored_name(upload.name, content_type)}"
    row.file.name = field.storage.save(name, upload, max_length=field.max_length)
    row.file_name = upload.name[:255]
    row.file_type = content_type
    row.file_size = upload.size
    row.save(update_fields=["file", "file_name", "file_type", "file_size"])
    # The file replaced goes once the change is committed (a refused change keeps it).
    if old:
        transaction.on_commit(lambda: field.storage.delete(old))


def _save(form, *, review, user, upload):
    row = form.save(commit=False)
    row.review = review
    if not row.pk:
        row.created_by = user
    row.save()
    form.save_m2m()
    if upload:
        _document_store(row, upload)
    return row


@transaction.atomic
def pledge_save(*, review, form, user) -> Pledge:
    """Record a pledge (or its change) from a valid ``PledgeForm``."""
    check_open(review)
    return _save(form, review=review, user=user, upload=form.cleaned_data.get("new_document"))


@transaction.atomic
def consultation_save(*, review, form, user) -> Consultation:
    """Record a consultation (or its change) from a valid ``ConsultationForm``."""
    check_open(review)
    return _save(form, review=review, user=user, upload=form.cleaned_data.get("new_document"))


@transaction.atomic
def network_row_delete(*, row: Pledge | Consultation) -> None:
    """Delete a pledge or a consultation, and its document once that is committed."""
    check_open(row.review)
    name, storage = row.file.name, row.file.storage
    row.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
