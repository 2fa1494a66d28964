"""Programme names: one name, one programme in a request (capitals and spaces aside).

The spreadsheet import finds a programme by its name, so two programmes of a
request never share one (``unique_programme_name``); names are kept with their
spaces collapsed (``Programme.save``).
"""

from collections import defaultdict

from reviews.text import distinct_names, name_key


def programme_named(programmes, name: str, exclude_pk=None):
    """The programme of ``programmes`` (a queryset of one request's) with this name,
    capitals and spaces aside, or None. Compared here, not by the database: SQLite
    lowers only ASCII letters, and the answer must be the same on both."""
    key = name_key(name)
    if not key:
        return None
    for pk, stored in programmes.exclude(pk=exclude_pk).values_list("pk", "name"):
        if name_key(stored) == key:
            return programmes.get(pk=pk)
    return None


def programme_names_made_distinct(programme_model) -> int:
    """Rename visibly the programmes whose name repeats another of their request
    (capitals and spaces aside): "Name (2)", "Name (3)", the first one keeping its
    name. Spaces are collapsed in every name. Run by migration 0010 before the
    uniqueness constraint (with its historical model); returns how many changed."""
    by_request = defaultdict(list)
    for pk, request_id, name in programme_model.objects.order_by("request_id", "pk").values_list(
        "pk", "request_id", "name"
    ):
        by_request[request_id].append((pk, name))
    max_length = programme_model._meta.get_field("name").max_length
    changed = 0
    for rows in by_request.values():
        names = distinct_names([name for _pk, name in rows], max_length)
        for (pk, old), new in zip(rows, names, strict=True):
            if new != old:
                programme_model.objects.filter(pk=pk).update(name=new)
                changed += 1
    return changed
