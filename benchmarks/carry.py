"""A second cycle at Mexico's size (issue 18): the Mexico-sized review of
``mexico.py`` (33 institutions, 23 objectives asked once each, four answers of
about 500 words per objective, 176 programmes) is submitted, then a new cycle
asks the same 33 institutions again.

Measures:

- the requests of the new review (``institution_request_save`` for the 33),
  which carry every sent answer over: seconds and answers carried;
- as the coordinator, the progress page (new / updated / carried over
  unchanged) and a form's "what changed" page; as a focal point, a carried form
  with the earlier programmes to keep: time and queries of each;
- the deadline plan's reminders on the due date for the 33 institutions
  (``due_reminders_send``): seconds, queries, e-mails.

Prints one JSON line:

    scripts/with-postgres .venv/bin/python benchmarks/carry.py
"""

import datetime
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from mexico import INSTITUTIONS, fresh_review  # noqa: E402 (sets Django up on a throwaway database)


def timed(client: Client, url: str) -> dict:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return {"ms": round(elapsed * 1000), "queries": len(queries)}


def main() -> None:
    from reviews import selectors, services
    from reviews.models import Answer, Input, NationalReview, ReviewCycle
    from reviews.services.schedule import due_reminders_send

    setup_test_environment()
    request, focal_point, coordinator = fresh_review()
    earlier = request.review
    Input.objects.filter(request__review=earlier).update(status=Input.Status.SUBMITTED)
    NationalReview.objects.filter(pk=earlier.pk).update(status=NationalReview.Status.SUBMITTED)
    ReviewCycle.objects.filter(pk=earlier.cycle_id).update(
        opens_on="2020-01-01", deadline="2020-06-30"
    )

    cycle = ReviewCycle.objects.create(
        slug="bench-second",
        name_es="Segunda revisión de prueba",
        name_en="Second benchmark review",
        kind=ReviewCycle.Kind.REGIONAL,
        regional_commission=earlier.cycle.regional_commission,
        opens_on=datetime.date.today() - datetime.timedelta(days=10),
        deadline=datetime.date.today() + datetime.timedelta(days=60),
        status=ReviewCycle.Status.OPEN,
    )
    services.questionnaire_copy(source=earlier.cycle, target=cycle)
    review = services.review_start(cycle=cycle, country=earlier.country, user=coordinator)
    start = time.perf_counter()
    for old in earlier.requests.select_related("institution"):
        services.institution_request_save(
            review=review,
            institution=old.institution,
            objectives=old.objectives.all(),
            mark_sent=True,
        )
    carry_seconds = time.perf_counter() - start
    carried = Answer.objects.filter(input__request__review=review).exclude(carried_from=None)

    new_request = review.requests.get(institution=request.institution)
    form = new_request.inputs.get(objective__number=7)
    coordinating, answering = Client(), Client()
    coordinating.force_login(coordinator)
    answering.force_login(focal_point)
    progress = reverse("reviews:progress", args=[review.pk])
    pages = {
        # The first visit counts the words of 13 MB of answers (kept per process).
        "progress_first_visit": timed(coordinating, progress),
        "progress": timed(coordinating, progress),
        # The same size with nothing carried over: the earlier review's own page.
        "progress_nothing_carried": timed(
            coordinating, reverse("reviews:progress", args=[earlier.pk])
        ),
        "form_changes": timed(coordinating, reverse("reviews:input_changes", args=[form.pk])),
        "carried_form": timed(answering, form.get_absolute_url()),
    }

    due = selectors.review_plan(review).inputs_due
    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        summary = due_reminders_send(today=due)
        reminders_seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "institutions": INSTITUTIONS,
                "answers_carried": carried.count(),
                "requests_with_carry_seconds": round(carry_seconds, 2),
                "pages": pages,
                "reminders_on_due_date": {
                    "seconds": round(reminders_seconds, 2),
                    "queries": len(queries),
                    "recorded": summary.reminders,
                    "emails": len(mail.outbox),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
