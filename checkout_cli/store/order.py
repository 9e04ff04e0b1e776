"""How far a journal is known to be in `recorded_at` order: a small, rebuildable marker.

A window read may skip the lines before its window only where the journal is in
`recorded_at` order. Finding that out means decoding every line, so once a read
has done it, it leaves a marker in the user's cache folder, one per journal (keyed
by the journal's real path): "the first `size` bytes of the file with this device
and inode are in order, the last `recorded_at` among them is `last`, and the 4 KiB
before `size` have this digest". Appends only add bytes after `size`, so the
marker stays true for them; a file replaced by a rewrite has another inode, and a
file edited in place fails the digest (or is shorter than `size`), so neither can
be mistaken for the file the marker was made for. `disordered` says the line at
`size` is recorded before `last`: the journal is out of order from there on.

Losing the marker costs one full read; a wrong one is impossible to make from the
file alone, and a broken one is ignored. Writing it never fsyncs: a crash at worst
leaves a marker that does not parse, which reads as none.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from checkout_cli.store import markers

FOLDER = "order"


@dataclass(frozen=True)
class Known:
    """The first `size` bytes are in `recorded_at` order, the latest being `last`."""

    size: int = 0
    last: str | None = None
    disordered: bool = False


NOTHING = Known()


def load(journal: Path, fd: int, size: int) -> Known:
    """What the marker says of the open journal `fd` (of `size` bytes), if it still holds."""
    data = markers.load(journal, FOLDER, fd, size)
    if data is None:
        return NOTHING
    try:
        known = Known(int(data["size"]), data["last"], bool(data["disordered"]))
    except (KeyError, TypeError, ValueError):
        return NOTHING
    if known.last is not None and not isinstance(known.last, str):
        return NOTHING
    return known


def save(journal: Path, fd: int, known: Known) -> None:
    """Leave the marker for `fd`; a cache folder that cannot be written is no error."""
    if known.size <= 0:
        return
    with contextlib.suppress(OSError, ValueError):
        data = markers.identity(fd, known.size)
        data.update(last=known.last, disordered=known.disordered)
        markers.save(journal, FOLDER, data)
