"""Kept pages are never stale: whoever saves, however, the next reading shows it.

These tests commit for real (a kept page is read only outside a transaction,
and stamps move when a transaction commits), through the test client.
"""

import io
import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from objectives.services import load_reference_data
from reviews import services, stamps
from reviews.models import Answer, Input, NationalText, Programme, ReviewCycle, Stamp
from tests.reviews.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)
# A kept page costs its session, its user, the access check's queries and the stamps.
KEPT = 6


@pytest.fixture(autouse=True)
def world(transactional_db):
    caches["pages"].clear()
    load_reference_data()
    return build_world()


def signed_in(world, role, language="en") -> Client:
    client = Client()
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def autosave(client, world, text, answer=None):
    answer = Answer.objects.get(pk=(answer or world.answer_a1).pk)
    url = reverse("reviews:answer_save", args=[answer.input_id, answer.pk])
    response = client.post(url, {"text": text, "version": answer.version})
    assert response.status_code == 200, response.content
    return response


def get(client, url):
    """The page and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def without_tokens(html):
    return TOKEN.sub("", html)


def stamp(key):
    return Stamp.objects.filter(key=key).values_list("value", flat=True).first() or 0


def pages(world):
    review = world.review_a.pk
    return {
        "objective page": reverse("reviews:input", args=[world.input_a1.pk]),
        "progress": reverse("reviews:progress", args=[review]),
        "consolidation": reverse("reviews:consolidate", args=[review, 7]),
        "analysis": reverse("reviews:analysis", args=[review]),
    }


def test_a_second_reading_is_kept_and_costs_a_few_queries(world):
    coordinator = signed_in(world, "coord_a")
    url = pages(world)["progress"]
    first, made = get(coordinator, url)
    again, kept = get(coordinator, url)
    assert kept <= KEPT < made
    assert without_tokens(again) == without_tokens(first)


@pytest.mark.parametrize("page", ["objective page", "consolidation"])
def test_the_coordinator_sees_a_focal_points_save_at_once(world, page):
    """Read, someone else saves, read again: the new words are there."""
    coordinator, focal_point = signed_in(world, "coord_a"), signed_in(world, "focal_a1")
    url = pages(world)[page]
    autosave(focal_point, world, "Primera versión del texto.")
    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.SUBMITTED)
    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.DRAFT)
    assert "Primera versión" in get(coordinator, url)[0]
    get(coordinator, url)  # kept now
    autosave(focal_point, world, "Segunda versión, con cifras de 2026.")
    html = get(coordinator, url)[0]
    assert "Segunda versión, con cifras de 2026." in html
    assert "Primera versión" not in html


def test_a_focal_point_reloading_gets_the_version_a_colleague_just_saved(world):
    """The kept form must never offer an old version to save over: the next
    autosave would be refused as a conflict, or worse."""
    FocalPoint = world.fp_a1.__class__
    colleague = get_user("colleague")
    FocalPoint.objects.create(institution=world.a1, user=colleague, kind="alternate")
    mine = signed_in(world, "focal_a1")
    theirs = Client()
    theirs.force_login(colleague)
    url = pages(world)["objective page"]
    get(mine, url)
    get(mine, url)
    autosave(theirs, world, "Lo que escribió mi colega.")
    html = get(mine, url)[0]
    saved = Answer.objects.get(pk=world.answer_a1.pk)
    assert "Lo que escribió mi colega." in html
    assert f'name="version" value="{saved.version}" id="version-{saved.pk}"' in html


def get_user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(name, f"{name}@example.org", "pw")


@pytest.mark.parametrize("page", ["progress", "analysis"])
@pytest.mark.parametrize("read_by", ["the same process", "another process"])
def test_a_form_sent_shows_on_the_coordinators_pages(world, page, read_by, request):
    if read_by == "another process":
        request.getfixturevalue("shared_by_the_processes")
    coordinator, focal_point = signed_in(world, "coord_a"), signed_in(world, "focal_a1")
    url = pages(world)[page]
    before, _queries = get(coordinator, url)
    get(coordinator, url)
    for answer in world.answers_a1:
        autosave(focal_point, world, f"Respuesta {answer.pk}.", answer=answer)
    response = focal_point.post(
        reverse("reviews:input_submit", args=[world.input_a1.pk]), {"confirm": "1"}
    )
    assert response.status_code in (200, 302)
    assert Input.objects.get(pk=world.input_a1.pk).status == Input.Status.SUBMITTED
    if read_by == "another process":
        caches["pages"].clear()
    after = get(coordinator, url)[0]
    assert without_tokens(after) != without_tokens(before)


def test_writes_outside_any_request_are_seen_too(world):
    """A bulk update, as a script or the admin makes: no service, no signal."""
    coordinator = signed_in(world, "coord_a")
    url = pages(world)["consolidation"]
    get(coordinator, url)
    NationalText.objects.filter(pk=world.text_a.pk).update(text="Texto nacional puesto por lote.")
    assert "Texto nacional puesto por lote." in get(coordinator, url)[0]
    Programme.objects.create(request=world.request_a1, name="Programa recién llegado")
    Programme.objects.get(name="Programa recién llegado").objectives.add(world.input_a1.objective)
    assert "Programa recién llegado" in get(coordinator, url)[0]


def test_the_reference_data_moves_every_countrys_pages(world):
    coordinator = signed_in(world, "coord_a")
    url = pages(world)["consolidation"]
    get(coordinator, url)
    from objectives.models import Objective

    Objective.objects.filter(number=7).update(title_en="Reduce vulnerabilities, renamed")
    assert "Reduce vulnerabilities, renamed" in get(coordinator, url)[0]


def test_a_save_moves_its_countrys_answers_stamp_only_after_commit(world):
    focal_point = signed_in(world, "focal_a1")
    answers = stamps.answers_key(world.guatemala.pk)
    before_answers, before_all = stamp(answers), stamp(stamps.ALL)
    autosave(focal_point, world, "Guardado.")
    assert stamp(answers) == before_answers + 1
    assert stamp(stamps.ALL) == before_all
    # Inside a transaction nothing moves until it commits, and a rollback moves nothing.
    moved = stamp(stamps.ALL)
    with transaction.atomic():
        Answer.objects.filter(pk=world.answer_a1.pk).update(text="En una transacción.")
        assert stamp(stamps.ALL) == moved
    assert stamp(stamps.ALL) == moved + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        Answer.objects.filter(pk=world.answer_a1.pk).update(text="Deshecho.")
        raise RuntimeError
    assert stamp(stamps.ALL) == moved + 1


def test_another_countrys_save_keeps_this_countrys_pages(world):
    coordinator, mexico = signed_in(world, "coord_a"), signed_in(world, "coord_b")
    url = pages(world)["progress"]
    get(coordinator, url)
    mexico.post(
        reverse("reviews:text_save", args=[world.review_b.pk, NationalText.objects.filter(
            review=world.review_b).first().pk]),
        {"text": "Texto de México.", "version": 0},
    )  # fmt: skip
    assert stamp(stamps.country_key(world.mexico.pk)) >= 1
    assert get(coordinator, url)[1] <= KEPT  # still kept


def test_sessions_and_throttling_move_no_stamp(world):
    before = stamp(stamps.ALL), stamp(stamps.country_key(world.guatemala.pk))
    client = Client()
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    client.session.save()
    assert (stamp(stamps.ALL), stamp(stamps.country_key(world.guatemala.pk))) == before


def test_the_kept_page_carries_the_readers_own_csrf_token(world):
    """Two sessions of one person: the second is served the kept page, and its
    forms post with its own token."""
    first = Client(enforce_csrf_checks=True)
    first.force_login(world.users["coord_a"])
    second = Client(enforce_csrf_checks=True)
    second.force_login(world.users["coord_a"])
    url = pages(world)["consolidation"]
    get(second, pages(world)["analysis"])  # its first request also renews its session
    get(first, url)
    html, queries = get(second, url)
    assert queries <= KEPT
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    text = NationalText.objects.get(pk=world.text_a.pk)
    response = second.post(
        reverse("reviews:text_save", args=[world.review_a.pk, text.pk]),
        {"text": "Guardado con el token de la página guardada.", "version": text.version,
         "csrfmiddlewaretoken": token},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Guardado con el token" in NationalText.objects.get(pk=text.pk).text


def test_a_page_with_a_message_is_never_kept_or_served_from_the_cache(world):
    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    get(focal_point, url)
    get(focal_point, url)
    for answer in world.answers_a1:
        autosave(focal_point, world, f"Respuesta {answer.pk}.", answer=answer)
    response = focal_point.post(
        reverse("reviews:input_submit", args=[world.input_a1.pk]), {"confirm": "1"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages
    # The message was shown once, on the page after the redirect; the next reading has none.
    assert messages[0] not in get(focal_point, pages(world)["objective page"])[0]


def test_inside_a_transaction_the_page_is_made_every_time(world):
    coordinator = signed_in(world, "coord_a")
    url = pages(world)["progress"]
    get(coordinator, url)
    with transaction.atomic():
        services.review_texts_create(review=world.review_a)
        assert get(coordinator, url)[1] > KEPT


def test_the_language_and_the_reader_are_part_of_the_key(world):
    # Everyone signs in first: a sign-in is a write, and would make every page afresh.
    in_english, in_spanish = signed_in(world, "coord_a", "en"), signed_in(world, "coord_a", "es")
    administrator = signed_in(world, "admin", "en")
    url = pages(world)["progress"]
    english, _q = get(in_english, url)
    assert get(in_english, url)[1] <= KEPT
    spanish, queries = get(in_spanish, url)
    assert queries > KEPT  # made in Spanish, not the English copy
    assert '<html lang="en">' in english and '<html lang="es">' in spanish
    admin, queries = get(administrator, url)
    assert queries > KEPT  # made for the administrator, not the coordinator's copy


def test_shared_reference_data_is_made_once_and_again_after_it_changes(world):
    """The cycle's thematic areas are kept per process, per language, until any
    shared data changes."""
    from django.utils import translation

    from objectives.models import ThematicArea
    from reviews import selectors

    cycle = world.review_a.cycle
    stamps.request_started()
    try:
        with translation.override("en"):
            first = selectors.cycle_groups(cycle)
            with CaptureQueriesContext(connection) as queries:
                assert selectors.cycle_groups(cycle) == first
            assert len(queries) == 0  # kept, and the stamps already read by this request
        with translation.override("es"):
            assert selectors.cycle_groups(cycle)[0].title != first[0].title
        ThematicArea.objects.filter(number=1).update(title_en="Renamed area")
        with translation.override("en"):
            assert selectors.cycle_groups(cycle)[0].title == "Renamed area"
    finally:
        stamps.request_finished()


def test_outside_a_request_the_stamps_are_read_every_time(world):
    """A worker or a command never trusts a stamp it read before."""
    stamps.request_finished()
    before = stamps.read(stamps.ALL)
    stamps.move({stamps.ALL})
    assert stamps.read(stamps.ALL) != before


def test_an_autosave_carries_its_stamp_in_its_own_commit(world):
    """settle(): the stamp moves inside the autosave's transaction, so nothing is left
    to run after the commit."""
    focal_point = signed_in(world, "focal_a1")
    autosave(focal_point, world, "La primera vez, el formulario pasa a borrador.")
    answers = stamps.answers_key(world.guatemala.pk)
    before = stamp(answers), stamp(stamps.country_key(world.guatemala.pk))
    with CaptureQueriesContext(connection) as queries:
        autosave(focal_point, world, "Guardado una vez.")
    sql = [q["sql"] for q in queries.captured_queries]
    moves = [i for i, s in enumerate(sql) if s.startswith('UPDATE "reviews_stamp"')]
    assert len(moves) == 1 and stamp(answers) == before[0] + 1
    assert stamp(stamps.country_key(world.guatemala.pk)) == before[1]
    assert any(s.startswith(("COMMIT", "RELEASE")) for s in sql[moves[0] :])


def test_a_change_made_around_the_portal_is_seen_after_forget_kept_pages(world):
    """psql, or a dump restored with PostgreSQL's tools: the portal did not see it."""
    from django.core.management import call_command

    coordinator = signed_in(world, "coord_a")
    url = pages(world)["consolidation"]
    get(coordinator, url)
    with connection.cursor() as cursor:
        # As psql would: no wrapper of the portal's sees it.
        cursor.db.execute_wrappers.remove(stamps.execute_wrapper)
        try:
            cursor.execute(
                "UPDATE reviews_nationaltext SET text = %s WHERE id = %s",
                ["Cambiado a mano.", world.text_a.pk],
            )
        finally:
            cursor.db.execute_wrappers.append(stamps.execute_wrapper)
    assert "Cambiado a mano." not in get(coordinator, url)[0]
    call_command("forget_kept_pages", stdout=io.StringIO())
    assert "Cambiado a mano." in get(coordinator, url)[0]


