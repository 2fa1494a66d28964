"""Reads for the validation of the consolidated draft: the sections an institution
may comment on, and what changed in each since the previous round of validation."""

import difflib

from django.utils.translation import gettext as _

from reviews.models import NationalReview, NationalText
from reviews.selectors.consolidation import review_texts
from reviews.selectors.units import Group, cycle_groups

Section = NationalText.Section


def text_label(text: NationalText, groups: dict[int, Group]) -> str:
    """A national text as a reader of the draft names it."""
    if text.section == Section.OBJECTIVE and text.objective:
        return _("Objective %(number)s: %(label)s") % {
            "number": text.objective.number,
            "label": text.objective.short_label,
        }
    if text.section == Section.GROUP and text.question:
        group = groups.get(text.group_number or 0)
        name = group.name if group else str(text.group_number)
        return _("%(group)s, question %(code)s") % {"group": name, "code": text.question.code}
    if text.section == Section.PRINCIPLE and text.principle:
        return _("Guiding principle %(principle)s") % {"principle": text.principle}
    if text.section == Section.QUESTION and text.question:
        return _("Question %(code)s") % {"code": text.question.code}
    if text.section == Section.MEANS and text.topic:
        return f"{text.get_section_display()}: {NationalText.Topic(text.topic).label}"
    return str(text.get_section_display())


def draft_sections(review: NationalReview, texts: dict[str, NationalText]) -> list[dict]:
    """Every section of the draft, in the report's order, as ``{"key", "label"}``."""
    groups = {group.number: group for group in cycle_groups(review.cycle)}
    return [{"key": key, "label": text_label(text, groups)} for key, text in texts.items()]


def word_diff(before: str, after: str) -> list[dict]:
    """The words of ``after`` against ``before``: runs of ``equal``, ``del`` and ``ins``."""
    old, new = before.split(), after.split()
    runs = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append({"op": "equal", "words": " ".join(old[i1:i2])})
            continue
        if i2 > i1:
            runs.append({"op": "del", "words": " ".join(old[i1:i2])})
        if j2 > j1:
            runs.append({"op": "ins", "words": " ".join(new[j1:j2])})
    return runs


def draft_changes(
    review: NationalReview,
    texts: dict[str, NationalText] | None = None,
    sections: list[dict] | None = None,
) -> list[dict]:
    """Once validation was opened more than once: for each section, whether its text
    changed since the previous opening, and a word diff of those that did.

    Empty before a second opening. Two queries besides ``texts`` and ``sections``
    (which the draft page has already read)."""
    since = review.validation_previously_opened_at
    if since is None:
        return []
    if texts is None:
        texts = review_texts(review=review)
    if sections is None:
        sections = draft_sections(review, texts)
    then: dict[int, str] = {}
    for text_id, words in (
        NationalText.history.filter(review_id=review.pk, history_date__lte=since)
        .order_by("history_date", "history_id")
        .values_list("id", "text")
    ):
        then[text_id] = words  # the last version saved by then
    changes = []
    for section in sections:
        text = texts[section["key"]]
        # A section never saved (a suggestion shown, not kept) has not changed.
        before = then.get(text.pk, "") if text.pk else text.text
        changed = before.split() != text.text.split()
        changes.append(
            {
                **section,
                "changed": changed,
                "diff": word_diff(before, text.text) if changed else [],
            }
        )
    return changes
