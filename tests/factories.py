"""factory_boy factories for the reviews' nested data.

Reference data (countries, objectives, regional commissions, challenge
categories) is loaded once per test session (tests/conftest.py): factories look
it up, never make it. Where the portal sets something up through a service (a
cycle's questionnaire, a review's start, a request's inputs, an attachment's
checks), the factory goes through that service, so tests hold the data the
portal would.

    review = NationalReviewFactory(country=country("MEX"))   # a new coordinator with it
    request = InstitutionRequestFactory(review=review, objectives=[objective(7)])
    programme = ProgrammeFactory(request=request, statistics=3, challenges=0)
"""

import datetime

import factory
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory, Password

from objectives.models import ChallengeCategory, Country, Objective, RegionalCommission
from reviews import selectors, services
from reviews.models import (
    Attachment,
    Challenge,
    FocalPoint,
    Institution,
    InstitutionRequest,
    NationalCoordinator,
    NationalReview,
    Programme,
    Question,
    RegionalReviewer,
    ReportJob,
    ReviewCycle,
    Statistic,
)

# The smallest PNG: one transparent pixel, which the attachment checks accept.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def country(iso3: str) -> Country:
    return Country.objects.get(iso3=iso3)


def objective(number: int) -> Objective:
    return Objective.objects.get(number=number)


def days_from_today(days: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=days)


class UserFactory(DjangoModelFactory):
    """A person who can sign in with the password "pw" (``password=None``: an invited
    person who has not chosen one yet)."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = Password("pw")


class AdministratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"administrator{n}")
    is_staff = True
    is_superuser = True


class ReviewCycleFactory(DjangoModelFactory):
    """An open regional cycle of ECLAC (Guatemala and Mexico are members), with the
    default questionnaire. ``questionnaire=False``: none; ``questionnaire="group"``:
    questions a–d asked once per thematic area."""

    class Meta:
        model = ReviewCycle
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"cycle-{n}")
    name_es = factory.LazyAttribute(lambda cycle: f"Ciclo {cycle.slug}")
    name_en = factory.LazyAttribute(lambda cycle: f"Cycle {cycle.slug}")
    kind = ReviewCycle.Kind.REGIONAL
    regional_commission = factory.LazyFunction(lambda: RegionalCommission.objects.get(code="ECLAC"))
    opens_on = factory.LazyFunction(lambda: days_from_today(-10))
    deadline = factory.LazyFunction(lambda: days_from_today(50))
    status = ReviewCycle.Status.OPEN

    @factory.post_generation
    def questionnaire(cycle, create, extracted, **kwargs):
        if create and extracted is not False:
            services.questionnaire_create_default(
                cycle=cycle, asked_per=extracted or Question.AskedPer.OBJECTIVE
            )


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution

    country = factory.LazyFunction(lambda: country("GTM"))
    name = factory.Sequence(lambda n: f"Institución {n}")
    acronym = factory.Sequence(lambda n: f"I{n}")


class NationalReviewFactory(DjangoModelFactory):
    """A country's review (Guatemala's unless told), started as a coordinator starts it
    (``services.review_start``), with its first coordinator: a new person unless
    ``coordinator=`` names one. Other fields (``status=``...) are set after the start."""

    class Meta:
        model = NationalReview

    cycle = factory.SubFactory(ReviewCycleFactory)
    country = factory.LazyFunction(lambda: country("GTM"))
    coordinator = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *, cycle, country, coordinator, **fields):
        review = services.review_start(cycle=cycle, country=country, user=coordinator)
        if fields:
            for name, value in fields.items():
                setattr(review, name, value)
            review.save(update_fields=list(fields))
        return review


class NationalCoordinatorFactory(DjangoModelFactory):
    """One more coordinator of a review."""

    class Meta:
        model = NationalCoordinator

    review = factory.SubFactory(NationalReviewFactory)
    user = factory.SubFactory(UserFactory)


class FocalPointFactory(DjangoModelFactory):
    class Meta:
        model = FocalPoint

    institution = factory.SubFactory(InstitutionFactory)
    user = factory.SubFactory(UserFactory)


class RegionalReviewerFactory(DjangoModelFactory):
    class Meta:
        model = RegionalReviewer

    cycle = factory.SubFactory(ReviewCycleFactory)
    user = factory.SubFactory(UserFactory)


class InstitutionRequestFactory(DjangoModelFactory):
    """A review asking an institution of its country, through
    ``services.institution_request_save``: about every objective unless
    ``objectives=`` lists some; ``mark_sent=True`` records it as sent."""

    class Meta:
        model = InstitutionRequest

    review = factory.SubFactory(NationalReviewFactory)
    institution = factory.SubFactory(
        InstitutionFactory, country=factory.SelfAttribute("..review.country")
    )
    objectives = ()
    mark_sent = False

    @classmethod
    def _create(cls, model_class, *, review, institution, objectives, mark_sent):
        return services.institution_request_save(
            review=review, institution=institution, objectives=objectives, mark_sent=mark_sent
        )


class StatisticFactory(DjangoModelFactory):
    class Meta:
        model = Statistic

    programme = factory.SubFactory("tests.factories.ProgrammeFactory", statistics=0)
    indicator = "Personas atendidas"
    men = 3
    women = 4
    total = 7


class ChallengeFactory(DjangoModelFactory):
    """A challenge counted in the first category unless ``categories=`` lists others."""

    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    programme = factory.SubFactory("tests.factories.ProgrammeFactory", challenges=0)
    description = "Falta de datos desagregados"

    @factory.post_generation
    def categories(challenge, create, extracted, **kwargs):
        if create:
            challenge.categories.set(extracted or ChallengeCategory.objects.order_by("number")[:1])


class ProgrammeFactory(DjangoModelFactory):
    """A programme of a request, serving the request's first objective unless
    ``objectives=`` lists others, with one statistics row and one challenge
    (``statistics=3``, ``challenges=0``: that many)."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    request = factory.SubFactory(InstitutionRequestFactory)
    name = factory.Sequence(lambda n: f"Programa {n}")

    @factory.post_generation
    def objectives(programme, create, extracted, **kwargs):
        if create:
            programme.objectives.set(
                extracted or programme.request.objectives.order_by("number")[:1]
            )

    @factory.post_generation
    def statistics(programme, create, extracted, **kwargs):
        if create:
            StatisticFactory.create_batch(
                1 if extracted is None else extracted, programme=programme, **kwargs
            )

    @factory.post_generation
    def challenges(programme, create, extracted, **kwargs):
        if create:
            ChallengeFactory.create_batch(
                1 if extracted is None else extracted, programme=programme, **kwargs
            )