def test_forget_kept_pages_gives_every_stamp_a_new_salt(world):
    """A dump restored by PostgreSQL's tools brings back old stamps; keys made from
    them before must never come back."""
    from django.core.management import call_command

    focal_point = signed_in(world, "focal_a1")
    autosave(focal_point, world, "Guardado.")
    before = dict(Stamp.objects.values_list("key", "salt"))
    call_command("forget_kept_pages", stdout=io.StringIO())
    after = dict(Stamp.objects.values_list("key", "salt"))
    assert before.keys() == after.keys()
    assert all(before[key] != after[key] for key in before)


def test_signing_in_again_in_the_same_language_moves_no_stamp(world):
    from reviews.services.notifications import language_remember

    user = world.users["coord_a"]
    language_remember(user=user, language="es")
    before = stamp(stamps.ALL)
    language_remember(user=user, language="es")
    assert stamp(stamps.ALL) == before
    language_remember(user=user, language="en")
    assert stamp(stamps.ALL) == before + 1


# A form's kept page outlives its autosaves: its answers are read afresh at each reading.


def answer_token(html, answer):
    """The CSRF token in the autosave form of ``answer``."""
    section = html.split(f'data-answer="{answer.pk}"', 1)[1].split("</form>", 1)[0]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', section).group(1)


