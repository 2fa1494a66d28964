"""Autosave history: a version per pause in typing, milestones always kept (issue 14, 7)."""

import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import Answer, NationalText
from reviews.services.history import Milestone
from tests.factories import answer_every_question

pytestmark = pytest.mark.django_db

# A quarter of an hour of the clock starts here: the saves below stay inside it.
START = datetime.datetime(2026, 11, 26, 10, 0, 30, tzinfo=datetime.UTC)


@contextmanager
def clock(at):
    """Django's clock, set by the test (``at["now"]``)."""
    with mock.patch.object(timezone, "now", lambda: at["now"]):
        yield


def save(world, text, *, role="focal_a1", answer=None, merged=False, client=None):
    answer = Answer.objects.get(pk=(answer or world.answer_a1).pk)
    if client is not None:
        data = {"text": text, "version": answer.version, "merged": "1" if merged else ""}
        url = reverse("reviews:answer_save", args=[answer.input_id, answer.pk])
        assert client.post(url, data).status_code == 200
        return
    services.answer_save(
        answer_id=answer.pk,
        user=world.users[role],
        text=text,
        not_applicable=False,
        reason="",
        base_version=answer.version,
    )


def texts(world) -> list[str]:
    return list(world.answer_a1.history.order_by("history_date").values_list("text", flat=True))


def test_one_version_per_pause_in_typing(world):
    at = {"now": START}
    with clock(at):
        for n, word in enumerate(["Uno", "Uno dos", "Uno dos tres"]):
            at["now"] = START + datetime.timedelta(seconds=3 * n)
            save(world, word)
        assert texts(world) == ["Uno dos tres"]
        at["now"] += datetime.timedelta(minutes=5)  # a pause, then more typing
        save(world, "Uno dos tres cuatro")
        at["now"] += datetime.timedelta(seconds=3)
        save(world, "Uno dos tres cuatro cinco")
    assert texts(world) == ["Uno dos tres", "Uno dos tres cuatro cinco"]
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    assert (answer.text, answer.version) == ("Uno dos tres cuatro cinco", 5)


def test_a_long_stretch_keeps_a_version_every_quarter_of_an_hour(world):
    at = {"now": START}
    with clock(at):
        for n in range(400):  # 20 minutes, a save every 3 seconds, from 10:00:30
            at["now"] = START + datetime.timedelta(seconds=3 * n)
            save(world, f"texto {n}")
    # The last save before 10:15 is kept, and the latest one.
    assert texts(world) == ["texto 289", "texto 399"]


def test_another_persons_version_is_never_replaced(world):
    other = world.users["focal_a2"]
    world.a1.focal_points.create(user=other)
    at = {"now": START}
    with clock(at):
        save(world, "De Ana.")
        at["now"] += datetime.timedelta(seconds=5)
        save(world, "De Luis.", role="focal_a2")
        at["now"] += datetime.timedelta(seconds=5)
        save(world, "De Ana otra vez.")
    assert texts(world) == ["De Ana.", "De Luis.", "De Ana otra vez."]


def test_milestones_are_kept_restore_merge_and_submit(world, as_role):
    at = {"now": START}
    client = as_role("focal_a1")
    with clock(at):
        save(world, "Primera.")
        at["now"] += datetime.timedelta(minutes=5)
        save(world, "Segunda.")
        first = world.answer_a1.history.get(text="Primera.")
        at["now"] += datetime.timedelta(seconds=5)
        url = reverse("reviews:answer_restore", args=[world.input_a1.pk, world.answer_a1.pk])
        current = Answer.objects.get(pk=world.answer_a1.pk).version
        client.post(url, {"history_id": first.history_id, "version": current})
        at["now"] += datetime.timedelta(seconds=5)
        save(world, "Tras restaurar.", client=client)
        at["now"] += datetime.timedelta(seconds=5)
        save(world, "Fusionada.", client=client, merged=True)
        at["now"] += datetime.timedelta(seconds=5)
        save(world, "Después de fusionar.", client=client)
    versions = world.answer_a1.history.order_by("history_date")
    assert [(v.text, v.history_change_reason) for v in versions] == [
        ("Primera.", None),
        ("Segunda.", None),
        ("Primera.", Milestone.RESTORED),  # never replaced, and never replaces
        ("Tras restaurar.", None),
        ("Fusionada.", Milestone.MERGED),
        ("Después de fusionar.", None),
    ]

    # Submitting keeps the submitted text of every answer for good.
    answer_every_question(world.input_a1, world.users["focal_a1"])
    services.input_submit(input=world.input_a1, user=world.users["focal_a1"])
    for answer in world.input_a1.answers.all():
        assert answer.history.latest().history_change_reason == Milestone.SUBMITTED


def test_the_text_circulated_for_validation_is_kept(world):
    coordinator = world.users["coord_a"]
    at = {"now": START}
    with clock(at):
        services.text_save(
            text_id=world.text_a.pk, user=coordinator, text="Borrador.", base_version=0
        )
        services.validation_open(review=world.review_a, user=coordinator)
        at["now"] += datetime.timedelta(seconds=5)
        services.text_save(
            text_id=world.text_a.pk, user=coordinator, text="Corregido.", base_version=1
        )
    versions = NationalText.objects.get(pk=world.text_a.pk).history.order_by("history_date")
    assert [(v.text, v.history_change_reason) for v in versions] == [
        ("Borrador.", Milestone.CIRCULATED),
        ("Corregido.", None),
    ]
