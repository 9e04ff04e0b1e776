"""Write a realistic synthetic journal, for benchmarks and for trying reports on years of data.

Usage: python benchmarks/make_journal.py N --years Y --out FILE [--seed S] [--end ISO]
       [--shape meetings|calendar]

Lines are exactly what `checkout meeting` writes: entries shaped as `build_entry` shapes
them, encoded by the package's own journal encoder (`encode`, found where the package
keeps it), so the lines follow the package when its codec changes. Recurring meetings
with their question sets and the real question texts, in `recorded_at` order, about one
in a hundred back-dated by days.

Two shapes:

- `meetings` (the default): twelve recurring meetings over the three question sets of
  `questions.toml`, checked out by title a few minutes after their `at`;
- `calendar`: check-outs as `checkout meeting --event` writes them, each linked to its
  calendar occurrence (`"event": {"uid", "occurrence", "calendar"}` after the answers,
  `at` the occurrence's start, title and people from the calendar), alternating entry by
  entry between the `one-on-one` and `customer-call` sets.

The file is fsynced before it is reported done, so a benchmark that fsyncs an append
afterwards does not pay for flushing it.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import random
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from checkout_cli.model.entry import _ID_ALPHABET, ID_LENGTH, SCHEMA_VERSION

T = TypeVar("T")
QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "questions.toml"
DEFAULT_END = "2026-06-24T17:30:00+02:00"  # a Wednesday: the week before it is the last full one
DEFAULT_ZONE = "Europe/Berlin"
BACKDATED_SHARE = 0.01
MOVED_SHARE = 0.03  # calendar shape: occurrences moved to the next day (a RECURRENCE-ID)
ME = "Sam"
SHAPES = ("meetings", "calendar")
CALENDAR_SETS = ("one-on-one", "customer-call")  # the calendar shape alternates between them
ENCODER_MODULES = ("checkout_cli.store.codec", "checkout_cli.store.journal")

_DAY_START = 9 * 3600  # recorded between 09:00 and 18:30 local time on weekdays
_DAY_SPAN = int(9.5 * 3600)
_ID_BITS = 5 * ID_LENGTH
_ID_MASK = (1 << _ID_BITS) - 1


@dataclass(frozen=True)
class Meeting:
    title: str
    set_name: str
    tags: tuple[str, ...]
    people: tuple[str, ...]
    weight: int
    uid: str = ""  # the calendar shape: the series' iCalendar UID, its file, its length
    calendar: str = ""
    minutes: int = 30


MEETINGS = (
    Meeting("Weekly sync", "meeting", ("team",), ("Ana", "Raj", "Mei", "Tomás"), 10),
    Meeting("Team stand-up", "meeting", ("team",), ("Ana", "Raj", "Mei"), 8),
    Meeting("Sprint planning", "meeting", ("team", "planning"), ("Ana", "Raj", "Mei", "Tomás"), 3),
    Meeting("Sprint retro", "meeting", ("team", "retro"), ("Ana", "Raj", "Mei", "Tomás"), 3),
    Meeting("Design review", "meeting", ("design",), ("Mei", "Zoë"), 3),
    Meeting("Budget review", "meeting", ("finance",), ("Priya", "Ana"), 1),
    Meeting("1:1 Raj", "one-on-one", ("1:1",), ("Raj",), 4),
    Meeting("1:1 Ana", "one-on-one", ("1:1",), ("Ana",), 4),
    Meeting("1:1 with Priya", "one-on-one", ("1:1", "manager"), ("Priya",), 2),
    Meeting("Acme onboarding call", "customer-call", ("customer", "acme"), ("Jordan", "Ana"), 3),
    Meeting("Globex quarterly", "customer-call", ("customer", "globex"), ("Lena", "Priya"), 1),
    Meeting("Initech support call", "customer-call", ("customer",), ("Bob", "Raj"), 2),
)

WORK_ICS = "/home/sam/Calendars/work.ics"
CUSTOMERS_ICS = "/home/sam/Calendars/customers.ics"
CALENDAR_MEETINGS = (
    Meeting(
        "1:1 Raj", "one-on-one", ("1:1",), ("Raj",), 4,
        uid="5b0f3c1e-9d2a-4f67-8e21-3a9c0d7b4e12", calendar=WORK_ICS,
    ),
    Meeting(
        "1:1 Ana", "one-on-one", ("1:1",), ("Ana",), 4,
        uid="c7e2a9d4-1b8f-4c3e-a6d0-92f5e8b1c734", calendar=WORK_ICS,
    ),
    Meeting(
        "1:1 with Priya", "one-on-one", ("1:1", "manager"), ("Priya",), 2,
        uid="040000008200E00074C5B7101A82E00800000000D0C1A2B3@outlook.example.com",
        calendar=WORK_ICS, minutes=45,
    ),
    Meeting(
        "Mentoring: Mei", "one-on-one", ("1:1", "mentoring"), ("Mei",), 1,
        uid="mentoring-mei-2019@calendar.example.org", calendar=WORK_ICS, minutes=60,
    ),
    Meeting(
        "Acme onboarding call", "customer-call", ("customer", "acme"), ("Jordan", "Ana"), 3,
        uid="7q4hk2m9v1c8s0b3n6x5z@google.com", calendar=CUSTOMERS_ICS, minutes=60,
    ),
    Meeting(
        "Globex quarterly", "customer-call", ("customer", "globex"), ("Lena", "Priya", "Tomás"), 1,
        uid="globex-qbr@globex.example.com", calendar=CUSTOMERS_ICS, minutes=90,
    ),
    Meeting(
        "Initech support call", "customer-call", ("customer",), ("Bob", "Raj"), 2,
        uid="e91d2c4b-77a0-4b5e-b3f8-0c6d1a2e9f50", calendar=CUSTOMERS_ICS,
    ),
    Meeting(
        "Umbrella renewal", "customer-call", ("customer", "umbrella"), ("Zoë", "Priya"), 1,
        uid="umbrella-renewal@calendar.example.org", calendar=CUSTOMERS_ICS, minutes=45,
    ),
)  # fmt: skip

IMPROVE_SHORT = (
    "Start on time.",
    "No.",
    "Shorter.",
    "-",
    "Fine as it was.",
    "Send the agenda the day before.",
    "Fewer people.",
    "Keep it to 30 minutes.",
    "Cameras on, please.",
    "Decide, do not just discuss.",
)
IMPROVE_BASE = (
    "We could have started on time",
    "A clear agenda would have helped",
    "Too many status updates",
    "We ran out of time for the important part",
    "The wrong people were in the room",
    "We should have written the decision down",
    "Half of it could have been an email",
    "Nobody owned the follow-ups last time",
    "The slides were not shared in advance",
    "We went off topic twice",
    "Priya should have been there for the budget question",
    "Start with the blockers, not the updates",
    "Timebox each topic",
    "Less screen sharing, more talking",
    "We repeated last week's discussion",
    "Better notes",
    "Decide who takes the notes before we start",
    "The customer needed the pricing sheet earlier",
    "Prepare the demo environment before the call",
    "Ask more questions and listen longer",
)
IMPROVE_TAIL = (
    ".",
    ".",
    "!",
    ", as usual.",
    " — again.",
    "; let's fix it next time.",
    " and we should try it for a month.",
    ", otherwise it was fine.",
    " (Ana said the same).",
    ". Maybe a rotating facilitator?",
    " and keep the parking lot visible.",
    " before the next {title}.",
)
NOTES = (
    "budget still open",
    "waiting on legal",
    "good progress on the roadmap",
    "the decision moved to next week",
    "needs a follow-up with the customer",
    "mostly, the demo broke",
    "we agreed on the scope",
    "Raj was out sick",
)
CUSTOMER = (
    "Pricing for the second year.",
    "Getting the integration live before their launch.",
    "Support response times.",
    "A single contact person.",
    "Data export and who owns the data.",
    "The SSO rollout.",
)
STEP_VERB = (
    "Send",
    "Draft",
    "Review",
    "Share",
    "Book",
    "Update",
    "Ask about",
    "Follow up on",
    "Write up",
    "Fix",
)
STEP_OBJECT = (
    "the notes",
    "the agenda for next time",
    "the pricing sheet",
    "the roadmap",
    "the budget numbers",
    "a room for the workshop",
    "the release checklist",
    "the contract draft",
    "the onboarding doc",
    "the demo environment",
    "the hiring plan",
    "the retro board",
)


def load_sets(path: Path = QUESTIONS_FILE) -> dict[str, list[dict[str, Any]]]:
    """Each set's questions as dicts with key, text, kind, optional, from the real file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        name: [
            {
                "key": q["key"],
                "text": q["text"],
                "kind": q["kind"],
                "optional": bool(q.get("optional", False)),
            }
            for q in table["questions"]
        ]
        for name, table in data.items()
    }


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """`rng.choice` without its rejection sampling: a few times faster, bias far below 1e-9."""
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


