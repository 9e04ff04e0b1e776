"""A week or a month as a person names it, before a calendar turns it into times.

Small on purpose: the CLI's option declarations import it at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WeekName:
    """`back` weeks before this one (this: 0, last: 1), or an ISO week, held as its Thursday."""

    back: int = 0
    thursday: date | None = None


@dataclass(frozen=True)
class MonthName:
    """`back` months before this one (this: 0, last: 1), or the month starting on `first`."""

    back: int = 0
    first: date | None = None
