"""Three-way merge of two journals, for git's merge driver (`checkout merge-journals %O %A %B`).

git hands the driver the common ancestor (O), our version (A, which receives the result)
and theirs (B). Entries are matched by id: one added on either side is kept once, one
changed on one side takes that change, one deleted on one side and unchanged on the
other stays deleted. The result is sorted by `recorded_at`, so a window read that starts
near the end still finds every entry of its window. Nothing is ever dropped silently: a
line that does not decode is kept, and when both sides changed the same entry in
different ways both versions are written between conflict markers and the merge says
it failed, as git's own text merge would.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from checkout_cli.model.errors import CheckoutError
from checkout_cli.store.codec import decode

OURS_MARK = b"<<<<<<< ours\n"
BETWEEN_MARK = b"=======\n"
THEIRS_MARK = b">>>>>>> theirs\n"
_EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass
class Merged:
    """The merged journal's lines, and how many entries both sides changed differently."""

    lines: list[bytes] = field(default_factory=list)
    conflicts: int = 0


@dataclass(frozen=True)
class _Line:
    raw: bytes
    entry_id: str | None
    recorded: datetime | None


def _lines(data: bytes) -> list[_Line]:
    found = []
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        entry = decode(raw)
        entry_id = recorded = None
        if isinstance(entry, dict):
            value = entry.get("id")
            entry_id = value if isinstance(value, str) and value else None
            recorded = _moment(entry.get("recorded_at"))
        found.append(_Line(raw + b"\n", entry_id, recorded))
    return found


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
        return (moment if moment.tzinfo is not None else moment.astimezone()).astimezone(UTC)
    except (ValueError, OverflowError):  # not a time, or one at the calendar's very edge
        return None


def merge(base: bytes, ours: bytes, theirs: bytes) -> Merged:
    """The merge of `ours` and `theirs`, whose common ancestor is `base`."""
    old = {line.entry_id: line for line in _lines(base) if line.entry_id}
    old_other = {line.raw for line in _lines(base) if not line.entry_id}
    mine, yours = _lines(ours), _lines(theirs)
    by_id_mine = {line.entry_id: line for line in mine if line.entry_id}
    by_id_yours = {line.entry_id: line for line in yours if line.entry_id}
    result = Merged()
    kept: list[_Line] = []
    conflicted: list[tuple[_Line, _Line]] = []
    for entry_id in dict.fromkeys([*by_id_mine, *by_id_yours]):
        a, b, o = by_id_mine.get(entry_id), by_id_yours.get(entry_id), old.get(entry_id)
        chosen = _choose(a, b, o)
        if isinstance(chosen, tuple):
            conflicted.append(chosen)
        elif chosen is not None:
            kept.append(chosen)
    # Lines that hold no entry: kept unless one side removed them (a repair moved them out).
    others = [line for line in [*mine, *yours] if not line.entry_id]
    seen: set[bytes] = set()
    in_mine = {line.raw for line in mine}
    in_yours = {line.raw for line in yours}
    for line in others:
        if line.raw in seen:
            continue
        seen.add(line.raw)
        if line.raw in old_other and not (line.raw in in_mine and line.raw in in_yours):
            continue
        kept.append(line)
    result.lines = [line.raw for line in sort_lines(kept)]
    for a, b in conflicted:
        result.lines += [OURS_MARK, a.raw, BETWEEN_MARK, b.raw, THEIRS_MARK]
    result.conflicts = len(conflicted)
    return result


def _choose(
    a: _Line | None, b: _Line | None, o: _Line | None
) -> _Line | tuple[_Line, _Line] | None:
    """One entry's merged line: None when it stays deleted, a pair when both changed it."""
    if a is None or b is None:
        present = a or b
        assert present is not None
        if o is not None and present.raw == o.raw:
            return None  # deleted on one side, untouched on the other
        return present  # added on one side, or changed there and deleted on the other
    if a.raw == b.raw or (o is not None and b.raw == o.raw):
        return a
    if o is not None and a.raw == o.raw:
        return b
    return (a, b)


def sort_lines(lines: Iterable[_Line]) -> list[_Line]:
    """By `recorded_at`, keeping the order of equal times; a line without one stays after
    the line before it."""
    last = _EARLIEST
    keyed: list[tuple[datetime, int, _Line]] = []
    for index, line in enumerate(lines):
        if line.recorded is not None:
            last = line.recorded
        keyed.append((last, index, line))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [line for _, _, line in keyed]


def merge_journal_files(base: Path, ours: Path, theirs: Path) -> int:
    """Merge `theirs` into `ours` in place (atomically, as the journal's own rewrites
    are); the number of entries both sides changed differently."""
    from checkout_cli.store.files import atomic_write

    try:
        texts = [path.read_bytes() for path in (base, ours, theirs)]
    except OSError as error:
        raise CheckoutError(f"cannot read {error.filename}: {error.strerror}") from None
    merged = merge(*texts)
    atomic_write(ours, b"".join(merged.lines), mode=0o600)
    return merged.conflicts
