"""The week before a UN deadline: many focal points autosaving at once, on gunicorn.

Starts the portal under gunicorn on PostgreSQL on the loopback address, then
simulates USERS focal points of 20 institutions (by default 200), each editing
its own answer: an autosave every two to four seconds, and now and then the
objective page, for DURATION seconds. Afterwards the stored text of every
answer must equal the last save the server acknowledged for it.

    scripts/with-postgres .venv/bin/python benchmarks/load.py [--users 200] [--duration 60]

Prints one JSON line: requests, errors by status, p50/p95/p99 latency (all
requests, autosaves and pages; and the same after the first ten seconds, when
everyone has arrived), lost writes, and where the CPU went during the run (how
busy the machine was, the host's steal, the seconds of gunicorn, of the generator
and of PostgreSQL).
Targets (issue 7): no 5xx, no lost write, autosave p95 under 200 ms; (issue 20)
autosave p95 under 100 ms, page p95 under 300 ms. Loopback only; bounded in
users and time.
"""

import argparse
import http.client
import json
import os
import random
import re
import runpy
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if os.environ.get("GCM_THROWAWAY_DATABASE") != "1":
    raise SystemExit("This benchmark empties its database: run it through scripts/with-postgres.")
os.environ["DJANGO_SETTINGS_MODULE"] = "gcm_portal.settings_test"
os.environ["DEBUG"] = "0"
warnings.filterwarnings("ignore", "No directory at")  # static files come from the finders

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402

INSTITUTIONS = 20
ARRIVAL = 10  # seconds: everyone arrives in the first 2 and opens their form
VERSION = re.compile(rb'name="version" value="(\d+)"')


def build(users: int):
    """Institutions, focal points and one answer per focal point; a session cookie each."""
    from django.contrib.auth import get_user_model

    from objectives.models import Country
    from reviews import selectors, services
    from reviews.models import (
        FocalPoint,
        Institution,
        NationalReview,
        ReviewCycle,
    )

    User = get_user_model()
    cycle = ReviewCycle.objects.create(
        slug="load", name_es="Carga", name_en="Load", kind=ReviewCycle.Kind.REGIONAL,
        opens_on="2026-01-01", deadline="2027-12-31", status=ReviewCycle.Status.OPEN,
    )  # fmt: skip
    services.questionnaire_create_default(cycle=cycle)
    country = Country.objects.get(iso3="MEX")
    review = NationalReview.objects.create(cycle=cycle, country=country)
    people = []
    for n in range(INSTITUTIONS):
        institution = Institution.objects.create(country=country, name=f"Secretaría {n}")
        request = services.institution_request_save(
            review=review, institution=institution, objectives=[]
        )
        answers = [
            answer
            for input in selectors.request_inputs(request=request)[:23]
            for answer in selectors.input_answers(input=input)
        ]
        for k in range(n, users, INSTITUTIONS):
            user = User.objects.create_user(f"focal{k}", f"focal{k}@example.org", "x")
            FocalPoint.objects.create(institution=institution, user=user)
            answer = answers[k // INSTITUTIONS]
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            people.append({"session": session.session_key, "answer": answer})
    return people


class FocalPoint(threading.Thread):
    """One person: autosaves their answer every few seconds, opens the page now and then."""

    def __init__(self, port, person, until, results, seed):
        super().__init__(daemon=True)
        self.port, self.person, self.until, self.results = port, person, until, results
        self.random = random.Random(seed)  # noqa: S311 (timing jitter, not secrets)
        self.csrf = "x" * 32
        self.cookie = f"sessionid={person['session']}; csrftoken={self.csrf}"
        answer = person["answer"]
        self.page = f"/work/inputs/{answer.input_id}/"
        self.save = f"/work/inputs/{answer.input_id}/answers/{answer.pk}/"
        self.version = answer.version
        self.acknowledged = answer.text

    def request(self, connection, method, path, body=None):
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                return response.status, response.read(), time.perf_counter() - started
            except (OSError, http.client.HTTPException):
                # The server closed an idle kept-alive connection: reconnect once, as
                # browsers do (a repeated autosave is harmless: it names its version).
                connection.close()
                if attempt == 2:
                    return 0, b"", time.perf_counter() - started
        return 0, b"", time.perf_counter() - started

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        n = 0
        while time.monotonic() < self.until:
            n += 1
            if n % 5 == 1:
                at = time.monotonic()
                status, _content, seconds = self.request(connection, "GET", self.page)
                self.results.append(("page", status, seconds, at))
            text = f"{self.person['session'][:6]} guardado {n} " + "palabra " * self.random.randint(
                50, 400
            )
            body = urlencode({"text": text, "version": self.version})
            at = time.monotonic()
            status, content, seconds = self.request(connection, "POST", self.save, body)
            self.results.append(("autosave", status, seconds, at))
            if status == 200:
                self.version = int(VERSION.search(content).group(1))
                self.acknowledged = text
            elif status == 409:
                self.version = int(VERSION.search(content).group(1))
            time.sleep(self.random.uniform(2, 4))
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def warm_up(port: int, people, count: int) -> None:
    """Every gunicorn process loads Django and its templates on its first requests."""

    def visit(person):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "GET",
            f"/work/inputs/{person['answer'].input_id}/",
            headers={"Cookie": f"sessionid={person['session']}"},
        )
        connection.getresponse().read()
        connection.close()

    visitors = [threading.Thread(target=visit, args=(p,)) for p in people[:count]]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def latency(times):
    if not times:
        return {}
    return {
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
        "p99_ms": round(percentile(times, 0.99) * 1000, 1),
    }


