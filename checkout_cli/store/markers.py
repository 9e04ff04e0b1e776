"""Small, rebuildable files about a journal's first bytes, kept in the cache folder.

A marker says something about "the first `size` bytes of the file with this device
and inode, whose 4 KiB before `size` have this digest". Appends only add bytes after
`size`, so a marker stays true for them; a file replaced by a rewrite has another
inode, and a file edited in place fails the digest (or is shorter than `size`), so
neither is mistaken for the file the marker was made for. Losing a marker costs one
longer read; a broken one reads as none. Writing one never fsyncs.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

try:  # the C module behind hashlib's blake2b: `hashlib` itself loads OpenSSL, which costs
    from _blake2 import blake2b  # a check-out (it reads the journal's end) several ms
except ImportError:  # pragma: no cover - a Python without it
    from hashlib import blake2b

DIGEST_SPAN = 4096


def path_for(journal: Path, folder: str) -> Path:
    """The marker of `journal` (by its real path) in the cache's `folder`."""
    from checkout_cli.store.paths import cache_dir

    real = os.path.realpath(journal)
    key = blake2b(os.fsencode(real), digest_size=12).hexdigest()
    return cache_dir() / folder / f"{key}.json"


def digest(fd: int, size: int) -> str:
    start = max(0, size - DIGEST_SPAN)
    return blake2b(os.pread(fd, size - start, start), digest_size=16).hexdigest()


def identity(fd: int, size: int) -> dict[str, Any]:
    """What ties a marker to the open file `fd` and its first `size` bytes."""
    stat = os.fstat(fd)
    return {"dev": stat.st_dev, "ino": stat.st_ino, "size": size, "digest": digest(fd, size)}


def load(journal: Path, folder: str, fd: int, size: int) -> dict[str, Any] | None:
    """The marker's data if it still holds for `fd` (open at `size` bytes), else None."""
    try:
        data = json.loads(path_for(journal, folder).read_bytes())
        stat = os.fstat(fd)
        if (
            isinstance(data, dict)
            and data["dev"] == stat.st_dev
            and data["ino"] == stat.st_ino
            and type(data["size"]) is int
            and 0 < data["size"] <= size
            and data["digest"] == digest(fd, data["size"])
        ):
            return data
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def save(journal: Path, folder: str, data: dict[str, Any]) -> None:
    """Write a marker (its `identity` in `data`); a cache that cannot be written is no error."""
    from checkout_cli.store.paths import ensure_private_dir

    target = path_for(journal, folder)
    with contextlib.suppress(OSError, ValueError):
        try:
            ensure_private_dir(target.parent)
        except Exception:  # a CheckoutError: the cache is only a help
            return
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd_out = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd_out, json.dumps({"journal": os.path.realpath(journal), **data}).encode())
        finally:
            os.close(fd_out)
        os.replace(temp, target)
