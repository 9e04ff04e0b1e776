"""Follow-through: the next steps people agreed on, as action items to list, close,
re-date, re-assign and carry into the next check-out of their meeting."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.model import entry as model
from checkout_cli.model.actions import (
    STATUSES,
    ActionItem,
    Change,
    Status,
    apply_change,
    text_or_none,
)
from checkout_cli.model.errors import CheckoutError
from checkout_cli.store.journal import Journal, Progress
from checkout_cli.views.warnings import warn_stderr

if TYPE_CHECKING:
    from checkout_cli.model.answers import Draft, Step
    from checkout_cli.model.filters import Filters
    from checkout_cli.model.periods import Period
    from checkout_cli.model.questions import QuestionSet

# What `--status all` lists: a moved step lives on under its new id, so it is left out.
EVERY: frozenset[Status] = frozenset(("open", "done", "dropped"))


@dataclass(frozen=True, slots=True)
class Marked:
    """An item a command named, as it is now, and whether that call changed it;
    `moved_from` is the id that was named when it led, through moves, to this item."""

    item: ActionItem
    changed: bool
    moved_from: str | None = None


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
    statuses: Collection[Status] | None = None,
    due_by: date | None = None,
) -> list[ActionItem]:
    """Open items (or those of `statuses`; `include_done`: all but moved), overdue first,
    then by due date, then oldest meeting first. `due_by` keeps items due on or before it.

    `owners` are alternative spellings of one person (e.g. the configured name and `me`).
    """
    wanted = frozenset(statuses) if statuses is not None else EVERY if include_done else None
    owner_keys = {o.casefold().lstrip("@") for o in owners}
    title_key = title.casefold() if title else None
    chosen = [
        item
        for item in items
        if (item.done_at is None if wanted is None else item.status in wanted)
        and (not owner_keys or (item.owner or "").casefold() in owner_keys)
        and (title_key is None or title_key in item.title.casefold())
        and (due_by is None or _due_by(item, due_by))
    ]

    def order(item: ActionItem) -> tuple[int, int, int, str, str]:
        return (
            0 if item.done_at is None else 1,
            0 if item.is_overdue(today) else 1,
            0 if item.due else 1,
            item.due or "",
            item.at or "",
        )

    return sorted(chosen, key=order)


def statuses(given: str | None, *, every: bool = False) -> frozenset[Status] | None:
    """The statuses `actions --status` names (`all`: every one but moved); None, the
    default, is the open ones. `every` (`--all`) stands for `all` when none is named."""
    if given == "all" or (given is None and every):
        return EVERY
    if given is None:
        return None
    found = [status for status in STATUSES if status == given]
    if not found:
        raise CheckoutError(f"no status {given!r}; use {', '.join(STATUSES)} or all")
    return frozenset(found)


def _due_by(item: ActionItem, day: date) -> bool:
    due = item.due_date
    return due is not None and due <= day


def agreed_in(
    journals: Sequence[Path],
    period: Period | None,
    match: Filters,
    progress: Progress | None = None,
) -> Iterator[ActionItem]:
    """The items of the check-outs in `period` (by when the meeting was, so by the date
    a step was agreed) that pass the filters; `period` None: every check-out."""
    from checkout_cli.flows import selection

    since = None if period is None else period.start
    for entry in selection.stream(journals, since=since, progress=progress):
        if period is not None:
            moment = selection.at_of(entry)
            if moment is None or not period.contains(moment):
                continue
        if match.active and not match.matches(entry):
            continue
        yield from items_of((entry,))


def owner_spellings(owner: str | None) -> list[str]:
    """Every spelling of the person `owner` names: `@me` is the configured name (and `me`
    as stored before a name was set), and the alias table joins the rest. The rules are
    `model.people.People`'s."""
    if not owner:
        return []
    from checkout_cli.flows.people import current

    return current().spellings(owner.lstrip("@"))


def due_for_me(journals: Sequence[Path], today: date) -> list[ActionItem]:
    """The user's open steps due today or earlier, most overdue first: one read of each
    journal (`checkout remind`, run by a shell start-up file, must be quick)."""
    owners = {o.casefold() for o in owner_spellings("@me")}
    from checkout_cli.flows import selection

    of = ActionItem.of
    found: list[ActionItem] = []
    for entry in selection.stream(journals, since=None):
        for action in model.actions(entry):
            # Most steps are closed or undated: looked at as dicts, never made items.
            if action.get("done_at") or action.get("due") is None:
                continue
            item = of(action, entry)
            if (item.owner or "").casefold().lstrip("@") in owners and item.is_due_by(today):
                found.append(item)
    return sorted(found, key=lambda item: (item.due or "", item.at or ""))


