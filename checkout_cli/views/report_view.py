"""The terminal view of a report summary (the dict `summary.summarize` returns).

User text is data, never markup: every string that came from a person goes through
`safe_text` into a Rich `Text`, so `[red]x[/red]` prints as typed and no escape
sequence from an answer reaches the terminal. Rich is imported inside the
functions, so importing this module (for `safe_text`) costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checkout_cli.views.render import safe as safe_text

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

BAR_WIDTH = 30
ACTIONS_SHOWN = 30
_SPARKS = "▁▂▃▄▅▆▇█"
_GOAL_STYLES = {"yes": "green", "partly": "yellow", "no": "red"}
_TRENDS = {"up": ("▲", "green"), "down": ("▼", "red"), "flat": ("=", "dim"), "new": ("new", "cyan")}


def _user(value: Any, fallback: str = "") -> Text:
    """A person's value as inert text."""
    from rich.text import Text

    if value is None or value == "":
        return Text(fallback, style="dim")
    return Text(safe_text(str(value)))


def _number(value: Any) -> str:
    return "–" if not isinstance(value, int | float) else f"{value:.2f}"


def _percent(value: Any) -> str:
    return "–" if not isinstance(value, int | float) else f"{value:.0%}"


def render_report(summary: dict[str, Any]) -> RenderableType:
    """The whole report as one renderable: headline first, then what there is to show."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [_headline(summary)]
    calendar = summary.get("calendar")
    if isinstance(calendar, dict):
        parts.extend(_calendar(calendar))
    count = summary.get("count") or 0
    weeks = summary.get("weeks") or []
    if count:
        questions = summary.get("questions") or {}
        for key, question in questions.items():
            if question.get("kind") == "choice":
                parts.append(_choice_table(key, question))
        scales = {k: q for k, q in questions.items() if q.get("kind") == "scale"}
        if scales:
            parts.append(_scale_table(scales))
        others = {k: q for k, q in questions.items() if q.get("kind") in ("text", "actions")}
        if others:
            parts.append(_others_table(others))
        if summary.get("meetings"):
            parts.append(_meetings_table(summary["meetings"]))
        if summary.get("themes"):
            parts.append(_themes(summary["themes"]))
        parts.append(_actions(summary.get("actions") or [], summary.get("actions_total") or 0))
    if any(week.get("count") for week in weeks):
        parts.append(_weeks_table(weeks))
    spaced: list[RenderableType] = []
    for part in parts:
        if spaced:
            spaced.append(Text(""))
        spaced.append(part)
    return Group(*spaced)


def _headline(summary: dict[str, Any]) -> Text:
    from rich.text import Text

    period = summary.get("period") or {}
    from checkout_cli.model.periods import period_phrase

    label = safe_text(period_phrase(str(period.get("label") or "this period")))
    count = summary.get("count") or 0
    if not count:
        return Text.assemble("No check-outs ", (label, "bold"), ".")
    noun = "check-out" if count == 1 else "check-outs"
    return Text.assemble((str(count), "bold"), f" {noun} ", (label, "bold"))


def _calendar(calendar: dict[str, Any]) -> list[RenderableType]:
    from rich.text import Text

    total = calendar.get("total") or 0
    checked = calendar.get("checked_out") or 0
    found: list[RenderableType] = [
        Text.assemble(
            "Checked out ", (str(checked), "bold"), " of ", (str(total), "bold"), " meetings"
        )
    ]
    missed = [m for m in calendar.get("missed") or [] if isinstance(m, dict)]
    if missed:
        table = _table("Missed meetings")
        table.add_column("Meeting")
        table.add_column("Start")
        table.add_column("With")
        for meeting in missed:
            people = meeting.get("attendees") or []
            table.add_row(
                _user(meeting.get("title"), "(untitled)"),
                _user(_when(meeting.get("start"))),
                _user(", ".join(str(p) for p in people) if isinstance(people, list) else people),
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


def _choice_table(key: str, question: dict[str, Any]) -> Table:
    from rich.text import Text

    table = _table(_user(question.get("text") or key))
    table.add_column("Answer")
    table.add_column("Count", justify="right")
    table.add_column("Share", justify="right")
    table.add_column("", min_width=BAR_WIDTH)
    shares = question.get("shares") or {}
    for name, count in (question.get("counts") or {}).items():
        share = shares.get(name) or 0.0
        style = _GOAL_STYLES.get(name, "blue") if key == "goals" else "blue"
        table.add_row(
            _user(name), str(count), _percent(share), Text(_bar(share, BAR_WIDTH), style=style)
        )
    return table


def _bar(share: float, width: int) -> str:
    """A horizontal bar in eighths of a character."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")


