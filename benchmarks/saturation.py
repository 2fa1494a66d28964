"""What a request costs at saturation: requests per second of the hot pages, as
ratios to a bare request, in one run on one gunicorn.

Builds the Mexico-sized review (benchmarks/mexico.py: 33 institutions, 23
objectives, four answers of about 500 words each, 176 programmes), starts the
portal under gunicorn on PostgreSQL on the loopback address, and drives each
request with wrk (Debian's package; compiled, so the generator leaves the
server the CPU) at CONNECTIONS connections for SECONDS seconds:

- ``bare``: a URL that answers 404 (the whole middleware stack, no session);
- ``objective_page``: the measured institution's focal point opening its 23
  objective forms in turn;
- ``autosave``: the same focal point saving its 95 answers in turn, each save
  naming the version it edits (read back from the previous save's answer), so
  every save is a real save and a refused one is counted;
- ``progress``, ``consolidation`` (the 23 objectives in turn) and ``analysis``:
  the coordinator's pages of the review.

    scripts/with-postgres .venv/bin/python benchmarks/saturation.py [--layouts 4x8 4x1]
        [--no-page-cache]

Prints one JSON line: for each gunicorn layout (workers x threads), the
requests/s, p50/p99 latency and non-2xx answers of each request, and each
one's ratio to the bare request. ``--no-page-cache`` makes every page afresh
(what a page costs the first time it is read after a save). Targets (issue 20): objective
page >= 0.2, autosave >= 0.3, progress / consolidation / analysis >= 0.1.
"""

import argparse
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402 (sets Django up on the throwaway database)
import mexico  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

CSRF = "x" * 32
THREADS = 2  # wrk's

# wrk's script: each of its threads walks the list of paths in turn, from its
# own offset. For autosaves it keeps the version of every answer, read from the
# server's reply, and never sends an answer whose previous save is unanswered.
LUA = r"""
local paths = {%(paths)s}
local versions = {%(versions)s}
local saving = %(saving)s
local cookie = "%(cookie)s"
keys = {}
%(keys)s

-- Each thread walks its own share of the paths (every %(threads)d-th, from its
-- offset), so no two threads send the same answer.
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local mine, at, pending = nil, 0, {}
local function next_index()
  if mine == nil then
    mine = {}
    for i = offset + 1, #paths, %(threads)d do mine[#mine + 1] = i end
    if #mine == 0 then mine = {1} end
  end
  at = at %% #mine + 1
  return mine[at]
end

function request()
  local headers = {Cookie = cookie, Host = "127.0.0.1"}
  if not saving then
    return wrk.format("GET", paths[next_index()], headers)
  end
  local index = next_index()
  for _ = 2, #mine do
    if not pending[index] then break end
    index = next_index()
  end
  pending[index] = true
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["X-CSRFToken"] = "%(csrf)s"
  local body = "version=" .. versions[index] .. "&text=guardado+" .. index ..
    "+" .. string.rep("palabra+", 100 + (index * 37) %% 300)
  return wrk.format("POST", paths[index], headers, body)
end

function response(status, headers, body)
  if not saving then return end
  local version, key = string.match(body, 'value="(%%d+)" id="version%%-(%%d+)"')
  if key then
    local index = keys[tonumber(key)]
    versions[index] = version
    pending[index] = nil
  end
end
"""


def sessions(*users):
    cookies = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"sessionid={session.session_key}; csrftoken={CSRF}")
    return cookies


def targets(request, focal_point, coordinator):
    """Name -> (paths, cookie, answers to save or None)."""
    from reviews.models import Answer, Input

    focal_cookie, coordinator_cookie = sessions(focal_point, coordinator)
    inputs = list(Input.objects.filter(request=request).order_by("pk"))
    objective_inputs = [i for i in inputs if i.unit == "objective"]
    answers = list(Answer.objects.filter(input__in=inputs).order_by("pk"))
    review = request.review_id
    objectives = [i.objective.number for i in objective_inputs]
    return {
        "bare": (["/no-such-page/"], "", None),
        "objective_page": ([f"/work/inputs/{i.pk}/" for i in objective_inputs], focal_cookie, None),
        "autosave": (
            [f"/work/inputs/{a.input_id}/answers/{a.pk}/" for a in answers],
            focal_cookie,
            answers,
        ),
        "progress": ([f"/work/reviews/{review}/progress/"], coordinator_cookie, None),
        "consolidation": (
            [f"/work/reviews/{review}/objectives/{n}/" for n in objectives],
            coordinator_cookie,
            None,
        ),
        "analysis": ([f"/work/reviews/{review}/analysis/"], coordinator_cookie, None),
    }


