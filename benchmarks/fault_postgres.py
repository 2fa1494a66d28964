"""PostgreSQL restarted in the middle of the load: what people get, and whether anything is lost.

Runs the load of benchmarks/load.py (by default 100 focal points for 40
seconds) and, after RESTART_AT seconds, restarts the PostgreSQL cluster of
scripts/with-postgres (`pg_ctl restart -m fast`). The portal is not touched.
Prints one JSON line: the restart's duration, the statuses answered during and
after it, seconds from the restart until autosaves were acknowledged again,
5xx other than the 503 "try again" page, and lost writes (acknowledged saves
not in the database afterwards).

    PG_DURABLE=1 scripts/with-postgres .venv/bin/python benchmarks/fault_postgres.py
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import fresh_people, lost_writes, run_load, start_portal, warm_up  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=float, default=40)
    parser.add_argument("--restart-at", type=float, default=12)
    args = parser.parse_args()
    restart = os.environ.get("GCM_PG_RESTART")
    if not restart:
        raise SystemExit("Run it through scripts/with-postgres, which says how to restart.")

    people = fresh_people(args.users)
    server, port = start_portal(workers=4, threads=8)
    outage = {}

    def restart_postgres():
        time.sleep(args.restart_at)
        outage["start"] = time.monotonic()
        subprocess.run(  # noqa: S603 (the throwaway cluster of scripts/with-postgres)
            shlex.split(restart), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        outage["end"] = time.monotonic()

    try:
        warm_up(port, people, 32)
        restarter = threading.Thread(target=restart_postgres)
        restarter.start()
        threads, results, elapsed = run_load(port, people, args.duration)
        restarter.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    # The generator's own connection in this process went away with the restart too.
    from django.db import connection

    connection.close()
    start, end = outage["start"], outage["end"]
    during = [r for r in results if start <= r[3] <= end + 1]
    after = [r for r in results if r[3] > end + 1]
    acknowledged_again = min(
        (r[3] + r[2] for r in results if r[0] == "autosave" and r[1] == 200 and r[3] >= start),
        default=None,
    )

    def count(rows):
        found = {}
        for row in rows:
            found[str(row[1])] = found.get(str(row[1]), 0) + 1
        return dict(sorted(found.items()))

    print(
        json.dumps(
            {
                "benchmark": "fault_postgres",
                "users": len(threads),
                "seconds": round(elapsed, 1),
                "restart_seconds": round(end - start, 2),
                "requests": len(results),
                "statuses_during_restart": count(during),
                "statuses_after_restart": count(after),
                "seconds_until_autosaves_acknowledged_again": (
                    round(acknowledged_again - start, 2) if acknowledged_again else None
                ),
                "errors_5xx_other_than_503": sum(1 for r in results if r[1] >= 500 and r[1] != 503),
                "lost_writes": lost_writes(threads),
            }
        )
    )


if __name__ == "__main__":
    main()
