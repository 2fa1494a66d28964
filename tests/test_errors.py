"""Error pages need no database, and an unreachable database asks to try again."""

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import RequestFactory, override_settings
from django.utils import translation

from gcm_portal.views import server_error


def test_an_unreachable_database_gets_a_503_that_asks_to_try_again():
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        with translation.override("es"):  # as the middleware left it
            response = server_error(RequestFactory().get("/work/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "El portal se está reiniciando" in page
    assert "se guarda solo" in page


def test_any_other_error_gets_a_plain_500_page():
    try:
        raise ValueError("a bug")
    except ValueError:
        with translation.override("es"):
            response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Algo salió mal" in response.content.decode()
    assert "a bug" not in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_gets_the_portals_own_404_in_spanish(client):
    response = client.get("/objectives/99/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Portal de Revisión del PMM" in page  # the portal's header, not Django's bare page
    assert "Not Found" not in page
    assert 'href="/accounts/login/"' in page
    assert "Ir a mi trabajo" not in page  # nobody is signed in


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_page_someone_may_not_see_gets_the_same_404_with_their_work(client):
    client.force_login(get_user_model().objects.create_user("someone", password="x"))
    response = client.get("/work/reviews/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert 'href="/work/"' in page