def pickable(
    path: Path, *, today: date, closed: bool, progress: Progress | None = None, limit: int = 30
) -> list[ActionItem]:
    """What `done` (the open steps, overdue first) or `reopen` (the `limit` closed most
    lately, done or dropped) offers to pick from when no id is given."""
    every = items_of(Journal(path, warn=warn_stderr).read(progress=progress))
    if not closed:
        return select(every, today=today)
    found = [item for item in every if item.status in ("done", "dropped")]
    found.sort(key=lambda item: item.done_at or "", reverse=True)
    return found[:limit]


# --- finding the items a command names -------------------------------------------------


def find_items(items: Iterable[ActionItem], prefixes: Sequence[str]) -> list[ActionItem]:
    """The item each unique id prefix names (an exact id wins); unknown or ambiguous
    prefixes are errors. Keeps only the items that match, however many go by."""
    return _locate(items, prefixes)[0]


def _locate(
    items: Iterable[ActionItem], prefixes: Sequence[str]
) -> tuple[list[ActionItem], dict[str, ActionItem]]:
    """The items `prefixes` name, and every item moved in from another, by the id it
    came from (few: only steps agreed again), so a named moved step can be followed."""
    wanted = [prefix.strip().lower() for prefix in prefixes]
    found: list[dict[str, ActionItem]] = [{} for _ in wanted]
    successors: dict[str, ActionItem] = {}
    for item in items:
        action_id = item.id
        if item.moved_from:
            successors[item.moved_from] = item
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
    return resolved, successors


def _live(item: ActionItem, successors: Mapping[str, ActionItem]) -> ActionItem:
    """The step a moved one lives on as, following moves to the latest; a move whose
    new step is not in the journal (deleted, or in another journal) ends the chain."""
    seen = {item.id}
    while item.status == "moved":
        later = successors.get(item.id)
        if later is None or later.id in seen:
            break
        seen.add(later.id)
        item = later
    return item


def exact_ids(path: Path, given: Sequence[str]) -> list[str]:
    """Action references as ids: `last:N` and `REF:N` (the N-th next step of a
    check-out) become that step's id; anything else is an id or its start, as given."""
    from checkout_cli.flows.edit import lookup
    from checkout_cli.model.refs import step_ref

    journal = Journal(path, warn=warn_stderr)
    ids: list[str] = []
    for text in given:
        ref = step_ref(text)
        if ref is None:
            ids.append(text)
            continue
        entry = lookup(journal, ref.entry)
        steps = model.actions(entry)
        entry_id = text_or_none(entry.get("id")) or ref.entry
        if ref.number > len(steps):
            held = f"{len(steps)} next step{'s' if len(steps) != 1 else ''}"
            raise CheckoutError(f"{text.strip()!r}: check-out {entry_id} has {held}")
        step_id = text_or_none(steps[ref.number - 1].get("id"))
        if not step_id:
            raise CheckoutError(
                f"{text.strip()!r}: that step has no id in the journal; `checkout edit "
                f"{entry_id}` changes it"
            )
        ids.append(step_id)
    return ids


# --- changing items --------------------------------------------------------------------


def change_items(
    path: Path,
    given: Sequence[str],
    change: Change,
    *,
    now: datetime,
    progress: Progress | None = None,
) -> list[Marked]:
    """Make one change to every item `given` names, in one rewrite; returns the items
    as they are now, each saying whether this call changed it. A moved step is followed
    to the step it lives on as. `progress` hears of both passes over the journal:
    finding the items, then the rewrite, which is skipped when nothing would change."""
    journal = Journal(path, warn=warn_stderr)
    if not journal.exists():
        raise CheckoutError(f"no journal yet at {path}; nothing to change")
    ids = exact_ids(path, given)
    named, successors = _locate(items_of(journal.read(progress=progress)), ids)
    targets: dict[str, tuple[ActionItem, str | None]] = {}
    for item in named:
        live = _live(item, successors)
        if live.status == "moved":
            raise CheckoutError(
                f"{item.id} was moved to {live.moved_to}, which is not in this journal; "
                "change that step where it is"
            )
        targets.setdefault(live.id, (live, item.id if live is not item else None))
    return _rewrite(journal, {key: change for key in targets}, targets, now, progress)


def _rewrite(
    journal: Journal,
    changes: Mapping[str, Change],
    targets: Mapping[str, tuple[ActionItem, str | None]],
    now: datetime,
    progress: Progress | None,
) -> list[Marked]:
    stamp = model.iso(now)
    if not any(_would_change(item, changes[key], stamp) for key, (item, _) in targets.items()):
        return [Marked(item, False, came) for item, came in targets.values()]
    marked: dict[str, Marked] = {}

    def change(entry: dict[str, Any]) -> dict[str, Any] | None:
        touched = False
        for answer in model.answers(entry):
            if answer.get("kind") != "actions" or not isinstance(answer.get("value"), list):
                continue
            for action in answer["value"]:
                if not isinstance(action, dict):
                    continue
                key = text_or_none(action.get("id"))
                if key is None or key not in changes or key in marked:
                    continue
                changed = apply_change(action, changes[key], stamp)
                touched = touched or changed
                marked[key] = Marked(ActionItem.of(action, entry), changed, targets[key][1])
        return entry if touched else None

    journal.rewrite(change, progress)
    return [marked.get(key) or Marked(item, False, came) for key, (item, came) in targets.items()]


