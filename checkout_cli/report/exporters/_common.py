"""What the exporters share: reading the journal's entries (hand-edited, so defensively),
dates in one style for people (`Tue 17 Nov`; CSV's data columns stay ISO), and text
cleaning. The report itself is typed (`report/data.py`) and read as it is;
numbers are written by `report/numbers.py`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from checkout_cli.model import moments
from checkout_cli.report.data import (
    ActionsSummary,
    CalendarCoverage,
    ChoiceSummary,
    Fix,
    Goals,
    MeetingRow,
    OwnerSteps,
    PeriodData,
    ReportAction,
    ScaleSummary,
    SetSummary,
    Summary,
    Trend,
)
from checkout_cli.report.numbers import decimal, share, signed

# C0 and C1 control characters other than tab and newline: ANSI escapes start with one,
# and none of them means anything in a report; nor do the bidirectional overrides, which
# reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CARRIAGE_RETURN = re.compile(r"\r\n?")

TRENDS: dict[Trend, str] = {"up": "↑ up", "down": "↓ down", "flat": "→ flat", "new": "new"}
GOAL_CHOICES = ("yes", "partly", "no")
# What the goal rate across sets counts, and the English word each reads as.
GOAL_MEANINGS = (("achieved", "yes"), ("partly", "partly"), ("missed", "no"))
GOAL_ORDER = ("achieved", "partly", "missed")


def trend_text(meeting: MeetingRow) -> str:
    """A meeting's trend as the summaries write it: `↑ up (was 3.5)`, or `new`."""
    shown = TRENDS[meeting["trend"]]
    previous = meeting["previous_mean_worth"]
    # "(was 3.0)" only beside a worth it compares with: never after a worth of "–".
    if meeting["trend"] != "new" and previous is not None and meeting["mean_worth"] is not None:
        shown += f" (was {decimal(previous)})"
    return shown


def coverage(calendar: CalendarCoverage) -> str:
    """How many of the calendar's meetings got a check-out, as a sentence."""
    total = calendar["total"]
    done = calendar["checked_out"]
    return f"Checked out {done} of {total} meeting{'' if total == 1 else 's'}."


