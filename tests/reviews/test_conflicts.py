"""An edit conflict says who saved the newer version and when, and shows what differs."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import Answer, NationalText

pytestmark = pytest.mark.django_db

AT_16_42_05 = datetime.datetime(2026, 11, 26, 16, 42, 5, tzinfo=datetime.UTC)


def answer_post(client, world, text, version, **extra):
    url = reverse("reviews:answer_save", args=[world.input_a1.pk, world.answer_a1.pk])
    return client.post(url, {"text": text, "version": version, **extra})


def text_post(client, world, text, version):
    url = reverse("reviews:text_save", args=[world.review_a.pk, world.text_a.pk])
    return client.post(url, {"text": text, "version": version})


def in_english(client):
    client.cookies["django_language"] = "en"
    return client


def saved_at_16_42_05(model, pk):
    model.objects.filter(pk=pk).update(updated_at=AT_16_42_05)


def test_the_same_person_in_another_tab_is_told_so(world, as_role):
    client = in_english(as_role("focal_a1"))
    answer_post(client, world, "The first tab wrote this.", 0)
    saved_at_16_42_05(Answer, world.answer_a1.pk)
    response = answer_post(client, world, "The second tab wrote that.", 0)
    assert response.status_code == 409
    html = response.content.decode()
    assert "You saved this in another tab or window at 16:42:05" in html
    assert "another person" not in html and "someone else" not in html
    assert Answer.objects.get(pk=world.answer_a1.pk).text == "The first tab wrote this."


def test_another_person_is_named(world, as_role):
    luisa = get_user_model().objects.create_user("luisa", first_name="María", last_name="López")
    services.answer_save(
        answer_id=world.answer_a1.pk, user=luisa, text="Her words.", not_applicable=False,
        reason="", base_version=0,
    )  # fmt: skip
    saved_at_16_42_05(Answer, world.answer_a1.pk)
    response = answer_post(in_english(as_role("focal_a1")), world, "My words.", 0)
    assert response.status_code == 409
    html = response.content.decode()
    assert "María López saved a newer version at 16:42:05" in html
    assert "You saved this" not in html


def test_the_conflict_shows_a_word_diff_with_a_legend(world, as_role):
    client = in_english(as_role("focal_a1"))
    answer_post(client, world, "Returns from Mexico rose in 2025.", 0)
    response = answer_post(client, world, "Returns from the United States rose in 2025.", 0)
    html = response.content.decode()
    diff = html[html.index('class="word-diff') :]
    assert re.search(r"<del[^>]*>.*Mexico.*</del>", diff)
    assert re.search(r"<ins[^>]*>.*the United States.*</ins>", diff)
    assert "Returns from" in diff and "rose in 2025." in diff
    # The legend says in words what the marks mean, not only by their look.
    assert "Struck through" in html and "Underlined" in html
    # Screen readers hear where each change starts, not only a strike-through they cannot see.
    assert html.count('class="visually-hidden"') >= 2


def test_the_conflict_offers_keep_mine_and_take_theirs_with_their_version(world, as_role):
    client = in_english(as_role("focal_a1"))
    answer_post(client, world, "Theirs.", 0, not_applicable="on", not_applicable_reason="Why")
    html = answer_post(client, world, "Mine.", 0).content.decode()
    assert re.search(r"<button[^>]*data-conflict-keep[^>]*>\s*Keep mine", html)
    take = re.search(r"<button[^>]*data-conflict-take[^>]*>\s*Take theirs", html).group(0)
    assert 'data-version="1"' in take and 'data-text="Theirs."' in take
    assert 'data-na="1"' in take and 'data-reason="Why"' in take


def test_keep_mine_is_a_save_on_top_of_their_version(world, as_role):
    client = as_role("focal_a1")
    answer_post(client, world, "Theirs.", 0)
    assert answer_post(client, world, "Mine.", 0).status_code == 409
    assert answer_post(client, world, "Mine.", 1).status_code == 200
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    assert (answer.text, answer.version) == ("Mine.", 2)


def test_a_national_text_conflict_names_the_person_and_shows_the_diff(world, as_role):
    services.text_save(
        text_id=world.text_a.pk, user=world.users["admin"], text="Una frase del administrador.",
        base_version=0,
    )  # fmt: skip
    get_user_model().objects.filter(pk=world.users["admin"].pk).update(first_name="Carmen")
    saved_at_16_42_05(NationalText, world.text_a.pk)
    response = text_post(in_english(as_role("coord_a")), world, "Una frase de Ana.", 0)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Carmen saved a newer version at 16:42:05" in html
    assert re.search(r"<del[^>]*>.*administrador.*</del>", html)
    assert re.search(r"<ins[^>]*>.*Ana.*</ins>", html)


def test_a_national_text_conflict_with_oneself(world, as_role):
    client = in_english(as_role("coord_a"))
    text_post(client, world, "Primera pestaña.", 0)
    response = text_post(client, world, "Segunda pestaña.", 0)
    assert response.status_code == 409
    assert "You saved this in another tab or window at" in response.content.decode()


def test_a_national_text_is_restored_only_over_the_version_its_list_was_shown_beside(
    world, as_role
):
    client = as_role("coord_a")
    text_post(client, world, "Primera.", 0)
    NationalText.history.filter(id=world.text_a.pk).update(
        history_date=timezone.now() - datetime.timedelta(hours=1)
    )  # a pause in typing: the next save is a version of its own
    text_post(client, world, "Segunda.", 1)
    first = NationalText.history.get(id=world.text_a.pk, text="Primera.")
    versions = reverse("reviews:text_versions", args=[world.review_a.pk, world.text_a.pk])
    restore = reverse("reviews:text_restore", args=[world.review_a.pk, world.text_a.pk])
    text_post(as_role("coord_a"), world, "Tercera, desde otra pestaña.", 2)
    stale = client.post(restore, {"history_id": first.history_id, "version": 2}, follow=True)
    assert stale.redirect_chain == [(versions, 302)]
    assert "No se pudo restaurar el texto" in stale.content.decode()
    assert NationalText.objects.get(pk=world.text_a.pk).text == "Tercera, desde otra pestaña."
    client.post(restore, {"history_id": first.history_id, "version": 3})
    assert NationalText.objects.get(pk=world.text_a.pk).text == "Primera."


def test_saves_are_timed_to_the_second(world, as_role):
    client = in_english(as_role("focal_a1"))
    html = answer_post(client, world, "Hola.", 0).content.decode()
    stamp = timezone.localtime(Answer.objects.get(pk=world.answer_a1.pk).updated_at)
    assert f"Saved at {stamp:%H:%M:%S}" in html
    assert f'data-saved-at="{stamp:%H:%M:%S}"' in html


def test_the_conflict_is_in_the_language_of_the_page(world, as_role):
    client = as_role("focal_a1")
    answer_post(client, world, "Uno.", 0)
    html = answer_post(client, world, "Dos.", 0).content.decode()
    assert "Dos versiones de este texto" in html


@pytest.mark.parametrize(
    ("theirs", "mine", "expected"),
    [
        ("a b c", "a b c", [("same", "a b c")]),
        ("a b c", "a x c", [("same", "a "), ("theirs", "b "), ("mine", "x "), ("same", "c")]),
        ("", "new words", [("mine", "new words")]),
        ("old words", "", [("theirs", "old words")]),
        ("one\ntwo", "one\nthree", [("same", "one\n"), ("theirs", "two"), ("mine", "three")]),
    ],
)
def test_word_diff(theirs, mine, expected):
    from reviews.views.conflicts import word_diff

    assert word_diff(theirs, mine) == expected


def test_word_diff_of_two_long_texts_is_quick():
    import time

    from reviews.views.conflicts import word_diff

    words = [f"palabra{i % 700}" for i in range(15_000)]
    theirs, mine = " ".join(words), " ".join(reversed(words))
    start = time.monotonic()
    segments = word_diff(theirs, mine)
    assert time.monotonic() - start < 2
    assert "".join(text for kind, text in segments if kind != "theirs") == mine


def test_the_answer_form_works_without_scripts(world, as_role):
    """The server shows the reason box (autosave.js hides it while unticked), the shared
    guidance once, and which objective "these objectives" means on an objective's form."""
    html = in_english(as_role("focal_a1")).get(world.input_a1.get_absolute_url()).content.decode()
    assert html.count('class="na-reason mt-2"') == 4 and 'na-reason mt-2" hidden' not in html
    assert html.count("About 500 words.") == 1
    assert "Guidance for questions a to d:" in html
    assert html.count("(here: objective 7)") == 4
