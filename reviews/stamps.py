"""Stamps: counters that every committed write moves, so a cache keyed by them is
never stale.

Every statement that writes to the portal's tables is seen on its way to the
database (a wrapper on each connection, installed by ReviewsConfig.ready),
whatever wrote it: a service, a bulk update, the admin, an import, a migration
of data, raw SQL. When its transaction commits, the stamp of what it wrote
moves by one:

- ``country:<pk>`` when the request was working on that country (the access
  checks say so, ``scope``) and the table holds a country's data (answers,
  forms, programmes, texts...);
- ``answers:<pk>`` instead, for an autosave's own writes (``answer_writes``):
  the answer, its versions, its form's time of saving and, at the first save,
  the form's move from "not started" to draft. A form's page makes its answers,
  its status and its history afresh at every reading (reviews.pagecache,
  ``fill``), so its kept page outlives its autosaves; every other kept page
  reads this stamp too;
- ``all`` otherwise, and always for the data every country sees (objectives,
  cycles, questions, users, their profiles and groups).

A page cached under the stamps it read is therefore never served after a write
it could show (reviews.pagecache): a reader that reads the moved stamp reads
the committed data. A page is never read from the cache inside a transaction,
which may hold writes whose stamp has not moved yet.

Tables that no cached page shows are not stamped: sessions, the cache table,
sign-in throttling, the audit log, the task queue, report jobs and the stamps
themselves.
"""

import contextvars
import re
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import F

# Writes here never move a stamp: no cached page shows them.
UNSTAMPED = frozenset(
    {
        "django_session",
        "gcm_cache",
        "gcm_pages",
        "django_tasks_database_dbtaskresult",
        "reviews_reportjob",
        "reviews_stamp",
        # The audit log: read only in the admin (failed sign-ins write it too).
        "reviews_auditevent",
    }
)
UNSTAMPED_PREFIXES = ("axes_",)
# Writes here move ``all`` whatever the request works on: every country sees them.
SHARED_PREFIXES = (
    "objectives_",
    "auth_",
    "django_",
    "reviews_reviewcycle",
    "reviews_question",
    "reviews_regional",
    "reviews_historicalregional",
    "reviews_profile",
)
ALL = "all"
# The tables an autosave writes (answer_writes): they move the ``answers`` stamp.
ANSWER_TABLES = frozenset(
    {"reviews_answer", "reviews_historicalanswer", "reviews_input", "reviews_transition"}
)
WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?',
    re.IGNORECASE,
)

_migrating = (
    False  # migrate runs before the stamps' table may exist: it moves ``all`` once, at its end
)
_scope: contextvars.ContextVar[int | None] = contextvars.ContextVar("stamp_scope", default=None)
_answer_writes = contextvars.ContextVar("answer_writes", default=False)
# The stamps this request read, until it writes (then they are read again). None
# outside requests: a worker or a command reads them every time.
_read: contextvars.ContextVar[dict | None] = contextvars.ContextVar("stamps_read", default=None)
# Data every country sees, kept per process under the "all" stamp (see ``shared``).
_shared: dict = {}
_SHARED_LIMIT = 500


def country_key(country_id: int) -> str:
    return f"country:{country_id}"


def answers_key(country_id: int) -> str:
    return f"answers:{country_id}"


def scope(country_id: int | None) -> None:
    """The request works on this country: its writes to a country's data move that
    country's stamp. Called by the access checks; cleared when a request starts."""
    _scope.set(country_id)


@contextmanager
def answer_writes():
    """The writes of an autosave: to its answer, the answer's versions, its form's
    time of saving and first move to draft; they move the country's ``answers``
    stamp, not its own. Anything else a form's kept page shows must be written
    outside: that page reads only its answers and its status afresh, and its
    history only when its status moved from "not started" to draft."""
    token = _answer_writes.set(True)
    try:
        yield
    finally:
        _answer_writes.reset(token)


def request_started(**_kwargs) -> None:
    """A request starts: no country yet, and its stamps are read afresh."""
    _scope.set(None)
    _read.set({})


def request_finished(**_kwargs) -> None:
    _scope.set(None)
    _read.set(None)
    flush()


def read(*keys: str) -> str:
    """The stamps of ``keys`` as one string, to put in a cache key. Read once per
    request, and again after the request wrote."""
    from reviews.models import Stamp

    known = _read.get()
    if known is None:
        known = {}
    missing = [key for key in keys if key not in known]
    if missing:
        known.update(dict.fromkeys(missing, "0"))
        known.update(
            (key, f"{salt}.{value}")
            for key, salt, value in Stamp.objects.filter(key__in=missing).values_list(
                "key", "salt", "value"
            )
        )
    return "-".join(known[key] for key in keys)


