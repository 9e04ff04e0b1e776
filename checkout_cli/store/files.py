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

    def fileno(self) -> int:
        """The temp file, open for reading and writing until `commit`."""
        return self._fd

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


def write_output(name: str, text: str, *, journals: Sequence[Path] = ()) -> Path:
    """An export file: all of it or nothing, with the mode any new document would get.

    Never one of the files the tool keeps, however the name is spelled: the config,
    the questions, and each journal (the default one and `journals`, those read
    from) with its backups and rejected lines; see `paths.kept_files`.
    """
    from checkout_cli.store import paths

    path = Path(name).expanduser()
    kept = paths.kept_as(path, journals)
    if kept is not None:
        raise UsageProblem(f"{path} {kept}; choose another file name")
    if path.is_dir():
        raise CheckoutError(f"{path} is a folder; give a file name to write to")
    if not path.parent.is_dir():
        raise CheckoutError(f"folder {path.parent} does not exist; create it or pick another")
    atomic_write(path, text.encode("utf-8"), mode=_output_mode(path))
    return path


def _output_mode(path: Path) -> int:
    """An existing file keeps its permission bits (a private 0600 export stays private;
    set-id bits are not carried over); a new one gets what the umask allows, as any
    program's new document would."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o077)
    os.umask(old)
    return old
