"""Between the calendars and the journal: which meetings ended without a check-out.

A calendar meeting counts as checked out when a journal entry says so:

- an entry with `"event": {"uid", "occurrence", …}` covers exactly that occurrence (the
  occurrence key is compared as an instant, so a change of UTC offset does not matter);
- an entry without a usable event covers a meeting of the same title (case and spacing
  ignored) when its `at` falls from 15 minutes before the start up to the end of the next
  working day (Monday to Friday) after the meeting, and at least 3 hours after its end:
  someone who typed `checkout meeting "Weekly sync"` right after the meeting, or the next
  morning, should not see it as waiting (a late check-out counts once, for its meeting).
  Each such entry covers one meeting at most, the one nearest its `at`, so one check-out
  does not hide two back-to-back meetings of the same name.

Calendar warnings (unreadable files and the like) go to stderr and the rest still count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.flows.people import alias_names
from checkout_cli.model.entry import meeting_key as _fold
from checkout_cli.model.entry import minutes as own_minutes
from checkout_cli.model.errors import CheckoutError, UsageProblem
from checkout_cli.report.data import CalendarCoverage
from checkout_cli.store.calendars import Meeting
from checkout_cli.store.journal import Journal
from checkout_cli.views.warnings import warn_stderr

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from checkout_cli.model.entry import Event
    from checkout_cli.model.filters import Filters
    from checkout_cli.model.settings import Settings
    from checkout_cli.report.time import TimeTally

# The title fallback: how far before the start and after the end a check-out may be.
EARLY = timedelta(minutes=15)
LATE = timedelta(hours=3)
# The offer without a title and `pending` look back over the day and the evening before:
# from EVENING on the working day before today, and at least OFFER_WINDOW.
OFFER_WINDOW = timedelta(hours=3)
EVENING = time(17)
# What "just ended" means for `--event latest`.
LATEST_WINDOW = timedelta(hours=12)
# Check-outs are recorded after the meeting starts (or EARLY before); meetings last under a day.
JOURNAL_MARGIN = timedelta(days=1)

NO_CALENDARS = "no calendars yet; add one with `checkout calendar add PATH`"
PROMPT = "Which meeting? [Enter = 1, a number, or type a new title] "
PENDING_PROMPT = "Check one out now? [a number, or Enter for not now] "

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
    covered = matches(meetings, entries)
    return [m for i, m in enumerate(meetings) if i not in covered]


def day_start(now: datetime) -> datetime:
    """Where "today's meetings" begin for a late check-out: the evening of the working day
    before (Friday's on a Monday), or three hours back, whichever is earlier."""
    day = now.astimezone().date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    evening = datetime.combine(day, EVENING).astimezone()
    return min(evening, now - OFFER_WINDOW)


def late_until(meeting: Meeting) -> datetime:
    """Until when a check-out by title still counts for `meeting`: the end of the next
    working day after it ended, and at least three hours after its end."""
    from checkout_cli.model.periods import local_midnight

    day = meeting.end.astimezone().date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return max(meeting.end + LATE, local_midnight(day + timedelta(days=1)))


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
    *,
    timer: TimeTally | None = None,
    previous_start: datetime | None = None,
    match: Filters | None = None,
    leave_out: frozenset[str] = frozenset(),
) -> CalendarCoverage | None:
    """How many of the meetings that ended in [start, min(end, now)) got a check-out.

    `{"total", "checked_out", "missed": [{"title", "start", "end", "attendees", "uid"}]}`,
    missed oldest first; None without calendars or for a period with no start. A late
    check-out counts for its meeting, never also as missed.

    With a `timer`, the meetings of the period and of the one before (from
    `previous_start`) go into it with the check-outs that cover them (report/time.py),
    and so do the check-outs of no calendar meeting that give their own length; `match`
    keeps to the check-outs (and the meetings) that the report's filters select.
    A meeting checked out in a set of `leave_out` (the private ones, for a report to
    share) is left out altogether: not counted, not listed, its hours not given.
    """
    if start is None or not settings.calendars:
        return None
    stop = _stop(end, now)
    first = start if previous_start is None else min(start, previous_start)
    meetings = _meetings(settings, first, stop)
    entries = _window(journal_path, first - JOURNAL_MARGIN) if meetings or timer else []
    found = matches(meetings, entries)
    if leave_out:
        meetings, found, entries = _without(meetings, found, entries, leave_out)
    period = [i for i, m in enumerate(meetings) if m.end >= start]
    missed = [meetings[i] for i in period if i not in found]
    if timer is not None:
        _time(timer, meetings, found, entries, start, match)
    return {
        "total": len(period),
        "checked_out": len(period) - len(missed),
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


def _without(
    meetings: Sequence[Meeting],
    found: Mapping[int, Mapping[str, Any]],
    entries: Sequence[dict[str, Any]],
    leave_out: frozenset[str],
) -> tuple[list[Meeting], dict[int, Mapping[str, Any]], list[dict[str, Any]]]:
    """The meetings, their check-outs and the entries without those of the `leave_out`
    sets: a meeting checked out in one of them is gone too, not listed as missed."""
    from checkout_cli.report.tallies import set_name

    hidden = {i for i, entry in found.items() if set_name(dict(entry)) in leave_out}
    kept = [i for i in range(len(meetings)) if i not in hidden]
    return (
        [meetings[i] for i in kept],
        {new: found[old] for new, old in enumerate(kept) if old in found},
        [entry for entry in entries if set_name(entry) not in leave_out],
    )


def _time(
    timer: TimeTally,
    meetings: Sequence[Meeting],
    found: Mapping[int, Mapping[str, Any]],
    entries: Sequence[Mapping[str, Any]],
    start: datetime,
    match: Filters | None,
) -> None:
    """Hand the meetings, each with its check-out, and the lone timed check-outs to `timer`.

    A meeting counts when the user checked out of it or attended it; its length is the
    check-out's own `minutes` when given, else the calendar's.
    """
    keep = match.matches if match is not None and match.active else None
    used: set[int] = set()
    for index, meeting in enumerate(meetings):
        entry = found.get(index)
        if entry is None:
            # A meeting nobody checked out of is selected as its check-out would be.
            as_entry = {"title": meeting.title, "with": [*meeting.attendees]}
            if not meeting.attending or (keep is not None and not keep(as_entry)):
                continue
        else:
            used.add(id(entry))
            if keep is not None and not keep(dict(entry)):
                continue
        given = None if entry is None else own_minutes(entry)
        title = entry.get("title") if entry is not None else None
        timer.sit(
            title if isinstance(title, str) and title.strip() else meeting.title,
            meeting.minutes if given is None else given,
            meeting.people,
            entry,
            previous=meeting.end < start,
            from_calendar=given is None,
        )
    for entry in entries:
        if id(entry) not in used and "minutes" in entry and (keep is None or keep(dict(entry))):
            timer.add(entry)


def offer_recent(
    console: Console, settings: Settings, now: datetime, journal_path: Path
) -> Offer | None:
    """Offer the day's meetings without a check-out, newest first (see `day_start`);
    returns (title, people, at, event) or None.

    None when nothing is waiting, so the caller asks for a title as usual. Ctrl-C and end
    of input are raised through for the caller's `cancellable()`. A typed number picks a
    meeting, so a new title cannot be a bare number.
    """
    from rich.text import Text

    from checkout_cli.views.line_editing import read_line

    choices = list(reversed(waiting(settings, now, journal_path, since=day_start(now))))
    if not choices:
        return None
    console.print(Text("Meetings without a check-out:", style="bold"))
    _numbered(console, choices, now)
    while True:
        typed = read_line(console, Text(PROMPT, style="bold cyan")).strip()
        if not typed:
            return _picked(choices[0], now)
        if typed.isascii() and typed.isdigit():
            picked = _numbered_pick(typed, choices)
            if picked is not None:
                return _picked(picked, now)
            console.print(
                f"  type {_numbers(choices)}, press Enter for 1, or type a title",
                style="yellow",
                markup=False,
                highlight=False,
            )
            continue
        return typed, [], now, None


def _numbered_pick(typed: str, meetings: Sequence[Meeting]) -> Meeting | None:
    """The meeting a typed number names in a numbered list, if it names one."""
    if typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(meetings):
        return meetings[int(typed) - 1]
    return None


def _numbers(meetings: Sequence[Meeting]) -> str:
    return "1" if len(meetings) == 1 else f"a number from 1 to {len(meetings)}"


def offer_pending(console: Console, meetings: Sequence[Meeting], now: datetime) -> Meeting | None:
    """After `pending`'s list: offer to check one out at once. `meetings` are listed newest
    first and numbered; Enter (or end of input) answers "not now"."""
    from rich.text import Text

    from checkout_cli.views.line_editing import read_line

    if not meetings:
        return None
    _numbered(console, meetings, now)
    while True:
        try:
            typed = read_line(console, Text(PENDING_PROMPT, style="bold cyan")).strip()
        except EOFError:
            return None
        if not typed:
            return None
        picked = _numbered_pick(typed, meetings)
        if picked is not None:
            return picked
        console.print(
            f"  type {_numbers(meetings)}, or press Enter for not now",
            style="yellow",
            markup=False,
            highlight=False,
        )


def _numbered(console: Console, meetings: Sequence[Meeting], now: datetime) -> None:
    from rich.text import Text

    from checkout_cli.views.render import safe

    today = now.astimezone().date()
    for number, meeting in enumerate(meetings, start=1):
        line = Text(f"  {number}. ")
        line.append(safe(meeting.title), style="bold")
        line.append(f"  {span(meeting, today=today)}", style="dim")
        if meeting.attendees:
            line.append(f"  with {safe(', '.join(meeting.attendees))}", style="dim")
        console.print(line)


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
        names=alias_names(settings),
    )
    if meeting is None:
        which = f"UID {uid!r}" + (f" at {occurrence}" if occurrence is not None else "")
        raise CheckoutError(
            f"no meeting with {which} in your calendars; "
            "`checkout pending` lists the meetings waiting, with their UID@START"
        )
    return meeting


