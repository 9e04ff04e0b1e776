"""The store: the only code that opens the journal file.

One JSON object per line. Appends are O(1) under an exclusive `flock`; rewrites
go through a temp file and `os.replace` under the same lock; readers never
rewrite anything and report, rather than drop, lines that do not parse.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from checkout_cli.model.errors import CheckoutError

Warn = Callable[[str], None]
Progress = Callable[[int, int], None]  # (bytes read, bytes in all)

# Lines are written in `recorded_at` order, but journals merged with git
# (merge=union) or written on machines with skewed clocks can interleave blocks
# out of order. A window read keeps scanning back this far past its start.
REORDER_MARGIN = timedelta(days=14)
_BLOCK = 1 << 20
_PROBE = 1 << 14  # enough of a line to find its `recorded_at`
_RECORDED_AT = re.compile(rb'"recorded_at"\s*:\s*"([^"]{10,40})"')
# A `\ud83d`-style escape is the only way a line can carry a lone surrogate: valid JSON
# (from writers that split UTF-16 pairs) but not text that UTF-8 or a terminal can take.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Line(NamedTuple):
    """One physical line of the journal, parsed or not."""

    number: int
    raw: bytes
    entry: dict[str, Any] | None
    error: str | None


# C0 and C1 controls and DEL, shown as `\xNN`: a warning quotes paths and text from files.
_UNPRINTABLE = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}


def warn_stderr(message: str) -> None:
    """One line on stderr; no escape sequence in a quoted path or text reaches the terminal."""
    print(f"checkout: warning: {message.translate(_UNPRINTABLE)}", file=sys.stderr)


def _describe(error: OSError, path: Path) -> str:
    if isinstance(error, IsADirectoryError):
        return f"journal {path} is a folder, not a file"
    if isinstance(error, PermissionError):
        if not os.path.lexists(path):
            return f"no permission to create {path}; check the permissions of folder {path.parent}"
        return f"no permission to use journal {path}; check its permissions"
    if isinstance(error, FileNotFoundError):
        return f"journal {path} does not exist"
    return f"journal {path}: {error.strerror or error}"


def _open_locked(path: Path, flags: int, lock: int) -> int:
    """Open and lock `path`, retrying if a rewrite replaced the file while we waited.

    A rewrite swaps in a new inode with os.replace; a writer that was waiting on
    the old inode's lock must not append to the file that was just replaced.
    """
    while True:
        try:
            fd = os.open(path, flags | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise CheckoutError(_describe(error, path)) from None
        try:
            fcntl.flock(fd, lock)
            current = os.stat(path)
            opened = os.fstat(fd)
        except FileNotFoundError:
            os.close(fd)
            continue
        except OSError as error:
            os.close(fd)
            raise CheckoutError(_describe(error, path)) from None
        if (current.st_ino, current.st_dev) == (opened.st_ino, opened.st_dev):
            return fd
        os.close(fd)


def encode(entry: dict[str, Any]) -> bytes:
    import json

    try:
        return (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        raise CheckoutError(
            "the text contains characters that are not valid Unicode; retype it"
        ) from None


def append(path: Path, entry: dict[str, Any]) -> None:
    """Add one entry at the end: one write, fsync, and the file is never left half-written."""
    from checkout_cli.store.paths import ensure_private_dir

    data = encode(entry)
    ensure_private_dir(path.parent)
    _append_bytes(path, data)


def _append_bytes(path: Path, data: bytes) -> None:
    """Append under the exclusive lock; on any write error, cut the file back to its old size."""
    _ignore_file_size_signal()
    created = not path.exists()
    fd = _open_locked(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, fcntl.LOCK_EX)
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


def _snapshot(path: Path) -> tuple[int, int] | None:
    """Open for reading and return (fd, size), or None when there is no journal.

    The size is taken under a shared lock, so no append is half-way through the
    bytes we will read; the lock is released at once so readers never hold up writers.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CheckoutError(_describe(error, path)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        size = os.fstat(fd).st_size
        fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError as error:
        os.close(fd)
        raise CheckoutError(_describe(error, path)) from None
    return fd, size


def _parse(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    import json

    try:
        entry = json.loads(raw)
    except ValueError as error:
        return None, f"not valid JSON ({error})"
    if not isinstance(entry, dict):
        return None, "not a JSON object"
    return _mended(raw, entry), None


def _mended(raw: bytes, entry: dict[str, Any]) -> dict[str, Any]:
    """The entry with any lone surrogate shown as U+FFFD, as a UTF-8 decoder would.

    Printing or re-encoding one would fail; the line itself stays as it is unless
    a command changes that entry. Lines without a `\\uD8..` escape skip the walk; most
    hold no backslash at all, which a one-byte search (memchr) tells several times
    faster than the searches for `\\ud` and `\\uD`.
    """
    if b"\\" in raw and (b"\\ud" in raw or b"\\uD" in raw) and _SURROGATE_ESCAPE.search(raw):
        mended: dict[str, Any] = _mend(entry)
        return mended
    return entry


def _mend(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mend(item) for item in value]
    if isinstance(value, dict):
        return {_mend(key): _mend(item) for key, item in value.items()}
    return value


def _raw_lines(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) for every line up to the size seen when reading began."""
    snap = _snapshot(path)
    if snap is None:
        return
    fd, size = snap
    try:
        with os.fdopen(fd, "rb", closefd=False) as handle:
            remaining = size
            for number, raw in enumerate(handle, start=1):
                remaining -= len(raw)
                if progress is not None and not number & 0xFFFF:
                    progress(size - remaining, size)
                # An append that landed after the snapshot is left for the next reader.
                yield number, raw[:remaining] if remaining < 0 else raw
                if remaining <= 0:
                    break
    except OSError as error:
        raise CheckoutError(_describe(error, path)) from None
    finally:
        os.close(fd)


def lines(path: Path, progress: Progress | None = None) -> Iterator[Line]:
    """Every non-blank line, parsed or not, with its 1-based line number."""
    for number, raw in _raw_lines(path, progress):
        if raw.strip():
            entry, error = _parse(raw)
            yield Line(number, raw, entry, error)


def entries(
    path: Path, warn: Warn = warn_stderr, progress: Progress | None = None
) -> Iterator[dict[str, Any]]:
    """Every entry in file order; a bad line is skipped with a warning naming it."""
    for number, raw in _raw_lines(path, progress):
        entry = entry_of(raw[:-1] if raw[-1:] == b"\n" else raw)
        if entry is not None:
            yield entry
        elif raw.strip():
            warn(_skipped(path, number, raw))


def _skipped(path: Path, number: int, raw: bytes) -> str:
    """The warning for a line that holds no entry, the same from every reader."""
    _, error = _parse(raw)
    return f"{path}: line {number} {error}; skipped (see `checkout check`)"


def _backwards(fd: int, size: int) -> Iterator[tuple[int, bytes]]:
    """(offset, line) pairs from the end of the file towards the start."""
    position = size
    carry = b""
    while position > 0:
        start = max(0, position - _BLOCK)
        block = os.pread(fd, position - start, start) + carry
        parts = block.split(b"\n")
        carry = parts[0]
        offset = start + len(parts[0]) + 1
        found = []
        for part in parts[1:]:
            found.append((offset, part))
            offset += len(part) + 1
        yield from reversed(found)
        position = start
    if carry:
        yield 0, carry


def _line_number(fd: int, offset: int) -> int:
    """Count newlines before `offset`: only done for the rare line that needs naming."""
    count = 0
    position = 0
    while position < offset:
        chunk = os.pread(fd, min(_BLOCK, offset - position), position)
        if not chunk:
            break
        count += chunk.count(b"\n")
        position += len(chunk)
    return count + 1


def recent(
    path: Path,
    *,
    since: datetime | None = None,
    limit: int | None = None,
    warn: Warn = warn_stderr,
) -> list[dict[str, Any]]:
    """Entries read from the end of the file, returned in file order.

    With `since`: every entry recorded at or after `since` (an entry's `at` is never
    later than its `recorded_at`, so this holds every entry whose `at` >= since).
    With `limit`: at most that many of the last entries. The scan stops once lines
    are recorded well before `since`, so the cost follows the window, not the file.
    """
    snap = _snapshot(path)
    if snap is None:
        return []
    fd, size = snap
    stop_before = since - REORDER_MARGIN if since is not None else None
    found: list[dict[str, Any]] = []
    try:
        for offset, raw in _backwards(fd, size):
            if not raw.strip():
                continue
            if since is not None and stop_before is not None:
                match = _RECORDED_AT.search(raw)
                recorded = _parse_time(match.group(1)) if match else None
                if recorded is not None:
                    if recorded < stop_before:
                        break
                    if recorded < since:
                        continue
            entry, error = _parse(raw)
            if entry is None:
                warn(
                    f"{path}: line {_line_number(fd, offset)} {error}; skipped "
                    "(see `checkout check`)"
                )
                continue
            found.append(entry)
            if limit is not None and len(found) >= limit:
                break
    except OSError as error:
        raise CheckoutError(_describe(error, path)) from None
    finally:
        os.close(fd)
    found.reverse()
    return found


def _parse_time(raw: bytes) -> datetime | None:
    try:
        moment = datetime.fromisoformat(raw.decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None
    return moment if moment.tzinfo is not None else moment.astimezone()


def entry_of(raw: bytes) -> dict[str, Any] | None:
    """The entry on a line, as every reader sees it; None when the line holds none.

    What `json.loads(raw)` gives, a fifth faster on the lines this tool writes:
    `json.loads` first guesses the encoding and skips whitespace around the value
    with regexes. A line that starts with `{` is UTF-8 as far as that guess goes (a
    UTF-16 or UTF-32 line would have a zero byte next), so decoding it and running
    json's own scanner from the first character is the same parse; anything the
    scanner does not take whole (other whitespace, other encodings, errors) goes
    through `json.loads`.
    """
    global _scan
    if _scan is None:
        import json.scanner

        # The stub asks for a scanner; json itself hands it its decoder, as here.
        _scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
    entry: Any = None
    try:
        text = raw.decode("utf-8", "surrogatepass")
        if text[:1] == "{":
            entry, end = _scan(text, 0)
            if end != len(text):
                entry = None
    except (ValueError, StopIteration):
        entry = None
    if type(entry) is not dict:
        import json

        try:
            entry = json.loads(raw)
        except ValueError:
            return None
        if type(entry) is not dict:
            return None
    return _mended(raw, entry)


_scan: Callable[[str, int], tuple[Any, int]] | None = None


class Snapshot:
    """One journal held open at the size it had under the shared lock, for readers
    that look at raw lines and parse only those they need.

    `start` finds where a window begins, `lines` reads forward from there, and
    `entry` parses a line, warning about a bad one by its number. The number is
    counted only when a bad line turns up, and from the last one counted on, so a
    read that starts late in the file never counts what lies before it for nothing.
    A missing journal reads as empty.
    """

    def __init__(self, path: Path, warn: Warn = warn_stderr) -> None:
        self.path = path
        self.warn = warn
        snap = _snapshot(path)
        self._fd, self.size = (-1, 0) if snap is None else snap
        self._counted = (0, 1)  # (offset, number of the line starting there)

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def start(self, since: datetime | None) -> int:
        """The offset to read forward from to see every entry whose `at` >= since.

        `recent`'s rule (lines are in `recorded_at` order, give or take
        REORDER_MARGIN), tested on one line per block going back from the end: the
        first whole line after each block boundary. The scan costs a read per
        block, not a parse per line, and it can only start earlier than `recent`
        stops, never later.
        """
        if since is None or self._fd < 0:
            return 0
        stop_before = since - REORDER_MARGIN
        position = self.size - _BLOCK
        try:
            while position > 0:
                # From one byte before the boundary, so a line starting on it counts.
                head = os.pread(self._fd, min(_PROBE, self.size - position + 1), position - 1)
                first = head.find(b"\n") + 1
                if first:
                    end = head.find(b"\n", first)
                    match = _RECORDED_AT.search(head, first, end if end >= 0 else len(head))
                    recorded = _parse_time(match.group(1)) if match else None
                    if recorded is not None and recorded < stop_before:
                        return position - 1 + first
                position -= _BLOCK
        except OSError as error:
            raise CheckoutError(_describe(error, self.path)) from None
        return 0

    def blocks(
        self, start: int = 0, progress: Progress | None = None
    ) -> Iterator[tuple[int, bytes, int]]:
        """(offset, block, stop): the lines from `start` (a line's first byte) up to the
        snapshot's end, whole lines in `block[:stop]` at a time, `offset` being where
        `block` starts in the file. The last line may lack its newline; an append
        that landed after the snapshot is left for the next reader.

        For readers that look into lines where they lie (`re.match(block, pos, end)`)
        and copy out only the few they parse: one bytes object per line costs more
        than the look.
        """
        return _blocks(self._fd, self.path, start, self.size, progress)

    def lines(
        self, start: int = 0, progress: Progress | None = None
    ) -> Iterator[tuple[int, bytes]]:
        """(offset, line without its newline) for each line of `blocks`."""
        for offset, block, stop in self.blocks(start, progress):
            parts = block.split(b"\n")
            tail = parts.pop()  # the part after the last newline: a line only at the end
            if tail and stop == len(block):
                parts.append(tail)
            for raw in parts:
                yield offset, raw
                offset += len(raw) + 1

    def entry(self, offset: int, raw: bytes) -> dict[str, Any] | None:
        """The entry on the line at `offset`; None, with a warning unless blank, if none."""
        entry = entry_of(raw)
        if entry is not None:
            return entry
        if raw.strip():
            self.warn(_skipped(self.path, self.number(offset), raw))
        return None

    def number(self, offset: int) -> int:
        """The 1-based number of the line starting at `offset`."""
        counted, number = self._counted
        if offset < counted:
            counted, number = 0, 1
        try:
            while counted < offset:
                chunk = os.pread(self._fd, min(_BLOCK, offset - counted), counted)
                if not chunk:
                    break
                number += chunk.count(b"\n")
                counted += len(chunk)
        except OSError as error:
            raise CheckoutError(_describe(error, self.path)) from None
        self._counted = (counted, number)
        return number


def _blocks(
    fd: int, path: Path, start: int, size: int, progress: Progress | None = None
) -> Iterator[tuple[int, bytes, int]]:
    """(offset, block, stop) from `start` up to `size`: whole lines in `block[:stop]`,
    the last one at `size` perhaps without its newline (see `Snapshot.blocks`)."""
    position = start
    want = _BLOCK
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
        raise CheckoutError(_describe(error, path)) from None


def exists(path: Path) -> bool:
    """Whether there is a journal. A path the system cannot look at (a plain file where
    a folder should be, a symlink loop, no permission) is an error, never "no journal"."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise CheckoutError(_describe(error, path)) from None
    return True


def rewrite(
    path: Path,
    change: Callable[[Iterator[bytes]], Iterator[bytes]],
    *,
    changed: Callable[[], bool],
    progress: Progress | None = None,
    before_replace: Callable[[], None] | None = None,
) -> bool:
    """Replace the journal with the lines `change` makes of its lines; False, with
    nothing written, when `changed()` says it changed nothing once they have all gone
    through.

    Under the append lock: the old lines stream through `change` into a temp file
    in the same folder; if anything changed, `before_replace` runs, the previous
    version is copied to `<name>.bak`, and the temp file is fsynced and renamed over
    the journal. Memory stays the size of a line, whatever the journal's size. A
    crash leaves the old file or the new one; appenders waiting on the lock follow
    the new file; a command that fails leaves the journal and its backup as they were.
    """
    from checkout_cli.store.files import Replacement

    fd = _open_locked(path, os.O_RDWR, fcntl.LOCK_EX)
    try:
        _remove_stale_temp_files(path)
        size = os.fstat(fd).st_size
        with Replacement(path, mode=0o600) as new:
            pending: list[bytes] = []
            pending_size = 0
            for line in change(_old_lines(fd, path, size, progress)):
                if not line.endswith(b"\n"):
                    line += b"\n"
                pending.append(line)
                pending_size += len(line)
                if pending_size >= _BLOCK:
                    new.write(b"".join(pending))
                    pending, pending_size = [], 0
            if not changed():
                return False
            new.write(b"".join(pending))
            if before_replace is not None:
                before_replace()
            _backup(path, fd, size)
            new.commit()
        return True
    finally:
        os.close(fd)


def _old_lines(fd: int, path: Path, size: int, progress: Progress | None) -> Iterator[bytes]:
    """The first `size` bytes of the file as lines, each keeping its newline (the last
    may lack one). Only a newline splits: `bytes.splitlines` also splits at a lone
    carriage return, which would cut a valid line (JSON allows it as whitespace) in two.
    """
    for _, block, stop in _blocks(fd, path, 0, size, progress):
        lines = block[:stop].split(b"\n")
        tail = lines.pop()  # empty, unless the file ends without a newline
        for line in lines:
            yield line + b"\n"
        if tail:
            yield tail


def _remove_stale_temp_files(path: Path) -> None:
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


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _backup(path: Path, fd: int, size: int) -> None:
    """Keep the previous version (the first `size` bytes of `fd`), copied a block at a
    time; never let a much smaller one silently replace a backup."""
    from checkout_cli.model import clock
    from checkout_cli.store.files import Replacement

    target = backup_path(path)
    try:
        previous_size = target.stat().st_size
    except FileNotFoundError:
        previous_size = 0
    if previous_size and size < previous_size // 2:
        stamp = clock.now().strftime("%Y%m%dT%H%M%S")
        keep = path.with_name(f"{path.name}.bak.{stamp}")
        count = 1
        while os.path.lexists(keep):  # another one set aside within the same second
            count += 1
            keep = path.with_name(f"{path.name}.bak.{stamp}-{count}")
        try:
            os.replace(target, keep)
        except OSError as error:
            raise CheckoutError(
                f"cannot keep the older backup as {keep}: {error.strerror}; nothing was changed"
            ) from None
        warn_stderr(
            f"the journal is much smaller than its last backup; the older backup was kept as {keep}"
        )
    with Replacement(target, mode=0o600) as copy:
        for _, block, stop in _blocks(fd, path, 0, size):
            copy.write(memoryview(block)[:stop])
        copy.commit()


def move_out(path: Path, expected: dict[int, bytes], destination: Path) -> int:
    """Move the given (1-based) lines to `destination`, appended there first and fsynced.

    Used by `check --repair`: every byte removed from the journal is already safe
    in the other file before the journal is rewritten. `expected` holds each
    line's bytes as the caller saw them; if the journal changed since (another
    command rewrote it), nothing is moved.
    """
    out: list[bytes] = []

    def changed_meanwhile() -> CheckoutError:
        return CheckoutError(
            f"journal {path} changed while it was being checked; run the repair again"
        )

    def change(old_lines: Iterator[bytes]) -> Iterator[bytes]:
        for number, raw in enumerate(old_lines, start=1):
            wanted = expected.get(number)
            if wanted is None:
                yield raw
            elif raw.rstrip(b"\n") != wanted.rstrip(b"\n"):
                raise changed_meanwhile()
            else:
                out.append(raw if raw.endswith(b"\n") else raw + b"\n")
        if len(out) != len(expected):
            raise changed_meanwhile()  # the journal ends before some of the lines

    def keep_safe() -> None:
        _append_bytes(destination, b"".join(out))

    rewrite(path, change, changed=lambda: bool(out), before_replace=keep_safe)
    return len(out)


def find(
    path: Path, prefix: str, *, warn: Warn = warn_stderr, progress: Progress | None = None
) -> dict[str, Any]:
    """The one entry whose id starts with `prefix`."""
    prefix = prefix.strip().lower()
    if not prefix:
        raise CheckoutError("give an entry id (or the start of one); `checkout log` shows them")
    found = entries(path, warn, progress)
    matches = [entry for entry in found if str(entry.get("id", "")).startswith(prefix)]
    if not matches:
        raise CheckoutError(f"no check-out with id {prefix!r}; `checkout log` shows the ids")
    ids = {str(e.get("id")) for e in matches}
    if len(ids) > 1:
        shown = ", ".join(sorted(ids)[:5])
        raise CheckoutError(f"id {prefix!r} is ambiguous ({shown}); type more of it")
    return matches[-1]


def rewrite_entries(
    path: Path,
    change: Callable[[dict[str, Any]], dict[str, Any] | bool | None],
    progress: Progress | None = None,
) -> int:
    """Apply `change` to every parseable entry; lines it leaves alone stay byte-for-byte.

    `change` returns the new entry, None to leave it unchanged, or False to delete it.
    Returns how many lines changed.
    """
    changed = 0

    def transform(old_lines: Iterator[bytes]) -> Iterator[bytes]:
        nonlocal changed
        for raw in old_lines:
            entry, _ = _parse(raw) if raw.strip() else (None, None)
            result = None if entry is None else change(entry)
            if result is None:
                yield raw
            elif result is False:
                changed += 1
            else:
                assert isinstance(result, dict)
                line = encode(result)
                changed += line != raw
                yield line

    rewrite(path, transform, changed=lambda: changed > 0, progress=progress)
    return changed
