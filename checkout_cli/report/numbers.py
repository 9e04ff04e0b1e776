"""Numbers in one place: how the report rounds them, and how every view writes them.

The summarizer rounds means and changes to two decimals and shares to four; the
terminal view and the exporters write them with the functions below, "–" where
there is nothing to show.
"""

from __future__ import annotations

from math import isfinite

NONE = "–"  # shown where there is nothing to average


def number(value: object) -> float | None:
    """A JSON value as a finite float; None for anything else (True, "4", NaN, 10**400)."""
    if type(value) is float:
        return value if isfinite(value) else None
    if type(value) is int:
        try:
            return float(value)
        except OverflowError:  # an integer too large for a float
            return None
    return None


# --- what the report holds --------------------------------------------------------------


def mean(total: float, count: int) -> float | None:
    """A mean to two decimals; None for no numbers (or a total too large to mean anything)."""
    if not count:
        return None
    found = round(total / count, 2)
    return found if isfinite(found) else None


def change(now: float | None, before: float | None) -> float | None:
    """How far a mean moved since the period before, to two decimals."""
    if now is None or before is None:
        return None
    return round(now - before, 2)


def share(count: int, total: int) -> float:
    """A share of answers to four decimals (0.0 when nothing was answered)."""
    return round(count / total, 4) if total else 0.0


# --- how views write it -----------------------------------------------------------------


def decimal(value: float | None) -> str:
    """A mean for reading: at most two decimals, at least one (4.0, 3.5, 3.75)."""
    if value is None:
        return NONE
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def two_places(value: float | None) -> str:
    """A mean for a table column: always two decimals (4.00, 3.50)."""
    return NONE if value is None else f"{value:.2f}"


def signed(value: float | None) -> str:
    """A change with its sign (+0.75, -1.0, ±0); empty when there is nothing to compare."""
    if value is None:
        return ""
    if round(value, 2) == 0:
        return "±0"
    return ("+" if value > 0 else "-") + decimal(abs(value))


def percent(value: float | None) -> str:
    """A share or rate as a whole percentage (0.3333 -> 33%)."""
    return NONE if value is None else f"{round(value * 100)}%"