def link(path: Path, original: Mapping[str, Any], meeting: Meeting) -> dict[str, Any] | None:
    """Attach a check-out to a calendar meeting, in one safe rewrite of the journal: it gets
    the meeting's event, and its `at` becomes the meeting's start. None when it already was
    so; an error for a meeting that began after the check-out was recorded."""
    import copy

    from checkout_cli.flows.edit import replace

    check_link(original, meeting)

    new = copy.deepcopy(dict(original))
    new["event"] = {
        "uid": meeting.uid,
        "occurrence": meeting.occurrence,
        "calendar": meeting.calendar,
    }
    new["at"] = linked_at(original, meeting)
    if new == original:
        return None
    replace(path, original, new)
    return new


def check_link(entry: Mapping[str, Any], meeting: Meeting) -> None:
    """A check-out recorded before the meeting began (15 minutes' grace) is not of it."""
    recorded = _moment(entry.get("recorded_at"))
    if recorded is not None and meeting.start - EARLY > recorded:
        raise CheckoutError(
            f"check-out {entry.get('id')} was recorded before {meeting.title!r} began "
            f"({span(meeting)}); link it to a meeting that had begun by then"
        )


def linked_at(entry: Mapping[str, Any], meeting: Meeting) -> Any:
    """The `at` a check-out linked to `meeting` gets: the meeting's start, as `meeting
    --event` gives it (never after the check-out was recorded); kept when it says that."""
    recorded = _moment(entry.get("recorded_at"))
    at = _moment(entry.get("at"))
    start = meeting.start if recorded is None else min(meeting.start, recorded.astimezone())
    if at is not None and at == start:
        return entry.get("at")
    return start.isoformat(timespec="seconds")


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
        names=alias_names(settings),
    )


