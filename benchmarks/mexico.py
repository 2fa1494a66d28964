"""A Mexico-sized review, built in bulk, for the benchmarks.

33 institutions asked about the 23 objectives and 176 programmes with
statistics and challenges, in one of two shapes of the questionnaire:

- ``objectives``: questions a–d asked once per objective, four answers of
  about 500 words to every objective of every institution (23 inputs each);
- ``areas``: a–d asked once per thematic area, four answers of about 500
  words to each of the five areas of every institution (5 inputs each).

In both, every institution also answers the general questions asked once per
review (7, 8 and 10 of the default questionnaire, about 500 words each) in its
general input. Importing this module sets Django up; it refuses to run outside
a throwaway database (scripts/with-postgres), which it empties.
"""

import collections
import io
import os
import random
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if os.environ.get("GCM_THROWAWAY_DATABASE") != "1":
    raise SystemExit("This benchmark empties its database: run it through scripts/with-postgres.")
os.environ["DJANGO_SETTINGS_MODULE"] = "gcm_portal.settings_test"
os.environ["DEBUG"] = "0"
warnings.filterwarnings("ignore", "No directory at")  # static files come from the finders

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

INSTITUTIONS = 33
PROGRAMMES = 176
WORDS = 500
SAMPLE = (
    "la migración retorno personas migrantes programa institución protección derechos "
    "frontera registro atención consular documentos trabajo salud educación niñez "
    "mujeres coordinación nacional regional datos políticas acciones resultados"
)
# The shapes of the questionnaire: how questions a–d are asked (Question.AskedPer).
SHAPES = {"objectives": "objective", "areas": "group"}


def text(rng: random.Random, words: int) -> str:
    vocabulary = SAMPLE.split()
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def build(rng: random.Random, shape: str = "objectives"):
    """The review, its institutions, answers and programmes, created in bulk,
    with questions a–d asked per objective or per thematic area (``SHAPES``)."""
    from objectives.models import ChallengeCategory, Country, Objective, ThematicArea
    from reviews import selectors, services
    from reviews.models import (
        Answer,
        Challenge,
        FocalPoint,
        Input,
        Institution,
        NationalCoordinator,
        NationalReview,
        Programme,
        ReviewCycle,
        Statistic,
    )

    User = get_user_model()
    cycle = ReviewCycle.objects.create(
        slug="bench",
        name_es="Revisión de prueba",
        name_en="Benchmark review",
        kind=ReviewCycle.Kind.REGIONAL,
        opens_on="2026-01-01",
        deadline="2027-12-31",
        status=ReviewCycle.Status.OPEN,
    )
    services.questionnaire_create_default(cycle=cycle, asked_per=SHAPES[shape])
    mexico = Country.objects.get(iso3="MEX")
    review = NationalReview.objects.create(cycle=cycle, country=mexico)
    services.review_texts_create(review=review)
    coordinator = User.objects.create_user("coord", "coord@example.org", "pw")
    NationalCoordinator.objects.create(review=review, user=coordinator)
    objectives = list(Objective.objects.order_by("number"))
    focal_points = []
    requests = []
    for n in range(INSTITUTIONS):
        institution = Institution.objects.create(
            country=mexico, name=f"Secretaría {n}", acronym=f"S{n}"
        )
        user = User.objects.create_user(f"focal{n}", f"focal{n}@example.org", "pw")
        FocalPoint.objects.create(institution=institution, user=user)
        focal_points.append(user)
        requests.append(
            services.institution_request_save(
                review=review, institution=institution, objectives=objectives
            )
        )
    # By unit (objective, group, review): the questions the institutions answer.
    questions = selectors.cycle_questions(cycle)
    all_inputs = [
        input for request in requests for input in selectors.request_inputs(request=request)
    ]
    # Built as asked, or stop: a benchmark of an empty questionnaire measures nothing.
    units = collections.Counter(input.unit for input in all_inputs)
    per_request = len(objectives) if shape == "objectives" else ThematicArea.objects.count()
    expected = {SHAPES[shape]: INSTITUTIONS * per_request, "review": INSTITUTIONS}
    if dict(units) != expected or len(questions[SHAPES[shape]]) != 4:
        raise SystemExit(f"the {shape} review has the inputs {dict(units)}, not {expected}")
    # The measured institution is still writing; the others have submitted.
    Input.objects.filter(pk__in=[i.pk for i in all_inputs]).update(status=Input.Status.SUBMITTED)
    Input.objects.filter(request=requests[0]).update(status=Input.Status.DRAFT)
    # The requests' setup made every answer empty; the review's are written at once.
    Answer.objects.filter(input__in=all_inputs).delete()
    Answer.objects.bulk_create(
        [
            Answer(input=input, question=question, text=text(rng, WORDS), version=1)
            for input in all_inputs
            for question in questions[input.unit]
        ],
        batch_size=500,
    )
    categories = list(ChallengeCategory.objects.all())
    for n in range(PROGRAMMES):
        request = requests[n % INSTITUTIONS]
        programme = Programme.objects.create(
            request=request,
            name=f"Programa {n}",
            description=text(rng, 120),
            achievements=text(rng, 80),
        )
        programme.objectives.add(*rng.sample(objectives, 2))
        Statistic.objects.bulk_create(
            [
                Statistic(
                    programme=programme, indicator=f"Indicador {i}", men=i, women=i, total=2 * i
                )
                for i in range(3)
            ]
        )
        challenge = Challenge.objects.create(programme=programme, description=text(rng, 30))
        challenge.categories.add(*rng.sample(categories, 2))
    return requests[0], focal_points[0], coordinator


def fresh_review(seed: int = 2026, shape: str = "objectives"):
    """Empty the database, load the reference data, build the review in ``shape``
    ("objectives" or "areas", see ``SHAPES``)."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    return build(random.Random(seed), shape)  # noqa: S311 (repeatable data, not secrets)