def shared(name, build):
    """What ``build()`` makes of data every country sees (cycles, questions,
    objectives...), made once per process until any of it changes (the "all"
    stamp moves). Made afresh inside a transaction, which may hold such writes."""
    from django.db import connection

    if connection.in_atomic_block:
        return build()
    key = (name, read(ALL))
    value = _shared.get(key)
    if value is None:
        if len(_shared) >= _SHARED_LIMIT:
            _shared.clear()
        value = _shared[key] = build()
    return value


def move(keys, using: str = "default") -> None:
    """Move each stamp of ``keys`` by one (a stamp never moved is created at 1)."""
    from reviews.models import Stamp

    _read_again()
    stamps = Stamp.objects.using(using)
    for key in sorted(keys):
        if not stamps.filter(key=key).update(value=F("value") + 1):
            _stamp, created = stamps.get_or_create(key=key, defaults={"value": 1})
            if not created:  # another process created it first: move it past theirs
                stamps.filter(key=key).update(value=F("value") + 1)


def key_for(table: str) -> str | None:
    """The stamp a write to ``table`` moves, or None."""
    if table in UNSTAMPED or table.startswith(UNSTAMPED_PREFIXES):
        return None
    if table.startswith(SHARED_PREFIXES):
        return ALL
    country = _scope.get()
    if country is None:
        return ALL
    if table in ANSWER_TABLES and _answer_writes.get():
        return answers_key(country)
    return country_key(country)


def forget(using: str = "default") -> None:
    """Every stamp gets a new salt and moves: no key made before comes back, even
    after a dump restored its old values (forget_kept_pages)."""
    from reviews.models import Stamp
    from reviews.models.stamps import new_salt

    _read_again()
    _shared.clear()
    for stamp in Stamp.objects.using(using).all():
        Stamp.objects.using(using).filter(pk=stamp.pk).update(salt=new_salt(), value=F("value") + 1)
    move({ALL}, using=using)


def _read_again() -> None:
    known = _read.get()
    if known:
        known.clear()


def settle(using: str = "default") -> None:
    """Move now, inside the open transaction, the stamps its writes so far will move:
    the last step of a hot write (an autosave), so that its commit carries them and
    no statement follows it. The stamps' rows stay locked until the commit."""
    connection = connections[using]
    pending = getattr(connection, "gcm_stamps", None)
    if pending is not None and connection.in_atomic_block and pending.keys:
        keys, pending.keys = pending.keys, set()
        move(keys, using=using)


class _Pending:
    """The stamps a connection's writes will move.

    In a transaction they move when it commits. Written without one
    (autocommit), they move just before the connection's next statement, or when
    the request ends: not at once, since the statement that wrote may still be
    returning rows (SQLite refuses to commit under an open INSERT ... RETURNING).
    """

    def __init__(self, alias: str):
        self.alias = alias
        self.keys: set[str] = set()  # to move when the open transaction commits
        self.written: set[str] = set()  # written without a transaction: to move next

    def __call__(self):
        keys, self.keys = self.keys, set()
        move(keys, using=self.alias)

    def registered(self, connection) -> bool:
        # Django drops the callbacks of a rolled-back transaction (or savepoint).
        return any(entry[1] is self for entry in connection.run_on_commit)

    def flush(self) -> None:
        if self.written:
            keys, self.written = self.written, set()
            move(keys, using=self.alias)


def _pending(connection) -> _Pending:
    pending = getattr(connection, "gcm_stamps", None)
    if pending is None:
        pending = connection.gcm_stamps = _Pending(connection.alias)
    return pending


def _note(connection, key: str) -> None:
    _read_again()
    pending = _pending(connection)
    if not connection.in_atomic_block:
        pending.written.add(key)
        return
    if not pending.registered(connection):
        pending.keys = set()
        transaction.on_commit(pending, using=connection.alias)
    pending.keys.add(key)


def flush(**_kwargs) -> None:
    """Move what was written without a transaction (at the end of each request)."""
    for connection in connections.all(initialized_only=True):
        pending = getattr(connection, "gcm_stamps", None)
        if pending is not None and not connection.in_atomic_block:
            pending.flush()


def migration_started(**_kwargs) -> None:
    global _migrating
    _migrating = True


def migration_finished(using: str = "default", **_kwargs) -> None:
    global _migrating
    _migrating = False
    move({ALL}, using=using)


def execute_wrapper(execute, sql, params, many, context):
    connection = context["connection"]
    pending = getattr(connection, "gcm_stamps", None)
    if pending is not None and pending.written and not connection.in_atomic_block:
        pending.flush()
    result = execute(sql, params, many, context)
    match = None if _migrating else WRITE.match(sql)
    if match:
        key = key_for(match.group(1).lower())
        if key is not None:
            _note(connection, key)
    return result


def install(connection, **_kwargs) -> None:
    """Watch the writes of a new database connection (the connection_created signal)."""
    if execute_wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(execute_wrapper)


def install_all() -> None:
    for connection in connections.all(initialized_only=True):
        install(connection)
