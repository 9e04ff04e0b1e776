"""The terminal view of a report (the `Summary` that `report.summary.summarize` returns).

User text is data, never markup: every string that came from a person goes through
`safe_text` into a Rich `Text`, so `[red]x[/red]` prints as typed and no escape
sequence from an answer reaches the terminal. Rich is imported inside the
functions, so importing this module (for `safe_text`) costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checkout_cli.report.numbers import NONE, percent, two_places
from checkout_cli.views.render import safe as safe_text

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from checkout_cli.report.data import (
        ActionsSummary,
        CalendarCoverage,
        ChoiceSummary,
        MeetingRow,
        ReportAction,
        ScaleSummary,
        Summary,
        TextSummary,
        Theme,
        Week,
    )

BAR_WIDTH = 30
ACTIONS_SHOWN = 30
_SPARKS = "▁▂▃▄▅▆▇█"
_GOAL_STYLES = {"yes": "green", "partly": "yellow", "no": "red"}
_TRENDS = {"up": ("▲", "green"), "down": ("▼", "red"), "flat": ("=", "dim"), "new": ("new", "cyan")}


def _user(value: str | None, fallback: str = "") -> Text:
    """A person's value as inert text."""
    from rich.text import Text

    if not value:
        return Text(fallback, style="dim")
    return Text(safe_text(value))


def render_report(summary: Summary) -> RenderableType:
    """The whole report as one renderable: headline first, then what there is to show."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [_headline(summary)]
    calendar = summary.get("calendar")
    if calendar is not None:
        parts.extend(_calendar(calendar))
    parts.extend(time_section(summary))
    weeks = summary["weeks"]
    if summary["count"]:
        questions = summary["questions"]
        scales: dict[str, ScaleSummary] = {}
        others: dict[str, TextSummary | ActionsSummary] = {}
        for key, question in questions.items():
            if question["kind"] == "choice":
                parts.append(_choice_table(key, question))
            elif question["kind"] == "scale":
                scales[key] = question
            else:
                others[key] = question
        if scales:
            parts.append(_scale_table(scales))
        if others:
            parts.append(_others_table(others))
        if summary["meetings"]:
            parts.append(_meetings_table(summary["meetings"]))
        if summary["themes"]:
            parts.append(_themes(summary["themes"]))
        parts.append(_actions(summary["actions"], summary["actions_total"]))
    if any(week["count"] for week in weeks):
        parts.append(_weeks_table(weeks))
    spaced: list[RenderableType] = []
    for part in parts:
        if spaced:
            spaced.append(Text(""))
        spaced.append(part)
    return Group(*spaced)


def _headline(summary: Summary) -> Text:
    from rich.text import Text

    from checkout_cli.model.periods import period_phrase

    label = safe_text(period_phrase(summary["period"]["label"] or "this period"))
    count = summary["count"]
    if not count:
        return Text.assemble("No check-outs ", (label, "bold"), ".")
    noun = "check-out" if count == 1 else "check-outs"
    return Text.assemble((str(count), "bold"), f" {noun} ", (label, "bold"))


def _calendar(calendar: CalendarCoverage) -> list[RenderableType]:
    from rich.text import Text

    found: list[RenderableType] = [
        Text.assemble(
            "Checked out ",
            (str(calendar["checked_out"]), "bold"),
            " of ",
            (str(calendar["total"]), "bold"),
            " meetings",
        )
    ]
    missed = calendar["missed"]
    if missed:
        table = _table("Missed meetings")
        table.add_column("Meeting")
        table.add_column("Start")
        table.add_column("With")
        for meeting in missed:
            table.add_row(
                _user(meeting["title"], "(untitled)"),
                _user(_when(meeting["start"])),
                _user(", ".join(meeting["attendees"])),
            )
        found.append(table)
    return found


def _table(title: str | Text) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    heading = title if isinstance(title, Text) else Text(title)
    heading.stylize("bold")
    return Table(title=heading, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)


def _choice_table(key: str, question: ChoiceSummary) -> Table:
    from rich.text import Text

    table = _table(_user(question["text"] or key))
    table.add_column("Answer")
    table.add_column("Count", justify="right")
    table.add_column("Share", justify="right")
    table.add_column("", min_width=BAR_WIDTH)
    shares = question["shares"]
    for name, count in question["counts"].items():
        share = shares.get(name) or 0.0
        style = _GOAL_STYLES.get(name, "blue") if key == "goals" else "blue"
        table.add_row(
            _user(name), str(count), percent(share), Text(_bar(share, BAR_WIDTH), style=style)
        )
    return table


def _bar(share: float, width: int) -> str:
    """A horizontal bar in eighths of a character."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")


