"""Demo data for `make run`: an open cycle, Guatemala's and Mexico's reviews, one account per role.

Never for production: the passwords are printed and known. Running it again
resets the demo accounts' passwords and changes nothing else.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from objectives.models import Country, RegionalCommission
from reviews import selectors, services
from reviews.demo_history import load_previous_review
from reviews.demo_network import load_network
from reviews.demo_region import load_submitted_reviews
from reviews.models import (
    FocalPoint,
    Institution,
    NationalCoordinator,
    NationalReview,
    RegionalReviewer,
    ReviewCycle,
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


DEMO_LOGINS = [
    DemoLogin("admin", "demo-admin-2026", "administrator"),
    DemoLogin("coordinador.gt", "demo-coord-2026", "coordinator (Guatemala)"),
    DemoLogin("igm.gt", "demo-focal-2026", "focal point (IGM, Guatemala)"),
    DemoLogin("renap.gt", "demo-focal-2026", "focal point (RENAP, Guatemala)"),
    DemoLogin("coordinador.mx", "demo-coord-2026", "coordinator (Mexico)"),
    DemoLogin("revisor.lac", "demo-review-2026", "regional reviewer"),
]

GUATEMALA = [
    ("Ministerio de Relaciones Exteriores", "MINEX", "ministry"),
    ("Instituto Guatemalteco de Migración", "IGM", "agency"),
    ("Registro Nacional de las Personas", "RENAP", "autonomous"),
    ("Secretaría contra la Violencia Sexual, Explotación y Trata de Personas", "SVET", "agency"),
    ("Procuraduría General de la Nación", "PGN", "autonomous"),
    ("Ministerio de Trabajo y Previsión Social", "MINTRAB", "ministry"),
    ("Ministerio de Educación", "MINEDUC", "ministry"),
    ("Ministerio de Salud Pública y Asistencia Social", "MSPAS", "ministry"),
    ("Secretaría de Bienestar Social de la Presidencia", "SBS", "agency"),
    ("Secretaría de Obras Sociales de la Esposa del Presidente", "SOSEP", "agency"),
    ("Consejo Nacional de Atención al Migrante de Guatemala", "CONAMIGUA", "autonomous"),
    ("Ministerio de Economía", "MINECO", "ministry"),
    ("Ministerio de Desarrollo Social", "MIDES", "ministry"),
    ("Ministerio de Ambiente y Recursos Naturales", "MARN", "ministry"),
]
MEXICO = [
    ("Unidad de Política Migratoria, Registro e Identidad de Personas", "UPMRIP", "agency"),
    ("Secretaría de Relaciones Exteriores", "SRE", "ministry"),
    ("Instituto Nacional de Migración", "INM", "agency"),
    ("Secretaría del Trabajo y Previsión Social", "STPS", "ministry"),
]


def _institutions(country: Country, rows) -> dict[str, Institution]:
    return {
        acronym: Institution.objects.get_or_create(
            country=country, name=name, defaults={"acronym": acronym, "kind": kind}
        )[0]
        for name, acronym, kind in rows
    }


def _user(login: DemoLogin, first_name: str, last_name: str):
    user, _created = get_user_model().objects.get_or_create(username=login.username)
    user.first_name, user.last_name = first_name, last_name
    user.email = f"{login.username}@demo.invalid"
    user.is_staff = user.is_superuser = login.role == "administrator"
    user.set_password(login.password)
    user.save()
    return user


def _review(cycle, country, institutions, coordinating, coordinator, contacts):
    review, created = NationalReview.objects.get_or_create(
        cycle=cycle,
        country=country,
        defaults={
            "coordinating_institution": institutions[coordinating],
            "contact_persons": contacts,
            "internal_deadline": cycle.deadline - datetime.timedelta(days=30),
            "status": NationalReview.Status.COLLECTING,
        },
    )
    NationalCoordinator.objects.get_or_create(review=review, user=coordinator)
    if created:
        for institution in institutions.values():
            services.institution_request_save(
                review=review, institution=institution, objectives=[], mark_sent=True
            )
    # Idempotent: a database made before rows were set up with the review gets them.
    services.review_rows_sync(review=review)
    return review


@transaction.atomic
def load_demo_data() -> list[DemoLogin]:
    today = timezone.localdate()
    logins = {login.username: login for login in DEMO_LOGINS}
    _user(logins["admin"], "Admin", "Demo")

    cycle, created = ReviewCycle.objects.get_or_create(
        slug="lac-regional-review-demo",
        defaults={
            "name_es": "Revisión regional de América Latina y el Caribe (demostración)",
            "name_en": "Latin America and Caribbean regional review (demo)",
            "translations": {
                "fr": {
                    "name": "Examen régional de l'Amérique latine et des Caraïbes (démonstration)"
                },
                "pt": {"name": "Revisão regional da América Latina e do Caribe (demonstração)"},
            },
            "kind": ReviewCycle.Kind.REGIONAL,
            "regional_commission": RegionalCommission.objects.get(code="ECLAC"),
            "opens_on": today - datetime.timedelta(days=30),
            "deadline": today + datetime.timedelta(days=60),
            "status": ReviewCycle.Status.OPEN,
        },
    )
    if created:
        # A regional cycle asks a–d once per thematic area, as the 2020 questionnaire did.
        services.questionnaire_create_default(cycle=cycle)

    guatemala = Country.objects.get(iso3="GTM")
    gt = _institutions(guatemala, GUATEMALA)
    for username, acronym, first, last in [
        ("igm.gt", "IGM", "Luis", "Pérez"),
        ("renap.gt", "RENAP", "María", "López"),
    ]:
        FocalPoint.objects.get_or_create(
            institution=gt[acronym], user=_user(logins[username], first, last)
        )
    ana = _user(logins["coordinador.gt"], "Ana", "Coordinadora")
    # Guatemala's 2020 review, submitted: the demo cycle's forms start from it.
    load_previous_review(guatemala, gt, ana)
    guatemala_review = _review(
        cycle, guatemala, gt, "MINEX", ana, "Dirección de Asuntos Migratorios, MINEX"
    )

    _inputs(guatemala_review, gt, {login.username: login for login in DEMO_LOGINS})
    load_network(guatemala_review)

    mexico = Country.objects.get(iso3="MEX")
    _review(
        cycle,
        mexico,
        _institutions(mexico, MEXICO),
        "UPMRIP",
        _user(logins["coordinador.mx"], "Jorge", "Coordinador"),
        "Unidad de Política Migratoria, SEGOB",
    )
    RegionalReviewer.objects.get_or_create(
        cycle=cycle, user=_user(logins["revisor.lac"], "Rosa", "Revisora")
    )
    # El Salvador and Costa Rica have submitted (Costa Rica published): the reviewer's
    # pages have countries to compare.
    load_submitted_reviews(cycle, review_maker=_review)
    return DEMO_LOGINS


# What two institutions of Guatemala have already answered, so that the
# coordinator's pages and the report have something to show: IGM on thematic
# area 3 (irregular migration and borders, with objective 21, return) and on the
# general questions, RENAP on area 5 (inclusion, with objective 4, identity).
DEMO_ANSWERS = {
    ("IGM", 3): {
        "a": "El retorno es prioritario: en 2023 Guatemala recibió más de 100.000 personas "
        "retornadas desde México y los Estados Unidos.",
        "b": "El IGM abrió el Centro de Recepción de Retornados en la Fuerza Aérea y "
        "coordina con el MINTRAB la inserción laboral.",
        "c": "La atención en ventanilla única redujo a un día la entrega de documentos.",
        "d": "Faltan recursos para el seguimiento de las personas en sus comunidades.",
    },
    ("IGM", None): {
        "7": "Durante la pandemia el IGM mantuvo abiertos los centros de recepción de "
        "personas retornadas y prorrogó de oficio los permisos de permanencia vencidos.",
        "8": "El IGM reporta sus metas institucionales en el marco de la meta 10.7 de los ODS.",
        "10": "Se necesitan recursos para sistemas de información y para la capacitación del "
        "personal de los puestos fronterizos.",
    },
    ("RENAP", 5): {
        "a": "La identidad es la puerta a todos los servicios.",
        "b": "Inscripción en consulados móviles y en los centros de recepción.",
        "c": "Más de 40.000 documentos personales de identificación emitidos en el exterior.",
        "d": "La demanda supera la capacidad de los consulados móviles.",
    },
}


def _inputs(review, institutions, logins):
    """Answers of IGM (submitted) and RENAP (a draft), with a programme and statistics."""
    from objectives.models import Objective
    from reviews.models import Input, InstitutionRequest, Programme, Question, Statistic

    users = {
        "IGM": get_user_model().objects.get(username="igm.gt"),
        "RENAP": get_user_model().objects.get(username="renap.gt"),
    }
    for (acronym, area), texts in DEMO_ANSWERS.items():
        request = InstitutionRequest.objects.get(review=review, institution=institutions[acronym])
        input = next(
            i
            for i in selectors.request_inputs(request=request)
            if (i.group_number == area if area else i.unit == Question.AskedPer.REVIEW)
        )
        for answer in selectors.input_answers(input=input):
            # Unless it says so already (carried over from 2020 as it was).
            if answer.question.code in texts and answer.text != texts[answer.question.code]:
                services.answer_save(
                    answer_id=answer.pk,
                    user=users[acronym],
                    text=texts[answer.question.code],
                    not_applicable=False,
                    reason="",
                    base_version=answer.version,
                )
        if acronym == "IGM" and Input.objects.get(pk=input.pk).status == Input.Status.DRAFT:
            services.input_submit(input=Input.objects.get(pk=input.pk), user=users[acronym])
        if area is not None and not Programme.objects.filter(request=request).exists():
            programme = Programme.objects.create(
                request=request,
                name="Programa Te Queremos en Casa" if acronym == "IGM" else "Consulados móviles",
                kind=Programme.Kind.PROGRAMME,
                description="Recepción, documentación y referencia de personas retornadas.",
                updated_by=users[acronym],
            )
            programme.objectives.add(Objective.objects.get(number=21 if acronym == "IGM" else 4))
            Statistic.objects.create(
                programme=programme,
                indicator="Personas atendidas en 2023",
                men=61_250,
                women=38_750,
                total=100_000,
            )
