"""Read the user's .ics files and folders (vdirsyncer/khal style) into the meetings that happened.

Only this module knows about iCalendar. `icalendar` and `recurring_ical_events` are imported
inside the functions that use them, so importing this module costs nothing at CLI start-up.

Occurrence keys: `Meeting.occurrence` is the occurrence's *original* start (its RECURRENCE-ID,
which for an unmoved occurrence is its start) in local time, ISO with offset, to the second.
A moved occurrence keeps the key of the slot it was moved from, so a check-out recorded against
it still matches after the move. Occurrences after a RANGE=THISANDFUTURE change use their new
start, because the library reports the same RECURRENCE-ID for all of them. Compare keys as
instants (`datetime.fromisoformat`), not as strings: the offset follows the machine's time zone.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.model.errors import CheckoutError, UsageProblem

if TYPE_CHECKING:
    from icalendar import Calendar

Warn = Callable[[str], None]

UNTITLED = "Untitled meeting"

# Properties whose bad value makes an event's times unknowable; such an event is skipped.
_TIME_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
)
# Attendee kinds that are not people one meets with.
_NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})

# Bounds on expanding repeating events, so no calendar file can keep a command busy.
# The expansion walks every candidate occurrence from DTSTART up to the window, so each
# series gets an estimate of the candidates it makes the library look at, and a file the
# sum of its series. Meetings repeat at most hourly: a finer rule, an INTERVAL below 1 or
# more than 24 times a day is no meeting a person has, and such a series is skipped.
# 100,000 candidates are a daily meeting since 1750 or an hourly one for eleven years,
# and cost well under a second.
MAX_LOOKED_AT_PER_SERIES = 100_000
MAX_LOOKED_AT_PER_FILE = 300_000
MAX_TIMES_PER_DAY = 24
_PERIOD_DAYS = {"HOURLY": 1 / 24, "DAILY": 1.0, "WEEKLY": 7.0, "MONTHLY": 28.0, "YEARLY": 365.0}
_DAY_PARTS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a calendar event, in local time."""

    title: str
    start: datetime
    end: datetime
    attendees: tuple[str, ...]
    uid: str
    occurrence: str
    calendar: str
    # People expected there, the user included: others who did not decline, rooms left out.
    # 0 when unknown (a Meeting made by hand); `people` then counts the attendees.
    headcount: int = 0
    # Whether the calendar says the user goes: the organizer, an accepted invitation, or an
    # event that lists no answer of theirs. A tentative or unanswered one is False.
    attending: bool = True

    @property
    def people(self) -> int:
        """How many were there, the user included."""
        return self.headcount or len(self.attendees) + 1

    @property
    def minutes(self) -> float:
        return max(0.0, (self.end - self.start).total_seconds() / 60)

    # The attendees' e-mail addresses, in their order ("" where the calendar gives none).
    emails: tuple[str, ...] = ()


class _Unusable(Exception):
    """A calendar file that cannot be used; the message is a short reason."""


def meetings_between(
    paths: Sequence[str | Path],
    start: datetime,
    end: datetime,
    *,
    own_emails: Sequence[str] = (),
    warn: Warn,
    names: Callable[[str], str] | None = None,
) -> list[Meeting]:
    """Every meeting occurrence whose end falls in [start, end), sorted by end then start.

    A file or folder that cannot be used is reported through `warn` and the rest still count.
    The same occurrence (UID and original start) found in two files is listed once.
    `names` gives an attendee (a name or an address) the one name a person goes by.
    """
    start, end = _clamped(start, timedelta(0)), _clamped(end, timedelta(0))
    own = frozenset(_address(e).lower() for e in own_emails if e.strip())
    found: list[Meeting] = []
    seen: set[tuple[str, str]] = set()
    for file in _calendar_files(paths, warn):
        for meeting in _meetings_in_file(file, start, end, own, warn, names):
            key = (meeting.uid, meeting.occurrence)
            if key not in seen:
                seen.add(key)
                found.append(meeting)
    found.sort(key=lambda m: (m.end, m.start, m.title, m.uid, m.calendar))
    return found