def _would_change(item: ActionItem, change: Change, stamp: str) -> bool:
    action = item.as_json()
    for key in ("entry_id", "title", "at", "source"):
        action.pop(key, None)
    return apply_change(action, change, stamp)


def set_done(
    path: Path,
    prefixes: Sequence[str],
    *,
    done: bool,
    now: datetime,
    progress: Progress | None = None,
) -> list[Marked]:
    """Mark items done (or open again) in one rewrite (see `change_items`)."""
    return change_items(
        path, prefixes, Change(to="done" if done else "open"), now=now, progress=progress
    )


# --- the carry-over at the start of a check-out ------------------------------------------


@dataclass(frozen=True, slots=True)
class Carried:
    """A step of an earlier check-out agreed again in this one: the old item, and where
    its new copy is among this check-out's next steps (`key`'s answer, from 0)."""

    item: ActionItem
    key: str
    index: int


def actions_key(qset: QuestionSet) -> str | None:
    """The question a moved step joins: the set's first next-steps question."""
    return next((q.key for q in qset.questions if q.kind == "actions"), None)


def carry_into(
    qset: QuestionSet,
    draft: Draft,
    carried: Sequence[ActionItem],
    decisions: dict[str, Change],
) -> list[Carried]:
    """Put the steps to move into this check-out's next steps, before it is built.

    Steps moved at the carry-over come first, as they stood (with a new due date or
    owner said then); a step typed again that is still open from before (its text, any
    case) is that step moved, not a second copy: it keeps what was typed, and the owner
    and due date it had where nothing new was typed. `decisions` gains nothing here:
    the moves are recorded once the new ids are known (`record_moves`)."""
    from checkout_cli.model.actions import KEEP, same_step
    from checkout_cli.model.answers import Step

    key = actions_key(qset)
    if key is None:
        return []
    typed: list[Step] = list(draft.values.get(key) or [])
    still_open = [
        item for item in carried if decisions.get(item.id, Change()).to in (None, "moved")
    ]
    moves: list[tuple[ActionItem, Step]] = []
    taken: set[str] = set()
    retyped: dict[int, ActionItem] = {}
    for index, step in enumerate(typed):
        for item in still_open:
            if item.id not in taken and same_step(step.text, item.text):
                taken.add(item.id)
                retyped[index] = item
                break
    for item in still_open:
        change = decisions.get(item.id, Change())
        if change.to == "moved" and item.id not in taken:
            due = item.due if change.due is KEEP else change.due
            owner = item.owner if change.owner is KEEP else change.owner
            moves.append((item, Step(item.text, owner, due)))
    steps: list[Step] = [step for _, step in moves]
    placed = [Carried(item, key, n) for n, (item, _) in enumerate(moves)]
    for index, step in enumerate(typed):
        again = retyped.get(index)
        if again is not None:
            change = decisions.get(again.id, Change())
            due = step.due or (again.due if change.due is KEEP else change.due)
            owner = step.owner or (again.owner if change.owner is KEEP else change.owner)
            step = Step(step.text, owner, due)
            placed.append(Carried(again, key, len(steps)))
        steps.append(step)
    if placed:
        draft.values[key] = steps
    return placed


def record_moves(
    entry: Mapping[str, Any], placed: Sequence[Carried], decisions: dict[str, Change]
) -> None:
    """Once this check-out is built: its new steps point back (`moved_from`), and each
    old one is to be closed as moved to its new id."""
    by_key = {str(a.get("key")): a for a in model.answers(dict(entry))}
    for carried in placed:
        answer = by_key.get(carried.key)
        steps = answer.get("value") if answer else None
        if not isinstance(steps, list) or carried.index >= len(steps):
            continue
        step = steps[carried.index]
        step["moved_from"] = carried.item.id
        decisions[carried.item.id] = Change(to="moved", moved_to=step["id"])


def apply_carry_over(
    path: Path, decisions: Mapping[str, Change], carried: Sequence[ActionItem], now: datetime
) -> list[ActionItem]:
    """What was said at the carry-over, in one rewrite, after the check-out is saved;
    returns the steps it closed (done, dropped, moved) for the receipt."""
    wanted = {key: change for key, change in decisions.items() if change.to or change.replans}
    if not wanted:
        return []
    targets = {item.id: (item, None) for item in carried if item.id in wanted}
    journal = Journal(path, warn=warn_stderr)
    marked = _rewrite(
        journal, {k: v for k, v in wanted.items() if k in targets}, targets, now, None
    )
    return [m.item for m in marked if m.item.status != "open"]
