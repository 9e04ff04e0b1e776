"""What a report's trend counted in a journal's first bytes: a small, rebuildable marker.

A weekly report's trend counts eight weeks, most of them long closed, and reading
them is most of what a report of one week costs on a long journal. Once a report has
counted them, it leaves this marker (in the cache folder, beside the order marker,
and tied to the file the same way, see `markers`): "every line in the first `size`
bytes was recorded before `before`, and the entries among them whose `at` falls in
each of these weeks add up to these totals". An entry is recorded at or after its
`at`, so those bytes hold nothing of any week from `before` on: a later report whose
trend needs only these weeks (and later ones) reads from `size` and adds the totals.
`RULES` names how the totals were counted; markers of other rules are ignored.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from checkout_cli.store import markers

FOLDER = "trend"
RULES = 1  # bump when the report counts a week differently


class Counting(Protocol):
    """A reader's partner in using the marker: the report that counts the weeks."""

    before: datetime  # the lines recorded before it are the trend's alone

    def accept(self, counted: Counted) -> bool:
        """Whether the marker's totals stand in for the first `counted.size` bytes."""

    def take(self, entry: dict[str, Any]) -> bool:
        """Count an entry recorded before `before` into the totals; False when it cannot
        be counted so (it goes to the reader's caller as any other)."""

    def totals(self) -> Mapping[str, Sequence[float]] | None:
        """After the read: the totals of every line recorded before `before`, to keep."""


@dataclass(frozen=True)
class Counted:
    size: int  # a line boundary
    before: datetime  # aware; every line before `size` was recorded before it
    weeks: Mapping[str, Sequence[float]]  # a week's key -> its totals (opaque here)


def load(journal: Path, fd: int, size: int, in_order: int) -> Counted | None:
    """The marker for the open journal `fd` (of `size` bytes), if it still holds for the
    part of it known to be in order (`in_order` bytes)."""
    data = markers.load(journal, FOLDER, fd, size)
    if data is None:
        return None
    try:
        weeks = data["weeks"]
        if (
            data["rules"] != RULES
            or not data["size"] <= in_order
            or not isinstance(weeks, dict)
            or not all(
                isinstance(totals, list) and all(type(n) in (int, float) for n in totals)
                for totals in weeks.values()
            )
        ):
            return None
        before = datetime.fromisoformat(data["before"])
    except (KeyError, TypeError, ValueError):
        return None
    if before.tzinfo is None:
        return None
    return Counted(int(data["size"]), before, weeks)


def save(journal: Path, fd: int, counted: Counted) -> None:
    """Leave the marker for the first `counted.size` bytes of the open journal `fd`."""
    if counted.size <= 0:
        return
    with contextlib.suppress(OSError, ValueError):
        data = markers.identity(fd, counted.size)
        data.update(
            rules=RULES,
            before=counted.before.isoformat(),
            weeks={key: list(totals) for key, totals in counted.weeks.items()},
        )
        markers.save(journal, FOLDER, data)