def fresh_people(users: int):
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return build(users)


def start_portal(workers: int | None, threads: int | None):
    """gunicorn on a free loopback port, warmed up; returns (process, port). Without
    a layout, the one gunicorn.conf.py gives this machine."""
    port = free_port()
    layout = ["--workers", str(workers)] if workers else []
    layout += ["--threads", str(threads)] if threads else []
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, loopback only)
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "gcm_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *layout,
        ],  # fmt: skip
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gcm_portal.settings_test",
            "PYTHONWARNINGS": "ignore:No directory at",
        },
    )
    wait_until_up(port)
    return server, port


def run_load(port: int, people, duration: float):
    """Every person at work for ``duration`` seconds; returns (threads, results, seconds)."""
    results = []
    until = time.monotonic() + duration
    threads = [FocalPoint(port, person, until, results, seed) for seed, person in enumerate(people)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
        time.sleep(2.0 / len(threads))  # people arrive over two seconds
    for thread in threads:
        thread.join()
    return threads, results, time.monotonic() - started


def machine_times() -> list[int]:
    """The machine's CPU times so far, in clock ticks (``/proc/stat``'s first line):
    user, nice, system, idle, iowait, irq, softirq, steal."""
    with open("/proc/stat") as stat:
        return [int(field) for field in stat.readline().split()[1:9]]


def process_seconds(pid: int) -> float:
    """CPU seconds a process and its children have used (gunicorn's workers): those
    alive now, and those that have ended (the kernel adds an ended child's time to
    its parent's)."""
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            pids += [int(child) for child in children.read().split()]
    except OSError:
        pass
    return _seconds(pids) + _ended_children_seconds(pid)


def database_seconds() -> float:
    """CPU seconds of this run's PostgreSQL (its server process and its children, the
    connections among them); 0 on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    with open(f"/proc/{backend}/stat") as stat:
        server = int(stat.read().rsplit(")", 1)[1].split()[1])  # the parent: the postmaster
    return process_seconds(server)


def _ended_children_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def _seconds(pids) -> float:
    seconds = 0.0
    for each in pids:
        try:
            with open(f"/proc/{each}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return seconds


def machine(server) -> tuple:
    return machine_times(), process_seconds(server.pid), time.process_time(), database_seconds()


def cpu_figures(before: tuple, after: tuple, seconds: float) -> dict:
    """Where the machine's CPU went during the run: how busy it was (100: every
    core all the time; the latencies are then mostly waiting), what the host took
    (steal), and the seconds used by gunicorn, by this load generator and by
    PostgreSQL."""
    machine = [b - a for a, b in zip(before[0], after[0], strict=True)]
    total = sum(machine) or 1
    idle = machine[3] + machine[4]
    return {
        "cores": os.cpu_count(),
        "machine_busy_percent": round(100 * (total - idle) / total, 1),
        "steal_percent": round(100 * machine[7] / total, 1),
        "gunicorn_cpu_seconds": round(after[1] - before[1], 1),
        "load_generator_cpu_seconds": round(after[2] - before[2], 1),
        "database_cpu_seconds": round(after[3] - before[3], 1),
        "seconds": round(seconds, 1),
    }


def lost_writes(threads) -> int:
    """Answers whose stored text is not the last save the server acknowledged."""
    from reviews.models import Answer

    stored = dict(
        Answer.objects.filter(pk__in=[t.person["answer"].pk for t in threads]).values_list(
            "pk", "text"
        )
    )
    return sum(1 for t in threads if stored[t.person["answer"].pk] != t.acknowledged)


def figures(threads, results, elapsed) -> dict:
    started = min((r[3] for r in results), default=0)
    statuses = {}
    for _kind, status, _seconds, _at in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "users": len(threads),
        "institutions": INSTITUTIONS,
        "seconds": round(elapsed, 1),
        "requests": len(results),
        "requests_per_second": round(len(results) / elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors_5xx": sum(v for k, v in statuses.items() if k >= 500 and k != 503),
        "failed_connections": statuses.get(0, 0),
        "all": latency([r[2] for r in results]),
        "autosave": latency([r[2] for r in results if r[0] == "autosave"]),
        "page": latency([r[2] for r in results if r[0] == "page"]),
        # Told apart, not instead: the first seconds, when everyone opens their form
        # at once (each a first reading), and the rest of the run.
        "after_arrival": {
            kind: latency([r[2] for r in results if r[0] == kind and r[3] - started >= ARRIVAL])
            for kind in ("autosave", "page")
        },
        "lost_writes": lost_writes(threads),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, help="gunicorn processes (gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="threads per process (gunicorn.conf.py's)")
    args = parser.parse_args()
    if not 1 <= args.users <= 1000 or not 1 <= args.duration <= 600:
        raise SystemExit("--users 1..1000 and --duration 1..600 seconds")
    people = fresh_people(args.users)
    server, port = start_portal(args.workers, args.threads)
    try:
        layout = gunicorn_layout(args)
        warm_up(port, people, layout["workers"] * layout["threads"])
        before = machine(server)
        threads, results, elapsed = run_load(port, people, args.duration)
        after = machine(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        json.dumps(
            {
                "benchmark": "load",
                "database": connection_vendor(),
                "gunicorn": f"{layout['workers']} workers x {layout['threads']} threads",
                **figures(threads, results, elapsed),
                "cpu": cpu_figures(before, after, elapsed),
            }
        )
    )


def gunicorn_layout(args) -> dict:
    """The layout gunicorn runs: the flags given, else gunicorn.conf.py's."""
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return {"workers": args.workers or conf["workers"], "threads": args.threads or conf["threads"]}


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
