"""The store's one journal object: with `journal_file` beneath it, the only code that
opens the journal file.

One JSON object per line, each decoded by `codec`. Appends are O(1) under an
exclusive `flock`; rewrites go through a temp file and `os.replace` under the same
lock; readers never change the journal and report, rather than drop, lines that do
not decode. The store never prints: what a person should hear goes to the `warn`
callback the caller hands in.

Reading: `read` is the one forward reader, for a window (`since`) or the whole
file; `lines` is the same read with every line's number, bytes and entry or error
(for `checkout check`); `tail` reads the last entries from the end. A window read
skips the lines before its window through `window_start`, only over the part of the
file known to be in `recorded_at` order (see `store/order.py`); past that part a
read decodes every line, checks the order as it goes, and says once when it is broken.
"""

from __future__ import annotations

import fcntl
import heapq
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from checkout_cli.model.errors import CheckoutError
from checkout_cli.store import codec, journal_file
from checkout_cli.store.codec import Unreadable
from checkout_cli.store.paths import backup_file

if TYPE_CHECKING:
    from checkout_cli.store.counted import Counting
    from checkout_cli.store.order import Known

Entry = dict[str, Any]
Warn = Callable[[str], None]
Progress = journal_file.Progress

_BLOCK = journal_file.BLOCK
_PROBE = 1 << 14  # what `window_start` reads at a time while looking for a whole line
_EARLIEST = datetime.min.replace(tzinfo=UTC)


class Line(NamedTuple):
    """One physical line of the journal, decoded or not."""

    number: int
    raw: bytes
    entry: Entry | None
    error: str | None


@dataclass(frozen=True)
class Repaired:
    moved: int
    sorted: bool


def encode(entry: Entry) -> bytes:
    return codec.encode(entry)


