"""Whole pages kept for their next reading, served while the stamps of what they show
have not moved.

A page is kept under: its path and query, the reader, the language and the day
(pages say "due in 3 days"); with it are kept the stamps (reviews.stamps) of the
data it shows: its country's, its country's answers' and the shared one. Any
committed write that page could show moves one of those stamps, so a kept page
is served only while its stamps are still those, whoever changed what and however.

A page may have live parts, read afresh at each reading (``fill``): a form's
answers, which its focal points autosave every few seconds. Such a page is
kept without the answers' stamp, so it outlives the autosaves; its live parts,
marked ``<!--live:ID-->…<!--/live:ID-->`` in the HTML, are made again each time.

The reader's CSRF token is put back into a kept page each time it is served
(it is kept as a placeholder). Never kept or served from the cache: pages
carrying a message (those are shown once), htmx partials, anything but a 200,
and any request inside an open transaction (it may read its own writes before
their stamps move).

Pages are kept in ``CACHES["pages"]``, each process's memory, and under gunicorn
also in ``CACHES["pages_shared"]``, which its processes share (a table): a page
one process made is not made again by the others. A form's whole page stays in
its process (it changes at every autosave); its frame is shared.
"""

import re
import threading

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from reviews import stamps

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PLACEHOLDER = "\x00csrf\x00"
LIVE = re.compile(r"<!--live:(\w+)-->.*?<!--/live:\1-->", re.DOTALL)
LIVE_PLACEHOLDER = re.compile("\x00live:(\\w+)\x00")
# One rendering per page at a time in a process: readers who arrive while it is
# made wait for it rather than make it again (a page can cost a second of CPU).
_making: dict[str, threading.Lock] = {}
_making_lock = threading.Lock()


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not connection.in_atomic_block
        and not getattr(request, "htmx", False)
        and len(messages.get_messages(request)) == 0
    )


def page(
    request: HttpRequest,
    country_id: int,
    render,
    *,
    reader: str | None = None,
    fill=None,
    also: str = "",
) -> HttpResponse:
    """The page ``render()`` makes, or the one it made for this reader since nothing it
    shows has changed (``country_id``: the country whose data it shows).

    ``render()`` must read everything it shows itself: it runs after the stamps
    are read, so what it reads is at least as new as the key it is kept under. An
    object the view fetched before (for its access check) may be older.

    ``reader``: who sees the same page (the user by default; a view whose page
    depends only on the reader's rights may say so, and its readers share it).
    ``fill(state)``: the page's live parts made afresh (HTML, each part between its
    markers), from the ``state`` that ``render()`` left on its response
    (``response.live_state``), and the state to keep the frame with from now on
    (``state`` itself if nothing it holds changed). The page is then also kept as a
    frame, without the answers' stamp: after an autosave, it is that frame with its
    parts made again.
    ``also``: more of the whole page's key, read by the view's access check (a
    form's status): a reader is never served whole a page made for another status
    than the one their rights were just checked under, even while the stamps of
    the write that moved it have not moved yet (just after its commit). Its frame
    is kept without it: ``fill`` shows it, and may refuse (return no parts), and
    the page is then made again."""
    if not _cacheable(request):
        return render()
    country, answers = stamps.country_key(country_id), stamps.answers_key(country_id)
    whole = stamps.read(stamps.ALL, country, answers)  # one query for the three
    prefix = ":".join(
        (
            "page",
            request.get_full_path(),
            reader or str(request.user.pk),
            translation.get_language(),
            timezone.localdate().isoformat(),
        )
    )
    # One entry per page (and one per frame), the stamps it was made under kept in it:
    # a newer reading replaces it, so pages made under stamps since moved are not kept
    # to crowd out the live ones.
    key, frame_key = f"{prefix}:{also}:whole", f"{prefix}:frame" if fill else None
    frame_stamps = stamps.read(stamps.ALL, country) if fill else None
    cache = _Kept()
    # A page with live parts is shared as its frame only: its whole page changes at
    # every autosave, and looking for it among the shared ones would cost a query.
    shared = fill is None
    kept = cache.get(key, whole, shared) or _assembled(
        cache, key, whole, frame_key, frame_stamps, fill
    )
    if kept is None:
        # Readers of one form after different autosaves wait for the same frame.
        making = frame_key or key
        with _making_lock:
            lock = _making.setdefault(making, threading.Lock())
        with lock:
            try:
                kept = cache.get(key, whole, shared) or _assembled(
                    cache, key, whole, frame_key, frame_stamps, fill
                )
                if kept is None:
                    response = render()
                    if response.status_code == 200 and not response.streaming:
                        whole_page, frame = _kept(response)
                        cache.set(key, whole, whole_page, shared)
                        if frame_key and frame[3]:
                            cache.set(frame_key, frame_stamps, frame)
                    return response
            finally:
                with _making_lock:
                    _making.pop(making, None)
    content_type, html = kept
    return HttpResponse(html.replace(PLACEHOLDER, get_token(request)), content_type=content_type)