def lua(paths, cookie, answers) -> str:
    quoted = ", ".join(f'"{p}"' for p in paths)
    return LUA % {
        "paths": quoted,
        "versions": ", ".join(str(a.version) for a in answers) if answers else "",
        "saving": "true" if answers else "false",
        "cookie": cookie,
        "csrf": CSRF,
        "threads": THREADS,
        "keys": "\n".join(f"keys[{a.pk}] = {n}" for n, a in enumerate(answers or [], 1)),
    }


def seconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[unit]


def wrk(port: int, script: str, connections: int, duration: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        output = subprocess.run(  # noqa: S603 (wrk against our own loopback port)
            [
                shutil.which("wrk"),
                "--threads",
                str(THREADS),
                "--connections",
                str(connections),
                "--duration",
                f"{duration}s",
                "--timeout",
                "10s",
                "--latency",
                "--script",
                file.name,
                f"http://127.0.0.1:{port}/",
            ],  # fmt: skip
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    return {
        "requests_per_second": round(rate, 1),
        "p50_ms": round(seconds(latency["50"]) * 1000, 1),
        "p99_ms": round(seconds(latency["99"]) * 1000, 1),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def measure(
    measured, workers: int, threads: int, connections: int, seconds: int, warm_up: int
) -> dict:
    """Every request of ``measured`` against one gunicorn of this layout, each after
    ``warm_up`` seconds of the same requests: every process loads its templates and
    reads each page once (a kept page is then what is measured; see --no-page-cache)."""
    server, port = load.start_portal(workers, threads)
    figures = {}
    try:
        for name, (paths, cookie, answers) in measured.items():
            # saves then start from the versions the warm-up left
            wrk(port, lua(paths, cookie, answers), connections, warm_up)
            if answers:
                answers = [answer.__class__.objects.get(pk=answer.pk) for answer in answers]
            figures[name] = wrk(port, lua(paths, cookie, answers), connections, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    bare = figures["bare"]["requests_per_second"]
    for figure in figures.values():
        figure["ratio_to_bare"] = round(figure["requests_per_second"] / bare, 3)
    return figures


def layout(text: str) -> tuple[int, int]:
    workers, _x, threads = text.partition("x")
    return int(workers), int(threads)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    conf = runpy.run_path(str(load.ROOT / "gunicorn.conf.py"))
    parser.add_argument(
        "--layouts", nargs="+", type=layout, default=[(conf["workers"], conf["threads"])],
        help="gunicorn layouts to compare in this run, as WORKERSxTHREADS (4x8 2x4 ...);"
        " by default gunicorn.conf.py's for this machine",
    )  # fmt: skip
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10, help="per request")
    parser.add_argument("--warm-up", type=int, default=5, help="seconds before each request")
    parser.add_argument("--only", nargs="*", help="measure only these requests (and bare)")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="every page made afresh (PAGE_CACHE_ENTRIES=0)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    if args.no_page_cache:
        os.environ["PAGE_CACHE_ENTRIES"] = "0"  # read by gunicorn's settings
    request, focal_point, coordinator = mexico.fresh_review()
    measured = targets(request, focal_point, coordinator)
    if args.only:
        measured = {k: v for k, v in measured.items() if k == "bare" or k in args.only}
    results = {
        f"{workers}x{threads}": measure(
            measured, workers, threads, args.connections, args.seconds, args.warm_up
        )
        for workers, threads in args.layouts
    }
    print(
        json.dumps(
            {
                "benchmark": "saturation",
                "page_cache": not args.no_page_cache,
                "connections": args.connections,
                "seconds_each": args.seconds,
                "warm_up_seconds": args.warm_up,
                "layouts": results,
            }
        )
    )


if __name__ == "__main__":
    main()
