"""The regional reviewer's pages and the regional synthesis at the size of a region:
the 33 countries of Latin America and the Caribbean, every review submitted, each
with one institution, 40 programmes (kinds mixed, 1 to 3 objectives each, one
challenge in three), and its national texts per thematic area of about 300 words
(the 2020 questionnaire's shape: a–d once per area).

Measures, through Django's test client as the region's reviewer (the whole
middleware stack, the access checks and the templates), each page's time and
queries; then the synthesis as HTML and as PDF (pages, seconds). Prints one JSON
line:

    scripts/with-postgres .venv/bin/python benchmarks/region.py
"""

import io
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from mexico import text  # noqa: E402 (sets Django up on a throwaway database)

PROGRAMMES = 40
WORDS = 300


def build(rng: random.Random):
    from objectives.models import ChallengeCategory, Objective, RegionalCommission
    from reviews import services
    from reviews.models import (
        Challenge,
        NationalReview,
        Programme,
        RegionalReviewer,
        RegionalText,
        ReviewCycle,
    )

    User = get_user_model()
    cycle = ReviewCycle.objects.create(
        slug="bench-region",
        name_es="Revisión regional de prueba",
        name_en="Benchmark regional review",
        kind=ReviewCycle.Kind.REGIONAL,
        regional_commission=RegionalCommission.objects.get(code="ECLAC"),
        opens_on="2026-01-01",
        deadline="2027-06-30",
        status=ReviewCycle.Status.OPEN,
    )
    services.questionnaire_create_default(cycle=cycle, asked_per="group")
    objectives = list(Objective.objects.all())
    categories = list(ChallengeCategory.objects.all())
    kinds = [k for k, _label in Programme.Kind.choices]
    for country in cycle.countries():
        coordinator = User.objects.create_user(f"coord-{country.iso3}")
        review = services.review_start(cycle=cycle, country=country, user=coordinator)
        institution = country.institutions.create(name=f"Cancillería {country.iso3}")
        request = services.institution_request_save(
            review=review, institution=institution, objectives=objectives, mark_sent=True
        )
        programmes = Programme.objects.bulk_create(
            Programme(request=request, name=f"Programa {country.iso3} {n}", kind=rng.choice(kinds))
            for n in range(PROGRAMMES)
        )
        Programme.objectives.through.objects.bulk_create(
            Programme.objectives.through(programme=p, objective=o)
            for p in programmes
            for o in rng.sample(objectives, rng.randint(1, 3))
        )
        challenges = Challenge.objects.bulk_create(
            Challenge(programme=p, description="Falta de presupuesto") for p in programmes[::3]
        )
        Challenge.categories.through.objects.bulk_create(
            Challenge.categories.through(challenge=c, challengecategory=rng.choice(categories))
            for c in challenges
        )
        for national in review.texts.filter(section="group"):
            national.text, national.version = text(rng, WORDS), 1
            national.save(update_fields=["text", "version"])
        NationalReview.objects.filter(pk=review.pk).update(status="submitted")
    for n in range(1, 6):
        RegionalText.objects.create(
            cycle=cycle, key=f"group-{n}", section="cluster", group_number=n, text=text(rng, WORDS)
        )
    reviewer = User.objects.create_user("revisora")
    RegionalReviewer.objects.create(cycle=cycle, user=reviewer)
    return cycle, reviewer


def timed_get(client, url) -> dict:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: {response.status_code}")
    return {"ms": round(seconds * 1000), "queries": len(queries)}


def main() -> None:
    from reviews.rendering import pdf

    setup_test_environment()
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    rng = random.Random(16)  # noqa: S311 (made-up data, the same every run)
    start = time.perf_counter()
    cycle, reviewer = build(rng)
    built = time.perf_counter() - start
    client = Client()
    client.force_login(reviewer)
    pages = {
        "countries": reverse("reviews:region", args=[cycle.pk]),
        "coverage": reverse("reviews:region_coverage", args=[cycle.pk]),
        "compare_objective_7": reverse("reviews:region_compare", args=[cycle.pk, 7]),
        "challenges": reverse("reviews:region_challenges", args=[cycle.pk]),
        "export_xlsx": reverse("reviews:region_export", args=[cycle.pk]),
        "synthesis_page": reverse("reviews:synthesis", args=[cycle.pk]),
    }
    client.get(pages["countries"])  # warm the templates
    figures = {name: timed_get(client, url) for name, url in pages.items()}
    start = time.perf_counter()
    html = pdf.synthesis_html(cycle, "es")
    html_seconds = time.perf_counter() - start
    start = time.perf_counter()
    report = pdf.synthesis_pdf(cycle, "es")
    pdf_seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "countries": cycle.reviews.count(),
                "programmes": PROGRAMMES * cycle.reviews.count(),
                "build_s": round(built, 1),
                "pages": figures,
                "synthesis_html_s": round(html_seconds, 2),
                "synthesis_html_kb": len(html) // 1024,
                "synthesis_pdf_s": round(pdf_seconds, 1),
                "synthesis_pdf_pages": report.pages,
            }
        )
    )


if __name__ == "__main__":
    main()