def _scale_table(scales: dict[str, ScaleSummary]) -> Table:
    from rich.text import Text

    table = _table("Scores")
    table.add_column("Question")
    table.add_column("Answers", justify="right")
    table.add_column("Mean", justify="right")
    table.add_column("Before", justify="right")
    table.add_column("Change", justify="right")
    for key, question in scales.items():
        change = question["change"]
        if change is None:
            shown = Text(NONE, style="dim")
        elif change > 0:
            shown = Text(f"▲ {two_places(change)}", style="green")
        elif change < 0:
            shown = Text(f"▼ {two_places(-change)}", style="red")
        else:
            shown = Text(f"= {two_places(0.0)}", style="dim")
        table.add_row(
            _user(question["text"] or key),
            str(question["n"]),
            two_places(question["mean"]),
            two_places(question["previous_mean"]),
            shown,
        )
    return table


def _others_table(others: dict[str, TextSummary | ActionsSummary]) -> Table:
    table = _table("Other answers")
    table.add_column("Question")
    table.add_column("Answers", justify="right")
    table.add_column("Next steps", justify="right")
    for key, question in others.items():
        items = str(question["items"]) if question["kind"] == "actions" else ""
        table.add_row(_user(question["text"] or key), str(question["n"]), items)
    return table


def _meetings_table(meetings: list[MeetingRow]) -> Table:
    from rich.text import Text

    table = _table("Meetings")
    table.add_column("Meeting")
    table.add_column("Check-outs", justify="right")
    table.add_column("Goal rate", justify="right")
    table.add_column("Worth", justify="right")
    table.add_column("Trend", justify="center")
    for meeting in meetings:
        mark, style = _TRENDS[meeting["trend"]]
        table.add_row(
            _user(meeting["title"], "(untitled)"),
            str(meeting["count"]),
            percent(meeting["goal_rate"]),
            two_places(meeting["mean_worth"]),
            Text(mark, style=style),
        )
    return table


def _themes(themes: list[Theme]) -> Text:
    from rich.text import Text

    line = Text.assemble(("Themes", "bold"), "  ")
    for index, theme in enumerate(themes):
        if index:
            line.append(" · ", style="dim")
        line.append(safe_text(theme["phrase"]))
        line.append(f" ×{theme['count']}", style="dim")
    return line


def _actions(actions: list[ReportAction], total: int) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    if not actions:
        return Text.assemble(("Next steps", "bold"), "  none agreed")
    shown = actions[-ACTIONS_SHOWN:]
    table = _table("Next steps")
    table.add_column("Next step")
    table.add_column("Owner")
    table.add_column("Due")
    table.add_column("Done")
    table.add_column("Meeting")
    for item in shown:
        done_at = item["done_at"]
        done = (
            Text(f"✓ {safe_text(done_at)[:10]}", style="green")
            if done_at
            else Text("open", style="yellow")
        )
        table.add_row(
            _user(item["text"]),
            _user(item["owner"], NONE),
            _user(item["due"], NONE),
            done,
            _user(item["title"], "(untitled)"),
        )
    hidden = max(total, len(actions)) - len(shown)
    if hidden <= 0:
        return table
    note = f"… and {hidden} earlier next step{'s' if hidden != 1 else ''} (see --json for more)"
    return Group(table, Text(note, style="dim"))