class AttachmentFactory(DjangoModelFactory):
    """A document of a programme, added through ``services.attachment_add`` (which
    checks it): written under ``settings.MEDIA_ROOT``, so point that at a temporary
    folder first (pytest's ``settings`` and ``tmp_path``)."""

    class Meta:
        model = Attachment

    programme = factory.SubFactory(ProgrammeFactory)
    upload = factory.LazyFunction(
        lambda: SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    )
    uploaded_by = None

    @classmethod
    def _create(cls, model_class, *, programme, upload, uploaded_by):
        return services.attachment_add(programme=programme, upload=upload, user=uploaded_by)


class ReportJobFactory(DjangoModelFactory):
    """A national report asked for (queued unless ``status=`` says otherwise); no
    worker renders it."""

    class Meta:
        model = ReportJob

    review = factory.SubFactory(NationalReviewFactory)
    layout = ReportJob.Layout.IMRF
    language = "es"


def answer_every_question(input, user, text=lambda answer: f"Respuesta {answer.question.code}."):
    """Save an answer to every question of an input, as its focal point types them;
    ``text(answer)`` says what each one says."""
    for answer in selectors.input_answers(input=input):
        services.answer_save(
            answer_id=answer.pk,
            user=user,
            text=text(answer),
            not_applicable=False,
            reason="",
            base_version=answer.version,
        )
