import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation.reloader import translation_file_changed

from objectives.services import load_reference_data

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def pytest_configure(config):
    compile_translations()


def compile_translations() -> None:
    """Compile each catalogue whose .mo is missing or older than its .po, as `make` does,
    so that plain `pytest` on a fresh checkout tests the translated pages.

    pytest-django has set Django up before this runs, and Django has read the catalogues
    already: its caches are cleared once one is rewritten."""
    stale = [
        po
        for po in sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if not stale:
        return
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise pytest.UsageError(
            "msgfmt is missing, so the translations cannot be compiled "
            f"({', '.join(str(po.relative_to(LOCALE.parent)) for po in stale)}): "
            "install gettext (`make apt PACKAGES=gettext`, or `apt-get install gettext`)."
        )
    for po in stale:
        mo = po.with_suffix(".mo")
        # Written beside, then moved into place: another pytest run in the same
        # checkout never reads half a catalogue.
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        try:
            done = subprocess.run(
                [msgfmt, "--check-format", "-o", str(partial), str(po)],
                capture_output=True,
                text=True,
            )
            if done.returncode:
                raise pytest.UsageError(f"msgfmt refused {po}:\n{done.stderr}")
            partial.replace(mo)
        finally:
            partial.unlink(missing_ok=True)
        translation_file_changed(None, file_path=mo)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data, loaded once into the test database: tests read it."""
    with django_db_blocker.unblock():
        load_reference_data()


def reference_data_again(django_db_blocker) -> None:
    """A transactional test empties the database when it ends: whatever runs after it
    in the same process finds the reference data loaded again, and the translators'
    group that a migration makes."""
    from django.contrib.auth.models import Group

    from gcm_portal.translators import TRANSLATORS
    from objectives.models import Objective

    with django_db_blocker.unblock():
        if not Objective.objects.exists():
            load_reference_data()
            Group.objects.get_or_create(name=TRANSLATORS)


@pytest.fixture(autouse=True)
def _reference_data_present(request, django_db_blocker):
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        reference_data_again(django_db_blocker)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction open for a whole module, rolled back after its last test.

    A module-scoped fixture that asks for this builds its data once, with
    ``django_db_blocker.unblock()``; each test's ``db`` then runs in a savepoint
    inside this transaction, rolled back after the test, so every test starts
    from the same data (``TestCase.setUpTestData``, for pytest). Not for a
    module with ``transactional_db`` tests: they would see the open transaction.
    """
    reference_data_again(django_db_blocker)
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser("administrator", "admin@example.org", "pw")


@pytest.fixture
def plain_user(db):
    return get_user_model().objects.create_user("someone", "someone@example.org", "pw")
