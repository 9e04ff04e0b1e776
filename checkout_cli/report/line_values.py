"""A summary's numbers read off a journal line's text, without parsing it.

A reader sorts lines by `at` before parsing them (see `reporting`). A line that only
counts in the trend, or in the previous period, gives what those take to the regexes
below when it has the shape `journal.encode` writes (`json.dumps` with its default
separators, answers in `record.build_entry`'s order): `trend_values` and
`previous_values` stand for `_goal_and_worth` and `_add_previous` on such lines.
A line is taken to have that shape when it starts and ends in it: a hand edit that
breaks the JSON in between (which `check` and every parsing read report) could count.
"""

from __future__ import annotations

import re

from checkout_cli.report.summary import GOAL_SCORES, WORTH_KEY, goal_score

# A JSON string as the JSON grammar has it: no raw control characters, only its escapes.
# Possessive (`*+`): what a run takes it keeps, as the next character can only be a
# quote or a backslash anyway, so a failed match gives up at once instead of trying
# every shorter run (five times faster on a line of a few answers).
_STRING = rb'"[^"\\\x00-\x1f]*+(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*+)*+"'
_PLAIN = rb'[^"\\\x00-\x1f]*+'  # the inside of a string without escapes
_INTEGER = rb"-?(?:0|[1-9][0-9]{0,15})"
_GOALS = re.compile(
    rb'\{"key": "goals", "question": '
    + _STRING
    + rb', "kind": "choice", "value": (?:"('
    + _PLAIN
    + rb')"|null)[,}]'
)
# The worth answer closing the answers and the entry, as every packaged question set
# ends. A line must end in this shape to be read here, which also keeps a line cut
# short by a crash (a prefix of a whole line) to the parser and its warning.
_WORTH_LAST = re.compile(
    rb'\{"key": "worth", "question": '
    + _STRING
    + rb', "kind": "scale", "value": (?:('
    + _INTEGER
    + rb")|null)\}\]\}\n?\Z"
)
_SCALE = re.compile(
    rb'\{"key": "('
    + _PLAIN
    + rb')", "question": '
    + _STRING
    + rb', "kind": "scale", "value": (?:('
    + _INTEGER
    + rb")|null)\}"
)
# From inside the `recorded_at` value, where `reporting`'s line head stops.
_TITLE = re.compile(rb'[^"\\]*+", "title": "(' + _PLAIN + rb')", ')
_GOAL_TEXTS = {text.encode(): score for text, score in GOAL_SCORES.items()}
_SMALL_NUMBERS = {str(n).encode(): float(n) for n in range(11)}


def trend_values(
    data: bytes, start: int = 0, end: int | None = None
) -> tuple[float | None, float | None] | None:
    """(goal score, worth) of the line `data[start:end]`, as `_goal_and_worth` finds them
    in its entry; None when the line lacks `encode`'s shape and must be parsed."""
    if end is None:
        end = len(data)
    last, worth = _closing_worth(data, start, end)
    if last < 0:
        return None
    known, goal = _goal_in(data, start, last)
    if not known:
        return None
    return goal, worth


def previous_values(
    data: bytes, start: int = 0, end: int | None = None
) -> tuple[str, list[tuple[str, float]], float | None] | None:
    """(title, [(scale key, number)], goal score) of the line `data[start:end]`, `start`
    lying inside its `recorded_at` value: what `_add_previous` takes from its entry.
    None when the line lacks `encode`'s shape and must be parsed."""
    if end is None:
        end = len(data)
    title = _TITLE.match(data, start, end)
    if title is None:
        return None
    start = title.end()
    last, worth = _closing_worth(data, start, end)
    if last < 0:
        return None
    known, goal = _goal_in(data, start, last)
    if not known:
        return None
    try:
        name = title[1].decode("utf-8")
        scale_words = data.count(b'"scale"', start, end)
        if scale_words == 1:  # the closing worth answer is the only scale: the usual line
            return name, ([] if worth is None else [(WORTH_KEY, worth)]), goal
        found = _SCALE.findall(data, start, end)
        if len(found) != scale_words:
            return None  # a scale answer of another shape
        scales = [(key.decode("utf-8"), _number_of(number)) for key, number in found if number]
        return name, scales, goal
    except UnicodeDecodeError:
        return None


def _closing_worth(data: bytes, start: int, end: int) -> tuple[int, float | None]:
    """(where the closing worth answer starts, its value); (-1, None) when the line
    does not end in one.

    The same few closing answers (one wording, five values) end line after line, so
    each is matched once and remembered, by its bytes.
    """
    last = data.rfind(b'{"key": "worth", ', start, end)
    if last < 0:
        return -1, None
    tail = data[last:end]
    known = _CLOSINGS.get(tail)
    if known is None:
        match = _WORTH_LAST.fullmatch(tail)
        number = None if match is None else match[1]
        known = (match is not None, None if number is None else _number_of(number))
        if len(_CLOSINGS) >= 1024:
            _CLOSINGS.clear()
        _CLOSINGS[tail] = known
    return (last, known[1]) if known[0] else (-1, None)


_CLOSINGS: dict[bytes, tuple[bool, float | None]] = {}


def _goal_in(data: bytes, start: int, end: int) -> tuple[bool, float | None]:
    """(whether the goal is known, the goal score) from the answers in `data[start:end]`."""
    found = _GOALS.search(data, start, end)
    if found is None:
        # No goals answer of that shape: known only when there is none of any shape.
        return data.find(b'"goals"', start, end) < 0, None
    if data.find(b'"goals"', found.end(), end) >= 0:
        return False, None  # a second goals answer, which would win
    value = found[1]
    if value is None:
        return True, None
    score = _GOAL_TEXTS.get(value)
    if score is None:
        try:
            score = goal_score(value.decode("utf-8"))
        except UnicodeDecodeError:
            return False, None
    return True, score


def _number_of(digits: bytes) -> float:
    number = _SMALL_NUMBERS.get(digits)
    return float(int(digits)) if number is None else number
