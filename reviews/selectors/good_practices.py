"""Reads of the good practices proposed from programmes to the UN Network's repository:
the Hub's checklist (what a proposal still misses), the fields of the Hub's Word
template, and a review's practices for its coordinators, exports and report."""

import datetime

from django.db.models import Min
from django.utils.translation import gettext as _

from objectives.models import GuidingPrinciple
from reviews.models import (
    GoodPractice,
    Input,
    Institution,
    InstitutionRequest,
    NationalReview,
    Programme,
)

# The Compact was adopted in Marrakech on 10 December 2018: the Hub asks for
# practices implemented after it.
ADOPTED_ON = datetime.date(2018, 12, 10)
PRINCIPLE_COUNT = 10
# Where the page shows a criterion the programme itself must meet (not a box of the form).
ON_THE_PROGRAMME = "__all__"
# What a focal point or coordinator fills in, in the order of the form; the rest of
# the Hub's template is the programme's, and the guiding principles are ``principles``.
PRACTICE_FIELDS = (
    "implementing_entity",
    "focal_point_name",
    "focal_point_email",
    "completion",
    "innovation",
    "replicability",
    "results",
    "lessons",
)


def good_practice_of(programme: Programme) -> GoodPractice:
    """The programme's practice, or an unsaved blank one (a read never creates it)."""
    practice = GoodPractice.objects.filter(programme=programme).first()
    if practice is None:
        practice = GoodPractice(programme=programme)
    practice.programme = programme  # the caller's, with what it already fetched
    return practice


def principles() -> list[GuidingPrinciple]:
    return list(GuidingPrinciple.objects.order_by("number"))


def _blank(text) -> bool:
    return not (text or "").strip()


def _period_problem(programme: Programme) -> str:
    latest = programme.period_end or programme.period_start
    if latest is None:
        return _(
            "It must be implemented after December 2018: the programme gives no period. "
            "Add its start or end date to the programme."
        )
    if latest >= ADOPTED_ON:
        return ""
    if programme.period_end:
        return _(
            "It must be implemented after December 2018: the programme's period ends in %(year)s."
        ) % {"year": programme.period_end.year}
    return _(
        "It must be implemented after December 2018: the programme's period starts in %(year)s."
    ) % {"year": latest.year}


def good_practice_problems(
    practice: GoodPractice, every_principle: list[GuidingPrinciple] | None = None
) -> dict[str, list[str]]:
    """Each criterion of the Hub's checklist the practice misses, in plain words, by
    the box of the form where it is met (``principle_3`` for the guiding principles,
    ``ON_THE_PROGRAMME`` for what the programme itself must say). Empty: it qualifies."""
    programme = practice.programme
    problems: dict[str, list[str]] = {}

    def miss(where: str, message: str) -> None:
        problems.setdefault(where, []).append(message)

    if not programme.objectives.exists():
        miss(
            ON_THE_PROGRAMME,
            _(
                "It must relate to at least one GCM objective: the programme names none. "
                "Add its objectives to the programme."
            ),
        )
    if period := _period_problem(programme):
        miss(ON_THE_PROGRAMME, period)
    if _blank(practice.implementing_entity):
        miss("implementing_entity", _("Name the implementing entity (the main implementer)."))
    if _blank(practice.focal_point_name) or _blank(practice.focal_point_email):
        miss(
            "focal_point_name" if _blank(practice.focal_point_name) else "focal_point_email",
            _("It needs a focal point of the implementing entity: give their name and e-mail."),
        )
    every_principle = every_principle if every_principle is not None else principles()
    texts = practice.principles or {}
    missing = [p for p in every_principle if _blank(texts.get(str(p.number)))]
    if missing:
        miss(
            f"principle_{missing[0].number}",
            _("It must reflect the 10 guiding principles: say how it reflects %(names)s.")
            % {"names": "; ".join(str(p) for p in missing)},
        )
    if practice.completion not in (GoodPractice.Completion.FULLY, GoodPractice.Completion.MOSTLY):
        miss(
            "completion",
            _("It must be fully or mostly completed: it is still ongoing.")
            if practice.completion == GoodPractice.Completion.ONGOING
            else _("It must be fully or mostly completed: say how far it is completed."),
        )
    for where, message in [
        ("innovation", _("It must be innovative: say what is new in it.")),
        ("replicability", _("It must be replicable: say how others could apply it.")),
        ("results", _("It must have been applied successfully: describe its results.")),
        ("lessons", _("Say what lessons were learned.")),
    ]:
        if _blank(getattr(practice, where)):
            miss(where, message)
    return problems


def good_practice_fields(
    practice: GoodPractice, every_principle: list[GuidingPrinciple]
) -> list[tuple[str, object]]:
    """The fields of the Hub's Word template, in its order, labelled in the reader's
    language: (label, value), a value being a text, a date, None, or for the guiding
    principles a list of (label, text). The .docx and the XLSX both print these."""
    programme = practice.programme
    texts = practice.principles or {}
    objectives = programme.objectives.all() if programme.pk else []
    return [
        (_("Title"), programme.name),
        (_("Institution"), programme.request.institution.name),
        (_("Implementing entity"), practice.implementing_entity),
        (_("Focal point"), practice.focal_point_name),
        (_("Focal point's e-mail"), practice.focal_point_email),
        (_("GCM objectives"), "\n".join(str(o) for o in objectives)),
        (
            _("Guiding principles"),
            [(str(p), texts.get(str(p.number), "")) for p in every_principle],
        ),
        (_("From"), programme.period_start),
        (_("Until"), programme.period_end),
        (_("Completion"), practice.get_completion_display()),
        (_("Description"), programme.description),
        (_("What is innovative"), practice.innovation),
        (_("How it can be replicated"), practice.replicability),
        (_("Results"), practice.results),
        (_("Lessons learned"), practice.lessons),
    ]


def flat_fields(fields) -> list[tuple[str, object]]:
    """The fields with a group (the guiding principles) as one field per item."""
    flat: list[tuple[str, object]] = []
    for label, value in fields:
        if isinstance(value, list):
            flat += [(f"{label}: {item}", text) for item, text in value]
        else:
            flat.append((str(label), value))
    return flat


def good_practice_labels(every_principle: list[GuidingPrinciple]) -> list[tuple[str, object]]:
    """The template's fields with nothing in them: their labels, for a sheet's headers."""
    blank = Programme(request=InstitutionRequest(institution=Institution()))
    return good_practice_fields(GoodPractice(programme=blank), every_principle)


def review_good_practices(review: NationalReview) -> list[GoodPractice]:
    """Every practice drafted or proposed from the review's programmes (three queries)."""
    return list(
        GoodPractice.objects.filter(programme__request__review=review)
        .select_related("programme__request__institution", "proposed_by")
        .prefetch_related("programme__objectives")
        .order_by("programme__name")
    )


def review_first_inputs(review: NationalReview) -> dict[int, int]:
    """One input of each institution asked in the review, by request: the way in to
    its programmes' pages (``inputs/<id>/good-practices/…``), whichever form it is."""
    return dict(
        Input.objects.filter(request__review=review)
        .values("request_id")
        .annotate(first=Min("pk"))
        .values_list("request_id", "first")
        .order_by()
    )
