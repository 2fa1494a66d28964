"""Error pages need no database, and an unreachable database asks to try again."""

from django.db import OperationalError
from django.test import RequestFactory

from gcm_portal.views import server_error


def test_an_unreachable_database_gets_a_503_that_asks_to_try_again():
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
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
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Algo salió mal" in response.content.decode()
    assert "a bug" not in response.content.decode()
