"""`checkout followup [ID]`: what the note to the attendees of a check-out needs to know.

The check-out (the latest, or the one an id or the start of one names), the language of
its set, your name, the next meeting (the calendar's next occurrence, else the rhythm of
earlier check-outs) and the attendees' addresses where a calendar lists them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.parting import NextMeeting

if TYPE_CHECKING:
    from checkout_cli.model.settings import Settings
    from checkout_cli.store.calendars import Meeting

# How far from a check-out's time a calendar meeting of its title may be to be its meeting.
NEAR = timedelta(days=1)


@dataclass(frozen=True)
class FollowUp:
    entry: dict[str, Any]
    language: str
    me: str  # the configured name; "" when not set
    next_meeting: NextMeeting
    addresses: tuple[str, ...]  # the attendees' e-mail addresses the calendar knows
    without_address: tuple[str, ...]  # attendees it has none for
    has_calendars: bool
    now: datetime


def gather(entry_id: str | None, journal: str | None) -> FollowUp:
    from checkout_cli.flows.parting import next_meeting, recent_of
    from checkout_cli.model import clock
    from checkout_cli.model.entry import attendees
    from checkout_cli.store import config, paths

    now = clock.now()
    path = paths.existing_journal(journal)
    entry = _entry(path, entry_id)
    settings = config.load()
    people = attendees(entry)
    meeting = _calendar_meeting(entry, settings, now) if settings.calendars and people else None
    addresses, missing = match_addresses(people, meeting)
    return FollowUp(
        entry=entry,
        language=_language(entry),
        me=settings.name,
        next_meeting=next_meeting(entry, settings, recent_of(path), now),
        addresses=addresses,
        without_address=missing,
        has_calendars=bool(settings.calendars),
        now=now,
    )


def _entry(path: Path, entry_id: str | None) -> dict[str, Any]:
    from checkout_cli.flows.edit import find
    from checkout_cli.store.journal import Journal
    from checkout_cli.views.warnings import warn_stderr

    journal = Journal(path, warn=warn_stderr)
    if not journal.exists():
        raise CheckoutError(f"no journal yet at {path}; `checkout meeting` records a check-out")
    if entry_id is not None:
        return find(path, entry_id)
    latest = journal.tail(1)
    if not latest:
        raise CheckoutError(f"no check-outs yet in {path}; `checkout meeting` records one")
    return latest[-1]


def _language(entry: Mapping[str, Any]) -> str:
    """The language of the entry's set in the questions file; a set no longer there (or a
    file that does not load) is read by its name's ending (`-es`, `-fr`), else English."""
    from checkout_cli.model.questions import LANGUAGES
    from checkout_cli.store import question_files

    name = str(entry.get("set", ""))
    try:
        sets, _ = question_files.load()
    except CheckoutError:
        sets = {}
    if name in sets:
        return sets[name].language
    ending = name.rpartition("-")[2]
    return ending if ending in LANGUAGES else "en"


def _calendar_meeting(
    entry: Mapping[str, Any], settings: Settings, now: datetime
) -> Meeting | None:
    """The calendar occurrence the check-out was of: its event, or a meeting of its title
    within a day of its time."""
    from checkout_cli.model.entry import meeting_key
    from checkout_cli.store.calendars import find_occurrence, meetings_between
    from checkout_cli.views.warnings import warn_stderr

    at = _moment(entry.get("at"))
    event = entry.get("event")
    uid = event.get("uid") if isinstance(event, dict) else None
    occurrence = event.get("occurrence") if isinstance(event, dict) else None
    try:
        if isinstance(uid, str) and uid.strip() and isinstance(occurrence, str):
            found = find_occurrence(
                settings.calendars,
                uid.strip(),
                occurrence,
                own_emails=settings.email,
                warn=warn_stderr,
                around=_moment(occurrence) or at or now,
            )
            if found is not None:
                return found
        if at is None:
            return None
        title = meeting_key(str(entry.get("title", "")))
        around = meetings_between(
            settings.calendars, at - NEAR, at + NEAR, own_emails=settings.email, warn=warn_stderr
        )
        near = [m for m in around if meeting_key(m.title) == title]
    except CheckoutError:
        return None
    return min(near, key=lambda m: abs(m.start - at)) if near else None


def match_addresses(
    people: Sequence[str], meeting: Meeting | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(addresses, people without one): each person matched to a calendar attendee by name
    (case ignored), or by first name when only one attendee has it."""
    if meeting is None:
        return (), tuple(people)
    emails = (*meeting.emails, *("",) * (len(meeting.attendees) - len(meeting.emails)))
    known = list(zip(meeting.attendees, emails, strict=False))
    addresses: list[str] = []
    missing: list[str] = []
    for person in people:
        folded = person.casefold().strip()
        exact = [email for name, email in known if name.casefold() == folded]
        first = [
            email
            for name, email in known
            if name.split() and person.split() and name.split()[0].casefold() == folded.split()[0]
        ]
        email = (exact or (first if len(first) == 1 else [""]))[0]
        if email and email not in addresses:
            addresses.append(email)
        elif not email:
            missing.append(person)
    return tuple(addresses), tuple(missing)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).astimezone()
    except (ValueError, OverflowError):
        return None
