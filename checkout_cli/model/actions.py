"""Action items: a next step agreed in a check-out, with the meeting it came from, typed.

The journal keeps next steps as plain dicts inside an entry's answers (model/entry.py);
`ActionItem.of` reads one of them, however it was hand-edited, into fields of one
type each, and never raises. `as_json` is the one JSON form (`checkout actions --json`).

A step's life: open, then closed one of three ways. `done_at` is when it was closed,
whichever way, so every reader (an older version, an export) tells open from closed
the same; `dropped` (with an optional `reason`) says it was given up, `moved_to` that
it was agreed again, as the step of that id, in a later check-out, which points back
with `moved_from`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal

from checkout_cli.model.errors import CheckoutError

# The fields of a next step in the journal; any others (a later version's) ride along.
ACTION_FIELDS = (
    "id",
    "text",
    "owner",
    "due",
    "done_at",
    "dropped",
    "reason",
    "moved_to",
    "moved_from",
)
# What a step's life may be; `all` in a filter means every one but `moved`, whose
# step lives on under its new id, so a listing shows it once.
Status = Literal["open", "done", "dropped", "moved"]
STATUSES: tuple[Status, ...] = ("open", "done", "dropped", "moved")
_FIELD_SET = frozenset(ACTION_FIELDS)
_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


def text_or_none(value: object) -> str | None:
    """A stored value as text: strings as they are (None when empty), numbers written
    out; anything else (null, true/false, a list, an object) is no value."""
    if type(value) is str:
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def done_at_of(value: object) -> str | None:
    """When a step was closed, or None while it is open. An empty value (null, false,
    "", 0) means open, as the exports have always read it; any other (a date-time, or a
    hand-typed `true`) means done."""
    if type(value) is str:
        return value or None
    if not value:
        return None
    return text_or_none(value) or str(value)


def _date_of(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ActionItem:
    id: str  # "" when the journal has none
    text: str
    owner: str | None
    due: str | None  # as stored: an ISO date when well-formed (see `due_date`)
    done_at: str | None  # when it was closed (ISO date-time); None while open
    entry_id: str | None  # the check-out it was agreed in
    title: str  # that meeting's title
    at: str | None  # when that meeting was (ISO date-time)
    source: str | None = None  # the journal's label, when several are read together
    dropped: bool = False  # closed by giving it up (with `done_at` as when)
    reason: str | None = None  # why it was dropped, when someone said
    moved_to: str | None = None  # closed by agreeing it again: the new step's id
    moved_from: str | None = None  # the earlier step this one was agreed again from
    # Fields of the step this version does not know, kept as read for `as_json`.
    extra: Mapping[str, Any] = field(default_factory=lambda: _NO_EXTRA)

    @classmethod
    def of(cls, action: Mapping[str, Any], entry: Mapping[str, Any] | None = None) -> ActionItem:
        """The item a journal next step describes (`entry`: the check-out holding it).

        Called for every step of a journal when `actions` reads it all, so strings (the
        usual case) take the short way."""
        get = action.get
        step_id, text, owner = get("id"), get("text"), get("owner")
        due, done_at = get("due"), get("done_at")
        moved_to, moved_from = get("moved_to"), get("moved_from")
        reason = get("reason")
        if entry is None:
            entry_id = title = at = source = None
        else:
            found = entry.get
            entry_id, title, at, source = found("id"), found("title"), found("at"), found("source")
        return cls(
            (step_id if type(step_id) is str else text_or_none(step_id)) or "",
            (text if type(text) is str else text_or_none(text)) or "",
            (owner if type(owner) is str else text_or_none(owner)) or None,
            (due if type(due) is str else text_or_none(due)) or None,
            None if done_at is None else done_at_of(done_at),
            (entry_id if type(entry_id) is str else text_or_none(entry_id)) or None,
            (title if type(title) is str else text_or_none(title)) or "",
            (at if type(at) is str else text_or_none(at)) or None,
            None if source is None else text_or_none(source),
            get("dropped") is True,
            None if reason is None else text_or_none(reason),
            None if moved_to is None else text_or_none(moved_to),
            None if moved_from is None else text_or_none(moved_from),
            _NO_EXTRA
            if action.keys() <= _FIELD_SET
            else MappingProxyType({k: v for k, v in action.items() if k not in _FIELD_SET}),
        )

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def status(self) -> Status:
        """Open until closed (`done_at`); then moved, dropped or done, in that order of
        precedence, so a hand edit that leaves two marks still reads one way."""
        if self.done_at is None:
            return "open"
        if self.moved_to:
            return "moved"
        return "dropped" if self.dropped else "done"

    @property
    def due_date(self) -> date | None:
        """The due date, when `due` holds one (a hand-typed `friday` does not)."""
        return _date_of(self.due)

    def is_overdue(self, today: date) -> bool:
        """Open, and its due date has passed."""
        if self.done_at is not None or not self.due:
            return False
        due = self.due_date
        return due is not None and due < today

    def is_due_by(self, today: date) -> bool:
        """Open, and due today or earlier: what `checkout remind` tells of."""
        if self.done_at is not None:
            return False
        due = self.due_date
        return due is not None and due <= today

    def as_json(self) -> dict[str, Any]:
        """The item as `checkout actions --json` prints it: the step's fields (the closing
        ones only when set, and any a later version added), then the meeting's."""
        found: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "owner": self.owner,
            "due": self.due,
            "done_at": self.done_at,
        }
        if self.dropped:
            found["dropped"] = True
        for key, value in (
            ("reason", self.reason),
            ("moved_to", self.moved_to),
            ("moved_from", self.moved_from),
        ):
            if value is not None:
                found[key] = value
        found.update(self.extra)
        found.update(
            {
                "entry_id": self.entry_id,
                "title": self.title,
                "at": self.at,
            }
        )
        if self.source is not None:
            found["source"] = self.source
        return found


