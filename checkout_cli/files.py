"""Whole-file writes that leave the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checkout_cli.errors import CheckoutError, UsageProblem


def atomic_write(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write to a temp file in the same folder, fsync, then `os.replace` over `path`.

    A symbolic link is written through: replacing the link itself would leave the
    file it points to (a journal in a synced folder, a config kept with dotfiles)
    behind, no longer updated.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise CheckoutError(f"cannot write {path}: {error.strerror}") from None
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise CheckoutError(f"cannot write {path}: {error.strerror}") from None
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable; some filesystems refuse, which is harmless here."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_output(name: str, text: str, *, protect: Sequence[Path] = ()) -> Path:
    """An export file: all of it or nothing, readable by others like any document.

    `protect` lists files an export must never replace (the journals being read).
    """
    path = Path(name).expanduser()
    for kept in protect:
        if path.resolve() == kept.resolve():
            raise UsageProblem(f"--output {path} is a journal; choose another file name")
    if path.is_dir():
        raise CheckoutError(f"{path} is a folder; give a file name for --output")
    if not path.parent.is_dir():
        raise CheckoutError(f"folder {path.parent} does not exist; create it or pick another")
    atomic_write(path, text.encode("utf-8"), mode=0o644)
    return path


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """A TOML document, or one CheckoutError that starts with `where` and says what is wrong."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CheckoutError(f"{where}: {error}") from None
    except (ValueError, RecursionError):  # tomllib's own limits, not its syntax errors
        raise CheckoutError(f"{where}: a number is too long or values nest too deeply") from None
