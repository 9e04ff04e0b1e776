"""`checkout search`: which check-outs mention some text, and where in them.

Matching is case-insensitive by Unicode case folding, so "STRASSE" finds
"Straße". Entries are streamed; only the hits are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

HIGHLIGHT = "reverse"
EXCERPT = 90


class Match(NamedTuple):
    """Where the text was found: `field` is e.g. `title`, `with`, `improve`, `next.owner`."""

    field: str
    text: str


@dataclass(frozen=True)
class Hit:
    entry: dict[str, Any]
    matches: list[Match]


def _fields(entry: Mapping[str, Any]) -> Iterator[Match]:
    """Every searchable piece of text in an entry, named by where it sits."""
    title = entry.get("title")
    if isinstance(title, str):
        yield Match("title", title)
    for key in ("with", "tags"):
        items = entry.get(key)
        if isinstance(items, list):
            yield from (Match(key, item) for item in items if isinstance(item, str))
    answers = entry.get("answers")
    for answer in answers if isinstance(answers, list) else []:
        if not isinstance(answer, dict):
            continue
        key = str(answer.get("key", "?"))
        value = answer.get("value")
        if answer.get("kind") == "actions" or isinstance(value, list):
            for item in value if isinstance(value, list) else []:
                if not isinstance(item, dict):
                    continue
                if isinstance(item.get("text"), str):
                    yield Match(key, item["text"])
                if isinstance(item.get("owner"), str):
                    yield Match(f"{key}.owner", item["owner"])
        elif isinstance(value, str):
            yield Match(key, value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield Match(key, str(value))
        if isinstance(answer.get("note"), str):
            yield Match(f"{key}.note", answer["note"])


def matches(entry: Mapping[str, Any], needle: str) -> list[Match]:
    """The fields of `entry` that contain `needle`, ignoring case."""
    folded = needle.casefold()
    return [m for m in _fields(entry) if folded in m.text.casefold()]


def search(entries: Iterable[dict[str, Any]], needle: str) -> list[Hit]:
    """Every entry that mentions `needle`, newest meeting first."""
    from checkout_cli.flows.selection import at_of

    if not needle.strip():
        from checkout_cli.model.errors import UsageProblem

        raise UsageProblem("give some text to search for, e.g. checkout search budget")
    hits = [Hit(entry, found) for entry in entries if (found := matches(entry, needle))]
    hits.reverse()

    def newest(hit: Hit) -> tuple[bool, float]:
        moment: datetime | None = at_of(hit.entry)
        return (moment is not None, moment.timestamp() if moment is not None else 0.0)

    hits.sort(key=newest, reverse=True)
    return hits


def spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs in `text`, ignoring case, as [start, end) indexes into `text`.

    Case folding can change a string's length ("ß" folds to "ss"), so each folded
    character remembers which original character it came from.
    """
    folded_needle = needle.casefold()
    if not folded_needle:
        return []
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in char.casefold():
            folded.append(piece)
            origin.append(index)
    haystack = "".join(folded)
    found: list[tuple[int, int]] = []
    start = haystack.find(folded_needle)
    while start >= 0:
        end = start + len(folded_needle)
        found.append((origin[start], origin[end - 1] + 1))
        start = haystack.find(folded_needle, end)
    return found


def highlighted(text: str, needle: str, *, width: int = EXCERPT) -> Text:
    """Terminal-safe text around the first match, every match styled.

    Styles go on spans of a plain `Text`; the person's text is never read as markup.
    """
    from rich.text import Text

    from checkout_cli.views.render import safe

    found = spans(text, needle)
    start, end = 0, len(text)
    if len(text) > width and found:
        first_start, first_end = found[0]
        start = max(0, first_start - width // 3)
        end = min(len(text), max(start + width, first_end))
    elif len(text) > width:
        end = width
    out = Text("…" if start else "")
    offsets: dict[int, int] = {}
    pieces: list[str] = []
    position = len(out.plain)
    for index in range(start, end):
        offsets[index] = position
        piece = safe(text[index])
        pieces.append(piece)
        position += len(piece)
    offsets[end] = position
    out.append("".join(pieces))
    if end < len(text):
        out.append("…")
    for span_start, span_end in found:
        if span_end <= start or span_start >= end:
            continue
        out.stylize(HIGHLIGHT, offsets[max(span_start, start)], offsets[min(span_end, end)])
    return out


def as_json(hits: Iterable[Hit]) -> list[dict[str, Any]]:
    return [
        {"entry": hit.entry, "matches": [{"field": m.field, "text": m.text} for m in hit.matches]}
        for hit in hits
    ]


def view(hits: Iterable[Hit], needle: str) -> RenderableType:
    """For each hit: id, when, title, then each matching field with the match highlighted."""
    from rich.console import Group
    from rich.text import Text

    from checkout_cli.views.render import safe, when

    parts: list[RenderableType] = []
    for n, hit in enumerate(hits):
        if n:
            parts.append(Text(""))
        header = Text()
        header.append(safe(hit.entry.get("id", "")), style="dim")
        header.append(f"  {when(hit.entry.get('at'))}  ")
        header.append(safe(hit.entry.get("title", "(no title)")), style="bold")
        if hit.entry.get("source"):
            header.append(f"  ({safe(hit.entry['source'])})", style="dim")
        parts.append(header)
        for match in hit.matches:
            line = Text("  ")
            line.append(f"{safe(match.field)}: ", style="dim")
            line.append_text(highlighted(match.text, needle))
            parts.append(line)
    return Group(*parts)
