"""Who is asking, and how often: the client's address and the portal's rate limits.

The client's address is read in one place, ``client_address``, for django-axes
(``AXES_CLIENT_IP_CALLABLE``) and for the rate limits below. Behind the TLS
proxy every request comes from the proxy, so with ``TRUSTED_PROXY_COUNT`` set
the address is the one the outermost trusted proxy added to
``X-Forwarded-For``: the N-th entry from the right. Entries to its left were
written by the client and are never read; with the count at 0 (the default)
the header is ignored entirely.

Rate limits count in the default cache, a database table shared by every
worker process (``CACHES`` in the settings; ``migrate`` creates the table).
"""

import hashlib
import ipaddress
import time
from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the person making the request, as the trusted proxies saw it."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [entry.strip() for entry in header.split(",") if entry.strip()]
    if len(forwarded) < count:
        # Not through every trusted proxy: nothing in the header can be trusted.
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


class Rate(NamedTuple):
    """At most ``limit`` uses of ``name`` per ``key`` in any ``seconds``."""

    name: str
    key: str
    limit: int
    seconds: int


def _cache_key(rate: Rate) -> str:
    # Hashed: a key holds no e-mail address and no character a cache refuses.
    digest = hashlib.sha256(rate.key.encode()).hexdigest()[:32]
    return f"throttle:{rate.name}:{digest}"


def rate_take(*rates: Rate) -> datetime | None:
    """Count one use against every rate, unless one of them is used up.

    Returns ``None`` when the use is allowed (and counted), or the moment the
    earliest refused rate allows one again (nothing counted): a refused attempt
    does not lengthen the wait. The window slides: a use counts for ``seconds``.
    Two processes counting at the same instant may each allow one; a limit can
    be passed by the number of workers at most, never without end.
    """
    now = time.time()
    keys = {rate: _cache_key(rate) for rate in rates}
    stored = cache.get_many(list(keys.values()))
    recent = {
        rate: [t for t in stored.get(keys[rate], []) if t > now - rate.seconds] for rate in rates
    }
    waits = [
        uses[len(uses) - rate.limit] + rate.seconds
        for rate, uses in recent.items()
        if len(uses) >= rate.limit
    ]
    if waits:
        return datetime.fromtimestamp(max(waits), tz=UTC)
    for rate in rates:
        cache.set(keys[rate], [*recent[rate], now], timeout=rate.seconds)
    return None


def rates_for(name: str, request: HttpRequest, account: str) -> tuple[Rate, Rate]:
    """The two limits of an action that sends e-mail: per client address and per account."""
    period = settings.RATE_LIMIT_PERIOD_SECONDS
    return (
        Rate(f"{name}-address", client_address(request), settings.RATE_LIMIT_PER_ADDRESS, period),
        Rate(f"{name}-account", account.lower(), settings.RATE_LIMIT_PER_ACCOUNT, period),
    )
