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
import json
import os
from dataclasses import dataclass
from pathlib import Path

try:  # the C module behind hashlib's blake2b: `hashlib` itself loads OpenSSL, which costs
    from _blake2 import blake2b  # a check-out (it reads the journal's end) several ms
except ImportError:  # pragma: no cover - a Python without it
    from hashlib import blake2b

DIGEST_SPAN = 4096


@dataclass(frozen=True)
class Known:
    """The first `size` bytes are in `recorded_at` order, the latest being `last`."""

    size: int = 0
    last: str | None = None
    disordered: bool = False


NOTHING = Known()


def _marker_path(journal: Path) -> Path:
    from checkout_cli.store.paths import cache_dir

    real = os.path.realpath(journal)
    key = blake2b(os.fsencode(real), digest_size=12).hexdigest()
    return cache_dir() / "order" / f"{key}.json"


def digest(fd: int, size: int) -> str:
    start = max(0, size - DIGEST_SPAN)
    return blake2b(os.pread(fd, size - start, start), digest_size=16).hexdigest()


def load(journal: Path, fd: int, size: int) -> Known:
    """What the marker says of the open journal `fd` (of `size` bytes), if it still holds."""
    try:
        data = json.loads(_marker_path(journal).read_bytes())
        stat = os.fstat(fd)
        known = Known(int(data["size"]), data["last"], bool(data["disordered"]))
        if (
            data["dev"] == stat.st_dev
            and data["ino"] == stat.st_ino
            and 0 < known.size <= size
            and (known.last is None or isinstance(known.last, str))
            and data["digest"] == digest(fd, known.size)
        ):
            return known
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return NOTHING


def save(journal: Path, fd: int, known: Known) -> None:
    """Leave the marker for `fd`; a cache folder that cannot be written is no error."""
    if known.size <= 0:
        return
    with contextlib.suppress(OSError, ValueError):
        stat = os.fstat(fd)
        data = {
            "journal": os.path.realpath(journal),
            "dev": stat.st_dev,
            "ino": stat.st_ino,
            "size": known.size,
            "last": known.last,
            "disordered": known.disordered,
            "digest": digest(fd, known.size),
        }
        target = _marker_path(journal)
        from checkout_cli.store.paths import ensure_private_dir

        try:
            ensure_private_dir(target.parent)
        except Exception:  # a CheckoutError: the cache is only a help
            return
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd_out = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd_out, json.dumps(data).encode())
        finally:
            os.close(fd_out)
        os.replace(temp, target)
