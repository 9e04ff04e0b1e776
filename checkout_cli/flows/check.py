"""`checkout check`: read every line of the journal and say, by line number, what is wrong.

Readers skip damaged lines with a warning; this is where they are listed, and
where `--repair` moves the lines that cannot be read to a file beside the
journal (never deleting a byte), so the journal parses cleanly again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from checkout_cli.model import moments
from checkout_cli.store.journal import Journal, Line, Progress, instant
from checkout_cli.views.warnings import warn_stderr

REQUIRED = ("id", "at", "recorded_at", "title", "answers")
SCHEMA_VERSIONS = (1,)

# Problem kinds. Only the first two are moved out by --repair.
UNPARSEABLE = "unparseable"
NOT_OBJECT = "not-object"
DUPLICATE_ID = "duplicate-id"
MISSING = "missing-field"
BAD_FIELD = "bad-field"
BAD_TIME = "bad-time"
AT_AFTER_RECORDED = "at-after-recorded"
UNKNOWN_VERSION = "unknown-version"
OUT_OF_ORDER = "out-of-order"
MOVABLE = (UNPARSEABLE, NOT_OBJECT)
_SHOWN_OUT_OF_ORDER = 10  # line numbers an out-of-order problem lists
_BY_HAND = "fix the line by hand (the id or recorded_at cannot be changed with `checkout edit`)"


@dataclass(frozen=True)
class Problem:
    kind: str
    lines: tuple[int, ...]
    message: str
    id: str | None = None
    fix: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "lines": list(self.lines),
            "id": self.id,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass
class Report:
    path: Path
    exists: bool = True
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def movable(self) -> set[int]:
        """Line numbers `--repair` moves out: those that are not JSON objects."""
        return {n for p in self.problems if p.kind in MOVABLE for n in p.lines}

    @property
    def out_of_order(self) -> bool:
        """Whether `--repair` would sort the journal by `recorded_at`."""
        return any(p.kind == OUT_OF_ORDER for p in self.problems)

    def repairable(self) -> bool:
        return bool(self.movable()) or self.out_of_order

    def as_dict(self) -> dict[str, Any]:
        return {
            "journal": str(self.path),
            "exists": self.exists,
            "ok": self.ok,
            "entries": self.entries,
            "problems": [p.as_dict() for p in self.problems],
        }


def rejected_path(path: Path) -> Path:
    """`journal.jsonl` -> `journal.rejected.jsonl`, in the same folder."""
    from checkout_cli.store import paths

    return paths.rejected_file(path)


def check_journal(path: Path, progress: Progress | None = None) -> Report:
    """Every problem in the journal, in line order; a missing journal is not a problem."""
    journal = Journal(path, warn=warn_stderr)
    if not journal.exists():
        return Report(path, exists=False)
    return check_lines(path, journal.lines(progress))


def check_lines(path: Path, found: Iterable[Line]) -> Report:
    report = Report(path)
    where: dict[str, list[int]] = {}
    latest: tuple[datetime, int] | None = None  # the latest recorded_at so far, and its line
    early: list[int] = []  # lines recorded before a line above them
    for line in found:
        if line.entry is None:
            kind = NOT_OBJECT if line.error == "not a JSON object" else UNPARSEABLE
            message = _where_in_line(line.error or "does not parse")
            if not line.raw.endswith(b"\n"):
                message += "; the file ends here without a newline (an interrupted write?)"
            fix = "`checkout check --repair` moves it out of the journal"
            report.problems.append(Problem(kind, (line.number,), message, fix=fix))
            continue
        report.entries += 1
        report.problems.extend(check_entry(line.entry, line.number))
        recorded = instant(line.entry.get("recorded_at"))
        if recorded is not None:
            if latest is not None and recorded < latest[0]:
                early.append(line.number)
            elif latest is None or recorded > latest[0]:
                latest = (recorded, line.number)
        entry_id = line.entry.get("id")
        if isinstance(entry_id, str) and entry_id:
            where.setdefault(entry_id, []).append(line.number)
    for entry_id, numbers in where.items():
        if len(numbers) > 1:
            fix = f"if they are copies, `checkout delete {entry_id}` removes the last one"
            message = f"the same id is on {len(numbers)} lines"
            report.problems.append(Problem(DUPLICATE_ID, tuple(numbers), message, entry_id, fix))
    if early:
        shown = tuple(early[:_SHOWN_OUT_OF_ORDER])
        more = f" (and {len(early) - len(shown)} more)" if len(early) > len(shown) else ""
        message = (
            f"{len(early)} line{'s are' if len(early) != 1 else ' is'} recorded before a line "
            f"above{more}: the journal is out of recorded_at order"
        )
        fix = "`checkout check --repair` sorts the journal by recorded_at"
        report.problems.append(Problem(OUT_OF_ORDER, shown, message, fix=fix))
    report.problems.sort(key=lambda p: p.lines)
    return report


def _where_in_line(error: str) -> str:
    """json's "line 1 column 5 (char 4)" is about the one line; say "at character 5" instead."""
    import re

    return re.sub(
        r"(?: at)?: line \d+ column \d+ \(char (\d+)\)",
        lambda m: f" at character {int(m.group(1)) + 1}",
        error,
    )


