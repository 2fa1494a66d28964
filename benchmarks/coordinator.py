"""A coordinator's work on a review the size of Mexico's 2020 one, through the pages.

33 institutions and 45 focal points (33 main, 12 alternates), each institution
asked about 4 or 5 objectives (141 forms on objectives, as in seed 004),
in a cycle asking questions a–d per objective. Everything the coordinator does
goes through HTTP (Django's test client, so every request runs the whole
middleware stack, the access checks and the templates):

- **setup**: the review page, the institutions template, the upload and its
  preview, the confirmation (institutions created, requests made and recorded
  as sent, focal points invited), the review page again;
- **acceptance**: after every institution submitted its forms (through the
  services, not counted), the bulk-accept page with every submitted form
  ticked, the accept, the page again.

Before issue 15 the same setup took 156 requests (one form per institution,
one per request, one per invitation: a count by hand for 29 institutions) and
the acceptance 282 page loads (two per input, 141 inputs). Prints one JSON line:

    scripts/with-postgres .venv/bin/python benchmarks/coordinator.py
"""

import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import openpyxl  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from mexico import INSTITUTIONS  # noqa: E402 (sets Django up on a throwaway database)

from objectives.models import Country  # noqa: E402
from reviews import services  # noqa: E402
from reviews.models import (  # noqa: E402
    Answer,
    FocalPoint,
    Input,
    NationalCoordinator,
    NationalReview,
    Question,
    ReviewCycle,
)

ALTERNATES = 12
INPUTS = 141  # forms on objectives, as in Mexico's review


def asked_objectives() -> list[list[int]]:
    """4 or 5 objectives per institution, 141 in all, spread over the 23."""
    counts = [5 if n < INPUTS - 4 * INSTITUTIONS else 4 for n in range(INSTITUTIONS)]
    asked, at = [], 0
    for count in counts:
        asked.append(sorted({(at + k) % 23 + 1 for k in range(count)}))
        at += count
    return asked


def filled_sheet(template: bytes) -> bytes:
    """The downloaded template with a row per focal point, in its own columns."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    column = dict(
        zip(
            [
                "name",
                "acronym",
                "kind",
                "objectives",
                "areas",
                "first_name",
                "last_name",
                "email",
                "role",
            ],
            headers,
            strict=True,
        )
    )
    for n, objectives in enumerate(asked_objectives()):
        people = [("main", n)] + ([("alternate", n)] if n < ALTERNATES else [])
        for role, number in people:
            values = {
                "name": f"Secretaría número {n}",
                "acronym": f"SEC{n}",
                "kind": "ministry",
                "objectives": ";".join(str(o) for o in objectives),
                "areas": "",
                "first_name": f"Persona {role} {number}",
                "last_name": "Pérez",
                "email": f"{role}{number}@example.org",
                "role": role,
            }
            sheet.append([values[key] for key in column])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Counted:
    """A test client that counts its requests, their seconds and their queries."""

    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)
        self.requests = 0
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, method: str, url: str, expect: int, **kwargs):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = getattr(self.client, method)(url, **kwargs)
        self.seconds += time.perf_counter() - start
        self.queries += len(queries)
        self.requests += 1
        if response.status_code != expect:
            raise SystemExit(f"{method.upper()} {url}: {response.status_code}, not {expect}")
        return response


def submit_everything(review: NationalReview) -> int:
    """Every institution answers and submits the forms it was asked about."""
    inputs = list(Input.objects.filter(request__review=review).select_related("request"))
    Answer.objects.filter(input__in=inputs).update(text="Respuesta de la institución.", version=1)
    users = {
        fp.institution_id: fp.user
        for fp in FocalPoint.objects.filter(kind=FocalPoint.Kind.MAIN).select_related("user")
    }
    for input in inputs:
        services.input_submit(input=input, user=users[input.request.institution_id])
    return len(inputs)


def main() -> None:
    setup_test_environment()  # responses carry their context; e-mail stays in mail.outbox
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    cycle = ReviewCycle.objects.create(
        slug="bench",
        name_es="Revisión de prueba",
        name_en="Benchmark review",
        kind=ReviewCycle.Kind.IMRF,
        opens_on="2026-01-01",
        deadline="2027-12-31",
        status=ReviewCycle.Status.OPEN,
    )
    # Per objective, and no general questions to the institutions: 141 forms in all.
    services.questionnaire_create_default(cycle=cycle, asked_per=Question.AskedPer.OBJECTIVE)
    cycle.questions.filter(asked_per=Question.AskedPer.REVIEW).update(asked_to_institutions=False)
    review = NationalReview.objects.create(cycle=cycle, country=Country.objects.get(iso3="MEX"))
    services.review_texts_create(review=review)
    coordinator = get_user_model().objects.create_user("coord", "coord@example.org", "pw")
    NationalCoordinator.objects.create(review=review, user=coordinator)

    setup = Counted(coordinator)
    setup("get", review.get_absolute_url(), 200)
    template = setup("get", reverse("reviews:institutions_template", args=[review.pk]), 200)
    upload = io.BytesIO(filled_sheet(template.content))
    upload.name = "instituciones.xlsx"
    url = reverse("reviews:institutions_import", args=[review.pk])
    setup("get", url, 200)
    setup("post", url, 200, data={"sheet": upload})
    setup("post", url, 302, data={"confirm": "1", "mark_sent": "on"})
    setup("get", review.get_absolute_url(), 200)
    invitations = len(mail.outbox)
    requests = review.requests.count()
    focal_points = FocalPoint.objects.filter(institution__country=review.country).count()
    asked = Input.objects.filter(request__review=review).count()

    submitted = submit_everything(review)
    mail.outbox.clear()
    accept = Counted(coordinator)
    url = reverse("reviews:inputs_accept", args=[review.pk])
    accept("get", reverse("reviews:progress", args=[review.pk]), 200)
    page = accept("get", url, 200)
    ids = [str(input.pk) for input in page.context["inputs"]]  # as the ticks post them
    accept("post", url, 302, data={"inputs": ids})
    accept("get", url, 200)
    accepted = Input.objects.filter(request__review=review, status=Input.Status.ACCEPTED).count()

    print(
        json.dumps(
            {
                "institutions": requests,
                "focal_points_invited": focal_points,
                "invitation_emails": invitations,
                "forms_asked": asked,
                "forms_submitted": submitted,
                "forms_accepted": accepted,
                "acceptance_emails": len(mail.outbox),
                "setup_requests": setup.requests,
                "setup_seconds": round(setup.seconds, 2),
                "setup_queries": setup.queries,
                "acceptance_requests": accept.requests,
                "acceptance_seconds": round(accept.seconds, 2),
                "acceptance_queries": accept.queries,
                "before_issue_15": {"setup_requests": 156, "acceptance_page_loads": 282},
            }
        )
    )


if __name__ == "__main__":
    main()
