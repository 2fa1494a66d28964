"""The hot pages one at a time, in this process: what each costs and where it goes.

Builds the Mexico-sized review (benchmarks/mexico.py) and requests each page of
benchmarks/saturation.py through Django's test client, ROUNDS times after one
warm-up request, counting queries. With ``--profile NAME`` it also prints
pyinstrument's profile of that page (the evidence a commit quotes).

    scripts/with-postgres .venv/bin/python benchmarks/pages.py [--profile progress]

Prints one JSON line: per page, the median milliseconds and the queries.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mexico  # noqa: E402 (sets Django up on the throwaway database)
import saturation  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def client_for(cookie: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    for part in filter(None, cookie.split("; ")):
        name, value = part.split("=", 1)
        client.cookies[name] = value
    return client


def call(client, path, answers, n):
    if answers is None:
        return client.get(path)
    answer = answers[n % len(answers)]
    answer.refresh_from_db(fields=["version"])
    return client.post(
        path,
        {"version": answer.version, "text": f"guardado {n} " + "palabra " * 200},
        HTTP_X_CSRFTOKEN=saturation.CSRF,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--profile", nargs="*", default=[], help="print pyinstrument's profile of these pages"
    )
    args = parser.parse_args()
    request, focal_point, coordinator = mexico.fresh_review()
    figures = {}
    for name, (paths, cookie, answers) in saturation.targets(
        request, focal_point, coordinator
    ).items():
        client = client_for(cookie)
        call(client, paths[0], answers, 0)
        times = []
        for n in range(args.rounds):
            path = paths[n % len(paths)]
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = call(client, path, answers, n)
                times.append(time.perf_counter() - started)
            if response.status_code != (404 if name == "bare" else 200):
                raise SystemExit(f"{path} answered {response.status_code}")
        figures[name] = {
            "ms": round(statistics.median(times) * 1000, 1),
            "queries": len(queries),
            "kb": len(response.content) // 1024,
        }
        if name in args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                for n in range(args.rounds):
                    call(client, paths[n % len(paths)], answers, n)
            print(
                name,
                profiler.output_text(unicode=False, color=False, show_all=False),
                file=sys.stderr,
            )
    print(json.dumps({"benchmark": "pages", "rounds": args.rounds, **figures}))


if __name__ == "__main__":
    main()
