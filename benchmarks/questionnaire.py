"""Server time of the questionnaire and of the coordinator's pages, on a Mexico-sized review.

Builds, in the database of DATABASE_URL (which it empties: point it at a
throwaway one), a review like Mexico's: 33 institutions asked about the 23
objectives and 176 programmes with statistics and challenges (benchmarks/mexico.py).
Then it times requests through Django's whole stack (middleware, session,
templates) in this process, without a network in between, and prints one JSON
line.

``--shape`` says how questions a–d are asked, and so which review is built:

- ``objectives``: once per objective, four answers of about 500 words to every
  objective of every institution; the focal point's objective pages are
  timed, and the coordinator's consolidation page of objective 1
  (``reviews:consolidate``);
- ``areas``: once per thematic area, four answers of about 500 words to each
  of the five areas of every institution; the focal point's area pages are
  timed, and the coordinator's consolidation pages of the five areas in turn
  (``reviews:consolidate_group``; where that URL does not exist, objective 1's
  page instead, and the JSON says which it timed);
- ``both`` (the default): one after the other, each on a freshly built review.

In every shape each institution also answers the general questions (7, 8 and
10) in its general input; autosaves go to the answers of the timed pages, and
the progress (``reviews:progress``) and analysis (``reviews:analysis``) pages
are timed. The JSON line has the figures of each shape side by side:
``{"benchmark": "questionnaire", ..., "objectives": {...}, "areas": {...}}``.

    scripts/with-postgres .venv/bin/python benchmarks/questionnaire.py [--shape both]
    PG_DURABLE=1 scripts/with-postgres .venv/bin/python benchmarks/questionnaire.py

Targets: autosave p95 under 50 ms, objective (or area) page p95 under 150 ms
(issue 4); progress, consolidation and analysis pages p95 under 150 ms
(issue 5), in both shapes (issue 12).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from mexico import INSTITUTIONS, SHAPES, WORDS, fresh_review, text  # noqa: E402


def expect_status(response, status):
    if response.status_code != status:
        raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(times):
    return {
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(percentile(times, 0.95) * 1000, 2),
        "max_ms": round(max(times) * 1000, 2),
        "n": len(times),
    }


def timed(client, urls, count):
    """``count`` GETs of ``urls`` in turn (each warmed up once first): their summary,
    with the most queries one of them ran."""
    for url in urls:  # warm the template and translation caches
        expect_status(client.get(url), 200)
    times = []
    for n in range(count):
        t = time.perf_counter()
        response = client.get(urls[n % len(urls)])
        times.append(time.perf_counter() - t)
        expect_status(response, 200)
    most = 0
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        most = max(most, len(queries))  # counted now: the connection's log is bounded
    return {**summary(times), "queries": most}


def consolidation_pages(review_id, shape):
    """The coordinator's consolidation pages of the shape, and the URL name they use."""
    if shape == "areas":
        from reviews import selectors
        from reviews.models import NationalReview

        cycle = NationalReview.objects.select_related("cycle").get(pk=review_id).cycle
        numbers = [group.number for group in selectors.cycle_groups(cycle)]
        try:
            return "reviews:consolidate_group", [
                reverse("reviews:consolidate_group", args=[review_id, number]) for number in numbers
            ]
        except NoReverseMatch:
            # FALLBACK (issue 12): until the area consolidation page exists, the
            # areas shape times objective 1's page, as the objectives shape does.
            pass
    return "reviews:consolidate", [reverse("reviews:consolidate", args=[review_id, 1])]


def measure(shape, args):
    """Build the review in ``shape`` and time its pages: the shape's figures."""
    # Not the seed the review was built with: saves must change the stored texts.
    rng = random.Random(args.seed + 1)  # noqa: S311 (repeatable data, not secrets)

    started = time.perf_counter()
    request, focal, coordinator = fresh_review(args.seed, shape)
    build_seconds = time.perf_counter() - started

    from reviews.models import Answer, Input, Programme

    # The focal point's pages of the shape: its objectives, or its thematic areas.
    unit = SHAPES[shape]
    my_inputs = sorted(
        (i for i in Input.objects.filter(request=request) if i.unit == unit),
        key=lambda i: (i.group_number or 0, i.objective_id or 0),
    )
    page_urls = [input.get_absolute_url() for input in my_inputs]
    client = Client()
    client.force_login(focal)
    page_figures = timed(client, page_urls, args.pages)

    answers = list(Answer.objects.filter(input__in=my_inputs).order_by("pk"))
    versions = {answer.pk: answer.version for answer in answers}
    save_times = []
    for n in range(args.saves):
        answer = answers[n % len(answers)]
        url = reverse("reviews:answer_save", args=[answer.input_id, answer.pk])
        data = {"text": text(rng, WORDS), "version": versions[answer.pk]}
        t = time.perf_counter()
        response = client.post(url, data)
        save_times.append(time.perf_counter() - t)
        expect_status(response, 200)
        versions[answer.pk] += 1
    answer = answers[0]
    with CaptureQueriesContext(connection) as save_queries:
        client.post(
            reverse("reviews:answer_save", args=[answer.input_id, answer.pk]),
            {"text": "una palabra más", "version": versions[answer.pk]},
        )
    save_query_count = len(save_queries)

    # The coordinator's pages (issue 5), on the same review.
    coordinator_client = Client()
    coordinator_client.force_login(coordinator)
    review_id = request.review_id
    consolidation_view, consolidation_urls = consolidation_pages(review_id, shape)
    coordinator_pages = {
        "progress_page": [reverse("reviews:progress", args=[review_id])],
        "consolidation_page": consolidation_urls,
        "analysis_page": [reverse("reviews:analysis", args=[review_id])],
    }
    coordinator_figures = {
        name: timed(coordinator_client, urls, args.coordinator_pages)
        for name, urls in coordinator_pages.items()
    }
    coordinator_figures["consolidation_page"]["view"] = consolidation_view
    coordinator_figures["consolidation_page"]["pages"] = len(consolidation_urls)

    page_name = "objective_page" if shape == "objectives" else "area_page"
    return {
        "institutions": INSTITUTIONS,
        "inputs": Input.objects.count(),
        "programmes": Programme.objects.count(),
        "answers": Answer.objects.count(),
        "words_per_answer": WORDS,
        "build_seconds": round(build_seconds, 1),
        page_name: {**page_figures, "pages": len(page_urls)},
        "autosave": {**summary(save_times), "queries": save_query_count},
        **coordinator_figures,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shape",
        choices=[*SHAPES, "both"],
        default="both",
        help="how questions a-d are asked: per objective, per thematic area, or both in turn",
    )
    parser.add_argument("--pages", type=int, default=230, help="objective or area pages to time")
    parser.add_argument("--saves", type=int, default=400, help="autosaves to time")
    parser.add_argument("--coordinator-pages", type=int, default=40, help="each, to time")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    shapes = list(SHAPES) if args.shape == "both" else [args.shape]
    figures = {shape: measure(shape, args) for shape in shapes}
    print(
        json.dumps(
            {
                "benchmark": "questionnaire",
                "database": connection.vendor,
                # Other work on the machine slows the pages: say how busy it was.
                "load_average": round(os.getloadavg()[0], 2),
                **figures,
            },
        )
    )


if __name__ == "__main__":
    main()
