"""What the exporters share: defensive reading of the report and entries, text cleaning.

The report and the entries come from files a person may have edited by hand, so
every reader here tolerates a missing key or a value of the wrong type.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from typing import Any

# C0 and C1 control characters other than tab and newline: ANSI escapes start with one,
# and none of them means anything in a report; nor do the bidirectional overrides, which
# reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CARRIAGE_RETURN = re.compile(r"\r\n?")

NONE = "–"  # shown where there is nothing to average

TRENDS: dict[str, str] = {"up": "↑ up", "down": "↓ down", "flat": "→ flat", "new": "new"}
GOAL_CHOICES = ("yes", "partly", "no")


def coverage(calendar: dict[str, Any]) -> str:
    """How many of the calendar's meetings got a check-out, as a sentence."""
    total = count(calendar.get("total"))
    done = count(calendar.get("checked_out"))
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


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def dicts(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def count(value: object) -> int:
    found = number(value)
    return int(found) if found is not None else 0


def fmt_num(value: object) -> str:
    """A mean for people: at most two decimals, at least one (4.0, 3.5, 3.75)."""
    found = number(value)
    if found is None:
        return NONE
    text = f"{found:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def fmt_change(value: object) -> str:
    found = number(value)
    if found is None:
        return ""
    if round(found, 2) == 0:
        return "±0"
    return ("+" if found > 0 else "-") + fmt_num(abs(found))


def fmt_pct(share: object) -> str:
    found = number(share)
    return NONE if found is None else f"{round(found * 100)}%"


def parse_dt(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        moment = parse_dt(value)
        return moment.date() if moment else None


def day(value: object) -> str:
    """The calendar day of an ISO date-time, or the cleaned text when it does not parse."""
    moment = parse_dt(value)
    return moment.date().isoformat() if moment else one_line(value)


def minute(value: object) -> str:
    """An ISO date-time as `YYYY-MM-DD HH:MM` in its own offset (how it was recorded)."""
    moment = parse_dt(value)
    return moment.strftime("%Y-%m-%d %H:%M") if moment else one_line(value)


def period(summary: dict[str, Any]) -> dict[str, Any]:
    return as_dict(summary.get("period"))


def period_label(summary: dict[str, Any]) -> str:
    found = period(summary)
    return one_line(found.get("label")) or period_range(found)


def period_range(found: dict[str, Any]) -> str:
    """The days a half-open [start, end) covers, as people say them: both ends included."""
    start = parse_dt(found.get("start"))
    end = parse_dt(found.get("end"))
    last: date | None = None
    if end is not None:
        at_midnight = (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0)
        last = (end - timedelta(days=1)).date() if at_midnight else end.date()
    if start and last:
        first = start.date()
        return first.isoformat() if first >= last else f"{first.isoformat()} – {last.isoformat()}"
    if start:
        return f"since {start.date().isoformat()}"
    if last:
        return f"until {last.isoformat()}"
    return "all check-outs"


def questions(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(k): v for k, v in as_dict(summary.get("questions")).items() if isinstance(v, dict)}


def choice_parts(question: dict[str, Any]) -> list[tuple[str, int, object]]:
    """(choice, count, share) of a choice question, goals' yes/partly/no first."""
    counts = as_dict(question.get("counts"))
    shares = as_dict(question.get("shares"))
    order = [c for c in GOAL_CHOICES if c in counts] + [c for c in counts if c not in GOAL_CHOICES]
    return [(str(c), count(counts.get(c)), shares.get(c)) for c in order]


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
        return action_separator.join(action_text(a) for a in dicts(value))
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
