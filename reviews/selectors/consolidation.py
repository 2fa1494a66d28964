"""Reads of the national texts: every section of the report, their sources, and a
methodology drawn from the facts."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from objectives.models import GuidingPrinciple, Objective
from reviews.models import (
    Input,
    NationalReview,
    NationalText,
    Programme,
    Question,
)
from reviews.selectors.answered import requests_answered
from reviews.selectors.network import consultations_paragraph
from reviews.selectors.units import cycle_groups

Section = NationalText.Section


def wanted_texts(review: NationalReview) -> list[NationalText]:
    """Every section the review's national report has, unsaved and empty, in order:
    one text per objective, one per question asked per group and group, one per
    principle, one per cross-cutting question, and the IMRF report's own sections."""
    group_questions = list(
        review.cycle.questions.filter(
            section=Question.Section.OBJECTIVES, asked_per=Question.AskedPer.GROUP
        ).order_by("order")
    )
    return [
        NationalText(review=review, key="methodology", section=Section.METHODOLOGY),
        NationalText(review=review, key="policy", section=Section.POLICY),
        *(
            NationalText(
                review=review, key=f"objective-{o.number}", section=Section.OBJECTIVE, objective=o
            )
            for o in Objective.objects.all()
        ),
        *(
            NationalText(
                review=review,
                key=group.text_key(question),
                section=Section.GROUP,
                group_number=group.number,
                question=question,
            )
            for group in (cycle_groups(review.cycle) if group_questions else [])
            for question in group_questions
        ),
        *(
            NationalText(
                review=review, key=f"principle-{p.number}", section=Section.PRINCIPLE, principle=p
            )
            for p in GuidingPrinciple.objects.all()
        ),
        *(
            NationalText(
                review=review, key=f"question-{q.code}", section=Section.QUESTION, question=q
            )
            # The principles table question is answered by the principles' texts.
            for q in review.cycle.questions.filter(section=Question.Section.CROSS_CUTTING).exclude(
                answer_format=Question.AnswerFormat.PRINCIPLES_TABLE
            )
        ),
        *(
            NationalText(review=review, key=f"means-{topic}", section=Section.MEANS, topic=topic)
            for topic in NationalText.Topic.values
        ),
        NationalText(review=review, key="next-steps", section=Section.NEXT_STEPS),
    ]


def review_texts(*, review: NationalReview) -> dict[str, NationalText]:
    """Every section of the review's national report, by key. Reads only.

    The rows are made when the review is set up (``services.review_rows_sync``);
    a section the review was set up without is an unsaved, empty text here. A
    guiding principle nobody has written about yet suggests the programmes that
    reflect it: the suggestion is shown, and kept once the coordinator saves.
    """
    stored = {
        text.key: text
        for text in review.texts.select_related("objective", "principle", "question", "updated_by")
    }
    texts = {text.key: stored.pop(text.key, text) for text in wanted_texts(review)}
    texts.update(stored)  # sections of questions since removed from the cycle
    unwritten = [t for t in texts.values() if t.principle_id and not t.version and not t.text]
    if unwritten:
        reflected = principles_reflected(review)
        for text in unwritten:
            if text.principle_id in reflected:
                text.applies = True
                text.text = _("Reflected in: %(programmes)s.") % {
                    "programmes": "; ".join(reflected[text.principle_id])
                }
    return texts


def principles_reflected(review: NationalReview) -> dict[int, list[str]]:
    """For each guiding principle, the programmes of the review that reflect it."""
    reflected: dict[int, list[str]] = {}
    rows = Programme.principles.through.objects.filter(
        programme__request__review=review
    ).values_list(
        "guidingprinciple_id", "programme__name", "programme__request__institution__acronym"
    )
    for principle_id, name, acronym in rows.order_by("programme__name"):
        reflected.setdefault(principle_id, []).append(f"{name} ({acronym})" if acronym else name)
    return reflected


def text_with_sources(national: NationalText) -> list[dict]:
    """The text cut into paragraphs, each with the institutions its words came
    from (a passage counts where its words are still in the paragraph)."""
    passages = list(national.passages.select_related("institution")) if national.pk else []
    paragraphs = []
    for paragraph in [p for p in national.text.split("\n\n") if p.strip()]:
        sources = []
        for passage in passages:
            first_line = passage.excerpt.splitlines()[0]
            if first_line and first_line in paragraph and passage.institution not in sources:
                sources.append(passage.institution)
        paragraphs.append({"text": paragraph, "sources": sources})
    return paragraphs


def methodology_draft(review: NationalReview) -> str:
    """A first methodology section, written from the facts of the review."""
    requests = review.requests.select_related("institution").order_by("institution__name")
    asked = [r.institution for r in requests]
    sent = requests_answered(review)
    answered = [r.institution for r in requests if sent[r.pk].answered]
    forms = Input.objects.filter(
        request__review=review,
        status__in=[Input.Status.SUBMITTED, Input.Status.ACCEPTED],
    ).count()
    programmes = Programme.objects.filter(request__review=review).count()
    first_sent = min((r.sent_at for r in requests if r.sent_at), default=None)
    facts = {
        "cycle": review.cycle,
        "country": review.country,
        "coordinator": review.coordinating_institution or _("the coordinating institution"),
        "asked": len(asked),
        "answered": len(answered),
        "forms": forms,
        "programmes": programmes,
        "institutions": ", ".join(i.acronym or i.name for i in answered) or "—",
        "start": date_format(review.cycle.period_start, "DATE_FORMAT"),
    }
    paragraphs = [
        _(
            "This report is %(country)s's contribution to the %(cycle)s. It covers the period "
            "from %(start)s and was prepared by the coordinating institution, %(coordinator)s, "
            "together with the institutions of the State that implement the Global Compact."
        )
        % facts,
        _(
            "%(asked)s institutions were asked for information about the objectives that "
            "concern them, and %(answered)s answered (%(institutions)s). Completed forms: "
            "%(forms)s; programmes and actions described: %(programmes)s."
        )
        % facts,
    ]
    if first_sent:
        paragraphs.append(
            _(
                "The requests were sent from %(date)s; the information received was "
                "consolidated by objective."
            )
            % {"date": date_format(timezone.localtime(first_sent), "DATE_FORMAT")}
        )
    if consulted := consultations_paragraph(review):
        paragraphs.append(consulted)
    paragraphs.append(_validation_sentence(review))
    return "\n\n".join(paragraphs)


def _validation_sentence(review: NationalReview) -> str:
    """What the draft's validation has been so far: never "validated" before an
    institution has confirmed it."""
    opened = review.status in (NationalReview.Status.VALIDATING, NationalReview.Status.SUBMITTED)
    confirmed = (
        review.validations.filter(confirmed=True).values("institution").distinct().count()
        if opened
        else 0
    )
    if confirmed:
        return _("The draft was validated with the institutions (%(confirmed)s confirmed it).") % {
            "confirmed": confirmed
        }
    if review.status == NationalReview.Status.VALIDATING:
        return _("The draft is being validated with the institutions.")
    if review.status == NationalReview.Status.SUBMITTED:
        return _("The draft was not validated with the institutions before it was submitted.")
    return _("The draft will then be submitted to the institutions for validation.")