def find_occurrence(
    paths: Sequence[str | Path],
    uid: str,
    occurrence: str | None,
    *,
    own_emails: Sequence[str] = (),
    warn: Warn,
    around: datetime,
    days: int = 60,
    names: Callable[[str], str] | None = None,
) -> Meeting | None:
    """The meeting with this UID: the given occurrence, or the latest one ended by `around`.

    `occurrence` is matched as an instant against the occurrence key first, then against the
    actual start (so the new time of a moved occurrence also finds it). Without an offset it
    is read as local time.
    """
    around = around.astimezone()
    wanted = _instant(occurrence) if occurrence is not None else None
    span = timedelta(days=days)
    low, high = _clamped(around, -span), _clamped(around, span)
    candidates = [
        m
        for m in meetings_between(paths, low, high, own_emails=own_emails, warn=warn, names=names)
        if m.uid == uid
    ]
    if wanted is None:
        ended = [m for m in candidates if m.end <= around]
        return ended[-1] if ended else None
    for m in candidates:
        if datetime.fromisoformat(m.occurrence) == wanted:
            return m
    for m in candidates:
        if m.start == wanted:
            return m
    return None


def read_calendar_file(path: Path) -> bytes:
    """The bytes of a calendar file, which must be a regular file.

    A FIFO, device or socket named `x.ics` is never opened (opening a FIFO waits for a
    writer, reading a device may never end): the path is checked with stat first, opened
    without blocking, and checked again on the open file in case it was swapped meanwhile.
    Raises OSError, or `NotRegularFile` (an OSError) for anything but a regular file.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotRegularFile(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(path)
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


class NotRegularFile(OSError):
    """A calendar path that is a FIFO, device or socket rather than a file."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is not a regular file")
        self.filename = str(path)
        self.strerror = "not a regular file"


def check_calendar_path(path: str | Path) -> Path:
    """Vet a path before it goes into the config, so a typo is caught when it is added."""
    resolved = Path(path).expanduser().resolve()
    if not resolved.exists():
        raise CheckoutError(f"calendar {resolved}: no such file or folder; check the path")
    if resolved.is_dir():
        try:
            with os.scandir(resolved):
                pass
        except OSError as error:
            raise CheckoutError(
                f"calendar {resolved}: cannot be read ({_os_reason(error)}); check its permissions"
            ) from None
        return resolved
    if not resolved.is_file():
        raise CheckoutError(
            f"calendar {resolved}: not a file or folder; give a .ics file or a folder of them"
        )
    if resolved.suffix.lower() != ".ics":
        raise CheckoutError(
            f"calendar {resolved}: not an .ics file; give a .ics file or a folder of them"
        )
    try:
        data = read_calendar_file(resolved)
    except OSError as error:
        raise CheckoutError(
            f"calendar {resolved}: cannot be read ({_os_reason(error)}); check its permissions"
        ) from None
    try:
        _parse(data)
    except _Unusable as problem:
        raise CheckoutError(
            f"calendar {resolved}: {problem}; export it again from your calendar app"
        ) from None
    return resolved


# The instants a window may reach: a week inside what datetime can hold, so that shifting
# by a day or a time zone offset never leaves it.
_EARLIEST = datetime(1, 1, 8, tzinfo=UTC)
_LATEST = datetime(9999, 12, 24, tzinfo=UTC)


def _clamped(moment: datetime, shift: timedelta) -> datetime:
    """`moment + shift` in local time (in UTC when it comes in UTC), kept within the years
    datetime holds: a window reaching past the year 1 or 9999 is cut short, not an error."""
    zone = UTC if moment.tzinfo is UTC else None
    try:
        return (moment + shift).astimezone(zone)
    except OverflowError:
        return (_EARLIEST if moment.year < 5000 else _LATEST).astimezone(zone)


def _instant(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip()).astimezone()
    except (ValueError, OverflowError):  # not a date-time, or one local time cannot hold
        raise UsageProblem(
            f"occurrence {text!r} is not an ISO date-time; use e.g. 2026-11-20T15:00:00+01:00"
        ) from None


def _calendar_files(paths: Sequence[str | Path], warn: Warn) -> Iterator[Path]:
    """The files to read, each once: given files as they are, folders' *.ics recursively.

    Hidden files and folders below a given folder are left out (editor and sync leftovers).
    """
    seen: set[str] = set()
    for given in paths:
        path = Path(given).expanduser().absolute()
        if path.is_dir():
            files = _ics_below(path, warn)
        elif path.is_file():
            files = [path]
        elif path.exists():
            warn(f"calendar {path}: not a file or folder; skipped")
            continue
        else:
            warn(f"calendar {path}: not found; skipped")
            continue
        for file in files:
            real = os.path.realpath(file)
            if real not in seen:
                seen.add(real)
                yield file