# --- changing a step ------------------------------------------------------------------


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP  # a due date or owner a change leaves as it is
Replan = str | _Keep | None  # a new due date or owner: text, KEEP, or None to clear it


@dataclass(frozen=True, slots=True)
class Change:
    """What to do to one step: close it (`done`, `dropped`, `moved`), open it again
    (`open`), or leave its state (None); and give it a new due date or owner (None
    clears one)."""

    to: Status | None = None
    reason: str | None = None  # why it is dropped
    due: Replan = KEEP
    owner: Replan = KEEP
    moved_to: str | None = None  # the new step's id, for `moved`

    @property
    def replans(self) -> bool:
        return self.due is not KEEP or self.owner is not KEEP


def apply_change(action: dict[str, Any], change: Change, stamp: str) -> bool:
    """Change a journal step in place (`stamp`: now, as the journal writes it); whether
    anything changed. Closing marks clear the marks of another way of closing, so a
    step reads one way; fields this version does not know are left alone."""
    before = dict(action)
    to = change.to
    if to == "open":
        action["done_at"] = None
        for key in ("dropped", "reason", "moved_to"):
            action.pop(key, None)
    elif to is not None:
        item = ActionItem.of(action)
        if item.status != to:
            action["done_at"] = stamp
        for key in ("dropped", "reason", "moved_to"):
            action.pop(key, None)
        if to == "dropped":
            action["dropped"] = True
            # A drop again without a reason keeps the one given before.
            reason = change.reason or (item.reason if item.status == "dropped" else None)
            if reason:
                action["reason"] = reason
        elif to == "moved":
            action["moved_to"] = change.moved_to
    if change.due is not KEEP:
        action["due"] = change.due
    if change.owner is not KEEP:
        action["owner"] = change.owner
    return action != before


# --- the carry-over ---------------------------------------------------------------------

CARRY_ANSWERS = (
    "type y (done), n or Enter (still open), x (drop; a reason may follow), "
    "m (move into this check-out), or a new due:DATE and/or @owner"
)
_PLACEHOLDER = "step"


