"""An autosave and the sending of its form, at the same moment on PostgreSQL: they
lock rows in the same order, so they wait for each other in a line, never in a
circle (PostgreSQL would end one of them with "deadlock detected": a 500).

Found by a review of issue 20's changes: an autosave held its answer's previous
version (dropped: the same stretch of typing) and waited for the form's row,
while the sending held the form's row and waited to mark that version as sent.
"""

import contextlib
import datetime
import threading
import time

import pytest
import time_machine
from django.db import connection, connections, transaction

from objectives.services import load_reference_data
from reviews import access, services
from reviews.models import Answer, Input
from tests.reviews.conftest import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only"),
]


LAST_VERSION = "SELECT 1 FROM reviews_historicalanswer WHERE history_id = %s FOR UPDATE"


def moment() -> datetime.datetime:
    """Just after this quarter of an hour began: the versions below fall in one span
    of the clock (history.SPAN), so the autosave drops the one before it."""
    now = datetime.datetime.now(tz=datetime.UTC)
    return now.replace(minute=now.minute - now.minute % 15, second=30, microsecond=0)


def waiting() -> int:
    """The database sessions waiting for a lock held by another (asked outside any
    transaction: inside one, PostgreSQL answers from a snapshot taken at its start)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def wait_until(count: int) -> None:
    deadline = time.monotonic() + 10
    while waiting() < count:
        assert time.monotonic() < deadline, f"fewer than {count} sessions ever waited"
        time.sleep(0.02)


def in_a_thread(outcome: dict, name: str, work):
    def run():
        try:
            work()
            outcome[name] = "done"
        except Exception as error:  # noqa: BLE001 (the outcome is what the test asserts)
            outcome[name] = repr(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@contextlib.contextmanager
def held(sql: str, params=()):
    """A third session holds the rows ``sql`` locks (FOR UPDATE) while the block runs;
    then it lets go, and the threads the block listed are awaited."""
    holder = connections.create_connection("default")
    threads: list[threading.Thread] = []
    try:
        holder.set_autocommit(False)
        holder.cursor().execute(sql, params)
        yield threads
    finally:
        holder.rollback()
        holder.close()
        for thread in threads:
            thread.join(30)


@contextlib.contextmanager
def autosave_stopped_at_its_last_version(answer, user, outcome: dict):
    """An autosave (of "Tarde.") that has locked its answer and checked its right, then
    waits to write over the answer's last version (the same stretch of typing), which
    a third session holds while the block runs."""
    previous = Answer.history.filter(id=answer.pk).order_by("-history_date").first()
    with held(LAST_VERSION, [previous.history_id]) as threads:
        threads.append(in_a_thread(outcome, "autosave", lambda: save(answer, user, "Tarde.")))
        wait_until(1)
        yield threads


def save(answer, user, text):
    """An autosave as the view makes it: the answer locked with the right to save it."""
    version = Answer.objects.get(pk=answer.pk).version
    with transaction.atomic():
        return services.answer_save(
            answer_id=answer.pk,
            locked=access.get_answer_for_writer(user, answer.input_id, answer.pk),
            user=user, text=text, not_applicable=False, reason="", base_version=version,
        )  # fmt: skip


def test_an_autosave_and_the_sending_of_its_form_never_deadlock():
    load_reference_data()
    world = build_world()
    user = world.users["focal_a1"]
    with time_machine.travel(moment(), tick=True):
        for answer in world.answers_a1:
            save(answer, user, f"Respuesta {answer.question.code}.")
        answer = world.answer_a1
        save(answer, user, "Respuesta a, corregida.")
        # The sending (which marks the last version as sent) comes to wait there too.
        outcome = {}
        with autosave_stopped_at_its_last_version(answer, user, outcome) as threads:
            threads.append(
                in_a_thread(
                    outcome,
                    "sending",
                    lambda: services.input_submit(
                        input=Input.objects.get(pk=answer.input_id), user=user
                    ),
                )
            )
            wait_until(2)
    assert outcome == {"autosave": "done", "sending": "done"}
    # In line: the autosave first (it waited first), then the form was sent with it.
    assert Answer.objects.get(pk=answer.pk).text == "Tarde."
    assert Input.objects.get(pk=answer.input_id).status == Input.Status.SUBMITTED


def test_an_autosave_and_the_submission_of_its_review_wait_for_each_other():
    """The coordinator submits the review to the UN while a focal point's autosave is
    under way. Either the autosave commits first and the review is submitted with it,
    or the review is submitted first and the autosave is refused: never a write into
    a review already submitted."""
    load_reference_data()
    world = build_world()
    user, coordinator = world.users["focal_a1"], world.users["coord_a"]
    answer = world.answer_a1
    save(answer, user, "Primera.")

    def submit():
        services.review_submit(review=world.review_a, user=coordinator)

    # 1. The autosave has written and holds its form's row (a third session holds the
    # stamp it moves last): the submission waits for it, then submits it.
    outcome = {}
    with held("SELECT 1 FROM reviews_stamp WHERE key LIKE 'answers:%%' FOR UPDATE") as threads:
        threads.append(in_a_thread(outcome, "autosave", lambda: save(answer, user, "Segunda.")))
        wait_until(1)
        threads.append(in_a_thread(outcome, "submission", submit))
        wait_until(2)  # the submission waits for the autosave's form
    assert outcome == {"autosave": "done", "submission": "done"}
    assert Answer.objects.get(pk=answer.pk).text == "Segunda."


def test_an_autosave_checked_before_its_review_was_submitted_is_refused():
    load_reference_data()
    world = build_world()
    user, coordinator = world.users["focal_a1"], world.users["coord_a"]
    answer = world.answer_a1
    with time_machine.travel(moment(), tick=True):
        save(answer, user, "Primera.")
        # 2. The autosave has checked the review (open) when the review is submitted.
        outcome = {}
        with autosave_stopped_at_its_last_version(answer, user, outcome):
            services.review_submit(review=world.review_a, user=coordinator)
    assert outcome["autosave"].startswith("ValidationError")
    assert Answer.objects.get(pk=answer.pk).text == "Primera."