def test_a_kept_form_outlives_its_autosaves_and_shows_each_of_them(world):
    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    autosave(focal_point, world, "Primera versión.")  # the form is a draft from here on
    get(focal_point, url)
    for n in range(3):
        autosave(focal_point, world, f"Versión {n} del texto, guardada sola.")
        html, queries = get(focal_point, url)
        saved = Answer.objects.get(pk=world.answer_a1.pk)
        assert f"Versión {n} del texto, guardada sola." in html
        assert f'name="version" value="{saved.version}" id="version-{saved.pk}"' in html
        assert queries <= KEPT + 1  # its answers, read afresh


def test_a_kept_form_is_the_page_made_afresh(world):
    """Frame and answers put together read exactly as the whole page made at once."""
    focal_point, coordinator = signed_in(world, "focal_a1"), signed_in(world, "coord_a")
    url = pages(world)["objective page"]
    autosave(focal_point, world, "Texto con <etiquetas> & signos «raros».")
    for client in (focal_point, coordinator):
        get(client, url)
        autosave(focal_point, world, "Otra versión con <etiquetas> & signos.")
        kept = get(client, url)[0]
        caches["pages"].clear()
        assert without_tokens(kept) == without_tokens(get(client, url)[0])
        assert "Otra versión con &lt;etiquetas&gt; &amp; signos." in kept


