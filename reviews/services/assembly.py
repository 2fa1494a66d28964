"""The first draft of the national texts, assembled from the accepted inputs.

One action fills, for every unit (an objective, a thematic area's or round table's
question, a cross-cutting question asked to the institutions), its national text from
the accepted answers (``selectors.unit_material``), each passage attributed to its
institution and remembered as a ``Passage``, as inserting it by hand does. It never
overwrites a coordinator's words: a text that holds anything is left as it is, and
its page marks the material not yet inserted as new. Run twice, the second run
changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from reviews.models import NationalReview, NationalText, Passage
from reviews.selectors.material import Source, assembly_plan
from reviews.services import history
from reviews.services.lifecycle import check_open, review_advance
from reviews.text import MAX_TEXT_CHARACTERS, length


@dataclass(frozen=True)
class AssemblyResult:
    filled: int  # empty texts now holding a first draft
    passages: int  # passages written into them
    written: int  # texts already written, left alone
    without: int  # units with no accepted material
    left_out: int  # passages that did not fit within a text's limit


def draft_text(sources: list[Source]) -> tuple[str, list[Source]]:
    """The passages one after the other, each institution named before its first one;
    the passages that fit within a national text's limit, whole."""
    paragraphs: list[str] = []
    used: list[Source] = []
    previous = None
    for source in sources:
        paragraph = source.excerpt
        if source.institution != previous:
            paragraph = f"{source.institution}: {paragraph}"
        candidate = "\n\n".join([*paragraphs, paragraph])
        if length(candidate) > MAX_TEXT_CHARACTERS:
            continue  # left beside the text, marked new, for the coordinator to choose
        paragraphs.append(paragraph)
        used.append(source)
        previous = source.institution
    return "\n\n".join(paragraphs), used


@transaction.atomic
def draft_assemble(*, review: NationalReview, user) -> AssemblyResult:
    """Fill every empty national text of a unit from the accepted inputs; leave every
    written one alone. Each filled text is a new version by ``user`` (kept for good,
    as an inserted passage is), and the review moves on to its consolidation."""
    check_open(review)
    # One assembly at a time per review; the texts locked against autosaves meanwhile.
    NationalReview.objects.select_for_update().get(pk=review.pk)
    texts = NationalText.objects.select_for_update(of=("self",)).select_related(
        "objective", "question"
    )
    plan = assembly_plan(review, texts.filter(review=review))
    now = timezone.now()
    filled, passages, left_out = [], [], 0
    for text, sources in plan.fill:
        body, used = draft_text(sources)
        left_out += len(sources) - len(used)
        if not used:
            continue
        text.text = body
        text.version += 1
        text.updated_at, text.updated_by = now, user
        filled.append(text)
        passages += [
            Passage(
                text=text,
                institution=source.institution,
                answer=source.answer,
                programme=source.programme,
                excerpt=source.excerpt,
                inserted_by=user,
            )
            for source in used
        ]
    if filled:
        bulk_update_with_history(
            filled,
            NationalText,
            ["text", "version", "updated_at", "updated_by"],
            default_user=user,
            default_change_reason=history.Milestone.INSERTED,
            default_date=now,
        )
        Passage.objects.bulk_create(passages)
        review_advance(review=review, to_status=NationalReview.Status.CONSOLIDATING)
    return AssemblyResult(
        filled=len(filled),
        passages=len(passages),
        written=len(plan.written),
        without=len(plan.without),
        left_out=left_out,
    )
