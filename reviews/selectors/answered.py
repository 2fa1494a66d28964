"""The one definition of "this institution has answered".

An institution has answered when every form it was asked for (each objective,
thematic area or round table, and the general questions, as the cycle asks) was
sent to the coordination: submitted or accepted, "nothing to report" included.
A form in draft, returned or not started does not count. An institution asked
for no form has sent nothing, so it has not answered.

The progress page, the reminders, the review's page, the analysis, the
methodology and the national report all ask here. ``responded_at`` stays the
date of an institution's first submission; it says nothing of the rest.
"""

from collections import defaultdict
from dataclasses import dataclass

from reviews.models import Input, NationalReview
from reviews.selectors.inputs import UNIT_ORDER
from reviews.selectors.units import DONE


@dataclass(frozen=True)
class Answered:
    """The forms one institution was asked for in a review, in the overview's order."""

    asked: tuple[Input, ...]

    @property
    def sent(self) -> list[Input]:
        return [i for i in self.asked if i.status in DONE]

    @property
    def missing(self) -> list[Input]:
        """The forms still to send: not started, in draft, or returned."""
        return [i for i in self.asked if i.status not in DONE]

    @property
    def nothing_to_report(self) -> list[Input]:
        return [i for i in self.sent if i.nothing_to_report]

    @property
    def done(self) -> int:
        return len(self.sent)

    @property
    def total(self) -> int:
        return len(self.asked)

    @property
    def answered(self) -> bool:
        return bool(self.asked) and not self.missing


def requests_answered(review: NationalReview) -> defaultdict[int, Answered]:
    """For every request of the review, by its pk: the forms asked and those sent
    (a request asked for no form has none). One query, whatever the number of
    institutions."""
    forms: dict[int, list[Input]] = defaultdict(list)
    for input in (
        Input.objects.filter(request__review=review)
        .select_related("objective")
        .order_by("request_id", *UNIT_ORDER)
    ):
        forms[input.request_id].append(input)
    answered: defaultdict[int, Answered] = defaultdict(lambda: Answered(()))
    answered.update((pk, Answered(tuple(inputs))) for pk, inputs in forms.items())
    return answered
