"""Follow-through: the next steps people agreed on, as action items to list and close."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from checkout_cli.model import entry as model
from checkout_cli.model.actions import ActionItem, text_or_none
from checkout_cli.model.errors import CheckoutError
from checkout_cli.store.journal import Journal, Progress
from checkout_cli.views.warnings import warn_stderr


@dataclass(frozen=True, slots=True)
class Marked:
    """An item `done`/`reopen` named, as it is now, and whether that call changed it."""

    item: ActionItem
    changed: bool


def items_of(entries: Iterable[dict[str, Any]]) -> Iterator[ActionItem]:
    """Every action item, with the meeting it came from (`entry_id`, `title`, `at`).

    One at a time: a journal of years holds millions, and callers keep only a few.
    """
    of = ActionItem.of
    for item in entries:
        for action in model.actions(item):
            yield of(action, item)


def select(
    items: Iterable[ActionItem],
    *,
    today: date,
    include_done: bool = False,
    owners: Sequence[str] = (),
    title: str | None = None,
) -> list[ActionItem]:
    """Open items (or all), overdue first, then by due date, then oldest meeting first.

    `owners` are alternative spellings of one person (e.g. the configured name and `me`).
    """
    owner_keys = {o.casefold().lstrip("@") for o in owners}
    title_key = title.casefold() if title else None
    chosen = [
        item
        for item in items
        if (include_done or item.done_at is None)
        and (not owner_keys or (item.owner or "").casefold() in owner_keys)
        and (title_key is None or title_key in item.title.casefold())
    ]

    def order(item: ActionItem) -> tuple[int, int, str, str]:
        return (
            0 if item.is_overdue(today) else 1,
            0 if item.due else 1,
            item.due or "",
            item.at or "",
        )

    return sorted(chosen, key=order)


def owner_spellings(owner: str | None) -> list[str]:
    """Every spelling of the person `owner` names: `@me` is the configured name (and `me`
    as stored before a name was set), and the alias table joins the rest. The rules are
    `model.people.People`'s."""
    if not owner:
        return []
    from checkout_cli.flows.people import current

    return current().spellings(owner.lstrip("@"))


def find_items(items: Iterable[ActionItem], prefixes: Sequence[str]) -> list[ActionItem]:
    """The item each unique id prefix names (an exact id wins); unknown or ambiguous
    prefixes are errors. Keeps only the items that match, however many go by."""
    wanted = [prefix.strip().lower() for prefix in prefixes]
    found: list[dict[str, ActionItem]] = [{} for _ in wanted]
    for item in items:
        action_id = item.id
        for matches, start in zip(found, wanted, strict=True):
            if start and action_id.startswith(start):
                matches[action_id] = item
    resolved: list[ActionItem] = []
    for prefix, start, matches in zip(prefixes, wanted, found, strict=True):
        ordered = [start] if start in matches else sorted(matches)
        if not ordered:
            raise CheckoutError(f"no action item {prefix!r}; `checkout actions --all` lists them")
        if len(ordered) > 1:
            shown = ", ".join(ordered[:5])
            raise CheckoutError(f"action id {prefix!r} is ambiguous ({shown}); type more of it")
        resolved.append(matches[ordered[0]])
    return resolved


def set_done(
    path: Path,
    prefixes: Sequence[str],
    *,
    done: bool,
    now: datetime,
    progress: Progress | None = None,
) -> list[Marked]:
    """Mark items done (or open again) in one rewrite; returns the items as they are now,
    each saying whether this call changed it. `progress` hears of both passes over the
    journal: finding the ids, then the rewrite, which is skipped when every item is
    already as asked."""
    journal = Journal(path, warn=warn_stderr)
    named = find_items(items_of(journal.read(progress=progress)), prefixes)
    found = {item.id: item for item in named}
    if not any(item.is_open == done for item in found.values()):
        return [Marked(item, changed=False) for item in found.values()]
    wanted = set(found)
    stamp = model.iso(now) if done else None
    changed: list[Marked] = []

    def change(entry: dict[str, Any]) -> dict[str, Any] | None:
        touched = False
        for answer in model.answers(entry):
            if answer.get("kind") != "actions" or not isinstance(answer.get("value"), list):
                continue
            for action in answer["value"]:
                if not isinstance(action, dict) or text_or_none(action.get("id")) not in wanted:
                    continue
                item = ActionItem.of(action, entry)
                flips = item.is_open == done
                if flips:
                    action["done_at"] = stamp
                    touched = True
                    item = replace(item, done_at=stamp)
                changed.append(Marked(item, changed=flips))
        return entry if touched else None

    journal.rewrite(change, progress)
    return changed
