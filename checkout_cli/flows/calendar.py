"""Between the calendars and the journal: which meetings ended without a check-out.

A calendar meeting counts as checked out when a journal entry says so:

- an entry with `"event": {"uid", "occurrence", …}` covers exactly that occurrence (the
  occurrence key is compared as an instant, so a change of UTC offset does not matter);
- an entry without a usable event covers a meeting of the same title (case and spacing
  ignored) when its `at` falls in [start - 15 min, end + 3 h): someone who typed
  `checkout meeting "Weekly sync"` right after the meeting should not see it as waiting.
  Each such entry covers one meeting at most, the one nearest its `at`, so one check-out
  does not hide two back-to-back meetings of the same name.

Calendar warnings (unreadable files and the like) go to stderr and the rest still count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.model.entry import meeting_key as _fold
from checkout_cli.model.errors import CheckoutError, UsageProblem
from checkout_cli.report.data import CalendarCoverage
from checkout_cli.store.calendars import Meeting
from checkout_cli.store.journal import Journal
from checkout_cli.views.warnings import warn_stderr

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from checkout_cli.model.entry import Event
    from checkout_cli.model.settings import Settings

# The title fallback: how far before the start and after the end a check-out may be.
EARLY = timedelta(minutes=15)
LATE = timedelta(hours=3)
# What "just ended" means for the offer without a title, and for `--event latest`.
OFFER_WINDOW = timedelta(hours=3)
LATEST_WINDOW = timedelta(hours=12)
# Check-outs are recorded after the meeting starts (or EARLY before); meetings last under a day.
JOURNAL_MARGIN = timedelta(days=1)

NO_CALENDARS = "no calendars yet; add one with `checkout calendar add PATH`"
PROMPT = "Which meeting? [Enter = 1, a number, or type a new title] "

Offer = tuple[str, list[str], datetime, "Event | None"]


def checked_out_events(entries: Iterable[Mapping[str, Any]]) -> set[tuple[str, datetime]]:
    """(uid, occurrence instant in UTC) for every entry that names its calendar event."""
    found: set[tuple[str, datetime]] = set()
    for entry in entries:
        key = _event_key(entry)
        if key is not None:
            found.add(key)
    return found


def unchecked(meetings: Sequence[Meeting], entries: Iterable[Mapping[str, Any]]) -> list[Meeting]:
    """The meetings no entry covers, in the order given (rules in the module docstring)."""
    covered = _covered(meetings, entries)
    return [m for i, m in enumerate(meetings) if i not in covered]


def waiting(
    settings: Settings,
    now: datetime,
    journal_path: Path,
    since: datetime,
    until: datetime | None = None,
) -> list[Meeting]:
    """Meetings that ended in [since, until or now) without a check-out, oldest first.

    Only the journal's recent window is read. Without calendars there is nothing to wait.
    """
    if not settings.calendars:
        return []
    meetings = _meetings(settings, since, _stop(until, now))
    if not meetings:
        return []
    return unchecked(meetings, _window(journal_path, since - JOURNAL_MARGIN))


def coverage(
    settings: Settings,
    journal_path: Path,
    start: datetime | None,
    end: datetime | None,
    now: datetime,
) -> CalendarCoverage | None:
    """How many of the meetings that ended in [start, min(end, now)) got a check-out.

    `{"total", "checked_out", "missed": [{"title", "start", "end", "attendees", "uid"}]}`,
    missed oldest first; None without calendars or for a period with no start.
    """
    if start is None or not settings.calendars:
        return None
    meetings = _meetings(settings, start, _stop(end, now))
    entries = _window(journal_path, start - JOURNAL_MARGIN) if meetings else []
    missed = unchecked(meetings, entries)
    return {
        "total": len(meetings),
        "checked_out": len(meetings) - len(missed),
        "missed": [
            {
                "title": m.title,
                "start": _iso(m.start),
                "end": _iso(m.end),
                "attendees": list(m.attendees),
                "uid": m.uid,
            }
            for m in missed
        ],
    }


def offer_recent(
    console: Console, settings: Settings, now: datetime, journal_path: Path
) -> Offer | None:
    """Offer the meetings that just ended; returns (title, people, at, event) or None.

    None when nothing is waiting, so the caller asks for a title as usual. Ctrl-C and end
    of input are raised through for the caller's `cancellable()`. A typed number picks a
    meeting, so a new title cannot be a bare number.
    """
    from rich.text import Text

    from checkout_cli.views.line_editing import read_line
    from checkout_cli.views.render import safe

    choices = list(reversed(waiting(settings, now, journal_path, since=now - OFFER_WINDOW)))
    if not choices:
        return None
    console.print(Text("Meetings that just ended:", style="bold"))
    today = now.astimezone().date()
    for number, meeting in enumerate(choices, start=1):
        line = Text(f"  {number}. ")
        line.append(safe(meeting.title), style="bold")
        line.append(f"  {span(meeting, today=today)}", style="dim")
        if meeting.attendees:
            line.append(f"  with {safe(', '.join(meeting.attendees))}", style="dim")
        console.print(line)
    while True:
        typed = read_line(console, Text(PROMPT, style="bold cyan")).strip()
        if not typed:
            return _picked(choices[0], now)
        if typed.isascii() and typed.isdigit():
            if 1 <= int(typed) <= len(choices):
                return _picked(choices[int(typed) - 1], now)
            numbers = "1" if len(choices) == 1 else f"a number from 1 to {len(choices)}"
            console.print(
                f"  type {numbers}, press Enter for 1, or type a title",
                style="yellow",
                markup=False,
                highlight=False,
            )
            continue
        return typed, [], now, None


def resolve_event(spec: str, settings: Settings, now: datetime, journal_path: Path) -> Meeting:
    """The calendar event `spec` names: `latest`, `UID` (its latest ended occurrence) or
    `UID@START`.

    A UID may itself contain `@`; only a tail after the last `@` that looks like an ISO
    date-time is read as the occurrence's start.
    """
    from checkout_cli.store.calendars import find_occurrence

    paths = settings.calendars
    if not paths:
        raise CheckoutError(f"a calendar event needs a calendar: {NO_CALENDARS}")
    text = spec.strip()
    if text.lower() == "latest":
        found = waiting(settings, now, journal_path, since=now - LATEST_WINDOW)
        if not found:
            raise CheckoutError(
                "no meeting that ended in the last 12 hours is waiting for a "
                "check-out; see `checkout pending --since yesterday` or give a title"
            )
        return found[-1]
    uid, occurrence = split_event_spec(text)
    if not uid:
        raise UsageProblem(f"event {spec!r}: give `latest`, a UID or UID@START")
    around = _instant(occurrence) if occurrence is not None else now
    meeting = find_occurrence(
        paths,
        uid,
        occurrence,
        own_emails=settings.email,
        warn=warn_stderr,
        around=around,
    )
    if meeting is None:
        which = f"UID {uid!r}" + (f" at {occurrence}" if occurrence is not None else "")
        raise CheckoutError(
            f"no meeting with {which} in your calendars; "
            "`checkout pending` lists the meetings waiting, with their UID@START"
        )
    return meeting


def split_event_spec(text: str) -> tuple[str, str | None]:
    """`UID@2026-01-05T10:00:00+01:00` -> (UID, start); a UID with no start -> (UID, None)."""
    import re

    head, sep, tail = text.rpartition("@")
    if sep and head and re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", tail.strip()):
        return head.strip(), tail.strip()
    return text.strip(), None


def event_spec(meeting: Meeting) -> str:
    """What `checkout meeting --event` takes to find this occurrence again."""
    return f"{meeting.uid}@{meeting.occurrence}"


def as_json(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "start": _iso(meeting.start),
        "end": _iso(meeting.end),
        "attendees": list(meeting.attendees),
        "uid": meeting.uid,
        "occurrence": meeting.occurrence,
        "calendar": meeting.calendar,
    }


def span(meeting: Meeting, *, today: date | None = None) -> str:
    """`2026-01-20 14:00–15:00`; the date is left out for a meeting of `today`."""
    start, end = meeting.start.astimezone(), meeting.end.astimezone()
    day = "" if start.date() == today else f"{start:%Y-%m-%d} "
    if end.date() != start.date():
        return f"{day}{start:%H:%M} – {end:%Y-%m-%d %H:%M}"
    return f"{day}{start:%H:%M}–{end:%H:%M}"


def pending_table(meetings: Sequence[Meeting]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    from checkout_cli.views.render import safe

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("when", no_wrap=True)
    table.add_column("title")
    table.add_column("with")
    for meeting in meetings:
        table.add_row(
            Text(span(meeting)),
            Text(safe(meeting.title)),
            Text(safe(", ".join(meeting.attendees))),
        )
    return table


def _picked(meeting: Meeting, now: datetime) -> Offer:
    event: Event = {
        "uid": meeting.uid,
        "occurrence": meeting.occurrence,
        "calendar": meeting.calendar,
    }
    return meeting.title, list(meeting.attendees), min(meeting.start, now), event


def _window(journal_path: Path, since: datetime) -> list[dict[str, Any]]:
    return list(Journal(journal_path, warn=warn_stderr).read(since))


def _meetings(settings: Settings, start: datetime, stop: datetime) -> list[Meeting]:
    from checkout_cli.store.calendars import meetings_between

    if stop <= start:
        return []
    return meetings_between(
        settings.calendars,
        start,
        stop,
        own_emails=settings.email,
        warn=warn_stderr,
    )


def _stop(until: datetime | None, now: datetime) -> datetime:
    """A meeting that has not ended yet is not waiting: the window never reaches past now."""
    return now if until is None else min(until, now)


def _covered(meetings: Sequence[Meeting], entries: Iterable[Mapping[str, Any]]) -> set[int]:
    by_title: list[tuple[datetime, str]] = []
    events: set[tuple[str, datetime]] = set()
    for entry in entries:
        key = _event_key(entry)
        if key is not None:
            events.add(key)
            continue
        at = _moment(entry.get("at"))
        title = entry.get("title")
        if at is not None and isinstance(title, str) and title.strip():
            by_title.append((at, _fold(title)))
    covered: set[int] = set()
    named: dict[str, list[int]] = {}
    for index, meeting in enumerate(meetings):
        occurrence = _moment(meeting.occurrence)
        if occurrence is not None and (meeting.uid, occurrence) in events:
            covered.add(index)
        else:
            named.setdefault(_fold(meeting.title), []).append(index)
    for at, title in sorted(by_title, key=lambda pair: pair[0]):
        candidates = [
            index
            for index in named.get(title, ())
            if index not in covered
            and meetings[index].start - EARLY <= at < meetings[index].end + LATE
        ]
        if candidates:
            covered.add(min(candidates, key=lambda i: (_distance(meetings[i], at), i)))
    return covered


def _distance(meeting: Meeting, at: datetime) -> timedelta:
    if at < meeting.start:
        return meeting.start - at
    if at > meeting.end:
        return at - meeting.end
    return timedelta(0)


def _event_key(entry: Mapping[str, Any]) -> tuple[str, datetime] | None:
    event = entry.get("event")
    if not isinstance(event, dict):
        return None
    uid = event.get("uid")
    occurrence = _moment(event.get("occurrence"))
    if not isinstance(uid, str) or not uid.strip() or occurrence is None:
        return None
    return uid.strip(), occurrence


def _moment(value: object) -> datetime | None:
    """An ISO date-time as a UTC instant (naive read as local time); None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip()).astimezone(UTC)
    except (ValueError, OverflowError):  # not a date-time, or one at the edge of year 1
        return None


def _instant(text: str) -> datetime:
    moment = _moment(text)
    if moment is None:
        raise UsageProblem(
            f"event start {text!r} is not an ISO date-time; use UID@2026-11-20T15:00:00+01:00 "
            "as `checkout pending` shows it"
        )
    return moment


def _iso(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")
