"""Whole-file writes that leave the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from checkout_cli.model.errors import CheckoutError, UsageProblem


def atomic_write(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write to a temp file in the same folder, fsync, then `os.replace` over `path`."""
    with Replacement(path, mode=mode) as new:
        new.write(data)
        new.commit()


class Replacement:
    """A new version of `path`, written piece by piece to a temp file beside it.

    `commit` fsyncs it and puts it in place with `os.replace`; leaving the `with`
    block without committing removes it, so the old file stays as it was. A
    symbolic link is written through: replacing the link itself would leave the
    file it points to (a journal in a synced folder, a config kept with dotfiles)
    behind, no longer updated.
    """

    def __init__(self, path: Path, *, mode: int = 0o600) -> None:
        if path.is_symlink():
            path = Path(os.path.realpath(path))
        self.path = path
        try:
            self._fd, self._tmp = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
            )
        except OSError as error:
            raise _cannot_write(path, error) from None
        self._done = False
        try:
            os.fchmod(self._fd, mode)
        except OSError as error:
            self._fail(error)

    def __enter__(self) -> Replacement:
        return self

    def __exit__(self, *_: object) -> None:
        self.discard()

    def write(self, data: bytes | memoryview) -> None:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as error:
            self._fail(error)

    def commit(self) -> None:
        try:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = -1
            os.replace(self._tmp, self.path)
        except OSError as error:
            self._fail(error)
        self._done = True
        fsync_dir(self.path.parent)

    def discard(self) -> None:
        """Close and remove the temp file, unless it was committed; safe to repeat."""
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1
        if not self._done:
            self._done = True
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)

    def _fail(self, error: OSError) -> NoReturn:
        self.discard()
        raise _cannot_write(self.path, error) from None


def _cannot_write(path: Path, error: OSError) -> CheckoutError:
    fix = f"; check the permissions of folder {path.parent}" if error.errno in _DENIED else ""
    return CheckoutError(f"cannot write {path}: {error.strerror}{fix}")


_DENIED = (errno.EACCES, errno.EPERM)


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
            raise UsageProblem(f"{path} is a journal; write to another file")
    if path.is_dir():
        raise CheckoutError(f"{path} is a folder; give a file name to write to")
    if not path.parent.is_dir():
        raise CheckoutError(f"folder {path.parent} does not exist; create it or pick another")
    atomic_write(path, text.encode("utf-8"), mode=0o644)
    return path
