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
        CalendarCoverage,
        Fix,
        MeetingRow,
        OwnerSteps,
        QuestionSummary,
        ReportAction,
        SetSummary,
        Summary,
        TextSummary,
        Theme,
        Week,
    )

ACTIONS_SHOWN = 30
ANSWERS_SHOWN = 5  # latest answers shown per text question; the exports list them all
_SPARKS = "▁▂▃▄▅▆▇█"
_MEANING_STYLES = {"achieved": "green", "partly": "yellow", "missed": "red"}
_TRENDS = {"up": ("▲", "green"), "down": ("▼", "red"), "flat": ("=", "dim"), "new": ("new", "cyan")}


def _user(value: str | None, fallback: str = "") -> Text:
    """A person's value as inert text."""
    from rich.text import Text

    if not value:
        return Text(fallback, style="dim")
    return Text(safe_text(value))


def left_out_line(count: int, sets: tuple[str, ...]) -> str:
    """What a shared export left out, in one line for stderr."""
    noun = "check-out" if count == 1 else "check-outs"
    names = ", ".join(safe_text(name) for name in sets)
    kind = "a private set" if len(sets) == 1 else "private sets"
    return f"Left out {count} {noun} of {kind} ({names}); --include-private keeps them."


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
        across = _across(summary)
        if across is not None:
            parts.append(across)
        for name, found in summary["sets"].items():
            if found["check_outs"]:
                parts.extend(_set(name, found))
        if summary["meetings"]:
            parts.append(_meetings_table(summary["meetings"]))
        if summary["themes"]:
            parts.append(_themes(summary["themes"]))
        if summary["fixes"]:
            parts.append(_fixes_table(summary["fixes"]))
        parts.append(_actions(summary["owners"], summary["actions"], summary["actions_total"]))
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
    line = Text.assemble((str(count), "bold"), f" {noun} ", (label, "bold"))
    sets = [found for found in summary["sets"].values() if found["check_outs"]]
    if len(sets) > 1:
        line.append(": ")
        for index, found in enumerate(sets):
            if index:
                line.append(" · ", style="dim")
            line.append(f"{safe_text(found['title'])} {found['check_outs']}")
    return line


def _across(summary: Summary) -> Text | None:
    """Goal rate and worth across sets: they mean the same in every set."""
    from rich.text import Text

    goals = summary["goals"]
    worth = summary["worth"]
    if not goals["n"] and not worth["n"]:
        return None
    several = sum(1 for found in summary["sets"].values() if found["check_outs"]) > 1
    line = Text.assemble(("All sets" if several else "Overall", "bold"), "  ")
    if goals["n"]:
        line.append("Goals met ")
        line.append(percent(goals["rate"]), style="bold")
        counts = f"achieved {goals['achieved']} · partly {goals['partly']}"
        line.append(f" ({counts} · missed {goals['missed']})", style="dim")
    if worth["n"]:
        if goals["n"]:
            line.append("   ")
        line.append("Worth ")
        line.append(two_places(worth["mean"]), style="bold")
        line.append_text(_change(worth["change"], worth["previous_mean"]))
    return line


def _change(change: float | None, before: float | None) -> Text:
    from rich.text import Text

    if change is None:
        return Text("")
    was = f" (was {two_places(before)})"
    if change > 0:
        return Text(f" ▲ {two_places(change)}{was}", style="green")
    if change < 0:
        return Text(f" ▼ {two_places(-change)}{was}", style="red")
    return Text(f" = {two_places(0.0)}{was}", style="dim")


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


def _set(name: str, found: SetSummary) -> list[RenderableType]:
    """One set's questions, each figure within the set and labelled as it asks, and the
    latest answers to its text questions."""
    from rich.text import Text

    count = found["check_outs"]
    title = Text(safe_text(found["title"] or name))
    title.append(f" · {count} check-out{'' if count == 1 else 's'}", style="dim")
    if found["private"]:
        title.append(" · private", style="dim")
    table = _table(title)
    table.add_column("Question")
    table.add_column("Answers", justify="right")
    table.add_column("")
    texts: list[RenderableType] = []
    for question in found["questions"]:
        table.add_row(
            _user(question["label"] or question["key"]), str(question["n"]), _figure(question)
        )
        if question["kind"] == "text" and question["answers"]:
            texts.append(_answers(question))
    return [table, *texts]