def parse_carry_answer(typed: str, *, today: date, me: str, can_move: bool = True) -> Change:
    """One answer at the carry-over: `y`/`done`, `n`/`open`/Enter, `x`/`drop` [reason],
    `m`/`move` [due:DATE] [@owner], or `due:DATE` and/or `@owner` alone. A Change with
    nothing in it leaves the step as it is."""
    from checkout_cli.model import limits

    text = typed.strip()
    word, _, rest = text.partition(" ")
    word = word.casefold()
    rest = rest.strip()
    if word in ("", "n", "no", "open") and not rest:
        return Change()
    if word in ("y", "yes", "done") and not rest:
        return Change(to="done")
    if word in ("x", "drop"):
        reason = limits.check("the reason", rest, limits.NOTE) if rest else None
        return Change(to="dropped", reason=reason)
    if word in ("m", "move"):
        if not can_move:
            raise CheckoutError("this meeting's questions take no next steps, so nothing moves in")
        due, owner = _replan(rest, today=today, me=me) if rest else (KEEP, KEEP)
        return Change(to="moved", due=due, owner=owner)
    if text.startswith("@") or text.casefold().startswith("due:"):
        due, owner = _replan(text, today=today, me=me)
        return Change(due=due, owner=owner)
    raise CheckoutError(CARRY_ANSWERS)


def _replan(text: str, *, today: date, me: str) -> tuple[Replan, Replan]:
    """The due date and owner in `due:friday @Raj`, by the rules of a typed next step."""
    from checkout_cli.model.answers import parse_step

    step = parse_step(f"{_PLACEHOLDER} {text}", today=today, me=me)
    if step.text != _PLACEHOLDER:
        raise CheckoutError(CARRY_ANSWERS)
    due: Replan = KEEP if step.due is None else step.due
    owner: Replan = KEEP if step.owner is None else step.owner
    return due, owner


def agreed_day(item: ActionItem) -> date | None:
    """The day the step was agreed: its meeting's day."""
    return _date_of(item.at)


def split_old(
    items: Sequence[ActionItem], *, today: date, weeks: int
) -> tuple[list[ActionItem], list[ActionItem]]:
    """(recent, old): old steps were agreed more than `weeks` weeks before `today` (0:
    none is old), and the carry-over sums them up in one line instead of asking each."""
    if weeks <= 0:
        return list(items), []
    cut = today - timedelta(weeks=weeks)
    recent: list[ActionItem] = []
    old: list[ActionItem] = []
    for item in items:
        day = agreed_day(item)
        (old if day is not None and day < cut else recent).append(item)
    return recent, old


def same_step(a: str, b: str) -> bool:
    """Two texts name the same step regardless of case and runs of whitespace."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def due_limit(text: str, today: date) -> date:
    """The last day `--due-before` takes: a date as typed (a past one too, to find what
    is long overdue), or a due date in words (`friday`, `eow`, `+2w`) counted ahead."""
    from checkout_cli.model.due import parse_due

    word = text.strip()
    found = _date_of(word) if len(word) == 10 else None
    return found if found is not None else parse_due(word, today)


NONE_WORDS = frozenset(("none", "-", "nobody", "no one"))


def is_none(text: str) -> bool:
    """`none` (or `-`) given for a due date or an owner: take it away."""
    return text.strip().casefold() in NONE_WORDS


def owner_name(text: str, *, me: str) -> str | None:
    """A new owner as given to `checkout assign`: a name (a leading @ is dropped, spaces
    allowed), `@me`/`me` for the user, `none` for nobody."""
    from checkout_cli.model import limits

    if is_none(text):
        return None
    name = " ".join(text.strip().lstrip("@").split())
    if not name:
        raise CheckoutError("give a name to assign it to (or none)")
    if name.casefold() == "me":
        return me
    return limits.check("a next step's owner", name, limits.NAME)