def test_the_kept_forms_answers_post_with_the_readers_own_token(world):
    focal_point = Client(enforce_csrf_checks=True)
    focal_point.force_login(world.users["focal_a1"])
    url = pages(world)["objective page"]
    get(focal_point, url)
    html, queries = get(focal_point, url)
    assert queries <= KEPT + 1
    answer = Answer.objects.get(pk=world.answer_a1.pk)
    response = focal_point.post(
        reverse("reviews:answer_save", args=[answer.input_id, answer.pk]),
        {"text": "Con el token de su respuesta.", "version": answer.version,
         "csrfmiddlewaretoken": answer_token(html, answer)},
    )  # fmt: skip
    assert response.status_code == 200
    assert Answer.objects.get(pk=answer.pk).text == "Con el token de su respuesta."


def test_the_first_save_shows_the_form_as_a_draft_on_its_kept_page(world):
    """The status and the history are live parts, like the answers: the form kept
    while "not started" is not made again when its first save makes it a draft."""
    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    _html, making = get(focal_point, url)
    assert '<span class="badge status-not_started">Not started</span>' in get(focal_point, url)[0]
    country = stamp(stamps.country_key(world.guatemala.pk))
    autosave(focal_point, world, "Empezamos.")
    html, first_reading = get(focal_point, url)
    assert '<span class="badge status-draft">Draft</span>' in html
    assert "status-not_started" not in html
    assert "Not started → Draft" in html  # its history, made with the draft
    assert first_reading <= KEPT + 3 < making  # the answers, the moves and handovers
    # The first save moved only the answers' stamp, so the institution's other
    # forms stay kept.
    assert stamp(stamps.country_key(world.guatemala.pk)) == country
    # That reading kept the frame with the draft and its history: the next readings
    # read the answers only.
    autosave(focal_point, world, "Empezamos, y seguimos.")
    html, reading = get(focal_point, url)
    assert reading == first_reading - 2  # the moves and the handovers are not read again
    assert '<span class="badge status-draft">Draft</span>' in html
    assert "Not started → Draft" in html
    caches["pages"].clear()
    assert without_tokens(get(focal_point, url)[0]) == without_tokens(html)


