"""Demo data of the region: two more countries of Latin America and the Caribbean
whose reviews are submitted (Costa Rica's also published), so that the regional
reviewer has countries to compare and a synthesis to write.

Their programmes are those seed 003 lists for El Salvador and Costa Rica. Only
for `make run`: the reviews are set submitted directly, without their history.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from objectives.models import ChallengeCategory, Country, Objective
from reviews import services
from reviews.models import (
    Challenge,
    Institution,
    NationalCoordinator,
    NationalReview,
    NationalText,
    Programme,
)

Kind = Programme.Kind

SUBMITTED = {
    "SLV": {
        "institutions": [
            ("Ministerio de Relaciones Exteriores", "MRREE", "ministry"),
            ("Dirección General de Migración y Extranjería", "DGME", "agency"),
            ("Instituto de Medicina Legal", "IML", "autonomous"),
        ],
        "coordinating": "MRREE",
        "programmes": [
            ("MRREE", "126 te orienta sin fronteras", Kind.PROGRAMME, [7, 14, 15]),
            ("IML", "Banco de Datos Forenses de Migrantes No Localizados", Kind.POLICY, [8]),
            ("DGME", "Programa El Salvador MÁS (+)", Kind.PROGRAMME, [21]),
            ("MRREE", "Mecanismo de Coordinación Nacional sobre Movilidad Humana", Kind.TOOL, [23]),
        ],
        "challenge": ("El presupuesto no cubre la atención en el exterior.", 1),
        "texts": {
            "group-1-a": "El Salvador atiende a su diáspora desde la red consular y la línea 126.",
            "group-3-a": "La identificación de personas migrantes desaparecidas es una "
            "prioridad nacional.",
            "means-financing": "Se solicita cooperación técnica para los registros forenses.",
        },
        "published": False,
    },
    "CRI": {
        "institutions": [
            ("Ministerio de Relaciones Exteriores y Culto", "MREC", "ministry"),
            ("Dirección General de Migración y Extranjería", "DGME", "agency"),
        ],
        "coordinating": "DGME",
        "programmes": [
            ("DGME", "Política Migratoria Integral", Kind.POLICY, [1, 16, 23]),
            ("DGME", "Plan Nacional de Integración 2023-2027", Kind.POLICY, [16]),
            (
                "DGME",
                "Centro de Atención Temporal para personas Migrantes (CATEM)",
                Kind.PROGRAMME,
                [7, 15],
            ),
            (
                "MREC",
                "Protocolo de Atención a Situaciones Migratorias Especiales",
                Kind.TOOL,
                [7, 12],
            ),
        ],
        "challenge": ("Los flujos mixtos superan la capacidad de los centros de atención.", 2),
        "texts": {
            "group-2-a": "Costa Rica ofrece vías de regularización a las personas migrantes.",
            "group-5-a": "La Política Migratoria Integral orienta la integración.",
            "means-capacity": "Se solicita apoyo para la formación del personal de los CATEM.",
        },
        "published": True,
    },
}


def _coordinator(iso3: str):
    user, _created = get_user_model().objects.get_or_create(
        username=f"coordinacion.{iso3.lower()}",
        defaults={"email": f"coordinacion.{iso3.lower()}@demo.invalid"},
    )
    return user


def load_submitted_reviews(cycle, *, review_maker) -> list[NationalReview]:
    """The submitted reviews of the region's demo (made once)."""
    made = []
    for iso3, data in SUBMITTED.items():
        country = Country.objects.get(iso3=iso3)
        institutions = {
            acronym: Institution.objects.get_or_create(
                country=country, name=name, defaults={"acronym": acronym, "kind": kind}
            )[0]
            for name, acronym, kind in data["institutions"]
        }
        existing = NationalReview.objects.filter(cycle=cycle, country=country).first()
        if existing is not None:
            made.append(existing)
            continue
        review = review_maker(
            cycle, country, institutions, data["coordinating"], _coordinator(iso3), ""
        )
        NationalCoordinator.objects.get_or_create(review=review, user=_coordinator(iso3))
        _material(review, institutions, data)
        review.status = NationalReview.Status.SUBMITTED
        review.save(update_fields=["status"])
        if data["published"]:
            services.review_publish(review=review, user=None)
        made.append(review)
    return made


def _material(review, institutions, data) -> None:
    requests = {r.institution.acronym: r for r in review.requests.select_related("institution")}
    objectives = {o.number: o for o in Objective.objects.all()}
    category = ChallengeCategory.objects.order_by("number")
    for acronym, name, kind, numbers in data["programmes"]:
        programme = Programme.objects.create(
            request=requests[acronym],
            name=name,
            kind=kind,
            description=name,
            period_start=datetime.date(2021, 1, 1),
        )
        programme.objectives.set([objectives[n] for n in numbers])
    description, category_number = data["challenge"]
    challenge = Challenge.objects.create(
        programme=Programme.objects.filter(request__review=review).first(),
        description=description,
    )
    challenge.categories.set(category.filter(number=category_number))
    now = timezone.now()
    for key, text in data["texts"].items():
        NationalText.objects.filter(review=review, key=key).update(
            text=text, version=1, updated_at=now
        )
