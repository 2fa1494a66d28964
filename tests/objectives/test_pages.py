import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("objectives:home"),
    reverse("objectives:home") + "?grouping=round-tables",
    reverse("objectives:objective", args=[1]),
    reverse("objectives:objective", args=[23]),
    reverse("objectives:guiding_principles"),
]


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("url", PAGES)
def test_public_page_answers_in_spanish_by_default(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in response.content.decode()
    assert "Saltar al contenido principal" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_public_page_answers_in_english(client, url):
    response = in_english(client).get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "Skip to main content" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_refuse_post(client, url):
    assert client.post(url).status_code == 405


def test_home_lists_the_23_objectives_by_thematic_area(client):
    response = client.get(reverse("objectives:home"))
    groups = list(response.context["groups"])
    assert [g.number for g in groups] == [1, 2, 3, 4, 5]
    listed = [o.number for g in groups for o in g.objectives.all()]
    assert sorted(set(listed)) == list(range(1, 24))
    assert listed.count(23) == 5
    html = response.content.decode()
    assert "Recopilar y utilizar datos exactos y desglosados" in html
    assert "Área temática 5" in html


def test_home_switches_to_round_tables(client):
    response = in_english(client).get(reverse("objectives:home"), {"grouping": "round-tables"})
    groups = list(response.context["groups"])
    assert [g.number for g in groups] == [1, 2, 3, 4]
    assert sum(g.objectives.count() for g in groups) == 23
    assert "Round table 4" in response.content.decode()


def test_unknown_grouping_falls_back_to_areas(client):
    response = client.get(reverse("objectives:home"), {"grouping": "<script>"})
    assert response.context["grouping"] == "areas"
    assert "<script>" not in response.content.decode()


def test_objective_page_shows_title_label_highlights_and_areas(client):
    response = in_english(client).get(reverse("objectives:objective", args=[23]))
    html = response.content.decode()
    objective = response.context["objective"]
    assert objective.title_en in html
    assert "International cooperation" in html
    assert objective.highlights_en in html
    assert html.count("Thematic areas") == 1
    assert "Improving the social inclusion and integration of migrants" in html


def test_unknown_objective_is_404(client):
    assert client.get(reverse("objectives:objective", args=[24])).status_code == 404
    assert client.get("/objectives/0/").status_code == 404


def test_guiding_principles_in_order(client):
    response = client.get(reverse("objectives:guiding_principles"))
    html = response.content.decode()
    positions = [
        html.index(name)
        for name in ["Centrarse en las personas", "Derechos humanos", "Enfoque pansocial"]
    ]
    assert positions == sorted(positions)


def test_language_choice_persists(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("objectives:guiding_principles"))["Content-Language"] == "en"
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert client.get("/")["Content-Language"] == "es"


def test_unsupported_language_cookie_falls_back_to_spanish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/")["Content-Language"] == "es"


def test_static_files_are_vendored(client):
    html = client.get("/").content.decode()
    assert "/static/vendor/bootstrap-5.3.9/bootstrap.min.css" in html
    assert "cdn" not in html.lower()
