"""E-mails that follow the work: the coordinators' digest of submitted inputs
(at most one an hour per review), and the focal points told when an input is
returned or accepted; each in the recipient's language (``Profile.language``)."""

from reviews.models import Input


def input_submitted(*, input: Input) -> None:
    """An institution submitted an input: the review's next digest will list it."""


def inputs_accepted(*, inputs: list[Input]) -> None:
    """The coordinator accepted these inputs: one e-mail per institution."""


def input_returned(*, input: Input) -> None:
    """The coordinator returned an input with comments: its focal points are told."""
