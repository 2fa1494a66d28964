"""Versions kept per hour of typing: one per pause, not one per autosave.

On a Mexico-sized review (benchmarks/mexico.py, in a throwaway database), a
focal point types into one answer and a coordinator into one national text for
an hour of simulated time, autosaving every 3 seconds as the page does. Two
patterns: typing without a pause for the whole hour, and bursts of 1 to 8
minutes separated by pauses of 2 to 10 minutes. The clock is Django's
``timezone.now``, moved forward by the benchmark; every save goes through the
services the pages call (``answer_save``, ``text_save``), each naming the
version it edits.

Before issue 14 every save kept a version, so "versions before" equals the
number of saves. Prints one JSON line.

    scripts/with-postgres .venv/bin/python benchmarks/history.py
"""

import datetime
import json
import random
import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.utils import timezone  # noqa: E402
from mexico import fresh_review  # noqa: E402

from reviews import selectors, services  # noqa: E402
from reviews.models import NationalText  # noqa: E402

INTERVAL = datetime.timedelta(seconds=3)
HOUR = datetime.timedelta(hours=1)


def save_times(rng: random.Random, pattern: str) -> list[datetime.timedelta]:
    """When the autosaves of one hour happen, from its start."""
    if pattern == "continuous":
        return [INTERVAL * n for n in range(int(HOUR / INTERVAL))]
    times, at = [], datetime.timedelta()
    while at < HOUR:
        burst_end = at + datetime.timedelta(minutes=rng.uniform(1, 8))
        while at < min(burst_end, HOUR):
            times.append(at)
            at += INTERVAL
        at += datetime.timedelta(minutes=rng.uniform(2, 10))
    return times


def type_for_an_hour(save, current_version, times, start) -> dict:
    clock = {"now": start}
    with mock.patch.object(timezone, "now", lambda: clock["now"]):
        words = []
        for n, offset in enumerate(times):
            clock["now"] = start + offset
            words.append(f"palabra{n}")
            save(" ".join(words), current_version())
    return {"saves": len(times), "last_text_words": len(words)}


def main() -> None:
    rng = random.Random(14)  # noqa: S311 (a repeatable simulation, not a secret)
    institution_request, focal_point, coordinator = fresh_review(shape="objectives")
    review = institution_request.review
    results = {}
    start = timezone.now() + datetime.timedelta(days=1)
    for pattern in ("continuous", "with_pauses"):
        times = save_times(rng, pattern)
        input = institution_request.inputs.filter(objective__isnull=False).order_by("pk")[
            len(results)
        ]
        answer = selectors.input_answers(input=input)[0]
        national = NationalText.objects.filter(review=review).order_by("pk")[len(results)]
        answer_versions, answer_version = answer.history.count(), answer.version
        text_versions, text_version = national.history.count(), national.version

        def save_answer(text, version, answer=answer):
            services.answer_save(
                answer_id=answer.pk,
                user=focal_point,
                text=text,
                not_applicable=False,
                reason="",
                base_version=version,
            )

        def save_text(text, version, national=national):
            services.text_save(
                text_id=national.pk, user=coordinator, text=text, base_version=version
            )

        answer_run = type_for_an_hour(
            save_answer, lambda a=answer: type(a).objects.get(pk=a.pk).version, times, start
        )
        text_run = type_for_an_hour(
            save_text, lambda t=national: NationalText.objects.get(pk=t.pk).version, times, start
        )
        answer.refresh_from_db()
        national.refresh_from_db()
        results[pattern] = {
            "saves_per_hour": answer_run["saves"],
            "answer_versions_before": answer_run["saves"],
            "answer_versions_kept": answer.history.count() - answer_versions,
            "text_versions_before": text_run["saves"],
            "text_versions_kept": national.history.count() - text_versions,
            # Every save was a real one, and the last text is the one stored.
            "no_lost_update": answer.version - answer_version == answer_run["saves"]
            and national.version - text_version == text_run["saves"]
            and len(answer.text.split()) == answer_run["last_text_words"]
            and len(national.text.split()) == text_run["last_text_words"],
        }
        start += 2 * HOUR
    print(json.dumps({"benchmark": "history", **results}))


if __name__ == "__main__":
    main()
