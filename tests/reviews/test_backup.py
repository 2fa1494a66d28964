"""A backup restores into an empty database with every input and every uploaded file."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from objectives.services import load_reference_data
from reviews import services
from reviews.models import Answer, Attachment, Input, NationalText, Programme
from tests.reviews.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Transactional tests may start from an empty database: load what the world reads."""
    load_reference_data()


@pytest.fixture
def world(reference_data):
    """Built per test: a module-wide transaction would hide what a backup must see."""
    return build_world()


def test_backup_then_restore_into_an_empty_database(
    world_with_programme, settings, tmp_path_factory
):
    world = world_with_programme
    services.answer_save(
        answer_id=world.answer_a1.pk, user=world.users["focal_a1"], text="Texto guardado.",
        not_applicable=False, reason="", base_version=0,
    )  # fmt: skip
    NationalText.objects.filter(pk=world.text_a.pk).update(text="Texto nacional.")
    before = {
        "inputs": Input.objects.count(),
        "answers": sorted(Answer.objects.values_list("pk", "text")),
        "programmes": Programme.objects.count(),
        "history": Answer.history.count(),
    }
    archive = tmp_path_factory.mktemp("backups") / "respaldo.tar.gz"  # not among the uploads
    call_command("backup", str(archive))

    call_command("flush", interactive=False, verbosity=0)  # an empty database
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not Input.objects.exists()

    call_command("restore", str(archive))

    assert Input.objects.count() == before["inputs"]
    assert sorted(Answer.objects.values_list("pk", "text")) == before["answers"]
    assert Programme.objects.count() == before["programmes"]
    assert Answer.history.count() == before["history"]
    assert NationalText.objects.get(pk=world.text_a.pk).text == "Texto nacional."
    attachment = Attachment.objects.get()
    assert attachment.file.read().startswith(b"\x89PNG")
    restored = get_user_model().objects.get(username="focal_a1")
    assert restored.check_password("pw")  # the password hashes came back too

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
