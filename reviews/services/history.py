"""How many versions a text keeps: one per pause in typing, not one per autosave.

An autosave every few seconds used to leave a version each time: 1,200 an hour
of typing, a list nobody can read and a table that grows without end. Now a
save by the same person within ``PAUSE`` of their previous one replaces that
version, so a version stands for a pause in typing; in a long stretch without
a pause, the last version of every ``SPAN`` of the clock is still kept (at
:00, :15, :30 and :45). Milestones are never
replaced and never replace: a submission, a merge after a conflict, a passage
inserted, a restore (they carry a change reason).

The no-lost-update guarantee is not touched: it rests on the object's own
``version`` counter, which every save still increments.
"""

import datetime
import functools

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

PAUSE = datetime.timedelta(minutes=3)
SPAN = datetime.timedelta(minutes=15)


class Milestone:
    """Change reasons of the versions that are always kept."""

    SUBMITTED = "submitted"
    CIRCULATED = "circulated"  # the draft as the institutions read it in a validation round
    MERGED = "merged"
    INSERTED = "inserted"
    RESTORED = "restored"
    DRAFTED = "drafted"  # written by the portal from the review's facts (the methodology)


def save_new_version(instance, user, milestone: str = "") -> None:
    """Save a text whose fields were just changed as its next version: by ``user``,
    now, kept as a milestone if one is named, else one version per pause in typing.
    The caller has locked the row and checked the version it was edited from."""
    instance.version += 1
    instance.updated_at, instance.updated_by = timezone.now(), user
    instance._history_user = user
    if milestone:
        mark_milestone(instance, milestone)
    save_in_pause(instance, user)


def save_in_pause(instance, user) -> None:
    """Save ``instance`` (one row, its fields just changed) and record its version: in
    place of its latest one when that was the same person's, a moment ago in the
    same stretch of typing; as a new version otherwise.

    Two statements in a stretch of typing, an UPDATE of each row, where recording
    and then dropping took four (profiled on an autosave: 3.3 ms of 12 before)."""
    instance._history_date = timezone.now()
    try:
        if _replace_latest_version(instance, user, instance._history_date):
            instance.skip_history_when_saving = True
        instance.save()
    finally:
        instance.__dict__.pop("skip_history_when_saving", None)
        del instance._history_date


def _replace_latest_version(instance, user, now: datetime.datetime) -> bool:
    """Write ``instance``'s fields over its latest version if that version was the
    same person's, a moment ago (within PAUSE, in the same SPAN of the clock), and
    neither marks a milestone: the rule of ``keep_one_version_per_pause``, in place."""
    if user is None or instance.pk is None or getattr(instance, "_change_reason", None):
        return False  # a milestone never replaces; a row not yet saved has no versions
    model = _versions(instance._meta.label).model
    latest = model.objects.filter(id=instance.pk).order_by("-history_date", "-history_id")
    same_stretch = model.objects.filter(
        Q(history_change_reason__isnull=True) | Q(history_change_reason=""),
        history_id=latest.values("history_id")[:1],
        history_user_id=user.pk,
        history_type="~",
        history_date__gte=max(now - PAUSE, _window_start(now)),
    )
    fields = {name: getattr(instance, name) for name in _tracked(instance._meta.label)}
    return bool(same_stretch.update(history_date=now, **fields))


def mark_milestone(instance, reason: str) -> None:
    """The next save of ``instance`` records a version that is always kept."""
    instance._change_reason = reason


def keep_one_version_per_pause(instance, user) -> None:
    """Call right after ``instance`` was saved (its new version recorded): drop the
    versions just before it that were the same person's, each a moment before the
    next, in the same stretch of typing. (A programme's save may record several
    versions at once: the fields, then each list of objectives or principles.)"""
    if user is None:
        return
    versions = _versions(instance._meta.label).filter(id=instance.pk)
    rows = list(
        versions.order_by("-history_date", "-history_id").values(
            "history_id", "history_date", "history_user_id", "history_type", "history_change_reason"
        )[:12]
    )
    if not rows or rows[0]["history_user_id"] != user.pk or rows[0]["history_change_reason"]:
        return
    dropped = []
    for index in range(1, len(rows)):
        row, later = rows[index], rows[index - 1]
        if (
            row["history_user_id"] != user.pk
            or row["history_type"] != "~"
            or row["history_change_reason"]
            or later["history_date"] - row["history_date"] > PAUSE
            or _window(row["history_date"]) != _window(later["history_date"])
        ):
            break  # a long stretch still keeps the last version of every SPAN of the clock
        dropped.append(row["history_id"])
    if dropped:
        versions.filter(history_id__in=dropped).delete()


@functools.cache
def _versions(label: str):
    """The manager of the versions of the model ``label`` ("reviews.Answer").
    (``instance.history`` builds a manager class each time it is read: a sixth of
    a millisecond, twice per autosave.)"""
    return apps.get_model(label).history.model._default_manager


@functools.cache
def _tracked(label: str) -> tuple[str, ...]:
    """The columns a version copies from the object (``id``, ``text``, ``version``...)."""
    model = _versions(label).model
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if not field.name.startswith("history_")
    )


def _window_start(moment: datetime.datetime) -> datetime.datetime:
    """When the SPAN of the clock that ``moment`` falls in began."""
    return datetime.datetime.fromtimestamp(
        _window(moment) * SPAN.total_seconds(), tz=moment.tzinfo or datetime.UTC
    )


def _window(moment: datetime.datetime) -> int:
    """Which SPAN of the clock a moment falls in (every quarter of an hour)."""
    return int(moment.timestamp() // SPAN.total_seconds())


def mark_latest(versions, reason: str) -> None:
    """Keep for good the latest version of each object in ``versions`` (a queryset
    of one model's history, such as the answers of one input): it was submitted,
    or circulated for validation. A version that already marks something keeps
    its reason."""
    model = versions.model
    for object_id in set(versions.values_list("id", flat=True)):
        latest = (
            model.objects.filter(id=object_id)
            .order_by("-history_date", "-history_id")
            .values_list("history_id", "history_change_reason")
            .first()
        )
        if latest is not None and not latest[1]:
            model.objects.filter(history_id=latest[0]).update(history_change_reason=reason)