def _scale_table(scales: dict[str, dict[str, Any]]) -> Table:
    from rich.text import Text

    table = _table("Scores")
    table.add_column("Question")
    table.add_column("Answers", justify="right")
    table.add_column("Mean", justify="right")
    table.add_column("Before", justify="right")
    table.add_column("Change", justify="right")
    for key, question in scales.items():
        change = question.get("change")
        if not isinstance(change, int | float):
            shown = Text("–", style="dim")
        elif change > 0:
            shown = Text(f"▲ {change:.2f}", style="green")
        elif change < 0:
            shown = Text(f"▼ {-change:.2f}", style="red")
        else:
            shown = Text("= 0.00", style="dim")
        table.add_row(
            _user(question.get("text") or key),
            str(question.get("n") or 0),
            _number(question.get("mean")),
            _number(question.get("previous_mean")),
            shown,
        )
    return table


def _others_table(others: dict[str, dict[str, Any]]) -> Table:
    table = _table("Other answers")
    table.add_column("Question")
    table.add_column("Answers", justify="right")
    table.add_column("Next steps", justify="right")
    for key, question in others.items():
        items = question.get("items") if question.get("kind") == "actions" else None
        table.add_row(
            _user(question.get("text") or key),
            str(question.get("n") or 0),
            "" if items is None else str(items),
        )
    return table


def _meetings_table(meetings: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    table = _table("Meetings")
    table.add_column("Meeting")
    table.add_column("Check-outs", justify="right")
    table.add_column("Goal rate", justify="right")
    table.add_column("Worth", justify="right")
    table.add_column("Trend", justify="center")
    for meeting in meetings:
        mark, style = _TRENDS.get(str(meeting.get("trend")), ("", ""))
        table.add_row(
            _user(meeting.get("title"), "(untitled)"),
            str(meeting.get("count") or 0),
            _percent(meeting.get("goal_rate")),
            _number(meeting.get("mean_worth")),
            Text(mark, style=style),
        )
    return table


def _themes(themes: list[dict[str, Any]]) -> Text:
    from rich.text import Text

    line = Text.assemble(("Themes", "bold"), "  ")
    for index, theme in enumerate(themes):
        if index:
            line.append(" · ", style="dim")
        line.append(safe_text(str(theme.get("phrase", ""))))
        line.append(f" ×{theme.get('count', 0)}", style="dim")
    return line


def _actions(actions: list[dict[str, Any]], total: int) -> RenderableType:
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
        done_at = item.get("done_at")
        done = (
            Text(f"✓ {safe_text(str(done_at))[:10]}", style="green")
            if done_at
            else Text("open", style="yellow")
        )
        table.add_row(
            _user(item.get("text")),
            _user(item.get("owner"), "–"),
            _user(item.get("due"), "–"),
            done,
            _user(item.get("title"), "(untitled)"),
        )
    hidden = max(total, len(actions)) - len(shown)
    if hidden <= 0:
        return table
    note = f"… and {hidden} earlier next step{'s' if hidden != 1 else ''} (see --json for more)"
    return Group(table, Text(note, style="dim"))


def _weeks_table(weeks: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    table = _table(f"Last {len(weeks)} weeks")
    # Fits 80 columns: labels and sparklines never wrap, week columns stay narrow.
    table.padding = (0, 0)
    table.add_column("", no_wrap=True, min_width=11)
    for week in weeks:
        table.add_column(
            _user(str(week.get("start", ""))[5:]), justify="right", no_wrap=True, min_width=6
        )
    table.add_column("", min_width=len(weeks) + 3, no_wrap=True, justify="right")
    counts = [week.get("count") or 0 for week in weeks]
    goals = [week.get("goal_rate") for week in weeks]
    worth = [week.get("mean_worth") for week in weeks]
    most = max(counts) or 1
    table.add_row(
        "Check-outs", *map(str, counts), Text(_sparks([c / most for c in counts]), style="blue")
    )
    table.add_row(
        "Goal rate",
        *map(_percent, goals),
        Text(_sparks([g if isinstance(g, int | float) else None for g in goals]), style="green"),
    )
    table.add_row(
        "Worth",
        *map(_number, worth),
        Text(
            _sparks([(w - 1) / 4 if isinstance(w, int | float) else None for w in worth]),
            style="magenta",
        ),
    )
    return table


def _sparks(levels: list[float | None]) -> str:
    """One block per value in 0..1, a dot where there is none."""
    top = len(_SPARKS) - 1
    return "".join(
        "·" if level is None else _SPARKS[round(max(0.0, min(1.0, level)) * top)]
        for level in levels
    )


def _when(value: Any) -> str:
    text = str(value or "")
    return text[:16].replace("T", " ") if len(text) >= 16 else text