def test_focal_points_with_the_same_rights_share_the_kept_form_and_the_coordinator_does_not(
    world,
):
    FocalPoint = world.fp_a1.__class__
    colleague = get_user("colleague")
    FocalPoint.objects.create(institution=world.a1, user=colleague, kind="alternate")
    mine, theirs = signed_in(world, "focal_a1"), Client()
    theirs.force_login(colleague)
    theirs.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    coordinator = signed_in(world, "coord_a")
    url = pages(world)["objective page"]
    get(coordinator, url)  # every session's first request renews it
    theirs.get(reverse("reviews:home"))
    get(mine, url)
    html, queries = get(theirs, url)
    assert queries <= KEPT + 1
    assert 'name="text"' in html
    coordinators = get(coordinator, url)[0]
    assert 'name="text"' not in coordinators and "Earlier versions" in coordinators


def test_a_coordinators_comment_makes_the_kept_form_again(world):
    from reviews.models import Comment

    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    get(focal_point, url)
    get(focal_point, url)
    stamps.scope(world.guatemala.pk)  # as the coordinator's request would
    try:
        Comment.objects.create(
            input=world.input_a1, question=world.answer_a1.question, text="Precise las cifras."
        )
    finally:
        stamps.scope(None)
    assert "Precise las cifras." in get(focal_point, url)[0]


def test_the_forms_cycle_read_once_per_process_follows_its_changes(world):
    """input_for_page keeps the cycle (and the country, the round table) per process:
    renamed by an administrator, the form shows its new name at the next reading."""
    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    get(focal_point, url)
    ReviewCycle.objects.filter(pk=world.cycle.pk).update(name_en="Cycle renamed by the admin")
    assert "Cycle renamed by the admin" in get(focal_point, url)[0]


def test_text_that_looks_like_a_placeholder_stays_text():
    """A kept page's placeholders cannot be forged by what people wrote (a NUL
    character reaches SQLite through bulk updates): such text is kept as text."""
    from django.http import HttpResponse

    from reviews import pagecache

    response = HttpResponse("<p>\x00live:9\x00 \x00csrf\x00</p><!--live:1-->old<!--/live:1-->")
    response.live_state = "state"
    _whole, frame = pagecache._kept(response)
    cache = pagecache._Kept()
    cache.set("frame", "1.1", frame)

    def fill(state):
        return [f"<!--live:1-->{state} \x00<!--/live:1-->"], state

    _type, html = pagecache._assembled(cache, "page", "2.2", "frame", "1.1", fill)
    assert (
        html == "<p>\ufffdlive:9\ufffd \ufffdcsrf\ufffd</p><!--live:1-->state \ufffd<!--/live:1-->"
    )
    assert cache.get("page", "2.2") == (_type, html)  # kept whole too


