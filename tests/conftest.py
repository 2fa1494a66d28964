import pytest
from django.contrib.auth import get_user_model

from objectives.services import load_reference_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data, loaded once into the test database: tests read it."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser("administrator", "admin@example.org", "pw")


@pytest.fixture
def plain_user(db):
    return get_user_model().objects.create_user("someone", "someone@example.org", "pw")
