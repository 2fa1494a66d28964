"""The audit log: one row per act that matters, readable by administrators in the admin."""

from reviews.models import AuditEvent

Action = AuditEvent.Action


def record(action: str, user=None, subject="", detail="", *, username="") -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        user=user if user is not None and user.pk else None,
        username=username or (user.get_username() if user is not None else ""),
        subject=str(subject)[:300],
        detail=detail,
    )