def _stop(until: datetime | None, now: datetime) -> datetime:
    """A meeting that has not ended yet is not waiting: the window never reaches past now."""
    return now if until is None else min(until, now)


def matches(
    meetings: Sequence[Meeting], entries: Iterable[Mapping[str, Any]]
) -> dict[int, Mapping[str, Any]]:
    """For each covered meeting (its index), the entry that covers it (rules in the module
    docstring)."""
    by_title: list[tuple[datetime, str, Mapping[str, Any]]] = []
    events: dict[tuple[str, datetime], Mapping[str, Any]] = {}
    for entry in entries:
        key = _event_key(entry)
        if key is not None:
            events.setdefault(key, entry)
            continue
        at = _moment(entry.get("at"))
        title = entry.get("title")
        if at is not None and isinstance(title, str) and title.strip():
            by_title.append((at, _fold(title), entry))
    covered: dict[int, Mapping[str, Any]] = {}
    named: dict[str, list[int]] = {}
    for index, meeting in enumerate(meetings):
        occurrence = _moment(meeting.occurrence)
        linked = None if occurrence is None else events.get((meeting.uid, occurrence))
        if linked is not None:
            covered[index] = linked
        else:
            named.setdefault(_fold(meeting.title), []).append(index)
    until: dict[int, datetime] = {}
    for at, title, entry in sorted(by_title, key=lambda found: found[0]):
        candidates = []
        for index in named.get(title, ()):
            if index in covered:
                continue
            meeting = meetings[index]
            if at < meeting.start - EARLY:
                continue
            last = until.get(index)
            if last is None:
                last = until[index] = late_until(meeting)
            if at < last:
                candidates.append(index)
        if candidates:
            covered[min(candidates, key=lambda i: (_distance(meetings[i], at), i))] = entry
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
