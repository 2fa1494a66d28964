"""Demo data of what the UN Network collects around Guatemala's review: a consultation
with stakeholders, a pledge, and IGM's programme drafted as a good practice, so that
`make run` shows those pages with something in them. Made once."""

import datetime

from django.utils import timezone

from objectives.models import GuidingPrinciple, Objective
from reviews.models import Consultation, GoodPractice, NationalReview, Pledge, Programme

PLEDGE = (
    "Guatemala se compromete a ampliar la atención a personas migrantes retornadas en los "
    "tres centros de recepción del país, con una ventanilla única que entregue documentos de "
    "identidad, orientación laboral y referencia a servicios de salud el mismo día de su "
    "llegada, y a publicar cada semestre el número de personas atendidas, desglosado por "
    "sexo, edad y departamento de destino."
)


def load_network(review: NationalReview) -> None:
    today = timezone.localdate()
    objectives = {o.number: o for o in Objective.objects.filter(number__in=[7, 16, 21])}
    if not review.consultations.exists():
        consultation = Consultation.objects.create(
            review=review,
            held_on=today - datetime.timedelta(days=20),
            format=Consultation.Format.IN_PERSON,
            groups=[Consultation.Group.CIVIL_SOCIETY, Consultation.Group.MIGRANTS],
            participants=45,
            summary="Taller con organizaciones de la sociedad civil y personas retornadas "
            "sobre la recepción y la reintegración.",
        )
        consultation.objectives.set([objectives[7], objectives[21]])
    if not review.pledges.exists():
        pledge = Pledge.objects.create(
            review=review,
            title="Ventanilla única para personas retornadas",
            kind=Pledge.Kind.INDIVIDUAL,
            text=PLEDGE,
            indicator="Personas atendidas por semestre, desglosadas",
            due_on=today + datetime.timedelta(days=365),
        )
        pledge.objectives.set([objectives[21]])
    programme = Programme.objects.filter(
        request__review=review, request__institution__acronym="IGM"
    ).first()
    if programme is not None:
        GoodPractice.objects.get_or_create(
            programme=programme,
            defaults={
                "implementing_entity": "Instituto Guatemalteco de Migración (IGM)",
                "focal_point_name": "Luis Pérez",
                "focal_point_email": "igm.gt@demo.invalid",
                "principles": {
                    str(p.number): "" for p in GuidingPrinciple.objects.order_by("number")
                },
                "completion": GoodPractice.Completion.MOSTLY,
                "results": "Más de 100.000 personas atendidas en 2023.",
            },
        )
