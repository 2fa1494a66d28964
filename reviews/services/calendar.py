"""The key of a person's calendar feed (.ics): the secret in the feed's address,
which calendar programs fetch without signing in. A new key replaces the old
one at once: whoever holds the old address gets nothing more."""

import secrets

from django.db import transaction

from reviews.models import Profile
from reviews.services.notifications import language_start


@transaction.atomic
def calendar_key_renew(*, user) -> str:
    """Give the person a new calendar key (their first, or one replacing the old) and
    return it. A person without a profile gets one, in the language in use now."""
    language_start(user=user)
    profile = Profile.objects.select_for_update().get(user=user)
    profile.calendar_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["calendar_token"])
    user.profile = profile
    return profile.calendar_token
