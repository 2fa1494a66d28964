"""gunicorn's settings for the portal: `gunicorn gcm_portal.wsgi` reads this file
from the directory it starts in. Flags on the command line win over it.

The layout, chosen by measurement (benchmarks/saturation.py and load.py, README
"Benchmarks"): two processes per core, two threads each. A page is Python work
under one lock per process (the GIL), so processes, not threads, use the cores;
the second thread keeps a process busy while its first waits on PostgreSQL.
Eight threads per process (the former layout) spent half as much CPU again
per request in switching between them (19.8 against 13.2 ms under load.py).
GUNICORN_WORKERS and GUNICORN_THREADS override the layout.

Each process keeps pages in its own memory (PAGE_CACHE_ENTRIES), and the
processes share them through the database (settings.CACHES["pages_shared"]):
a page one process made is read by the others rather than made again. Each
start and each reload (HUP) names a new generation of them, so pages made by
earlier code are never read. PAGE_CACHE_SHARED=0 shares none.
"""

import os
import secrets

cores = len(os.sched_getaffinity(0))
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * cores)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
worker_class = "gthread"


def on_starting(server):
    new_generation()


def on_reload(server):
    new_generation()


def new_generation():
    """Named before the processes start: they inherit it (settings.PAGE_CACHE_GENERATION)."""
    if os.environ.get("PAGE_CACHE_SHARED", "1") != "0":
        os.environ["PAGE_CACHE_GENERATION"] = secrets.token_hex(8)