def _ics_below(folder: Path, warn: Warn) -> list[Path]:
    def unreadable(error: OSError) -> None:
        warn(f"calendar {error.filename or folder}: cannot be read ({_os_reason(error)}); skipped")

    found: list[Path] = []
    visited: set[str] = set()
    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        visited.add(os.path.realpath(root))
        dirs[:] = [
            d
            for d in dirs
            if not d.startswith(".") and os.path.realpath(os.path.join(root, d)) not in visited
        ]
        found.extend(
            Path(root, name)
            for name in files
            if name.lower().endswith(".ics") and not name.startswith(".")
        )
    return sorted(found)


def _os_reason(error: OSError) -> str:
    if isinstance(error, NotRegularFile):
        return "not a regular file"
    if isinstance(error, FileNotFoundError):
        return "not found"
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)


def _parse(data: bytes) -> list[Calendar]:
    """Every VCALENDAR in the data, or `_Unusable` with a short reason."""
    import warnings

    from icalendar import Calendar

    if not data.strip():
        raise _Unusable("empty file")
    try:
        with warnings.catch_warnings():
            # icalendar warns (to stderr) when it guesses a vendor-prefixed TZID; the guess is fine.
            warnings.simplefilter("ignore")
            parsed = Calendar.from_ical(data, multiple=True)
    except Exception as error:  # the parser raises assorted types on malformed input
        raise _Unusable(f"not valid iCalendar ({_short(error)})") from None
    components = parsed if isinstance(parsed, list) else [parsed]
    if not components:
        raise _Unusable("not valid iCalendar (no calendar in it)")
    for component in components:
        if component.name != "VCALENDAR":
            raise _Unusable(f"not valid iCalendar ({component.name} where VCALENDAR belongs)")
    return components


