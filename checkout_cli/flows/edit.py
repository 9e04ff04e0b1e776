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
from checkout_cli.store.journal import Journal, Progress
from checkout_cli.store.paths import backup_file
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
    text; without one it fails at once, leaving the journal as it was. When another
    command changed the check-out meanwhile, the editor reopens on the new version:
    with the person's changes applied to it when they still apply, else with their
    own text and a note of what changed. `bar` shows the passes over the journal
    (finding the entry, saving), never the editing.
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
        try:
            with bar("Saving") as tick:
                replace(path, original, entry, tick)
        except ChangedMeanwhile as error:
            if not interactive:
                raise
            current = _current(path, original, error)
            note, text = _reopened(original, entry, current, edited)
            pause(note)
            original, first = current, to_toml(current)
            continue
        return EditResult(original, entry)


class ChangedMeanwhile(CheckoutError):
    """The check-out is no longer as the person saw it: another command changed it."""


def _current(path: Path, original: Mapping[str, Any], error: CheckoutError) -> dict[str, Any]:
    """The check-out as it is now; gone (deleted meanwhile) is the error itself."""
    entry_id = str(original.get("id", ""))
    try:
        current = Journal(path, warn=warn_stderr).find(entry_id)
    except CheckoutError:
        raise CheckoutError(f"check-out {entry_id} was deleted while you were at it") from None
    if current.get("id") != entry_id:
        raise error
    return current


def _reopened(
    original: Mapping[str, Any],
    mine: dict[str, Any],
    current: dict[str, Any],
    edited: str,
) -> tuple[str, str]:
    """Why the editor opens again, and the text it opens with."""
    from checkout_cli.model.entry_merge import changed_fields, reapply

    what = ", ".join(changed_fields(original, current)) or "its line"
    entry_id = current.get("id")
    merged = reapply(original, mine, current)
    if merged is not None:
        note = (
            f"check-out {entry_id} was changed by another command meanwhile ({what}); your "
            "changes are applied to the new version: save to keep them"
        )
        return note, with_error(to_toml(merged), note)
    note = (
        f"check-out {entry_id} was changed by another command meanwhile ({what}), where you "
        "changed it too; this is your text: saving it replaces those changes"
    )
    return note, with_error(edited, note)


def find(path: Path, prefix: str, progress: Progress | None = None) -> dict[str, Any]:
    """The entry to change; a missing journal says so instead of "no such id"."""
    journal = Journal(path, warn=warn_stderr)
    if not journal.exists():
        raise CheckoutError(f"no journal yet at {path}; nothing to change")
    return lookup(journal, prefix, progress)


def entry_of(path: Path, ref: str, progress: Progress | None = None) -> dict[str, Any]:
    """The entry an id, the start of one, `last` or `last~N` names (`checkout show`)."""
    return lookup(Journal(path, warn=warn_stderr), ref, progress)


def lookup(journal: Journal, ref: str, progress: Progress | None = None) -> dict[str, Any]:
    """The one place a check-out reference is resolved: `last` and `last~N` from the
    journal's end (the latest recorded, as git's `HEAD~N`), an id or its start by a read."""
    from checkout_cli.model.refs import describe, entry_ref

    back = entry_ref(ref)
    if back is None:
        return journal.find(ref, progress=progress)
    found = journal.tail(back.back + 1)
    if len(found) <= back.back:
        if not found:
            raise CheckoutError("the journal has no check-outs yet, so there is no last one")
        held = f"{len(found)} check-out{'s' if len(found) != 1 else ''}"
        raise CheckoutError(
            f"{describe(back)} is {back.back} before the latest, and the journal holds {held}"
        )
    return found[0]


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
        raise ChangedMeanwhile(
            f"check-out {original.get('id')} changed while you were at it; nothing was saved, "
            "try again"
        )


def delete_entry(path: Path, original: Mapping[str, Any], progress: Progress | None = None) -> Path:
    """Remove one entry; the journal as it was is kept next to it, whose path is returned."""
    replace(path, original, None, progress)
    return backup_file(path)


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