def _weeks_table(weeks: list[Week]) -> Table:
    from rich.text import Text

    table = _table(f"Last {len(weeks)} weeks")
    # Fits 80 columns: labels and sparklines never wrap, week columns stay narrow.
    table.padding = (0, 0)
    table.add_column("", no_wrap=True, min_width=11)
    for week in weeks:
        table.add_column(_user(week["start"][5:]), justify="right", no_wrap=True, min_width=6)
    table.add_column("", min_width=len(weeks) + 3, no_wrap=True, justify="right")
    counts = [week["count"] for week in weeks]
    goals = [week["goal_rate"] for week in weeks]
    worth = [week["mean_worth"] for week in weeks]
    most = max(counts) or 1
    table.add_row(
        "Check-outs", *map(str, counts), Text(_sparks([c / most for c in counts]), style="blue")
    )
    table.add_row("Goal rate", *map(percent, goals), Text(_sparks(goals), style="green"))
    table.add_row(
        "Worth",
        *map(two_places, worth),
        Text(_sparks([None if w is None else (w - 1) / 4 for w in worth]), style="magenta"),
    )
    return table


def _sparks(levels: list[float | None]) -> str:
    """One block per value in 0..1, a dot where there is none."""
    top = len(_SPARKS) - 1
    return "".join(
        "·" if level is None else _SPARKS[round(max(0.0, min(1.0, level)) * top)]
        for level in levels
    )


def _when(value: str) -> str:
    return value[:16].replace("T", " ") if len(value) >= 16 else value


def time_section(summary: Summary) -> list[RenderableType]:
    """Hours in meetings and how many were not worth it, in total and per meeting; one
    line saying why when no meeting length is known."""
    from rich.text import Text

    from checkout_cli.report.numbers import decimal
    from checkout_cli.report.time import NO_LENGTHS

    found = summary.get("time")
    if found is None:
        return [Text(NO_LENGTHS, style="dim")] if summary["count"] else []
    if not summary["count"] and not found["series"]:
        return []  # a period without meetings: the headline says it all
    spent = Text.assemble(
        ("Time in meetings  ", "bold"),
        (f"{decimal(found['hours'])} h", "bold"),
        f" · {decimal(found['attendee_hours'])} attendee-hours",
    )
    wasted = Text.assemble(
        ("Not worth it      ", "bold"),
        (f"{decimal(found['hours_not_worth'])} h", "bold"),
    )
    wasted.append_text(_was(found["hours_not_worth"], found["previous_hours_not_worth"]))
    wasted.append(f" · of {decimal(found['hours_rated'])} h rated", style="dim")
    lines = [spent, wasted]
    untimed = found["untimed"]
    if untimed:
        noun = "check-out" if untimed == 1 else "check-outs"
        lines.append(Text(f"{untimed} {noun} without a meeting length", style="dim"))
    parts: list[RenderableType] = [Text("\n").join(lines)]
    if found["series"]:
        table = _table("Time per meeting")
        table.add_column("Meeting")
        table.add_column("Meetings", justify="right")
        table.add_column("Hours", justify="right")
        table.add_column("Attendee-hours", justify="right")
        table.add_column("Not worth it", justify="right")
        table.add_column("Before", justify="right")
        for row in found["series"]:
            table.add_row(
                _user(row["title"], "(untitled)"),
                str(row["count"]),
                two_places(row["hours"]),
                two_places(row["attendee_hours"]),
                two_places(row["hours_not_worth"]),
                two_places(row["previous_hours_not_worth"]),
            )
        parts.append(table)
    return parts


def _was(now: float, before: float | None) -> Text:
    """` (was 4.5 h ▼)`: fewer hours not worth it is the good direction."""
    from rich.text import Text

    from checkout_cli.report.numbers import decimal

    if before is None or (before == 0 and now == 0):
        return Text("")
    mark, style = ("▼", "green") if now < before else ("▲", "red") if now > before else ("=", "dim")
    return Text.assemble(" (was ", f"{decimal(before)} h ", (mark, style), ")")
