"""Demo accounts (and, as the portal grows, a demo review) for `make run`.

Never for production: the passwords are printed and known.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


DEMO_LOGINS = [
    DemoLogin("admin", "demo-admin-2026", "administrator"),
]


@transaction.atomic
def load_demo_data() -> list[DemoLogin]:
    """Create the demo accounts, or reset their passwords if they exist."""
    User = get_user_model()
    for login in DEMO_LOGINS:
        user, _created = User.objects.get_or_create(username=login.username)
        if login.role == "administrator":
            user.is_staff = True
            user.is_superuser = True
        user.set_password(login.password)
        user.save()
    return DEMO_LOGINS
