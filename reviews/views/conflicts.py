"""The answer to an autosave that came too late: someone (or the same person in
another tab) saved a newer version. Shared by the answers and the national texts."""

import difflib
import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# A word with the spaces after it: the diff compares words, and shows them as typed.
TOKEN = re.compile(r"\S+\s*")
# difflib is quadratic: beyond this many pairs of differing words, the differing
# middle is shown as one run of theirs and one of mine.
PAIRS_LIMIT = 2_000_000


def word_diff(theirs: str, mine: str) -> list[tuple[str, str]]:
    """(kind, text) runs from the stored text to mine: "same", "theirs" (only in the
    stored text) or "mine" (only in mine). The runs of "same" and "mine" make up mine."""
    a, b = _tokens(theirs), _tokens(mine)
    words_a, words_b = [t.rstrip() for t in a], [t.rstrip() for t in b]
    # Most conflicts differ in a few places: the common start and end cost nothing.
    start = 0
    while start < min(len(a), len(b)) and words_a[start] == words_b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and words_a[-1 - end] == words_b[-1 - end]:
        end += 1
    runs: list[tuple[str, str]] = []
    _add(runs, "same", "".join(b[:start]))
    middle_a, middle_b = slice(start, len(a) - end), slice(start, len(b) - end)
    if len(a[middle_a]) * len(b[middle_b]) > PAIRS_LIMIT:
        _add(runs, "theirs", "".join(a[middle_a]))
        _add(runs, "mine", "".join(b[middle_b]))
    else:
        matcher = difflib.SequenceMatcher(
            None, words_a[middle_a], words_b[middle_b], autojunk=False
        )
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                _add(runs, "same", "".join(b[start + j1 : start + j2]))
                continue
            _add(runs, "theirs", "".join(a[start + i1 : start + i2]))
            _add(runs, "mine", "".join(b[start + j1 : start + j2]))
    _add(runs, "same", "".join(b[len(b) - end :]))
    return runs


def _tokens(text: str) -> list[str]:
    tokens = TOKEN.findall(text)
    lead = text[: len(text) - len(text.lstrip())]
    if tokens and lead:
        tokens[0] = lead + tokens[0]
    return tokens


def _add(runs: list[tuple[str, str]], kind: str, text: str) -> None:
    if not text:
        return
    if runs and runs[-1][0] == kind:
        runs[-1] = (kind, runs[-1][1] + text)
    else:
        runs.append((kind, text))


def conflict_response(request: HttpRequest, *, key: str | int, saved) -> HttpResponse:
    """409 with who saved the stored version and when, what differs, and the choices."""
    mine = request.POST.get("text", "")
    context = {"key": key, "saved": saved, "mine": mine, "diff": word_diff(saved.text, mine)}
    return render(request, "reviews/partials/autosave_conflict.html", context, status=409)
