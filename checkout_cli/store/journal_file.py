"""The journal file underneath the `Journal`: locked opens, whole appends, block reads.

Plain OS-level mechanics with no idea of what a line means: `journal.py` builds the
reading, rewriting and ordering on top of these.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from checkout_cli.model.errors import CheckoutError

Progress = Callable[[int, int], None]  # (bytes read, bytes in all)

BLOCK = 1 << 20


def describe(error: OSError, path: Path) -> str:
    if isinstance(error, IsADirectoryError):
        return f"journal {path} is a folder, not a file"
    if isinstance(error, PermissionError):
        if not os.path.lexists(path):
            return f"no permission to create {path}; check the permissions of folder {path.parent}"
        return f"no permission to use journal {path}; check its permissions"
    if isinstance(error, FileNotFoundError):
        return f"journal {path} does not exist"
    if isinstance(error, NotADirectoryError):
        return f"journal {path}: a part of its path is a file, not a folder; choose another path"
    return f"journal {path}: {error.strerror or error}"


def open_locked(path: Path, flags: int, lock: int) -> int:
    """Open and lock `path`, retrying if a rewrite replaced the file while we waited.

    A rewrite swaps in a new inode with os.replace; a writer that was waiting on
    the old inode's lock must not append to the file that was just replaced.
    """
    while True:
        try:
            fd = os.open(path, flags | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise CheckoutError(describe(error, path)) from None
        try:
            fcntl.flock(fd, lock)
            current = os.stat(path)
            opened = os.fstat(fd)
        except FileNotFoundError:
            os.close(fd)
            continue
        except OSError as error:
            os.close(fd)
            raise CheckoutError(describe(error, path)) from None
        if (current.st_ino, current.st_dev) == (opened.st_ino, opened.st_dev):
            return fd
        os.close(fd)


def append_bytes(path: Path, data: bytes) -> None:
    """Append under the exclusive lock; on any write error, cut the file back to its old size."""
    _ignore_file_size_signal()
    created = not path.exists()
    fd = open_locked(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, fcntl.LOCK_EX)
    try:
        if created:
            os.fchmod(fd, 0o600)
        size = os.fstat(fd).st_size
        # A torn earlier write: start on a fresh line so the damaged bytes stay apart.
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise CheckoutError(
                f"could not write to {path}: {error.strerror}; nothing was saved"
            ) from None
    finally:
        os.close(fd)


def _ignore_file_size_signal() -> None:
    """Turn SIGXFSZ (file size limit) into an EFBIG error we can report and undo."""
    import signal

    with contextlib.suppress(ValueError, AttributeError):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def snapshot(path: Path) -> tuple[int, int] | None:
    """Open for reading and return (fd, size), or None when there is no journal.

    The size is taken under a shared lock, so no append is half-way through the
    bytes we will read; the lock is released at once so readers never hold up writers.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CheckoutError(describe(error, path)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        size = os.fstat(fd).st_size
        fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError as error:
        os.close(fd)
        raise CheckoutError(describe(error, path)) from None
    return fd, size


def pread_all(fd: int, length: int, offset: int) -> bytes:
    data = os.pread(fd, length, offset)
    while len(data) < length:
        more = os.pread(fd, length - len(data), offset + len(data))
        if not more:
            break
        data += more
    return data


def blocks(
    fd: int,
    path: Path,
    start: int,
    size: int,
    progress: Progress | None = None,
    block_size: int = BLOCK,
) -> Iterator[tuple[int, bytes, int]]:
    """(offset, block, stop) from `start` up to `size`: whole lines in `block[:stop]`,
    the last one at `size` perhaps without its newline."""
    position = start
    want = block_size
    try:
        while position < size:
            block = os.pread(fd, min(want, size - position), position)
            if not block:
                break
            if position + len(block) >= size:
                stop = len(block)
            else:
                stop = block.rfind(b"\n") + 1
                if not stop:
                    want *= 2  # one line longer than the block
                    continue
            yield position, block, stop
            position += stop
            if progress is not None:
                progress(position, size)
    except OSError as error:
        raise CheckoutError(describe(error, path)) from None


def old_lines(
    fd: int, path: Path, size: int, progress: Progress | None, block_size: int = BLOCK
) -> Iterator[bytes]:
    """The first `size` bytes of the file as lines, each keeping its newline (the last
    may lack one). Only a newline splits: `bytes.splitlines` also splits at a lone
    carriage return, which would cut a valid line (JSON allows it as whitespace) in two.
    """
    for _, block, stop in blocks(fd, path, 0, size, progress, block_size):
        lines = block[:stop].split(b"\n")
        tail = lines.pop()  # empty, unless the file ends without a newline
        for line in lines:
            yield line + b"\n"
        if tail:
            yield tail


def remove_stale_temp_files(path: Path) -> None:
    """Remove temp files that a rewrite killed before its `os.replace` left behind.

    Called under the journal's lock: a rewrite makes its temp files (the journal's
    and its backup's, named by `files.atomic_write`) only while it holds the lock on
    the file the path names, and is done with them once it has replaced that file,
    so any still lying beside the journal belong to no rewrite in progress. The
    journal itself was never replaced by them, so nothing saved is lost.
    """
    # A journal reached through a symbolic link is written beside the file it names.
    for place in {path, Path(os.path.realpath(path))}:
        stale = re.compile(rf"\.{re.escape(place.name)}\.(?:bak\.)?[a-z0-9_]{{8}}\.tmp")
        try:
            names = os.listdir(place.parent)
        except OSError:
            continue
        for name in names:
            if stale.fullmatch(name):
                with contextlib.suppress(OSError):
                    os.unlink(place.parent / name)
