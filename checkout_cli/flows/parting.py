"""What the parting after a check-out knows: who was there, your name, the next steps, and
when the meeting comes again (the calendar's next occurrence, else the rhythm the
journal's tail shows). The words are `model/parting.py`'s.

The check-out is saved before the parting is made, so nothing here may fail it: a
calendar or journal that cannot be read only means less is known of the next meeting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.model.entry import meeting_key
from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.moments import stored_day
from checkout_cli.model.parting import NextMeeting

if TYPE_CHECKING:
    from checkout_cli.model.questions import QuestionSet
    from checkout_cli.model.settings import Settings
    from checkout_cli.store.calendars import Meeting

# How far ahead the calendar is searched for the next occurrence (a monthly meeting fits).
LOOK_AHEAD = timedelta(days=45)
# How many of the journal's last check-outs (the one just saved among them) the rhythm is
# read from: the check-out's own read of the journal's end holds them, so the parting
# reads nothing more and costs the same on a journal of any size.
RHYTHM_TAIL = 300


def parting(
    qset: QuestionSet,
    entry: Mapping[str, Any],
    settings: Settings,
    earlier: Sequence[Mapping[str, Any]],
    now: datetime | None = None,
) -> str:
    """The parting line for a check-out just saved; `earlier` are the journal's last
    check-outs before it, oldest first (their heads are enough: when and which meeting)."""
    from checkout_cli.model import clock
    from checkout_cli.model.actions import ActionItem
    from checkout_cli.model.entry import actions, attendees
    from checkout_cli.model.parting import Known
    from checkout_cli.model.parting import parting as make

    moment = now or clock.now()
    item = dict(entry)
    known = Known(
        title=str(entry.get("title", "")),
        people=tuple(attendees(item)),
        me=settings.name,
        steps=tuple(ActionItem.of(a, item) for a in actions(item)),
        now=moment,
        next_meeting=lambda: next_meeting(entry, settings, earlier, moment),
    )
    return make(qset, entry, known)


def next_meeting(
    entry: Mapping[str, Any],
    settings: Settings,
    earlier: Sequence[Mapping[str, Any]],
    now: datetime,
) -> NextMeeting:
    """The calendar's next occurrence of this meeting when one is configured and has it,
    else the rhythm of its earlier check-outs."""
    if settings.calendars:
        found = next_occurrence(entry, settings, now)
        if found is not None:
            return NextMeeting(start=found.start)
    return NextMeeting(rhythm=journal_rhythm(entry, earlier))


def next_occurrence(entry: Mapping[str, Any], settings: Settings, now: datetime) -> Meeting | None:
    """The first occurrence of the entry's calendar series (or, without an event, of a
    meeting with its title) that starts after `now`, within LOOK_AHEAD."""
    from checkout_cli.store.calendars import meetings_between

    try:
        ahead = meetings_between(
            settings.calendars, now, now + LOOK_AHEAD, own_emails=settings.email, warn=_quiet
        )
    except (CheckoutError, OSError):
        return None
    uid = _event_uid(entry)
    title = meeting_key(str(entry.get("title", "")))
    later = [
        m
        for m in ahead
        if m.start > now and (m.uid == uid if uid else meeting_key(m.title) == title)
    ]
    return min(later, key=lambda m: m.start) if later else None


def journal_rhythm(entry: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]]) -> str | None:
    """weekly, fortnightly or monthly, from the dates of this meeting's recent check-outs:
    the last `RHYTHM_TAIL` of `earlier` and `entry`, the one just saved."""
    from checkout_cli.model.parting import rhythm

    recent = [*earlier[-(RHYTHM_TAIL - 1) :], entry]
    days = [stored_day(e.get("at")) for e in same_meeting(recent, entry)]
    return rhythm(day for day in days if day is not None)


def recent_of(journal: Path) -> list[dict[str, Any]]:
    """The heads of the journal's last `RHYTHM_TAIL` check-outs, for a parting made away
    from a check-out (`checkout followup`); a journal that cannot be read has none."""
    from checkout_cli.store.journal import Journal

    try:
        return Journal(journal, warn=_quiet).tail(RHYTHM_TAIL, heads=True)
    except (CheckoutError, OSError):
        return []


def same_meeting(
    entries: Sequence[Mapping[str, Any]], entry: Mapping[str, Any]
) -> list[Mapping[str, Any]]:
    """The check-outs of the same meeting: the same calendar series, or the same title."""
    uid = _event_uid(entry)
    title = meeting_key(str(entry.get("title", "")))
    keys: dict[str, str] = {}  # a title's key, worked out once: a journal's titles repeat
    found = []
    for e in entries:
        if uid and _event_uid(e) == uid:
            found.append(e)
            continue
        text = str(e.get("title", ""))
        key = keys.get(text)
        if key is None:
            key = keys[text] = meeting_key(text)
        if key == title:
            found.append(e)
    return found


def _event_uid(entry: Mapping[str, Any]) -> str:
    event = entry.get("event")
    uid = event.get("uid") if isinstance(event, dict) else None
    return uid.strip() if isinstance(uid, str) else ""


def _quiet(message: str) -> None:
    """Warnings of a read made only for the parting: the check-out's own reads said them."""
