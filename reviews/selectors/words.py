"""Words written in answers, summed for a page: counted from the texts, never stored.

A stored count drifted (issue 14: ``Answer.words`` stayed 0 after a bulk update
of the texts). Counting a Mexico-sized review's answers (13 MB of text) takes
250 ms and fetching them 60 ms, so each process keeps the counts it made, by
the text's MD5 as the database computes it (``MD5``: PostgreSQL's own, Django's
on SQLite, the same digest): a page fetches the 32 characters of each text's
digest, and a text only when its digest was never counted. Whatever changed a
text, its digest changes, so a kept count is never stale.
"""

from collections import Counter

from django.db.models.functions import MD5

from reviews.text import count_words

_COUNTED: dict[str, int] = {}
_COUNTED_LIMIT = 200_000  # digests (some 25 MB); all forgotten at once beyond
_FETCH_BY_ID = 500  # more texts to count than this: fetched with the page's own filter


def words_by(answers, key: str) -> Counter:
    """The words of ``answers`` (a queryset) summed by ``key``, a field path of Answer
    (``"input_id"``, ``"input__objective_id"``)."""
    answers = answers.exclude(text="").annotate(digest=MD5("text"))
    rows = list(answers.values_list(key, "pk", "digest"))
    missing = [pk for _key, pk, digest in rows if digest not in _COUNTED]
    counted = {}
    if missing:
        if len(_COUNTED) + len(missing) > _COUNTED_LIMIT:
            _COUNTED.clear()
        texts = answers.filter(pk__in=missing) if len(missing) <= _FETCH_BY_ID else answers
        for pk, digest, text in texts.values_list("pk", "digest", "text").iterator():
            counted[pk] = _COUNTED[digest] = count_words(text)
    totals: Counter = Counter()
    for group, pk, digest in rows:
        # A text changed between the two queries is counted as fetched the second time.
        totals[group] += counted.get(pk, _COUNTED.get(digest, 0))
    return totals