def check_entry(entry: Mapping[str, Any], number: int) -> list[Problem]:
    """What is wrong with one parsed line (empty when nothing is)."""
    raw_id = entry.get("id")
    entry_id = raw_id if isinstance(raw_id, str) and raw_id else None
    found: list[Problem] = []
    by_edit = f"fix it with `checkout edit {entry_id}`" if entry_id else "fix the line by hand"

    def problem(kind: str, message: str, fix: str = by_edit) -> None:
        found.append(Problem(kind, (number,), message, entry_id, fix))

    absent = [k for k in REQUIRED if entry.get(k) is None or entry.get(k) == ""]
    if absent:
        editable = entry_id is not None and "recorded_at" not in absent
        problem(MISSING, f"missing {', '.join(absent)}", by_edit if editable else _BY_HAND)
    if raw_id is not None and raw_id != "" and entry_id is None:
        problem(BAD_FIELD, f"id {raw_id!r} is not text", _BY_HAND)
    answers = entry.get("answers")
    if answers is not None and not isinstance(answers, list):
        problem(BAD_FIELD, "answers is not a list")
    version = entry.get("v")
    if "v" in entry and not (type(version) is int and version in SCHEMA_VERSIONS):
        problem(
            UNKNOWN_VERSION,
            f"unknown schema version v={version!r} (this tool reads v=1)",
            "written by a newer checkout? update it; otherwise fix the line by hand",
        )
    moments = {}
    for key in ("at", "recorded_at"):
        if entry.get(key) is None or entry.get(key) == "":
            continue
        moment, error = _moment(entry[key])
        if error:
            problem(BAD_TIME, f"{key} {entry[key]!r} {error}", by_edit if key == "at" else _BY_HAND)
        moments[key] = moment
    at, recorded = moments.get("at"), moments.get("recorded_at")
    if at is not None and recorded is not None and at > recorded:
        problem(
            AT_AFTER_RECORDED, f"at {entry['at']} is later than recorded_at {entry['recorded_at']}"
        )
    return found


def _moment(value: Any) -> tuple[datetime | None, str | None]:
    """The time, and what is wrong with it as an ISO date-time with offset."""
    if not isinstance(value, str):
        return None, "is not an ISO date-time"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, "is not an ISO date-time"
    if "T" not in value.upper() and " " not in value:
        return None, "is a date without a time"
    usable = moments.usable(moment)
    if usable is None:
        return None, f"is too near the ends of the calendar ({moments.RANGE})"
    if moment.tzinfo is None:
        return usable, "has no UTC offset"
    return moment, None


def repair(path: Path, report: Report, progress: Progress | None = None) -> int:
    """Move the lines that cannot be read to `rejected_path(path)` and sort the rest by
    `recorded_at`; how many lines were moved.

    The rewrite decides under the journal's lock, line by line, which lines do not
    decode: `report` only says whether to start, so a line that another command
    changed or moved since the check is never moved by mistake."""
    if not report.repairable():
        return 0
    return Journal(path, warn=warn_stderr).repair(rejected_path(path), progress).moved


def advice(report: Report) -> str:
    """The one-line verdict: how many problems, and how to fix each sort."""
    from checkout_cli.views.render import safe

    if report.ok:
        return f"journal OK: {report.entries} entr{'y' if report.entries == 1 else 'ies'}"
    count = len(report.problems)
    verdict = f"journal {safe(report.path)}: {count} problem{'s' if count != 1 else ''}"
    movable = len(report.movable())
    if movable:
        plural = "s" if movable != 1 else ""
        where = safe(rejected_path(report.path).name)
        verdict += (
            f"; `checkout check --repair` moves the {movable} unreadable line{plural} to {where}"
        )
    if len(report.problems) > movable:
        verdict += "; each line above says how to fix it"
    return verdict


def lines_label(numbers: Iterable[int]) -> str:
    """`line 6`, or `lines 6, 9` when there are several."""
    found = list(numbers)
    return f"line{'s' if len(found) != 1 else ''} {', '.join(map(str, found))}"


def problem_line(problem: Problem) -> str:
    """`line 4: not valid JSON (…)`, or `line 7 (id k3m9qzab): at … is later … — fix it with …`."""
    from checkout_cli.views.render import safe

    head = lines_label(problem.lines)
    if problem.id:
        head += f" (id {safe(problem.id)})"
    fix = f" — {safe(problem.fix)}" if problem.fix and problem.kind not in MOVABLE else ""
    return f"{head}: {safe(problem.message)}{fix}"
