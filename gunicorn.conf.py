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
processes share them through a private directory made empty at every start:
a page one process made is not made again by the others (one run of
benchmarks/load.py made a form's page 399 times without it, 139 with it).
PAGE_CACHE_DIR names another directory (then kept); PAGE_CACHE_DIR=off shares none.
"""

import os
import shutil
import tempfile

cores = len(os.sched_getaffinity(0))
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * cores)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
worker_class = "gthread"


def on_starting(server):
    if not os.environ.get("PAGE_CACHE_DIR"):
        # Made before the processes start (they inherit it), readable by this user only.
        os.environ["PAGE_CACHE_DIR"] = server.gcm_page_dir = tempfile.mkdtemp(prefix="gcm-pages-")


def on_exit(server):
    made = getattr(server, "gcm_page_dir", None)
    if made:
        shutil.rmtree(made, ignore_errors=True)
