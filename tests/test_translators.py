"""Translators edit the catalogues in the portal (django-rosetta at /translations/):
the administrators and the "translators" group; nobody else."""

import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from gcm_portal.translators import TRANSLATORS
from tests.factories import AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def catalogues(settings, tmp_path):
    """A copy of the project's catalogues: what the tests write never reaches the repository."""
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    # Rosetta also looks beside the settings' package: the repository's own catalogues.
    settings.ROSETTA_EXCLUDED_PATHS = [str(ROOT / "locale")]
    return tmp_path / "locale"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _translator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    return user


def test_the_translators_group_exists_and_its_members_edit_a_catalogue(catalogues):
    client = _client(_translator())
    files = client.get(reverse("rosetta-file-list", kwargs={"po_filter": "project"}))
    assert files.status_code == 200
    form_url = reverse("rosetta-form", kwargs={"po_filter": "project", "lang_id": "es", "idx": 0})
    page = client.get(form_url + "?query=Published+national+reports")
    assert page.status_code == 200
    html = page.content.decode()
    field = re.search(r'name="(m_[0-9a-f]+)"', html)
    assert field, "the entry's box"
    response = client.post(
        form_url + "?query=Published+national+reports",
        {field.group(1): "Informes nacionales ya publicados"},
    )
    assert response.status_code in (200, 302)
    po = (catalogues / "es" / "LC_MESSAGES" / "django.po").read_text()
    assert 'msgstr "Informes nacionales ya publicados"' in po


@pytest.mark.parametrize("who", ["anonymous", "signed-in", "administrator"])
def test_only_translators_and_administrators_reach_the_catalogues(catalogues, who):
    client = Client()
    if who == "signed-in":
        client.force_login(UserFactory())
    elif who == "administrator":
        client.force_login(AdministratorFactory())
    response = client.get(reverse("rosetta-file-list", kwargs={"po_filter": "project"}))
    if who == "administrator":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
