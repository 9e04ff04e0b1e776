"""Recurring "could be better" themes: the words and two-word phrases of answers.

Pure text work, kept apart from the counting in `summary.py`: a person's answers
are split into words (stop-words left out) and short phrases ("start on time"),
each counted once per answer; those that recur become the report's themes.
"""

from __future__ import annotations

import re
from itertools import chain

from checkout_cli.report.data import Theme

THEME_LIMIT = 10

_STOP_TEXT = """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each etc even ever every few for from further
    get got had hadn't has hasn't have haven't having he he'd he'll he's her here here's
    hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's
    its itself just let let's lot lots maybe me more most much must mustn't my myself need
    needs no nor not now of off often on once one only or other ought our ours ourselves
    out over own per perhaps quite rather really same shan't she she'd she'll she's should
    shouldn't so some something such than that that's the their theirs them themselves then
    there there's these they they'd they'll they're they've thing things think this those
    though through thus to too under until up upon us very via was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's whether which while who
    who's whom why why's will with within without won't would wouldn't yes yet you you'd
    you'll you're you've your yours yourself yourselves
    meeting meetings
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
# Words that may sit inside a two-word phrase: "start on time", "clear the agenda".
_BRIDGES = frozenset(("a", "an", "the", "of", "on", "in", "at", "to", "for", "with", "by"))
# A word with inner apostrophes ("don't", "o'neil"), a run of letters and digits (a
# number: not a theme), or punctuation (ends a phrase).
_PIECES = re.compile(r"[^\W\d_](?:[^\W_]|'(?=[^\W_]))+|[^\W_]+|[^\w\s]+")
_BRIDGE_ITEMS = frozenset(" " + word for word in _BRIDGES)
_TOKEN_CACHE = 50_000
_BREAK_ONLY: tuple[str, ...] = ("",)


class _TokenItems(dict[str, tuple[str, ...]]):
    """What a whitespace-separated token means for themes, worked out once per token.

    Each item is a word, " " + a bridge word, or "" where a phrase must end.
    """

    def __missing__(self, raw: str) -> tuple[str, ...]:
        if raw.isdigit():
            return _BREAK_ONLY  # numbers are common and unique: not worth a place here
        if raw.isalpha():
            found: tuple[str, ...] = (_item(raw),)
        else:
            items: list[str] = []
            for piece in _PIECES.findall(raw.replace("’", "'")):
                item = _item(piece[:-2] if piece.endswith("'s") else piece)
                if item or not items or items[-1]:
                    items.append(item)
            found = tuple(items) if items else _BREAK_ONLY
        if len(self) >= _TOKEN_CACHE:
            self.clear()
        self[raw] = found
        return found


def _item(word: str) -> str:
    if word in _BRIDGES:
        return " " + word
    if word in STOP_WORDS or len(word) < 2 or not word[0].isalpha():
        return ""
    return word


_token_items = _TokenItems()


def theme_terms(text: str) -> frozenset[str]:
    """The words and two-word phrases of one answer, each once.

    A phrase is two neighbouring words that are not stop-words, or two with one
    small bridge word between them ("start on time"); punctuation ends a phrase.
    """
    terms: set[str] = set()
    add = terms.add
    bridges = _BRIDGE_ITEMS
    previous: str | None = None
    bridge: str | None = None
    for item in chain.from_iterable(map(_token_items.__getitem__, text.lower().split())):
        if item in bridges:
            if previous is not None and bridge is None:
                bridge = item
            else:
                previous = None
        elif item:
            add(item)
            if previous is not None:
                add(f"{previous} {item}" if bridge is None else f"{previous}{bridge} {item}")
            previous = item
            bridge = None
        else:
            previous = None
    return frozenset(terms)


def select_themes(counts: dict[str, int]) -> list[Theme]:
    """Recurring terms, most frequent first; a phrase hides its words when as frequent."""
    recurring = {term: count for term, count in counts.items() if count >= 2}
    hidden = set()
    for term, count in recurring.items():
        if " " in term:
            parts = term.split()
            for word in (parts[0], parts[-1]):
                if recurring.get(word, 0) <= count:
                    hidden.add(word)
    ranked = sorted(
        (term for term in recurring if term not in hidden),
        key=lambda term: (-recurring[term], -term.count(" "), term),
    )
    return [{"phrase": term, "count": recurring[term]} for term in ranked[:THEME_LIMIT]]