def _figure(question: QuestionSummary) -> Text:
    from rich.text import Text

    if question["kind"] == "choice":
        line = Text()
        shares = question["shares"]
        for index, (name, count) in enumerate(question["counts"].items()):
            if index:
                line.append(" · ", style="dim")
            meaning = question["meanings"].get(name)
            line.append(safe_text(name), style=_MEANING_STYLES.get(meaning or "", ""))
            line.append(f" {count} ({percent(shares.get(name) or 0.0)})")
        return line
    if question["kind"] == "scale":
        mean = Text(two_places(question["mean"]))
        mean.append_text(_change(question["change"], question["previous_mean"]))
        return mean
    if question["kind"] == "actions":
        items = question["items"]
        return Text(f"{items} next step{'' if items == 1 else 's'}")
    skipped = question["skipped"]
    if not skipped:
        return Text("")
    empty = "nothing to improve" if question["key"] == "improve" else "left empty"
    return Text(f"{skipped} {empty}", style="dim")


def _answers(question: TextSummary) -> Text:
    from rich.text import Text

    line = Text(safe_text(question["label"] or question["key"]), style="bold")
    shown = question["answers"][-ANSWERS_SHOWN:]
    for answer in shown:
        line.append("\n  • ")
        line.append(safe_text(answer["title"]) or "(untitled)", style="dim")
        line.append(f" {_when(answer['at'])[:10]}: ", style="dim")
        line.append(safe_text(" ".join(answer["text"].split())))
    hidden = question["n"] - len(shown)
    if hidden > 0:
        line.append(f"\n  … and {hidden} more (see export)", style="dim")
    return line


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


def _fixes_table(fixes: list[Fix]) -> Table:
    from rich.text import Text

    table = _table("Did the fix work?")
    table.add_column("Theme")
    table.add_column("Meeting")
    table.add_column("Raised", justify="right")
    table.add_column("Next step agreed")
    table.add_column("Done")
    table.add_column("Came back")
    for fix in fixes:
        step = fix["step"]
        if step is None:
            agreed, done = Text("none", style="yellow"), Text(NONE, style="dim")
        else:
            agreed = _user(step["text"], "(no text)")
            done = Text("✓ done", style="green") if fix["done"] else Text("not yet", style="yellow")
        if fix["came_back"] is None:
            back = Text(NONE if step is None else "no check-out since", style="dim")
        elif fix["came_back"]:
            back = Text(f"yes, {_when(fix['came_back_at'] or '')[:10]}", style="red")
        else:
            back = Text("no", style="green")
        table.add_row(
            _user(fix["theme"]),
            _user(fix["title"], "(untitled)"),
            f"{fix['raised']}×",
            agreed,
            done,
            back,
        )
    return table


def _actions(owners: list[OwnerSteps], actions: list[ReportAction], total: int) -> RenderableType:
    """The next steps by owner, overdue ones flagged; the latest ACTIONS_SHOWN of them."""
    from rich.console import Group
    from rich.text import Text

    if not actions:
        return Text.assemble(("Next steps", "bold"), "  none agreed")
    first_shown = max(0, len(actions) - ACTIONS_SHOWN)
    table = _table("Next steps by owner")
    table.add_column("Owner")
    table.add_column("Next step")
    table.add_column("Due")
    table.add_column("Done")
    table.add_column("Meeting")
    shown = 0
    for group in owners:
        items = [actions[i] for i in group["actions"] if first_shown <= i < len(actions)]
        if not items:
            continue
        if shown:
            table.add_section()
        for index, item in enumerate(items):
            done_at = item["done_at"]
            if done_at:
                done = Text(f"✓ {safe_text(done_at)[:10]}", style="green")
            elif item["overdue"]:
                done = Text("overdue", style="bold red")
            else:
                done = Text("open", style="yellow")
            owner = _user(group["owner"], "no owner") if index == 0 else Text("")
            table.add_row(
                owner,
                _user(item["text"]),
                _user(item["due"], NONE),
                done,
                _user(item["title"], "(untitled)"),
            )
            shown += 1
    hidden = max(total, len(actions)) - shown
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
