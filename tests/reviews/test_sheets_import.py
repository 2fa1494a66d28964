"""The programme import's preview and confirmation, as services (no request needed)."""

import pytest

from reviews import spreadsheets
from reviews.models import Programme

pytestmark = pytest.mark.django_db

SHEET = b"name,objectives\nVentanilla,7\n"


def pending_files(media):
    return list(media.glob("django-import-export/*"))


def preview(world, content=SHEET, previous=None):
    return spreadsheets.import_preview(
        institution_request=world.request_a1,
        file_name="p.csv",
        content=content,
        user=world.users["focal_a1"],
        previous=previous,
    )


def confirm(world, pending):
    return spreadsheets.import_confirm(
        institution_request=world.request_a1, pending=pending, user=world.users["focal_a1"]
    )


def test_a_preview_keeps_the_file_until_it_is_confirmed(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pending, shown = preview(world)
    assert (shown["totals"]["new"], shown["rows"][0][:2]) == (1, (2, "new"))
    assert not Programme.objects.exists() and len(pending_files(tmp_path)) == 1

    done = confirm(world, pending)

    assert done["totals"]["new"] == 1
    assert Programme.objects.get().name == "Ventanilla"
    assert not pending_files(tmp_path)
    with pytest.raises(spreadsheets.PreviewExpired):  # a second confirmation finds nothing
        confirm(world, pending)


def test_a_new_upload_replaces_the_waiting_one(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, _shown = preview(world)
    with pytest.raises(spreadsheets.ImportRefused):
        preview(world, content=b"name,colour\nA,red\n", previous=first)
    assert not pending_files(tmp_path)  # neither the old sheet nor the refused one waits
    with pytest.raises(spreadsheets.PreviewExpired):
        confirm(world, first)
    with pytest.raises(spreadsheets.PreviewExpired):
        confirm(world, None)
    assert not Programme.objects.exists()
