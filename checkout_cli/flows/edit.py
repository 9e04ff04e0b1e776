"""`checkout edit` and `checkout delete`: find one entry, edit it as TOML, save atomically.

The document and its checks live in `entry_toml`; here the editor is opened until
the text is valid or given up on, and the journal is rewritten in one step.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checkout_cli.model.errors import CheckoutError
from checkout_cli.store.journal import Journal, Progress, backup_path
from checkout_cli.views.entry_document import from_toml, is_blank, scale_limits, to_toml, with_error
from checkout_cli.views.warnings import warn_stderr


@dataclass(frozen=True)
class EditResult:
    """What happened: `entry` is the saved entry, or None when nothing changed."""

    original: dict[str, Any]
    entry: dict[str, Any] | None


Bar = Callable[[str], AbstractContextManager[Progress | None]]


def no_bar(label: str) -> AbstractContextManager[Progress | None]:
    return contextlib.nullcontext()


def edit_entry(
    path: Path,
    prefix: str,
    *,
    edit: Callable[[str], str],
    interactive: bool,
    pause: Callable[[str], None],
    bar: Bar = no_bar,
) -> EditResult:
    """Open one entry in the editor until it is valid (or given up on), then save it.

    With a terminal, a refused edit is explained and reopened with the person's own
    text; without one it fails at once, leaving the journal as it was. `bar` shows
    the passes over the journal (finding the entry, saving), never the editing.
    """
    with bar("Finding the check-out") as tick:
        original = find(path, prefix, tick)
    limits = scale_limits(original)
    first = to_toml(original)
    text = first
    while True:
        edited = edit(text)
        if edited == first or is_blank(edited):
            return EditResult(original, None)
        try:
            entry = from_toml(edited, original, limits=limits)
        except CheckoutError as error:
            if not interactive:
                raise CheckoutError(f"{error}; nothing was saved") from None
            pause(str(error))
            text = with_error(edited, str(error))
            continue
        if entry == original:
            return EditResult(original, None)
        with bar("Saving") as tick:
            replace(path, original, entry, tick)
        return EditResult(original, entry)


def find(path: Path, prefix: str, progress: Progress | None = None) -> dict[str, Any]:
    """The entry to change; a missing journal says so instead of "no such id"."""
    journal = Journal(path, warn=warn_stderr)
    if not journal.exists():
        raise CheckoutError(f"no journal yet at {path}; nothing to change")
    return journal.find(prefix, progress=progress)


def replace(
    path: Path,
    original: Mapping[str, Any],
    new: dict[str, Any] | None,
    progress: Progress | None = None,
) -> None:
    """Swap one line (or drop it, when `new` is None) in one atomic rewrite.

    Only the first line equal to what the person saw changes, so a copy with the
    same id, or a change made meanwhile by another command, is never overwritten.
    """
    done = False

    def change(item: dict[str, Any]) -> dict[str, Any] | bool | None:
        nonlocal done
        if done or item.get("id") != original.get("id") or item != original:
            return None
        done = True
        return False if new is None else new

    Journal(path, warn=warn_stderr).rewrite(change, progress)
    if not done:
        raise CheckoutError(
            f"check-out {original.get('id')} changed while you were at it; nothing was saved, "
            "try again"
        )


def delete_entry(path: Path, original: Mapping[str, Any], progress: Progress | None = None) -> Path:
    """Remove one entry; the journal as it was is kept next to it, whose path is returned."""
    replace(path, original, None, progress)
    return backup_path(path)


def summary_line(item: Mapping[str, Any]) -> str:
    """`k3m9qzab  2026-11-20 15:00  Weekly sync  with Ana, Raj  2 next steps`, terminal-safe."""
    from checkout_cli.model import entry as model
    from checkout_cli.views.render import safe, when

    data = dict(item)
    parts = [safe(data.get("id", "")), when(data.get("at")), safe(data.get("title", "(no title)"))]
    people = model.attendees(data)
    if people:
        parts.append(f"with {safe(', '.join(people))}")
    steps = len(model.actions(data))
    if steps:
        parts.append(f"{steps} next step{'s' if steps != 1 else ''}")
    return "  ".join(parts)