def entry_id(index: int, salt: int) -> str:
    """A distinct id for every index: a bijective mix of 40 bits, written in the id alphabet."""
    x = (index * 0x9E3779B97F + salt) & _ID_MASK
    x ^= x >> 19
    x = (x * 0xD6E8FEB867) & _ID_MASK
    x ^= x >> 23
    chars = []
    for _ in range(ID_LENGTH):
        chars.append(_ID_ALPHABET[x & 31])
        x >>= 5
    return "".join(chars)


class Clock:
    """Local wall-clock strings with the right UTC offset, cached per day."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._days: dict[date, tuple[str, str]] = {}

    def stamp(self, day: date, seconds: int) -> str:
        found = self._days.get(day)
        if found is None:
            noon = datetime.combine(day, time(12), self.zone)
            found = self._days[day] = (day.isoformat(), noon.isoformat()[-6:])
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{found[0]}T{hours:02d}:{minutes:02d}:{secs:02d}{found[1]}"


def working_days(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def schedule(n: int, years: float, end: datetime) -> list[tuple[date, list[int]]]:
    """(day, sorted seconds after midnight) for every weekday, n moments in all, none after end."""
    last_day = end.date()
    first_day = last_day - timedelta(days=round(365.25 * years))
    days = working_days(first_day, last_day)
    if not days:
        raise SystemExit("make_journal: the span holds no weekday; give more --years")
    end_seconds = end.hour * 3600 + end.minute * 60 + end.second
    spans = [_DAY_SPAN] * len(days)
    if days[-1] == last_day:
        spans[-1] = max(1, min(_DAY_SPAN, end_seconds - _DAY_START))
    total = sum(spans)
    plan = []
    done = 0
    used = 0
    for day, span in zip(days, spans, strict=True):
        used += span
        upto = n * used // total
        count = upto - done
        done = upto
        step = span / count if count else 0.0
        plan.append((day, [_DAY_START + int(step * (i + 0.5)) for i in range(count)]))
    return plan


def improve_text(rng: random.Random, title: str) -> str:
    if rng.random() < 0.35:
        return pick(rng, IMPROVE_SHORT)
    text = pick(rng, IMPROVE_BASE) + pick(rng, IMPROVE_TAIL).replace("{title}", title)
    if rng.random() < 0.1:
        text = text.lower()
    return text


def steps(
    rng: random.Random,
    eid: str,
    people: Sequence[str],
    at_day: date,
    recorded_day: date,
    clock: Clock,
    end_day: date,
) -> list[dict[str, Any]]:
    """0-3 next steps: owners, due dates after the meeting, some done after it was recorded."""
    items = []
    for number in range(1, pick(rng, (0, 1, 1, 2, 2, 3)) + 1):
        roll = rng.random()
        owner = ME if roll < 0.35 else (pick(rng, people) if roll < 0.85 else None)
        due = None
        if rng.random() < 0.7:
            due = (at_day + timedelta(days=between(rng, 1, 14))).isoformat()
        done_at = None
        if rng.random() < 0.45:
            done_day = recorded_day + timedelta(days=between(rng, 1, 10))
            if done_day < end_day:
                done_at = clock.stamp(done_day, _DAY_START + int(rng.random() * _DAY_SPAN))
        items.append(
            {
                "id": f"{eid}-{number}",
                "text": f"{pick(rng, STEP_VERB)} {pick(rng, STEP_OBJECT)}",
                "owner": owner,
                "due": due,
                "done_at": done_at,
            }
        )
    return items


def package_encoder() -> Callable[[dict[str, Any]], bytes]:
    """The package's own journal encoder: `entry -> line bytes`, newline included.

    Looked up where the package keeps it (`store.codec` once the codec has its own
    module, `store.journal` before), so the lines are what the package writes today.
    """
    for name in ENCODER_MODULES:
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            if hasattr(module, "encode"):
                encode: Callable[[dict[str, Any]], bytes] = module.encode
                return encode
    raise SystemExit(f"make_journal: no `encode` in {' or '.join(ENCODER_MODULES)}")


_GOAL_CHOICES = ("yes",) * 10 + ("partly",) * 7 + ("no",) * 3
_WORTH_CHOICES = (1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5)


def answers_for(
    rng: random.Random,
    questions: Sequence[dict[str, Any]],
    eid: str,
    title: str,
    people: Sequence[str],
    at_day: date,
    recorded_day: date,
    clock: Clock,
    end_day: date,
) -> list[dict[str, Any]]:
    """The answers, in the set's order, as `build_entry` writes them."""
    answers = []
    for question in questions:
        kind = question["kind"]
        value: Any
        note = None
        if question["optional"] and rng.random() < 0.2:
            value = None
        elif kind == "choice":
            value = pick(rng, _GOAL_CHOICES)
            if rng.random() < 0.2:
                note = pick(rng, NOTES)
        elif kind == "scale":
            value = pick(rng, _WORTH_CHOICES)
        elif kind == "actions":
            value = steps(rng, eid, people, at_day, recorded_day, clock, end_day)
        elif question["key"] == "customer":
            value = pick(rng, CUSTOMER)
        else:
            value = improve_text(rng, title)
        answer = {
            "key": question["key"],
            "question": question["text"],
            "kind": kind,
            "value": value,
        }
        if note:
            answer["note"] = note
        answers.append(answer)
    return answers


