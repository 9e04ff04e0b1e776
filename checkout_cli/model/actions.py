"""Action items: a next step agreed in a check-out, with the meeting it came from, typed.

The journal keeps next steps as plain dicts inside an entry's answers (model/entry.py);
`ActionItem.of` reads one of them, however it was hand-edited, into fields of one
type each, and never raises. `as_json` is the one JSON form (`checkout actions --json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

# The fields of a next step in the journal; any others (a later version's) ride along.
ACTION_FIELDS = ("id", "text", "owner", "due", "done_at")
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
            _NO_EXTRA
            if action.keys() <= _FIELD_SET
            else MappingProxyType({k: v for k, v in action.items() if k not in _FIELD_SET}),
        )

    @property
    def is_open(self) -> bool:
        return self.done_at is None

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

    def as_json(self) -> dict[str, Any]:
        """The item as `checkout actions --json` prints it: the step's fields (and any a
        later version added), then the meeting's."""
        found: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "owner": self.owner,
            "due": self.due,
            "done_at": self.done_at,
            **self.extra,
            "entry_id": self.entry_id,
            "title": self.title,
            "at": self.at,
        }
        if self.source is not None:
            found["source"] = self.source
        return found
