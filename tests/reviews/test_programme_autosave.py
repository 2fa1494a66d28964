"""Autosave of an existing programme: the whole form sent with ``X-Autosave: 1``,
saved as a normal save would (no attachment), and answered with the new version and
the ids of the rows it created, so that the next save does not create them again."""

import pytest
from django.urls import reverse

from objectives.models import ChallengeCategory
from reviews.models import Input, Programme
from tests import factories


@pytest.fixture
def programme(world):
    return factories.ProgrammeFactory(
        request=world.request_a1, name="Programa Quédate", statistics=1, challenges=0
    )


def form_data(programme, **changes):
    row = programme.statistics.order_by("pk").first()
    data = {
        "name": programme.name,
        "kind": programme.kind,
        "version": str(programme.version),
        "statistics-TOTAL_FORMS": "2",
        "statistics-INITIAL_FORMS": "1",
        "statistics-0-id": str(row.pk),
        "statistics-0-indicator": row.indicator,
        "statistics-0-total": "7",
        "statistics-1-indicator": "Personas retornadas",
        "statistics-1-men": "10",
        "statistics-1-women": "5",
        "challenges-TOTAL_FORMS": "1",
        "challenges-INITIAL_FORMS": "0",
        "challenges-0-description": "Pocas oficinas",
        "challenges-0-categories": str(ChallengeCategory.objects.order_by("number")[0].pk),
    }
    data.update(changes)
    return data


def autosave(client, world, programme, data):
    url = reverse("reviews:programme_edit", args=[world.input_a1.pk, programme.pk])
    return client.post(url, data, headers={"X-Autosave": "1"})


def test_an_autosave_saves_and_returns_the_version_and_the_new_rows_ids(world, as_role, programme):
    version = programme.version
    response = autosave(as_role("focal_a1"), world, programme, form_data(programme))
    assert response.status_code == 200, response.content
    body = response.json()
    programme.refresh_from_db()
    assert body["version"] == programme.version == version + 1
    assert len(body["saved_at"]) == 8  # HH:MM:SS
    kept, new = programme.statistics.order_by("pk")
    assert (new.indicator, new.total) == ("Personas retornadas", 15)
    assert body["ids"]["statistics-0"] == kept.pk
    assert body["ids"]["statistics-1"] == new.pk
    assert body["ids"]["challenges-0"] == programme.challenges.get().pk

    # The page fills these in: a second autosave updates the rows, creates none.
    again = form_data(
        programme,
        **{
            "version": str(body["version"]),
            "statistics-INITIAL_FORMS": "2",
            "statistics-1-id": str(new.pk),
            "statistics-1-total": "15",
            "challenges-INITIAL_FORMS": "1",
            "challenges-0-id": str(body["ids"]["challenges-0"]),
        },
    )
    assert autosave(as_role("focal_a1"), world, programme, again).status_code == 200
    assert programme.statistics.count() == 2
    assert programme.challenges.count() == 1


def test_an_invalid_autosave_saves_nothing_and_counts_the_fields(world, as_role, programme):
    data = form_data(programme, **{"name": "", "statistics-1-total": "99"})
    response = autosave(as_role("focal_a1"), world, programme, data)
    assert response.status_code == 422
    assert response.json()["errors"] == 2
    programme.refresh_from_db()
    assert programme.name == "Programa Quédate"
    assert programme.statistics.count() == 1


def test_an_autosave_against_a_newer_version_is_refused(world, as_role, programme):
    data = form_data(programme, version=str(programme.version - 1), name="Viejo")
    response = autosave(as_role("focal_a1"), world, programme, data)
    assert response.status_code == 409
    assert response.json()["version"] == programme.version
    assert Programme.objects.get(pk=programme.pk).name == "Programa Quédate"


def test_an_autosave_of_a_submitted_input_is_refused(world, as_role, programme):
    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.SUBMITTED)
    response = autosave(as_role("focal_a1"), world, programme, form_data(programme))
    assert response.status_code == 403
    assert response.json()["locked"] is True
    assert programme.statistics.count() == 1


def test_another_institutions_programme_is_not_found(world, as_role):
    other = factories.ProgrammeFactory(name="Ajeno")
    response = autosave(as_role("focal_a1"), world, other, {"name": "x"})
    assert response.status_code == 404
    assert Programme.objects.get(pk=other.pk).name == "Ajeno"


def test_a_new_programme_is_not_autosaved(world, as_role):
    client = as_role("focal_a1")
    url = reverse("reviews:programme_add", args=[world.input_a1.pk])
    response = client.post(url, {"name": "Nuevo", "kind": "programme"}, headers={"X-Autosave": "1"})
    assert response.status_code == 400
    assert not Programme.objects.filter(name="Nuevo").exists()


def test_an_invalid_autosave_names_each_field_and_why(world, as_role, programme):
    """Found walking the portal: 30,000 pasted characters gave only "1 field needs
    attention", with no field marked and no reason."""
    client = as_role("focal_a1")
    client.cookies["django_language"] = "en"
    data = form_data(programme, description="x" * 30_000)
    response = autosave(client, world, programme, data)
    assert response.status_code == 422
    [problem] = response.json()["problems"]
    assert problem["target"] == "id_description"
    assert problem["message"].startswith("Description: Not saved: this text has 30,000 characters")
