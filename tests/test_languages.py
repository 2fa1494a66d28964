"""A further language takes a settings entry, its catalogue and the reference
data's texts: no code, and no migration."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_adding_a_language_needs_no_migration(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français"), ("pt", "Português")]
    out = io.StringIO()
    # Exits with an error if a model's choices (or anything else) followed the setting.
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
