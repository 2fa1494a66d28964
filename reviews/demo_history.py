"""Demo data of an earlier cycle: Guatemala's regional review of 2020, submitted, so
that the demo cycle's forms of IGM and RENAP start from what they said then
(issue 18): carried over, updated or unchanged, and an earlier programme to keep.

Only for `make run`; made before the demo cycle's requests, which carry it over.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from objectives.models import Objective, RegionalCommission
from reviews import selectors, services
from reviews.models import (
    InstitutionRequest,
    NationalCoordinator,
    NationalReview,
    Programme,
    Question,
    ReviewCycle,
    Statistic,
)

# IGM's answers of 2020 on thematic areas 2 and 3 and the general questions, and
# RENAP's on area 5: area 3's first answer and general question 7 have changed
# since (the demo cycle's answers say otherwise), the rest is carried as it was.
ANSWERS_2020 = {
    ("IGM", 2): {
        "a": "La protección de la niñez migrante no acompañada es una prioridad del IGM.",
        "b": "Se aplica el protocolo de recepción de niñez y adolescencia retornada.",
        "c": "Todas las niñas y niños retornados son entrevistados por personal especializado.",
        "d": "Falta personal especializado en los puestos fronterizos del occidente del país.",
    },
    ("IGM", 3): {
        "a": "El retorno es prioritario: en 2019 Guatemala recibió más de 50.000 personas "
        "retornadas desde México y los Estados Unidos.",
        "b": "El IGM abrió el Centro de Recepción de Retornados en la Fuerza Aérea y "
        "coordina con el MINTRAB la inserción laboral.",
        "c": "La atención en ventanilla única redujo a un día la entrega de documentos.",
        "d": "Faltan recursos para el seguimiento de las personas en sus comunidades.",
    },
    ("IGM", None): {
        "7": "El IGM prorrogó de oficio los permisos de permanencia vencidos.",
        "8": "El IGM reporta sus metas institucionales en el marco de la meta 10.7 de los ODS.",
        "10": "Se necesitan recursos para sistemas de información y para la capacitación del "
        "personal de los puestos fronterizos.",
    },
    ("RENAP", 5): {
        "a": "La identidad es la puerta a todos los servicios.",
        "b": "Inscripción en consulados móviles.",
        "c": "Más de 25.000 documentos personales de identificación emitidos en el exterior.",
        "d": "La demanda supera la capacidad de los consulados móviles.",
    },
}


def load_previous_review(country, institutions: dict, coordinator) -> NationalReview | None:
    """Guatemala's submitted review of a 2020 cycle (closed), asked per thematic area
    as the demo cycle is. Nothing is made again when it exists."""
    today = timezone.localdate()
    cycle, created = ReviewCycle.objects.get_or_create(
        slug="lac-regional-review-2020-demo",
        defaults={
            "name_es": "Revisión regional de 2020 (demostración)",
            "name_en": "2020 regional review (demo)",
            "translations": {
                "fr": {"name": "Examen régional de 2020 (démonstration)"},
                "pt": {"name": "Revisão regional de 2020 (demonstração)"},
            },
            "kind": ReviewCycle.Kind.REGIONAL,
            "regional_commission": RegionalCommission.objects.get(code="ECLAC"),
            "opens_on": today - datetime.timedelta(days=2300),
            "deadline": today - datetime.timedelta(days=2200),
            "status": ReviewCycle.Status.OPEN,
        },
    )
    if not created:
        return None
    services.questionnaire_create_default(cycle=cycle)
    review = NationalReview.objects.create(
        cycle=cycle, country=country, coordinating_institution=institutions["MINEX"]
    )
    NationalCoordinator.objects.create(review=review, user=coordinator)
    services.review_rows_sync(review=review)
    people = {
        "IGM": get_user_model().objects.get(username="igm.gt"),
        "RENAP": get_user_model().objects.get(username="renap.gt"),
    }
    for acronym, user in people.items():
        request = services.institution_request_save(
            review=review, institution=institutions[acronym], objectives=[], mark_sent=True
        )
        for input in selectors.request_inputs(request=request):
            key = (acronym, input.group_number if input.group_number else None)
            if input.unit == Question.AskedPer.OBJECTIVE or key not in ANSWERS_2020:
                continue
            for answer in selectors.input_answers(input=input):
                text = ANSWERS_2020[key].get(answer.question.code)
                if text:
                    services.answer_save(
                        answer_id=answer.pk,
                        user=user,
                        text=text,
                        not_applicable=False,
                        reason="",
                        base_version=answer.version,
                    )
            services.input_submit(input=input, user=user)  # sent to the coordination then
    igm = InstitutionRequest.objects.get(review=review, institution=institutions["IGM"])
    programme = Programme.objects.create(
        request=igm,
        name="Protocolo de recepción de niñez y adolescencia retornada",
        kind=Programme.Kind.TOOL,
        description="Entrevista, registro y referencia de cada niña, niño o adolescente "
        "retornado a las instituciones de protección.",
        updated_by=people["IGM"],
    )
    programme.objectives.set(Objective.objects.filter(number__in=[7, 8]))
    Statistic.objects.create(
        programme=programme,
        indicator="Niñas y niños atendidos en 2019",
        men=2_100,
        women=1_400,
        total=3_500,
    )
    NationalReview.objects.filter(pk=review.pk).update(status=NationalReview.Status.SUBMITTED)
    ReviewCycle.objects.filter(pk=cycle.pk).update(status=ReviewCycle.Status.CLOSED)
    return review
