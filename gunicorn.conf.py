"""gunicorn's settings for the portal: `gunicorn gcm_portal.wsgi` reads this file
from the directory it starts in. Flags on the command line win over it.

The layout, chosen by measurement (benchmarks/saturation.py and load.py, README
"Benchmarks"): two processes per core, two threads each. A page is Python work
under one lock per process (the GIL), so processes, not threads, use the cores;
the second thread keeps a process busy while its first waits on PostgreSQL.
Eight threads per process (the former layout) spent half as much CPU again
per request in switching between them (19.8 against 13.2 ms under load.py).
GUNICORN_WORKERS and GUNICORN_THREADS override the layout; each process keeps
its own pages (PAGE_CACHE_ENTRIES).
"""

import os

cores = len(os.sched_getaffinity(0))
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * cores)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
worker_class = "gthread"
