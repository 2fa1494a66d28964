"""Fields of what people type, each with a length limit and the same clear message,
and the protection of their work against a cascade.

``TextField`` and ``CharField`` here are Django's, with their ``max_length``
checked by ``LengthLimit``: in the model (``full_clean``: the admin, imports)
and in every ModelForm, whose box also gets ``maxlength``. Django's own message
("Ensure this value has at most…") is replaced by the portal's one
(``reviews.text.too_long``).
"""

from collections.abc import Iterable

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible

from reviews.text import MAX_NOTE_CHARACTERS, length, too_long


@deconstructible(path="reviews.models.fields.LengthLimit")
class LengthLimit(MaxLengthValidator):
    """At most ``limit_value`` characters, a line break counting one as in the browser."""

    def __call__(self, value):
        if value is not None and length(str(value)) > self.limit_value:
            raise too_long(str(value), self.limit_value)


def _limited(validators: list, limit: int) -> list:
    kept = [v for v in validators if not isinstance(v, MaxLengthValidator)]
    return [*kept, LengthLimit(limit)]


# Boxes for more than a page of text get no maxlength: a browser cuts a pasted text
# to it without a word. The server refuses it with the message, and it stays in the box.
LONGEST_CUT_BY_BROWSER = MAX_NOTE_CHARACTERS


def _limit_form_field(field):
    if field is not None and getattr(field, "max_length", None):
        field.validators[:] = _limited(field.validators, field.max_length)
        if field.max_length > LONGEST_CUT_BY_BROWSER:
            field.widget.attrs.pop("maxlength", None)
    return field


class TextField(models.TextField):
    """A text people type, with a limit (``max_length``) enforced in models and forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is None:
            raise TypeError("A TextField of what people type needs a max_length.")
        self.validators[:] = _limited(self.validators, self.max_length)

    def formfield(self, **kwargs):  # type: ignore[override]
        return _limit_form_field(super().formfield(**kwargs))


class CharField(models.CharField):
    """A short text people type (a name, an acronym), with the portal's message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is None:
            raise TypeError("A CharField needs a max_length.")
        self.validators[:] = _limited(self.validators, self.max_length)

    def formfield(self, **kwargs):  # type: ignore[override]
        return _limit_form_field(super().formfield(**kwargs))


def protect_written(collector, field, sub_objs, using):
    """on_delete: the rows someone wrote (``version`` above 0) protect their parent
    (``ProtectedError``, as ``PROTECT``); the empty rows made at setup go with it."""
    written: Iterable[models.Model]
    if isinstance(sub_objs, models.QuerySet):
        written = list(sub_objs.filter(version__gt=0))  # one query, whatever was deferred
    else:
        written = [obj for obj in sub_objs if obj.version > 0]
    if written:
        models.PROTECT(collector, field, written, using)  # type: ignore[arg-type]
    models.CASCADE(collector, field, sub_objs, using)