def clean(value: object) -> str:
    """User text with newlines normalised and control characters (ANSI escapes) removed."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _CONTROL.sub("", _CARRIAGE_RETURN.sub("\n", text))


def one_line(value: object) -> str:
    """`clean` text with every run of whitespace, newlines included, folded to one space."""
    return " ".join(clean(value).split())


def parse_dt(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moments.usable(moment) is not None else None


def parse_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        moment = parse_dt(value)
        return moment.date() if moment else None


def period_label(period: PeriodData) -> str:
    return one_line(period["label"]) or days_name(period)


def choice_parts(question: ChoiceSummary) -> list[tuple[str, int, float | None]]:
    """(choice, count, share) of a choice question: the choices that mean achieved, partly
    and missed first, in that order (`sí / en parte / no` as `yes / partly / no`), then
    the others as counted."""
    counts = question["counts"]
    shares = question["shares"]
    meanings = question.get("meanings") or dict(zip(GOAL_CHOICES, GOAL_ORDER, strict=True))
    first = [c for meaning in GOAL_ORDER for c in counts if meanings.get(c) == meaning]
    order = first + [c for c in counts if c not in first]
    return [(c, counts[c], shares.get(c)) for c in order]


def action_text(action: dict[str, Any]) -> str:
    """One action item on one line, for CSV cells and calendar descriptions."""
    parts = [one_line(action.get("text")) or "(no text)"]
    owner = one_line(action.get("owner"))
    if owner:
        parts.append(f"@{owner}")
    due = parse_date(action.get("due"))
    if due:
        parts.append(f"due:{due.isoformat()}")
    if action.get("done_at"):
        done = parse_dt(action.get("done_at"))
        parts.append(f"done:{done.date().isoformat()}" if done else "done")
    return " ".join(parts)


def answer_text(answer: dict[str, Any], action_separator: str = "; ") -> str:
    """An answer's value as text: the choice and its note, the number, the text, the steps."""
    value = answer.get("value")
    kind = answer.get("kind")
    if kind == "actions" or (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
        steps = value if isinstance(value, list) else []
        return action_separator.join(action_text(a) for a in steps if isinstance(a, dict))
    note = clean(answer.get("note")).strip()
    if isinstance(value, list):
        text = "; ".join(clean(v) for v in value if v is not None)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = clean(value).strip() if value is not None else ""
    if note:
        return f"{text} — {note}" if text else note
    return text


_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def spans_years(period: PeriodData) -> bool:
    """Whether the period's days fall in more than one calendar year (or it has no end),
    so that its dates need their year to be read right."""
    start = parse_dt(period["start"])
    end = parse_dt(period["end"])
    if start is None or end is None:
        return True
    return start.year != (end - timedelta(microseconds=1)).year


def day_name(found: date, *, year: bool = False) -> str:
    """A day as people write it, the same in every locale: `Tue 17 Nov` (`Tue 17 Nov 2026`)."""
    shown = f"{_WEEKDAY_NAMES[found.weekday()]} {found.day} {_MONTH_NAMES[found.month - 1]}"
    return f"{shown} {found.year}" if year else shown


def moment_name(value: object, *, year: bool = False) -> str:
    """An ISO date-time as `Tue 17 Nov 10:00` in its own offset, or the cleaned text."""
    moment = parse_dt(value)
    if moment is None:
        return one_line(value)
    return f"{day_name(moment.date(), year=year)} {moment:%H:%M}"


def date_name(value: object, *, year: bool = False) -> str:
    """The calendar day of an ISO date or date-time in `day_name` style, or the text."""
    moment = parse_dt(value)
    found = moment.date() if moment else parse_date(value)
    return day_name(found, year=year) if found else one_line(value)


def due_name(due: date, period: PeriodData) -> str:
    """A due day in `day_name` style, with its year where the period needs years or the
    day falls in another year than the period starts in."""
    start = parse_dt(period["start"])
    year = spans_years(period) or start is None or start.year != due.year
    return day_name(due, year=year)


def days_name(period: PeriodData) -> str:
    """The days a period covers in `day_name` style, its year said once at the end:
    `Mon 16 Nov – Sun 22 Nov 2026`, `Mon 28 Dec 2026 – Sun 3 Jan 2027`."""
    start = parse_dt(period["start"])
    end = parse_dt(period["end"])
    last: date | None = None
    if end is not None:
        at_midnight = (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0)
        last = (end - timedelta(days=1)).date() if at_midnight else end.date()
    if start and last:
        first = start.date()
        if first >= last:
            return day_name(first, year=True)
        return f"{day_name(first, year=first.year != last.year)} – {day_name(last, year=True)}"
    if start:
        return f"since {day_name(start.date(), year=True)}"
    if last:
        return f"until {day_name(last, year=True)}"
    return "all check-outs"


def goal_parts(goals: Goals) -> list[tuple[str, int, float]]:
    """(meaning, count, share) of the goal answers across sets: achieved, partly, missed."""
    n = goals["n"]
    counts = (goals["achieved"], goals["partly"], goals["missed"])
    return [
        (meaning, count, share(count, n))
        for (meaning, _), count in zip(GOAL_MEANINGS, counts, strict=True)
    ]


def set_title(name: str, found: SetSummary) -> str:
    """A set as the summaries name it: its title, else its name."""
    return one_line(found["title"]) or one_line(name) or "(unnamed set)"


def shared_sets(summary: Summary) -> list[tuple[str, SetSummary]]:
    """The sets with check-outs in the period, in the report's order."""
    return [(name, found) for name, found in summary["sets"].items() if found["check_outs"]]


def owner_name(owner: str | None) -> str:
    """An owner as a heading: `@Ana`, or "No owner" for steps nobody took."""
    name = one_line(owner)
    return f"@{name}" if name else "No owner"


def step_state(action: ReportAction) -> str:
    """done / overdue / open, as every summary flags a next step."""
    if action["done_at"]:
        return "done"
    return "overdue" if action["overdue"] else "open"


def fix_verdict(fix: Fix, *, year: bool = False) -> str:
    """Did the fix work, in a few words: what was agreed, done or not, came back or not."""
    step = fix["step"]
    if step is None:
        return "no next step agreed about it"
    done = "done" if fix["done"] else "not done yet"
    if fix["came_back"] is None:
        back = "no check-out since"
    elif fix["came_back"]:
        back = f"came back {date_name(fix['came_back_at'], year=year)}"
    else:
        back = "has not come back"
    return f"step agreed: {one_line(step['text']) or '(no text)'} — {done}; {back}"


def fix_worked(fix: Fix) -> bool | None:
    """True when a step was agreed, done, and the theme did not come back since."""
    if fix["step"] is None or fix["came_back"] is None:
        return None
    return bool(fix["done"]) and not fix["came_back"]


def owner_steps(summary: Summary, group: OwnerSteps) -> list[ReportAction]:
    """An owner's next steps, oldest first (the group holds their places in `actions`)."""
    actions = summary["actions"]
    return [actions[i] for i in group["actions"] if 0 <= i < len(actions)]


def plural(n: int, word: str) -> str:
    """`1 answer`, `3 answers`."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def scale_figure(question: ScaleSummary) -> str | None:
    """A scale question's figure as every summary gives it: `3.5 (-0.5 from 4.0), 4
    answers`; None when nobody answered it."""
    if not question["n"]:
        return None
    mean = mean_text(question["mean"], question["change"], question["previous_mean"])
    return f"{mean}, {plural(question['n'], 'answer')}"


def mean_text(mean: float | None, change: float | None, previous: float | None) -> str:
    """A mean and how it moved: `3.5 (-0.5 from 4.0)`, or `3.5` with no change to say."""
    moved = signed(change)
    return f"{decimal(mean)} ({moved} from {decimal(previous)})" if moved else decimal(mean)


def steps_figure(question: ActionsSummary) -> str | None:
    """A next-steps question's figure: `5 next steps`; None when none were agreed."""
    if not question["items"]:
        return None
    return plural(question["items"], "next step")