def write_journal(
    out: Path,
    n: int,
    *,
    years: float,
    seed: int = 1,
    end: datetime | None = None,
    zone: str = DEFAULT_ZONE,
    shape: str = "meetings",
) -> int:
    """Write n entries ending at `end` to `out` (replacing it); returns the bytes written."""
    if shape not in SHAPES:
        raise ValueError(f"shape {shape!r} is not one of {', '.join(SHAPES)}")
    rng = random.Random(seed)
    tz = ZoneInfo(zone)
    end = (end or datetime.fromisoformat(DEFAULT_END)).astimezone(tz)
    clock = Clock(tz)
    sets = load_sets()
    meetings = [m for m in MEETINGS for _ in range(m.weight)]
    salt = rng.getrandbits(_ID_BITS)
    encode = package_encoder()
    end_day = end.date()
    linked = CalendarLinks(clock) if shape == "calendar" else None
    index = 0
    written = 0
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "wb", buffering=1 << 20) as handle:
        os.fchmod(handle.fileno(), 0o600)  # as the real journal
        for day, moments in schedule(n, years, end):
            for seconds in moments:
                eid = entry_id(index, salt)
                if linked is not None:
                    entry = linked.entry(rng, sets, index, eid, day, seconds, end_day)
                    index += 1
                    line = encode(entry)
                    handle.write(line)
                    written += len(line)
                    continue
                meeting = pick(rng, meetings)
                index += 1
                recorded = clock.stamp(day, seconds)
                if rng.random() < BACKDATED_SHARE:
                    at_day = day - timedelta(days=between(rng, 1, 6))
                    at = clock.stamp(at_day, _DAY_START + int(rng.random() * _DAY_SPAN))
                else:
                    at_day = day
                    at = clock.stamp(day, seconds - between(rng, 120, 900))
                title = meeting.title
                if rng.random() < 0.02:
                    title = title.lower()
                people = list(meeting.people)
                if len(people) > 2 and rng.random() < 0.3:
                    people.remove(pick(rng, people))
                answers = answers_for(
                    rng, sets[meeting.set_name], eid, title, people, at_day, day, clock, end_day
                )
                entry = {
                    "v": SCHEMA_VERSION,
                    "id": eid,
                    "at": at,
                    "recorded_at": recorded,
                    "title": title,
                    "with": people,
                    "tags": list(meeting.tags),
                    "set": meeting.set_name,
                    "answers": answers,
                }
                line = encode(entry)
                handle.write(line)
                written += len(line)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, out)
    return written


