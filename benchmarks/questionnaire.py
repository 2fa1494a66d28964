"""Server time of the questionnaire and of the coordinator's pages, on a Mexico-sized review.

Builds, in the database of DATABASE_URL (which it empties: point it at a
throwaway one), a review like Mexico's: 33 institutions asked about the 23
objectives, four answers of about 500 words to every objective of every
institution, and 176 programmes with statistics and challenges. Then it times
requests through Django's whole stack (middleware, session, templates) in
this process, without a network in between, and prints one JSON line.

    scripts/with-postgres .venv/bin/python benchmarks/questionnaire.py
    PG_DURABLE=1 scripts/with-postgres .venv/bin/python benchmarks/questionnaire.py

Targets: autosave p95 under 50 ms, objective page p95 under 150 ms (issue 4);
progress, consolidation and analysis pages p95 under 150 ms (issue 5).
"""

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from mexico import INSTITUTIONS, WORDS, fresh_review, text  # noqa: E402


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=230, help="objective pages to time")
    parser.add_argument("--saves", type=int, default=400, help="autosaves to time")
    parser.add_argument("--coordinator-pages", type=int, default=40, help="each, to time")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    # Not the seed the review was built with: saves must change the stored texts.
    rng = random.Random(args.seed + 1)  # noqa: S311 (repeatable data, not secrets)

    started = time.perf_counter()
    request, focal, coordinator = fresh_review(args.seed)
    build_seconds = time.perf_counter() - started

    from reviews.models import Answer, Input, Programme

    client = Client()
    client.force_login(focal)
    my_inputs = list(Input.objects.filter(request=request).order_by("objective__number"))
    page_urls = [input.get_absolute_url() for input in my_inputs]
    for url in page_urls:  # warm the template and translation caches
        expect_status(client.get(url), 200)

    page_times = []
    for n in range(args.pages):
        url = page_urls[n % len(page_urls)]
        t = time.perf_counter()
        response = client.get(url)
        page_times.append(time.perf_counter() - t)
        expect_status(response, 200)

    answers = list(Answer.objects.filter(input__request=request).order_by("pk"))
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

    with CaptureQueriesContext(connection) as page_queries:
        client.get(page_urls[0])
    answer = answers[0]
    with CaptureQueriesContext(connection) as save_queries:
        client.post(
            reverse("reviews:answer_save", args=[answer.input_id, answer.pk]),
            {"text": "una palabra más", "version": versions[answer.pk]},
        )
    # Counted now: the connection keeps a bounded log of queries.
    page_query_count, save_query_count = len(page_queries), len(save_queries)

    # The coordinator's pages (issue 5), on the same review.
    coordinator_client = Client()
    coordinator_client.force_login(coordinator)
    review_id = request.review_id
    coordinator_pages = {
        "progress_page": reverse("reviews:progress", args=[review_id]),
        "consolidation_page": reverse("reviews:consolidate", args=[review_id, 1]),
        "analysis_page": reverse("reviews:analysis", args=[review_id]),
    }
    coordinator_figures = {}
    for name, url in coordinator_pages.items():
        expect_status(coordinator_client.get(url), 200)  # warm up, create the texts
        times = []
        for _n in range(args.coordinator_pages):
            t = time.perf_counter()
            response = coordinator_client.get(url)
            times.append(time.perf_counter() - t)
            expect_status(response, 200)
        with CaptureQueriesContext(connection) as queries:
            coordinator_client.get(url)
        coordinator_figures[name] = {**summary(times), "queries": len(queries)}

    print(
        json.dumps(
            {
                "benchmark": "questionnaire",
                "database": connection.vendor,
                "institutions": INSTITUTIONS,
                "programmes": Programme.objects.count(),
                "answers": Answer.objects.count(),
                "words_per_answer": WORDS,
                "build_seconds": round(build_seconds, 1),
                "objective_page": {**summary(page_times), "queries": page_query_count},
                "autosave": {**summary(save_times), "queries": save_query_count},
                **coordinator_figures,
            }
        )
    )


if __name__ == "__main__":
    main()