class _Kept:
    """Where pages are kept: this process's memory, then the cache the processes of
    its gunicorn share, if any (``CACHES["pages_shared"]``). Each entry holds the stamps
    it was made under; only an entry made under the stamps read now is served."""

    def __init__(self):
        self.levels = [caches["pages"]]
        if settings.PAGE_CACHE_SHARED:
            self.levels.append(caches["pages_shared"])

    def get(self, key: str, made_under: str | None, shared: bool = True):
        for depth, level in enumerate(self.levels if shared else self.levels[:1]):
            entry = level.get(key)
            if entry is not None and entry[0] == made_under:
                for nearer in self.levels[:depth]:
                    nearer.set(key, entry)
                return entry[1]
        return None

    def set(self, key: str, made_under: str | None, kept: tuple, shared: bool = True) -> None:
        for level in self.levels if shared else self.levels[:1]:
            level.set(key, (made_under, kept))


def _assembled(cache, key: str, whole: str, frame_key: str | None, frame_stamps, fill):
    """The page made of its kept frame and its live parts made afresh, then kept whole
    too; None without a kept frame, or if its live parts are no longer those it was
    kept with (then it is made again)."""
    frame = cache.get(frame_key, frame_stamps) if frame_key else None
    if frame is None:
        return None
    content_type, html, state, live = frame
    parts = {}
    made, new_state = fill(state)
    for part_html in made:
        part = LIVE.search(_tokenless(part_html))
        if part:
            parts[part.group(1)] = part.group(0)
    if set(parts) != set(live):
        return None
    if new_state is not state:
        # What the next readers' fill would read again (a form's new status and its
        # history, after its first save): kept with the frame, under the same stamps.
        cache.set(frame_key, frame_stamps, (content_type, html, new_state, live))
    kept = content_type, LIVE_PLACEHOLDER.sub(lambda match: parts[match.group(1)], html)
    cache.set(key, whole, kept, shared=False)
    return kept


def _tokenless(html: str) -> str:
    """HTML with its CSRF tokens left as placeholders (each reader gets their own).
    NUL marks the placeholders: none may come from the page's own text."""
    html = html.replace("\x00", "\ufffd")
    return CSRF_INPUT.sub(lambda match: match.group(0).replace(match.group(1), PLACEHOLDER), html)


def _kept(response: HttpResponse) -> tuple[tuple, tuple]:
    """The page as kept whole (its type and HTML), and as a frame: its live parts left
    as placeholders, with the state to make them again and their ids."""
    content_type = response["Content-Type"]
    html = _tokenless(response.content.decode(response.charset))
    live = [match.group(1) for match in LIVE.finditer(html)]
    frame = LIVE.sub(lambda match: f"\x00live:{match.group(1)}\x00", html)
    return (content_type, html), (
        content_type,
        frame,
        getattr(response, "live_state", None),
        live,
    )
