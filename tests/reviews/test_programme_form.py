"""The programme form: statistics totals checked against men + women, rows added and
removed through the formset, an error summary, and the way back to the programme."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.models import Programme, Statistic
from tests import factories


def programme_data(**rows):
    """A programme's POST data with these statistics fields (``statistics-0-men``...)."""
    data = {
        "name": "Programa Quédate",
        "kind": "programme",
        "version": "",
        "statistics-TOTAL_FORMS": "1",
        "statistics-INITIAL_FORMS": "0",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
    }
    data.update({f"statistics-{name}": str(value) for name, value in rows.items()})
    return data


def post(as_role, world, data, programme=None):
    client = as_role("focal_a1")
    client.cookies["django_language"] = "en"
    if programme:
        url = reverse("reviews:programme_edit", args=[world.input_a1.pk, programme.pk])
    else:
        url = reverse("reviews:programme_add", args=[world.input_a1.pk])
    return client.post(url, data)


@pytest.mark.parametrize(
    ("men", "women", "total", "saved_total"),
    [
        (10, 5, 15, 15),
        (10, 5, None, 15),  # both given, no total: the total is their sum
        (None, None, 99, 99),  # a total alone
        (10, None, 99, 99),  # only men known: the rest may be women or unknown
        (None, None, None, None),
    ],
)
def test_statistic_totals_that_add_up_are_saved(men, women, total, saved_total):
    row = Statistic(indicator="Personas", men=men, women=women, total=total)
    row.clean()
    assert row.total == saved_total


@pytest.mark.parametrize(
    ("men", "women", "total"),
    [(10, 5, 99), (10, 10, 5), (10, None, 5), (None, 7, 6)],
)
def test_statistic_totals_that_do_not_add_up_are_refused(men, women, total):
    with pytest.raises(ValidationError) as refused:
        Statistic(indicator="Personas", men=men, women=women, total=total).clean()
    assert "total" in refused.value.message_dict


def test_men_and_women_that_do_not_make_the_total_are_refused_beside_the_row(world, as_role):
    response = post(
        as_role,
        world,
        programme_data(**{"0-indicator": "Personas", "0-men": 10, "0-women": 5, "0-total": 99}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The total must be men plus women (15)" in page
    # Beside the row: the message is described by the total's box of that row.
    assert 'id="id_statistics-0-total-error"' in page
    assert 'aria-describedby="id_statistics-0-total-error' in page
    assert not Programme.objects.filter(name="Programa Quédate").exists()


def test_an_empty_total_is_filled_with_men_plus_women(world, as_role):
    response = post(
        as_role,
        world,
        programme_data(**{"0-indicator": "Personas", "0-men": 10, "0-women": 5, "0-total": ""}),
    )
    assert response.status_code == 302
    assert Programme.objects.get(name="Programa Quédate").statistics.get().total == 15


def test_rows_added_in_the_page_are_all_saved(world, as_role):
    data = programme_data()
    data["statistics-TOTAL_FORMS"] = "3"
    for index, indicator in enumerate(["Niñas", "Niños", "Adolescentes"]):
        data[f"statistics-{index}-indicator"] = indicator
        data[f"statistics-{index}-total"] = str(index + 1)
    assert post(as_role, world, data).status_code == 302
    programme = Programme.objects.get(name="Programa Quédate")
    assert list(programme.statistics.values_list("indicator", "total")) == [
        ("Niñas", 1),
        ("Niños", 2),
        ("Adolescentes", 3),
    ]


def test_a_row_removed_in_the_page_is_deleted_and_a_removed_new_row_ignored(world, as_role):
    programme = factories.ProgrammeFactory(
        request=world.request_a1, name="Programa Quédate", statistics=2, challenges=0
    )
    first, second = programme.statistics.all()
    data = programme_data()
    data.update(
        {
            "version": str(programme.version),
            "statistics-TOTAL_FORMS": "3",
            "statistics-INITIAL_FORMS": "2",
            "statistics-0-id": str(first.pk),
            "statistics-0-indicator": first.indicator,
            "statistics-0-total": "7",
            "statistics-1-id": str(second.pk),
            "statistics-1-indicator": second.indicator,
            "statistics-1-DELETE": "on",
            # A row added and removed again before saving, half filled in: ignored.
            "statistics-2-indicator": "",
            "statistics-2-men": "10",
            "statistics-2-total": "1",
            "statistics-2-DELETE": "on",
        }
    )
    assert post(as_role, world, data, programme).status_code == 302
    assert list(programme.statistics.values_list("pk", flat=True)) == [first.pk]


def test_after_saving_the_input_page_opens_at_the_programme(world, as_role):
    response = post(as_role, world, programme_data(**{"0-indicator": ""}))
    programme = Programme.objects.get(name="Programa Quédate")
    assert response.status_code == 302
    assert response["Location"] == world.input_a1.get_absolute_url() + f"#programme-{programme.pk}"


def test_errors_are_listed_at_the_top_with_a_link_to_each_field(world, as_role):
    data = programme_data(**{"0-indicator": "", "0-men": 10, "0-women": 5, "0-total": 99})
    data["name"] = ""
    page = post(as_role, world, data).content.decode()
    start = page.index('class="error-summary')
    summary = page[start : page.index("</ul>", start)]
    assert "There is a problem" in summary
    assert 'href="#id_name"' in summary
    assert 'href="#id_statistics-0-total"' in summary
    assert 'href="#id_statistics-0-indicator"' in summary
    assert "<title>Error: " in page


def test_the_form_offers_an_empty_row_to_copy_and_a_list_of_its_sections(world, as_role):
    client = as_role("focal_a1")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reviews:programme_add", args=[world.input_a1.pk])).content.decode()
    template = page[page.index("<template") : page.index("</template>")]
    assert 'name="statistics-__prefix__-indicator"' in template
    assert 'name="statistics-__prefix__-DELETE"' in template
    # Without JavaScript: one empty row, and a remove box that says what it removes.
    assert 'name="statistics-0-indicator"' in page
    assert "Remove row 1" in page
    for section in ["what", "objectives", "who", "results", "statistics", "challenges"]:
        assert f'href="#section-{section}"' in page
        assert f'id="section-{section}"' in page
    assert 'src="/static/js/programme_form.js"' in page
