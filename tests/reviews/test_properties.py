"""Properties that must hold for any input (hypothesis): the word counter, the text
cleaner and its rendering, and the programme spreadsheet import."""

import csv
import io
import string

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews import spreadsheets
from reviews.models import Programme
from reviews.models.names import programme_named
from reviews.text import clean_text, count_words, name_key

LETTERS = string.ascii_letters + "áéíóúñüÁÉÍÓÚÑçãõ" + "中文العربيةкириллица"
word = st.text(alphabet=LETTERS + string.digits, min_size=1, max_size=12)
separator = st.text(alphabet=' \n\t.,;:!?()"«»¿¡/', min_size=1, max_size=4)


@given(st.lists(word, max_size=60), separator)
def test_words_joined_by_any_separator_count_once_each(words, sep):
    assert count_words(sep.join(words)) == len(words)


@given(st.text())
def test_word_count_is_never_negative_and_additive_over_a_blank(text):
    assert count_words(text) >= 0
    assert count_words(text + " " + text) == 2 * count_words(text)


@given(st.text())
def test_clean_text_keeps_what_people_type_and_drops_only_control_bytes(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned  # idempotent
    assert all(ch in "\n\t" or (ch >= " " and ch != "\x7f") for ch in cleaned)
    kept = text.replace("\r\n", "\n")
    assert cleaned == "".join(ch for ch in kept if ch in "\n\t" or (ch >= " " and ch != "\x7f"))


@given(st.text(min_size=1))
def test_any_text_renders_as_text_never_as_markup(text):
    """What the pages (and the report) do with a text: escape all of it, whatever it holds."""
    cleaned = clean_text(text)
    html = render_to_string("reviews/partials/text_area.html", {"text": {"pk": 1, "text": cleaned}})
    inside = html[html.index(">") + 1 : html.rindex("</textarea>")]
    assert inside == escape(cleaned)
    assert "<" not in inside and ">" not in inside


def sheet(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "objectives", "description"])
    writer.writerows(rows)
    return out.getvalue().encode()


names = st.text(alphabet=string.ascii_letters + " áéñ", min_size=1, max_size=30).map(str.strip)
objective_lists = st.lists(st.integers(min_value=1, max_value=23), min_size=1, max_size=4)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(names, objective_lists, st.text(max_size=40)), min_size=1, max_size=8),
    bad_number=st.sampled_from([0, 24, 99, -1]),
    bad_row=st.integers(min_value=0, max_value=7),
)
def test_one_bad_row_imports_nothing_and_is_named(world, rows, bad_number, bad_row):
    rows = [(n or "Programa", o, d) for n, o, d in rows]
    # One programme per name, capitals and spaces aside (as the import matches them).
    unique = list({name_key(name): (name, o, d) for name, o, d in rows}.values())
    bad_row = bad_row % len(unique)
    cells = [(n, ",".join(map(str, o)), clean_text(d).replace("\n", " ")) for n, o, d in unique]
    good = sheet(cells)
    broken = list(cells)
    broken[bad_row] = (broken[bad_row][0], f"{broken[bad_row][1]},{bad_number}", "")
    with transaction.atomic():
        with pytest.raises(spreadsheets.ImportRefused) as refused:
            spreadsheets.programme_import(
                institution_request=world.request_a1,
                file_name="p.csv",
                content=sheet(broken),
                user=world.users["focal_a1"],
                dry_run=False,
            )
        assert any(
            f"Row {bad_row + 2}" in p or f"Fila {bad_row + 2}" in p for p in refused.value.problems
        )
        assert not Programme.objects.exists()

        result = spreadsheets.programme_import(
            institution_request=world.request_a1,
            file_name="p.csv",
            content=good,
            user=world.users["focal_a1"],
            dry_run=False,
        )
        assert result["totals"]["new"] == len(unique)
        for name, objectives, _description in unique:
            programme = programme_named(world.request_a1.programmes.all(), name)
            assert set(programme.objectives.values_list("number", flat=True)) == set(objectives)
        transaction.set_rollback(True)