def instant(value: Any) -> datetime | None:
    """A `recorded_at` text as a moment; None when it is not a date-time with its UTC
    offset (`checkout check` names such a line): without one, no order can be told."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


# --- finding where a window starts ---------------------------------------------------


def window_start(pread: Callable[[int, int], bytes], end: int, since: datetime) -> int:
    """Where a forward read must start to see every entry whose `at` >= `since`.

    `pread(size, offset)` reads the file; its first `end` bytes must be in
    `recorded_at` order (`end` a line boundary). The rule: `at <= recorded_at` and the
    lines are in `recorded_at` order, so every entry with `at >= since` was recorded at
    or after `since`, and every line before one recorded before `since` was recorded
    before `since` too. A binary search over byte offsets looks for the last such line:
    each probe decodes, with the codec, the first whole line that starts at or after
    its offset and holds a `recorded_at` (lines without one are passed over). The read
    starts just after the last line found recorded before `since`, or at 0. About
    log2(end / 16 KiB) probes of a line each; the read then decodes at most 16 KiB it
    could have skipped.
    """
    low, high = 0, end
    while high - low > _PROBE:
        middle = (low + high) // 2
        found = _first_timed_line(pread, middle, high, end)
        if found is None or found[1] >= since:
            high = middle
        else:
            low = found[0]
    return low


def _first_timed_line(
    pread: Callable[[int, int], bytes], position: int, before: int, end: int
) -> tuple[int, datetime] | None:
    """(the offset just after it, its recorded_at) of the first line starting in
    [position, before) that holds an entry with a `recorded_at`; None if there is none.
    Lines are read whole up to `end`, the end of the part in order."""
    # From one byte before, so a line that starts right at `position` counts.
    at = position - 1
    buffer = pread(min(_PROBE, end - at), at)
    while b"\n" not in buffer:  # inside a line longer than a probe: on to its end
        at += len(buffer)
        if at >= before or not buffer:
            return None
        buffer = pread(min(_PROBE, end - at), at)
    first = buffer.find(b"\n") + 1
    start = at + first
    buffer = buffer[first:]
    while start < before:
        stop = buffer.find(b"\n")
        while stop < 0 and start + len(buffer) < end:
            more = pread(min(_PROBE, end - start - len(buffer)), start + len(buffer))
            if not more:
                break
            buffer += more
            stop = buffer.find(b"\n")
        line = buffer if stop < 0 else buffer[: stop + 1]
        recorded = instant(codec.recorded_at_of(line))
        if recorded is not None:
            return start + len(line), recorded
        start += len(line)
        buffer = buffer[len(line) :]
        if not buffer and start < before:
            buffer = pread(min(_PROBE, end - start), start)
        if stop < 0:
            break
    return None


# --- the journal ---------------------------------------------------------------------


class Journal:
    """One journal file. `warn` hears of every line a read skips, once per line, and of
    a journal found out of `recorded_at` order, once per read."""

    def __init__(self, path: Path, *, warn: Warn) -> None:
        self.path = path
        self.warn = warn

    @property
    def backup_path(self) -> Path:
        return backup_file(self.path)

    def exists(self) -> bool:
        """Whether there is a journal. A path the system cannot look at (a plain file where
        a folder should be, a symlink loop, no permission) is an error, never "no journal"."""
        try:
            os.stat(self.path)
        except FileNotFoundError:
            return False
        except OSError as error:
            raise CheckoutError(journal_file.describe(error, self.path)) from None
        return True

    # --- writing ---

    def append(self, entry: Entry) -> None:
        """Add one entry at the end: one write, fsync, and the file is never left half-written."""
        from checkout_cli.store.paths import ensure_private_dir

        data = codec.encode(entry)
        ensure_private_dir(self.path.parent)
        journal_file.append_bytes(self.path, data)

    # --- reading ---

    def read(
        self, since: datetime | None = None, progress: Progress | None = None
    ) -> Iterator[Entry]:
        """Every entry in file order; with `since`, those recorded at or after `since` (and
        any whose `recorded_at` is unreadable), which hold every entry whose `at` >= since.
        A bad line is skipped with a warning naming it; a missing journal reads as empty."""
        return self._read(since, progress, None)

    def read_for_counting(
        self, since: datetime | None, progress: Progress | None, counting: Counting
    ) -> Iterator[Entry]:
        """`read`, but the entries recorded before `counting.before` (found by the same
        binary search as `since`, so a few may pass as later) go to `counting.take`, and
        only those it does not take are yielded. The trend marker (`store/counted.py`) is
        used: when `counting.accept`s it, the bytes it covers are not read at all; at the
        end, if `counting` took every early entry, `counting.totals()` is kept as the new
        marker."""
        return self._read(since, progress, counting)

    def _read(
        self, since: datetime | None, progress: Progress | None, counting: Counting | None
    ) -> Iterator[Entry]:
        with _View(self) as view:
            known = view.known()
            start = 0
            if since is not None and known.size:
                start = window_start(view.pread, known.size, since)
            check = _OrderCheck(view, known)
            check_from = check.check_from
            loads = codec.quick_decoder()
            early_to = 0  # lines before this offset were recorded before counting.before
            taken_all = True
            if counting is not None and known.size:
                from checkout_cli.store import counted

                early_to = window_start(view.pread, known.size, counting.before)
                marker = (
                    counted.load(self.path, view.fd, view.size, known.size) if early_to else None
                )
                if marker is not None and counting.accept(marker):
                    start = max(start, marker.size)
            # In the part known to be in order, only the lines before the first one
            # recorded at or after `since` can be older: past it, no time is looked at.
            timed_from = 0 if since is not None else _NEVER
            earliest = _EARLIEST if since is None else since
            for offset, raw in view.lines(start, progress):
                try:
                    entry = loads(raw)
                except ValueError:
                    entry = codec.decode(raw)
                if type(entry) is not dict:
                    entry = codec.decode(raw)
                if type(entry) is not dict:
                    if offset >= check_from:
                        check.neutral(offset, raw)
                    view.skip(offset, raw, entry)
                    continue
                if offset >= check_from:
                    check.see(offset, raw, entry)
                    check_from = check.check_from
                if offset >= timed_from:
                    recorded = instant(entry.get("recorded_at"))
                    if recorded is not None:
                        if recorded < earliest:
                            continue
                        if offset < known.size:
                            timed_from = known.size
                if offset < early_to and counting is not None:
                    if counting.take(entry):
                        continue
                    taken_all = False
                yield entry
            check.done()
            if counting is not None and early_to and taken_all:
                totals = counting.totals()
                if totals is not None:
                    from checkout_cli.store import counted

                    counted.save(
                        self.path, view.fd, counted.Counted(early_to, counting.before, totals)
                    )

    def lines(self, progress: Progress | None = None) -> Iterator[Line]:
        """Every non-blank line from the start, decoded or not, with its 1-based number."""
        with _View(self) as view:
            check = _OrderCheck(view, view.known(), quiet=True)
            for number, (offset, raw) in enumerate(view.lines(0, progress), start=1):
                entry = codec.decode(raw)
                if type(entry) is dict:
                    check.see(offset, raw, entry)
                    yield Line(number, raw, entry, None)
                else:
                    check.neutral(offset, raw)
                    if raw.strip():
                        yield Line(number, raw, None, str(entry))
            check.done()

    def tail(self, limit: int, *, heads: bool = False) -> list[Entry]:
        """The last `limit` entries recorded, oldest first. In a journal in order they are
        the file's last entries, read from its end; past the part known to be in order
        every line is decoded, and out of order the latest by `recorded_at` are taken.
        With `heads`, each entry holds only what names its meeting (`codec.head_decoder`:
        no answers), which is several times cheaper to read."""
        decode = codec.head_decoder() if heads else codec.decode
        if limit <= 0:
            return []
        with _View(self) as view:
            known = view.known()
            check = _OrderCheck(view, known)
            later: list[tuple[datetime, int, Entry]] = []  # a heap of the latest, past known.size
            carried = instant(known.last) or _EARLIEST
            for offset, raw in view.lines(known.size):
                entry = decode(raw)
                if type(entry) is not dict:
                    check.neutral(offset, raw)
                    view.skip(offset, raw, entry)
                    continue
                check.see(offset, raw, entry)
                carried = instant(entry.get("recorded_at")) or carried
                item = (carried, offset, entry)
                if len(later) < limit:
                    heapq.heappush(later, item)
                else:
                    heapq.heappushpop(later, item)
            check.done()
            in_order = not check.disordered
            wanted = limit - len(later) if in_order else limit
            earlier = view.last_entries(known.size, wanted, decode) if wanted > 0 else []
        if in_order:
            return [entry for _, entry in earlier] + [item[2] for item in sorted(later)]
        keyed: list[tuple[datetime, int, Entry]] = []
        carried = _EARLIEST
        for offset, entry in earlier:
            carried = instant(entry.get("recorded_at")) or carried
            keyed.append((carried, offset, entry))
        chosen = heapq.nlargest(limit, keyed + later, key=lambda item: (item[0], item[1]))
        return [item[2] for item in sorted(chosen, key=lambda item: (item[0], item[1]))]

    def last(self, limit: int) -> list[Entry]:
        """The file's last `limit` entries as they stand, oldest first, read from its end
        only: no order check, and no order marker read or left. For hints that a journal
        out of order makes vaguer but never wrong (the rhythm a parting mentions), at the
        same cost on a journal of any size."""
        if limit <= 0:
            return []
        with _View(self) as view:
            return [entry for _, entry in view.last_entries(view.size, limit)]

    def find(self, prefix: str, progress: Progress | None = None) -> Entry:
        """The one entry whose id starts with `prefix`."""
        prefix = prefix.strip().lower()
        if not prefix:
            raise CheckoutError("give an entry id (or the start of one); `checkout log` shows them")
        found = self.read(progress=progress)
        matches = [entry for entry in found if str(entry.get("id", "")).startswith(prefix)]
        if not matches:
            raise CheckoutError(f"no check-out with id {prefix!r}; `checkout log` shows the ids")
        ids = {str(e.get("id")) for e in matches}
        if len(ids) > 1:
            shown = ", ".join(sorted(ids)[:5])
            raise CheckoutError(f"id {prefix!r} is ambiguous ({shown}); type more of it")
        return matches[-1]

    # --- rewriting ---

    def rewrite(
        self,
        change: Callable[[Entry], Entry | bool | None],
        progress: Progress | None = None,
    ) -> int:
        """Apply `change` to every entry; lines it leaves alone stay byte for byte.

        `change` returns the new entry, None to leave it unchanged, or False to delete it.
        Lines that hold no entry are kept as they are. Returns how many lines changed.
        """
        changed = 0

        def transform(fd: int, size: int) -> Iterator[tuple[bytes, Any]]:
            nonlocal changed
            for raw in _old_lines(fd, self.path, size, progress):
                entry = codec.decode(raw)
                result = change(entry) if type(entry) is dict else None
                if result is None:
                    yield raw, entry.get("recorded_at") if type(entry) is dict else None
                elif result is False:
                    changed += 1
                else:
                    assert isinstance(result, dict)
                    line = codec.encode(result)
                    changed += line != raw
                    yield line, result.get("recorded_at")

        self._replace(transform, changed=lambda: changed > 0, track_order=True)
        return changed

    def repair(self, destination: Path, progress: Progress | None = None) -> Repaired:
        """Move the lines that do not decode to `destination` and put the rest in
        `recorded_at` order, deciding line by line under the lock, so a line is moved
        only if it still fails to decode now. The moved lines are appended to
        `destination` and fsynced before the journal is replaced; nothing changes
        when every line decodes and the order holds."""
        moved: list[bytes] = []
        reordered = False

        def transform(fd: int, size: int) -> Iterator[tuple[bytes, Any]]:
            nonlocal reordered
            # First pass: which lines do not decode, and whether the rest are in order.
            unreadable: set[int] = set()
            latest = _EARLIEST
            for number, raw in enumerate(_old_lines(fd, self.path, size, progress)):
                entry = codec.decode(raw)
                if type(entry) is not dict:
                    if raw.strip():
                        unreadable.add(number)
                        moved.append(raw if raw.endswith(b"\n") else raw + b"\n")
                    continue
                recorded = instant(entry.get("recorded_at"))
                if recorded is not None:
                    reordered = reordered or recorded < latest
                    latest = max(latest, recorded)
            if not reordered:  # the lines that stay, streamed as they are
                for number, raw in enumerate(_old_lines(fd, self.path, size)):
                    if number not in unreadable:
                        yield raw, None
                return
            # Out of order: sort by recorded_at (stable); a line without a time keeps its
            # place after the line before it. Memory: a small tuple a line.
            kept: list[tuple[datetime, int, int, int]] = []  # (key, number, offset, length)
            key = _EARLIEST
            offset = 0
            for number, raw in enumerate(_old_lines(fd, self.path, size)):
                if number not in unreadable:
                    entry = codec.decode(raw)
                    recorded = instant(entry.get("recorded_at")) if type(entry) is dict else None
                    key = recorded or key
                    kept.append((key, number, offset, len(raw)))
                offset += len(raw)
            kept.sort()
            for _, _, start, length in kept:
                yield journal_file.pread_all(fd, length, start), None

        def keep_safe() -> None:
            if moved:
                journal_file.append_bytes(destination, b"".join(moved))

        self._replace(transform, changed=lambda: bool(moved) or reordered, before_replace=keep_safe)
        return Repaired(len(moved), reordered)

    def _replace(
        self,
        make: Callable[[int, int], Iterator[tuple[bytes, Any]]],
        *,
        changed: Callable[[], bool],
        before_replace: Callable[[], None] | None = None,
        track_order: bool = False,
    ) -> bool:
        """Replace the journal with the lines `make(fd, size)` makes of its first `size`
        bytes, each with its entry's `recorded_at`; False, with nothing written, when
        `changed()` says it changed nothing once they have all gone through. With
        `track_order`, the new file gets its order marker, so the next read need not
        decode it all to learn the order again.

        Under the append lock: the lines stream into a temp file in the same folder; if
        anything changed, `before_replace` runs, the previous version is copied to
        `<name>.bak`, and the temp file is fsynced and renamed over the journal. Memory
        stays the size of a block, whatever the journal's size. A crash leaves the old
        file or the new one; appenders waiting on the lock follow the new file; a command
        that fails leaves the journal and its backup as they were.
        """
        from checkout_cli.store.files import Replacement

        path = self.path
        fd = journal_file.open_locked(path, os.O_RDWR, fcntl.LOCK_EX)
        try:
            journal_file.remove_stale_temp_files(path)
            size = os.fstat(fd).st_size
            written = _Written()
            with Replacement(path, mode=0o600) as new:
                pending: list[bytes] = []
                pending_size = 0
                for line, recorded in make(fd, size):
                    if not line.endswith(b"\n"):
                        line += b"\n"
                    if track_order:
                        written.add(len(line), recorded)
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
                self._backup(fd, size)
                if track_order:
                    written.leave_marker(path, new.fileno())
                new.commit()
            return True
        finally:
            os.close(fd)

    def _backup(self, fd: int, size: int) -> None:
        """Keep the previous version (the first `size` bytes of `fd`), copied a block at a
        time; never let a much smaller one silently replace a backup."""
        from checkout_cli.model import clock
        from checkout_cli.store.files import Replacement

        path = self.path
        target = backup_file(path)
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
            self.warn(
                "the journal is much smaller than its last backup; "
                f"the older backup was kept as {keep}"
            )
        with Replacement(target, mode=0o600) as copy:
            for _, block, stop in journal_file.blocks(fd, path, 0, size, block_size=_BLOCK):
                copy.write(memoryview(block)[:stop])
            copy.commit()


class _Written:
    """How far the lines a rewrite writes are in `recorded_at` order."""

    def __init__(self) -> None:
        self.size = 0
        self.end = 0
        self.last: datetime | None = None
        self.last_text: str | None = None
        self.broken = False

    def add(self, length: int, recorded: Any) -> None:
        moment = None if self.broken else instant(recorded)
        if moment is not None:
            if self.last is not None and moment < self.last:
                self.broken = True
            else:
                self.last, self.last_text = moment, str(recorded)
        if not self.broken:
            self.end = self.size + length
        self.size += length

    def leave_marker(self, path: Path, fd: int) -> None:
        """For the new file `fd`, written in full and about to replace `path`."""
        from checkout_cli.store import order

        order.save(path, fd, order.Known(self.end, self.last_text, self.broken))


# --- one open snapshot of the file ---------------------------------------------------


class _View:
    """The journal held open at the size it had under the shared lock. A missing
    journal is an empty view. Line numbers are counted only when a line needs naming,
    from the last one counted on."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.path = journal.path
        snap = journal_file.snapshot(journal.path)
        self.fd, self.size = (-1, 0) if snap is None else snap
        self._counted = (0, 1)  # (offset, number of the line starting there)

    def __enter__(self) -> _View:
        return self

    def __exit__(self, *_: object) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def known(self) -> Known:
        from checkout_cli.store import order

        if self.fd < 0 or not self.size:
            return order.NOTHING
        try:
            return order.load(self.path, self.fd, self.size)
        except OSError as error:
            raise CheckoutError(journal_file.describe(error, self.path)) from None

    def pread(self, size: int, offset: int) -> bytes:
        try:
            return os.pread(self.fd, size, offset)
        except OSError as error:
            raise CheckoutError(journal_file.describe(error, self.path)) from None

    def lines(self, start: int, progress: Progress | None = None) -> Iterator[tuple[int, bytes]]:
        """(offset, line with its newline) from `start` (a line's first byte) up to the
        size seen under the lock; an append that landed later is left for the next reader.
        Only a newline ends a line (a lone carriage return is JSON whitespace)."""
        if self.fd < 0 or start >= self.size:
            return
        size = self.size
        try:
            with open(self.fd, "rb", buffering=_BLOCK, closefd=False) as handle:
                handle.seek(start)
                offset = start
                for count, raw in enumerate(handle, start=1):
                    end = offset + len(raw)
                    if end > size:
                        raw = raw[: size - offset]
                        if raw:
                            yield offset, raw
                        break
                    yield offset, raw
                    offset = end
                    if progress is not None and not count & 0xFFFF:
                        progress(offset, size)
                    if offset >= size:
                        break
        except OSError as error:
            raise CheckoutError(journal_file.describe(error, self.path)) from None

    def skip(self, offset: int, raw: bytes, reason: object) -> None:
        """Warn about a line that holds no entry, by its number; a blank line is no news."""
        if raw.strip():
            self.journal.warn(
                f"{self.path}: line {self.number(offset)} {reason}; skipped (see `checkout check`)"
            )

    def number(self, offset: int) -> int:
        """The 1-based number of the line starting at `offset`."""
        counted, number = self._counted
        if offset < counted:
            counted, number = 0, 1
        while counted < offset:
            chunk = self.pread(min(_BLOCK, offset - counted), counted)
            if not chunk:
                break
            number += chunk.count(b"\n")
            counted += len(chunk)
        self._counted = (counted, number)
        return number

    def last_entries(
        self, end: int, limit: int, decode: Callable[[bytes], Any] = codec.decode
    ) -> list[tuple[int, Entry]]:
        """(offset, entry) of the last `limit` entries before `end`, oldest first, read
        from `end` towards the start, in blocks that grow from a guess at what `limit`
        lines take up to `_BLOCK`."""
        found: list[tuple[int, Entry]] = []
        position = end
        carry = b""
        want = min(_BLOCK, max(_PROBE, limit * 2048))
        while position > 0 and len(found) < limit:
            start = max(0, position - want)
            want = min(_BLOCK, want * 4)
            block = self.pread(position - start, start) + carry
            parts = block.split(b"\n")
            carry = parts[0] if start else b""
            offsets = []
            offset = start + (len(parts[0]) + 1 if start else 0)
            for part in parts[1:] if start else parts:
                offsets.append((offset, part))
                offset += len(part) + 1
            for offset, part in reversed(offsets):
                if not part:
                    continue
                entry = decode(part)
                if type(entry) is dict:
                    found.append((offset, entry))
                    if len(found) >= limit:
                        break
                else:
                    self.skip(offset, part, entry)
            position = start
        found.reverse()
        return found