def _short(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 80 else text[:77] + "..."


def _meetings_in_file(
    file: Path,
    start: datetime,
    end: datetime,
    own: frozenset[str],
    warn: Warn,
    names: Callable[[str], str] | None = None,
) -> list[Meeting]:
    try:
        data = read_calendar_file(file)
    except OSError as error:
        warn(f"calendar {file}: cannot be read ({_os_reason(error)}); skipped")
        return []
    if not _may_end_between(data, start, end):
        return []
    try:
        calendars = _parse(data)
    except _Unusable as problem:
        warn(f"calendar {file}: {problem}; skipped")
        return []
    meetings: list[Meeting] = []
    budget = _Budget(MAX_LOOKED_AT_PER_FILE)
    for calendar in calendars:
        _drop_unusable_events(calendar, file, warn)
        _drop_runaway_series(calendar, file, end, budget, warn)
        for component in _occurrences(calendar, file, start, end, warn):
            meeting = _meeting(component, own, str(file), names)
            if meeting is not None and start <= meeting.end < end:
                meetings.append(meeting)
    if budget.over:
        more = f" and {len(budget.over) - 1} more" if len(budget.over) > 1 else ""
        warn(
            f"calendar {file}: too many repeating events to expand in one file; "
            f"event {budget.over[0]}{more} skipped"
        )
    return meetings


def _drop_unusable_events(calendar: Calendar, file: Path, warn: Warn) -> None:
    """Leave out events without DTSTART (silently) and with unreadable times (with a warning).

    Also gives events without a UID a stable one, so they can be found again.
    """
    import hashlib

    kept: list[Any] = []
    for component in calendar.subcomponents:
        if component.name != "VEVENT":
            kept.append(component)
            continue
        if "DTSTART" not in component:
            continue
        broken = sorted({name for name, _ in component.errors if name in _TIME_PROPERTIES})
        if broken:
            what = _describe(component)
            warn(f"calendar {file}: event {what} has an unreadable {', '.join(broken)}; skipped")
            continue
        if not str(component.get("UID", "")).strip():
            seed = f"{file}\n{component.get('SUMMARY', '')}\n{component['DTSTART'].to_ical()!r}"
            component["UID"] = "nouid-" + hashlib.sha1(seed.encode()).hexdigest()[:16]
        kept.append(component)
    calendar.subcomponents = kept


@dataclass
class _Budget:
    """What is left of a file's expansion bound, and the series it had no room for."""

    left: int
    over: list[str] = field(default_factory=list)


def _drop_runaway_series(
    calendar: Calendar, file: Path, end: datetime, budget: _Budget, warn: Warn
) -> None:
    """Leave out every series whose expansion up to `end` would be unbounded or too long.

    A series refused by its rule gets one warning naming it; series beyond the file's bound
    are skipped with one warning for the file. All events of a skipped series' UID go, so
    its moved occurrences do not stand in for it.
    """
    refused: set[str] = set()
    for component in calendar.subcomponents:
        if component.name != "VEVENT" or "RRULE" not in component:
            continue
        uid = str(component.get("UID", "")).strip()
        if uid in refused:
            continue
        problem, looked_at = _series_cost(component, end)
        if problem is not None:
            warn(f"calendar {file}: event {_describe(component)} {problem}; skipped")
        elif looked_at > budget.left:
            budget.over.append(_describe(component))
        else:
            budget.left -= looked_at
            continue
        refused.add(uid)
    if refused:
        calendar.subcomponents = [
            c
            for c in calendar.subcomponents
            if c.name != "VEVENT" or str(c.get("UID", "")).strip() not in refused
        ]


def _series_cost(component: Any, end: datetime) -> tuple[str | None, int]:
    """(why the series cannot be expanded, or None; the candidates its rules make the
    expansion look at between DTSTART and `end`)."""
    began = component["DTSTART"].dt
    first = began.date() if isinstance(began, datetime) else began
    days = max(0, (end.date() - first).days) + 2
    total = 0
    for rule in _as_list(component.get("RRULE")):
        problem, looked_at = _rule_cost(rule, days)
        if problem is not None:
            return problem, 0
        total += looked_at
    if total > MAX_LOOKED_AT_PER_SERIES:
        return f"repeats too often since {first} to be read (about {total:,} times)", 0
    return None, total


def _rule_cost(rule: Any, days: int) -> tuple[str | None, int]:
    """One RRULE's problem (None when it has none) and the candidates it yields in `days`."""
    import math

    def values(part: str) -> list[Any]:
        found = rule.get(part)
        return list(found) if isinstance(found, list | tuple) else [] if found is None else [found]

    def size(part: str) -> int:
        return max(1, len(set(map(str, values(part)))))

    freq = str((values("FREQ") or [""])[0]).upper()
    if freq in ("SECONDLY", "MINUTELY"):
        return f"repeats more often than hourly (FREQ={freq})", 0
    if freq not in _PERIOD_DAYS:
        return f"has a rule with FREQ {freq or 'missing'}", 0
    try:
        interval = int(str((values("INTERVAL") or [1])[0]))
    except ValueError:
        interval = 0
    if interval < 1:
        return f"repeats with INTERVAL={(values('INTERVAL') or ['?'])[0]}, which never moves on", 0
    clock = size("BYMINUTE") * size("BYSECOND")
    if freq == "HOURLY":
        per_day = (size("BYHOUR") if values("BYHOUR") else math.ceil(24 / interval)) * clock
        per_period = clock
    else:
        per_day = size("BYHOUR") * clock
        spread = any(values(part) for part in _DAY_PARTS)
        days_in_period = {
            "DAILY": 1,
            "WEEKLY": 7 if spread else 1,
            "MONTHLY": 31 if spread else 1,
            "YEARLY": 366 if spread else size("BYMONTH"),
        }[freq]
        per_period = days_in_period * per_day
    if per_day > MAX_TIMES_PER_DAY:
        return f"repeats {per_day} times a day, more often than hourly", 0
    periods = math.ceil(days / (_PERIOD_DAYS[freq] * interval)) + 1
    return None, periods * per_period


def _describe(component: Any) -> str:
    summary = " ".join(str(component.get("SUMMARY", "")).split())
    return repr(summary) if summary else f"with UID {component.get('UID', '?')!s}"


def _occurrences(
    calendar: Calendar, file: Path, start: datetime, end: datetime, warn: Warn
) -> list[Any]:
    """Occurrences overlapping the window, widened by a day each side.

    The library compares floating times as if they were in the window's zone (UTC here), so
    the margin keeps floating events near the edges; the caller filters exactly.
    """
    import warnings

    import recurring_ical_events

    low = _clamped(start.astimezone(UTC), -timedelta(days=1))
    high = _clamped(end.astimezone(UTC), timedelta(days=1))

    def query(part: Calendar) -> list[Any]:
        with warnings.catch_warnings(), _expansion_horizon(high.year + 1):
            warnings.simplefilter("ignore")
            return list(recurring_ical_events.of(part).between(low, high))

    try:
        return query(calendar)
    except Exception:  # the library raises assorted types on odd series
        pass
    # One series at a time, so a bad one does not take the others with it.
    occurrences: list[Any] = []
    for events in _series(calendar):
        try:
            occurrences.extend(query(_with_only(calendar, events)))
        except Exception as error:
            what = _describe(events[0])
            warn(f"calendar {file}: event {what} cannot be read ({_short(error)}); skipped")
    return occurrences


def _series(calendar: Calendar) -> list[list[Any]]:
    """The calendar's events grouped by UID, in file order."""
    by_uid: dict[str, list[Any]] = {}
    for component in calendar.subcomponents:
        if component.name == "VEVENT":
            by_uid.setdefault(str(component.get("UID", "")).strip(), []).append(component)
    return list(by_uid.values())


def _with_only(calendar: Calendar, events: list[Any]) -> Calendar:
    """The calendar (its properties and time zones) with these events and no others."""
    import copy

    part = copy.copy(calendar)
    part.subcomponents = [c for c in calendar.subcomponents if c.name != "VEVENT"] + events
    return part


@contextlib.contextmanager
def _expansion_horizon(last_year: int) -> Iterator[None]:
    """While it lasts, dateutil's rules end with `last_year`.

    dateutil stops a rule at its UNTIL only when a candidate passes its BYxxx filters, and
    otherwise walks on to the year 9999: a rule that never matches (the 30th of February)
    takes minutes to find that out, and the expansion asks every rule for its next
    occurrence after the window. Nothing after the window's year is needed here.
    """
    import datetime as real
    import types
    from importlib import import_module

    module = import_module("dateutil.rrule")
    if getattr(module, "datetime", None) is not real:  # a dateutil that reads it otherwise
        yield
        return
    capped = types.ModuleType("datetime")
    capped.__dict__.update(vars(real))
    capped.MAXYEAR = min(last_year, real.MAXYEAR)  # type: ignore[attr-defined]
    module.datetime = capped  # type: ignore[attr-defined]
    try:
        yield
    finally:
        module.datetime = real  # type: ignore[attr-defined]


# The UIDs `export --format ics` gives what it exports (report/exporters/ics.py).
OUR_EVENTS = "@checkout"


def _meeting(
    component: Any, own: frozenset[str], calendar: str, names: Callable[[str], str] | None = None
) -> Meeting | None:
    """The meeting for one occurrence, or None when it is all-day, cancelled or declined,
    or a check-out of ours (`export --format ics --events`, imported into the calendar:
    a record of a meeting, not one to check out)."""
    began = component["DTSTART"].dt
    if not isinstance(began, datetime):
        return None
    if str(component.get("UID", "")).endswith(OUR_EVENTS):
        return None
    if str(component.get("STATUS", "")).strip().upper() == "CANCELLED":
        return None
    if _declined(component, own):
        return None
    finish = component.get("DTEND")
    start = _local(began)
    end = _local(finish.dt) if finish is not None else start
    start, end = min(start, end), max(start, end)
    recurrence_id = component.get("RECURRENCE-ID")
    original = began
    if recurrence_id is not None and not _this_and_future(recurrence_id):
        original = recurrence_id.dt
    people = _people(component, own, names)
    return Meeting(
        title=" ".join(str(component.get("SUMMARY", "")).split()) or UNTITLED,
        start=start,
        end=end,
        attendees=tuple(name for name, _ in people),
        emails=tuple(address for _, address in people),
        headcount=_headcount(component, own),
        attending=_attending(component, own),
        uid=str(component.get("UID", "")).strip(),
        occurrence=_local(original).isoformat(timespec="seconds"),
        calendar=calendar,
    )


def _this_and_future(recurrence_id: Any) -> bool:
    return str(recurrence_id.params.get("RANGE", "")).upper() == "THISANDFUTURE"


def _local(value: date | datetime) -> datetime:
    """Aware local time; naive (floating) values are read as local time, dates as midnight."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.astimezone()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _address(value: Any) -> str:
    """The e-mail behind a calendar address (`mailto:` dropped), as written."""
    text = str(value).strip()
    return text[len("mailto:") :].strip() if text.lower().startswith("mailto:") else text


def _declined(component: Any, own: frozenset[str]) -> bool:
    return any(
        _address(attendee).lower() in own
        and str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED"
        for attendee in _as_list(component.get("ATTENDEE"))
    )


def _attending(component: Any, own: frozenset[str]) -> bool:
    """The user organizes it, accepted it, or is not asked (their own event, or no e-mail set)."""
    if not own:
        return True
    if any(_address(o).lower() in own for o in _as_list(component.get("ORGANIZER"))):
        return True
    answers = [
        str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
        for attendee in _as_list(component.get("ATTENDEE"))
        if _address(attendee).lower() in own
    ]
    return not answers or "ACCEPTED" in answers


def _headcount(component: Any, own: frozenset[str]) -> int:
    """The user and every other person (organizer or attendee) who did not decline."""
    others: set[str] = set()
    declined: set[str] = set()
    people = [*_as_list(component.get("ORGANIZER")), *_as_list(component.get("ATTENDEE"))]
    for person in people:
        params = getattr(person, "params", {})
        address = _address(person).lower()
        if address in own or str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
            continue
        key = address or " ".join(str(params.get("CN", "")).split()).casefold()
        if not key:
            continue
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            declined.add(key)
        else:
            others.add(key)
    return 1 + len(others - declined)


def _people(
    component: Any, own: frozenset[str], rename: Callable[[str], str] | None = None
) -> tuple[tuple[str, str], ...]:
    """Who else was there, (name, address): organizer first, then attendees; rooms and the
    user left out; `rename` (the alias table) gives each the name they are shown as.

    A person listed twice (organizer and attendee) counts once, under a CN if either has one.
    """
    by_address: dict[str, tuple[str, bool, str]] = {}
    people = [*_as_list(component.get("ORGANIZER")), *_as_list(component.get("ATTENDEE"))]
    for person in people:
        params = getattr(person, "params", {})
        address = _address(person)
        if address.lower() in own or str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
            continue
        cn = " ".join(str(params.get("CN", "")).split())
        name = cn or address.split("@")[0]
        if rename is not None:  # the alias table: by address first, then by name
            named = rename(address) if address else address
            name = named if named != address else rename(name)
        key = address.lower() or name.casefold()
        if not key or not name:
            continue
        known = by_address.get(key)
        if known is None or (cn and not known[1]):
            by_address[key] = (name, bool(cn), address if "@" in address else "")
    found: list[tuple[str, str]] = []
    for name, _, email in by_address.values():
        if name.casefold() not in {n.casefold() for n, _ in found}:
            found.append((name, email))
    return tuple(found)


def _may_end_between(data: bytes, start: datetime, end: datetime) -> bool:
    """Whether the file might hold an occurrence ending in the window, from its raw text.

    Parsing is the slow part with folders of thousands of one-off events, so a complete
    calendar without RRULE, RDATE or DURATION in its events, whose events all end (by the date
    on DTEND, or DTSTART) two days or more outside the window, is not parsed. Anything odd
    says "might", so the parser still sees (and reports) broken files.
    """
    text = data.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    for fold in ("\r\n ", "\r\n\t", "\n ", "\n\t"):
        text = text.replace(fold, "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or lines[0].upper() != "BEGIN:VCALENDAR" or lines[-1].upper() != "END:VCALENDAR":
        return True
    low = f"{_clamped(start.astimezone(UTC), -timedelta(days=2)):%Y%m%d}".zfill(8)
    high = f"{_clamped(end.astimezone(UTC), timedelta(days=2)):%Y%m%d}".zfill(8)
    nesting: list[str] = []
    days: list[str] = []  # YYYYMMDD of the current event's DTSTART and DTEND
    for line in lines:
        head, _, value = line.partition(":")
        name = head.split(";", 1)[0].upper()
        in_event = bool(nesting) and nesting[-1] == "VEVENT"
        if name == "BEGIN":
            nesting.append(value.upper())
            if nesting[-1] == "VEVENT":
                days = []
        elif name == "END":
            if in_event and days and low <= max(days) <= high:
                return True
            if nesting:
                nesting.pop()
        elif in_event:
            if name in {"RRULE", "RDATE", "DURATION"}:
                return True
            if name in {"DTSTART", "DTEND"}:
                day = line.rsplit(":", 1)[-1][:8]
                if len(day) != 8 or not day.isdigit():
                    return True
                days.append(day)
    return False