class CalendarLinks:
    """The calendar shape: check-outs as `checkout meeting --event UID@START` writes them.

    With `--event`, the entry's title and people are the event's, its `at` is the
    occurrence's start, and `"event"` (uid, occurrence, calendar) follows the answers.
    Entries alternate between the two sets of CALENDAR_SETS. An occurrence is checked
    out once: a start already taken in its series moves a minute earlier.
    """

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.pools = [
            [m for m in CALENDAR_MEETINGS if m.set_name == name for _ in range(m.weight)]
            for name in CALENDAR_SETS
        ]
        self.taken: set[tuple[str, date, int]] = set()

    def entry(
        self,
        rng: random.Random,
        sets: dict[str, list[dict[str, Any]]],
        index: int,
        eid: str,
        day: date,
        seconds: int,
        end_day: date,
    ) -> dict[str, Any]:
        meeting = pick(rng, self.pools[index % len(self.pools)])
        clock = self.clock
        recorded = clock.stamp(day, seconds)
        if rng.random() < BACKDATED_SHARE:  # an older occurrence, checked out days later
            start_day = day - timedelta(days=between(rng, 1, 6))
            start = _DAY_START + int(rng.random() * _DAY_SPAN)
        else:  # checked out a few minutes after the meeting ended
            start_day = day
            start = seconds - 60 * meeting.minutes - between(rng, 60, 600)
        original_day = start_day
        if rng.random() < MOVED_SHARE:  # moved from the day before: occurrence != at
            original_day = start_day - timedelta(days=1)
        start -= start % 60
        while (meeting.uid, original_day, start) in self.taken:
            start -= 60
        self.taken.add((meeting.uid, original_day, start))
        people = list(meeting.people)
        answers = answers_for(
            rng, sets[meeting.set_name], eid, meeting.title, people, start_day, day, clock, end_day
        )
        return {
            "v": SCHEMA_VERSION,
            "id": eid,
            "at": clock.stamp(start_day, start),
            "recorded_at": recorded,
            "title": meeting.title,
            "with": people,
            "tags": list(meeting.tags),
            "set": meeting.set_name,
            "answers": answers,
            "event": {
                "uid": meeting.uid,
                "occurrence": clock.stamp(original_day, start),
                "calendar": meeting.calendar,
            },
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="how many entries")
    parser.add_argument("--years", type=float, default=10.0, help="how many years they span")
    parser.add_argument("--out", type=Path, required=True, help="the journal file to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--end",
        default=DEFAULT_END,
        help=f"ISO date-time of the last entry (default {DEFAULT_END})",
    )
    parser.add_argument("--zone", default=DEFAULT_ZONE, help="the time zone the meetings are in")
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default="meetings",
        help="meetings: twelve meetings over three sets, by title; calendar: check-outs "
        "linked to calendar events (--event), alternating one-on-one and customer-call",
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be 0 or more")
    try:
        end = datetime.fromisoformat(args.end)
    except ValueError:
        parser.error(f"--end {args.end!r} is not an ISO date-time")
    if end.tzinfo is None:
        end = end.replace(tzinfo=ZoneInfo(args.zone))
    size = write_journal(
        args.out,
        args.n,
        years=args.years,
        seed=args.seed,
        end=end,
        zone=args.zone,
        shape=args.shape,
    )
    print(f"wrote {args.n} entries, {size / 2**20:.1f} MiB, to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