class _OrderCheck:
    """Follows `recorded_at` over the lines a read decodes past the part known to be in
    order, and leaves a marker for how far the order holds. Lines without a time (or
    without an entry) neither break nor prove the order."""

    def __init__(self, view: _View, known: Known, *, quiet: bool = False) -> None:
        self.view = view
        self.known = known
        self.quiet = quiet
        self.disordered = known.disordered
        self.check_from = known.size
        self.end = known.size
        self.last_text = known.last
        self.last = instant(known.last)

    def see(self, offset: int, raw: bytes, entry: Entry) -> None:
        if offset < self.end or self.check_from == _NEVER:
            return
        if self.disordered:
            self._broken()
            return
        text = entry.get("recorded_at")
        moment = instant(text)
        if moment is not None:
            if self.last is not None and moment < self.last:
                self._broken()
                return
            self.last, self.last_text = moment, str(text)
        self.end = offset + len(raw)

    def neutral(self, offset: int, raw: bytes) -> None:
        if offset < self.end or self.check_from == _NEVER:
            return
        if self.disordered:
            self._broken()
            return
        self.end = offset + len(raw)

    def _broken(self) -> None:
        self.disordered = True
        self.check_from = _NEVER
        if not self.quiet:
            self.view.journal.warn(
                f"journal {self.view.path} is out of recorded_at order; "
                "`checkout check --repair` sorts it"
            )

    def done(self) -> None:
        """Leave the marker if this read learnt more than it knew."""
        from checkout_cli.store import order

        if self.view.fd < 0:
            return
        now = order.Known(self.end, self.last_text, self.disordered)
        if now != self.known and self.end > 0:
            order.save(self.view.path, self.view.fd, now)


_NEVER = 1 << 62


def _old_lines(fd: int, path: Path, size: int, progress: Progress | None = None) -> Iterator[bytes]:
    """The journal's first `size` bytes as lines, read `_BLOCK` at a time."""
    return journal_file.old_lines(fd, path, size, progress, _BLOCK)


__all__ = ["Journal", "Line", "Progress", "Repaired", "Unreadable", "Warn", "window_start"]