def test_a_kept_form_read_again_without_a_save_is_kept_whole(world):
    """After an autosave the form is its frame with its answers made again; read once
    more with no save between, it is the whole page kept: no answers read."""
    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    autosave(focal_point, world, "Empezamos.")
    get(focal_point, url)
    autosave(focal_point, world, "Seguimos escribiendo.")
    after_the_save, from_the_frame = get(focal_point, url)
    again, whole = get(focal_point, url)
    assert whole < from_the_frame <= KEPT + 1
    assert without_tokens(again) == without_tokens(after_the_save)
    assert "Seguimos escribiendo." in again


def test_pages_made_under_older_stamps_are_replaced_not_kept_beside(world, settings):
    """A form read after each of many autosaves keeps one page and one frame: the
    pages made before each save do not pile up and push its frame out of a full
    cache (then every reading would make the form again)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "three-entries",
            # Full at three: everything is dropped.
            "OPTIONS": {"MAX_ENTRIES": 3, "CULL_FREQUENCY": 1},
        },
    }
    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    autosave(focal_point, world, "Empezamos.")
    get(focal_point, url)
    for n in range(4):
        autosave(focal_point, world, f"Versión {n}.")
        html, queries = get(focal_point, url)
        assert f"Versión {n}." in html
        assert queries <= KEPT + 1, f"made again after save {n}"


@pytest.fixture
def shared_by_the_processes(settings):
    """The processes of one gunicorn share their pages through the database: clearing
    ``caches["pages"]`` is another process's empty memory."""
    settings.PAGE_CACHE_SHARED = True
    caches["pages_shared"].clear()
    yield
    caches["pages_shared"].clear()


def shared_pages() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM gcm_pages")
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("page", "role"), [("objective page", "focal_a1"), ("progress", "coord_a")]
)
def test_a_page_one_process_made_is_not_made_again_by_another(
    world, shared_by_the_processes, page, role
):
    reader = signed_in(world, role)
    url = pages(world)[page]
    made, making = get(reader, url)
    # One page shared: the form as its frame only (its whole page changes at every
    # autosave), the coordinator's page whole.
    assert shared_pages() == 1
    caches["pages"].clear()
    kept, reading = get(reader, url)
    assert reading <= KEPT < making
    assert without_tokens(kept) == without_tokens(made)


def test_another_process_puts_the_new_answers_into_the_shared_frame(world, shared_by_the_processes):
    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    autosave(focal_point, world, "Empezamos.")
    get(focal_point, url)
    autosave(focal_point, world, "Seguimos en otro proceso.")
    caches["pages"].clear()
    html, queries = get(focal_point, url)
    assert "Seguimos en otro proceso." in html
    assert queries <= KEPT + 1


def test_a_page_the_machine_kept_before_a_change_is_not_served_after_it(
    world, shared_by_the_processes
):
    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    get(focal_point, url)
    ReviewCycle.objects.filter(pk=world.cycle.pk).update(name_en="Cycle renamed by the admin")
    caches["pages"].clear()
    assert "Cycle renamed by the admin" in get(focal_point, url)[0]


def test_a_kept_form_never_shows_a_status_its_frame_was_not_made_for(world):
    """Only a first save (not started to draft) keeps the frame: a form sent between
    a colleague's commit and the move of its stamps is made again, not shown as
    "Submitted" with boxes to type in."""
    focal_point = signed_in(world, "focal_a1")
    url = pages(world)["objective page"]
    autosave(focal_point, world, "Empezamos.")
    get(focal_point, url)
    before = list(Stamp.objects.values_list("key", "value"))
    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.SUBMITTED)
    for key, value in before:  # as read before the sending's stamps moved
        Stamp.objects.filter(key=key).update(value=value)
    html = get(focal_point, url)[0]
    assert "status-submitted" in html
    assert 'name="text"' not in html
