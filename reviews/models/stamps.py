import secrets

from django.db import models


def new_salt() -> str:
    return secrets.token_hex(4)


class Stamp(models.Model):
    """A counter that every committed write moves: cached pages are keyed by it.

    ``key`` is ``"all"`` (moved by writes to data every country sees: the
    reference data, cycles, questions, users) or ``"country:<pk>"`` (moved by
    writes made while a request works on that country). See reviews.stamps.
    """

    key = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)
    # Made when the row is: a database emptied and filled again starts its
    # counters from 0 under a new salt, so keys made before never come back.
    salt = models.CharField(max_length=8, default=new_salt)

    def __str__(self):
        return f"{self.key}={self.value}"
