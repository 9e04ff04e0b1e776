"""The weekly summary as one self-contained HTML page, for the screen and for print.

Nothing is fetched from elsewhere (inline CSS, inline SVG, no scripts; a
Content-Security-Policy says so to the browser too), so the file can be mailed
or archived as is. Every piece of user text goes through `html.escape`.
"""

from __future__ import annotations

import html

from checkout_cli.report.data import QuestionSummary, ReportAction, Summary, Week
from checkout_cli.report.exporters import ExportData
from checkout_cli.report.exporters._common import (
    GOAL_MEANINGS,
    choice_parts,
    clean,
    coverage,
    date_name,
    day_name,
    days_name,
    due_name,
    fix_verdict,
    fix_worked,
    goal_parts,
    moment_name,
    one_line,
    owner_name,
    owner_steps,
    parse_date,
    period_label,
    plural,
    set_title,
    shared_sets,
    spans_years,
    step_state,
    trend_text,
)
from checkout_cli.report.numbers import NONE, decimal, percent, signed
from checkout_cli.report.tallies import IMPROVE_KEY

_CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #2f6feb;
  --yes: #1a7f37; --partly: #bf8700; --no: #cf222e; --paper: #fff; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 2rem 1.25rem; color: var(--ink);
  background: var(--paper); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  overflow-wrap: break-word; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
.muted { color: var(--muted); }
.numbers { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1.25rem 0; padding: 0; }
.numbers > div { flex: 1 1 10rem; min-width: 0; border: 1px solid var(--line);
  border-radius: 8px; padding: .6rem .9rem; }
.numbers dt { color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.numbers dd { margin: 0; font-size: 1.5rem; font-weight: 600; overflow-wrap: anywhere; }
.numbers dd small { font-size: .85rem; font-weight: 400; color: var(--muted); }
.numbers dd small.sets { display: block; line-height: 1.35; }
.numbers .goals { display: flex; height: .6rem; border-radius: 4px; overflow: hidden;
  margin-top: .35rem; background: var(--line); }
.goals span { display: block; min-width: 0; }
.goal-yes { background: var(--yes); } .goal-partly { background: var(--partly); }
.goal-no { background: var(--no); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
td:first-child { overflow-wrap: anywhere; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
ul { padding-left: 1.25rem; }
li { margin: .2rem 0; overflow-wrap: anywhere; }
.text { white-space: pre-line; overflow-wrap: anywhere; }
ul.steps { list-style: none; padding-left: 0; }
h3.owner { font-size: .95rem; margin: .9rem 0 .2rem; }
h3.owner + ul.steps { margin-top: 0; }
.overdue { color: var(--no); font-size: .85rem; text-transform: uppercase;
  letter-spacing: .03em; }
.worked { color: var(--yes); font-size: .85rem; text-transform: uppercase;
  letter-spacing: .03em; }
ul.questions > li { margin: .35rem 0; }
ul.answers { margin: .2rem 0 .4rem; }
.box { display: inline-block; width: 1.3em; }
.done .text { text-decoration: line-through; color: var(--muted); }
.chart { display: block; width: 100%; height: auto; max-width: 40rem; }
.chart .bar { fill: var(--accent); }
.chart text { fill: var(--ink); font-size: 11px; text-anchor: middle; }
.chart .axis { stroke: var(--line); }
.chart .small { fill: var(--muted); font-size: 10px; }
@media (max-width: 36rem) {
  body { padding: 1.25rem .9rem; }
  .numbers > div { flex-basis: 100%; }
  table.meetings thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); }
  table.meetings, table.meetings tbody, table.meetings tr, table.meetings td {
    display: block; width: 100%; }
  table.meetings tr { border-bottom: 1px solid var(--line); padding: .4rem 0; }
  table.meetings td { border: 0; padding: .05rem 0; }
  table.meetings td.num { text-align: left; }
  table.meetings td:first-child { font-weight: 600; }
  table.meetings td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
}
@media (prefers-color-scheme: dark) {
  :root { --ink: #e6edf3; --muted: #9198a1; --line: #3d444d; --paper: #0d1117; }
}
@page { size: A4; margin: 16mm 14mm; }
@media print {
  :root { --ink: #000; --muted: #444; --line: #999; --paper: #fff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, li, .numbers > div, svg { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# The browser is told the page needs nothing from anywhere else.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def esc(value: object) -> str:
    return html.escape(clean(value), quote=True)


def esc1(value: object) -> str:
    """Escaped user text on one line (titles, names)."""
    return html.escape(one_line(value), quote=True)


def _title(value: object) -> str:
    return esc1(value) or "(untitled)"


def render(data: ExportData) -> str:
    summary = data.summary
    label = period_label(summary["period"])
    days = days_name(summary["period"])
    year = spans_years(summary["period"])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Check-outs: {esc1(label)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>Check-outs: {esc1(label)}</h1>",
    ]
    if days != label:
        parts.append(f'<p class="muted">{esc1(days)}</p>')
    parts.append("</header>")
    parts.append("<main>")
    if summary["count"] == 0:
        parts.append('<p class="empty">No check-outs in this period.</p>')
    else:
        parts += _numbers(summary)
        parts += _meetings(summary)
        parts += _sets(summary, year=year)
        parts += _themes(summary)
        parts += _fixes(summary, year=year)
        parts += _next_steps(summary)
    parts += _calendar(summary, year=year)
    parts += _time(summary)
    parts += _weeks(summary)
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _numbers(summary: Summary) -> list[str]:
    sets = shared_sets(summary)
    per_set = ""
    if len(sets) > 1:
        shown = "<br>".join(
            f"{esc1(set_title(name, found))} {found['check_outs']}" for name, found in sets
        )
        per_set = f" <small class='sets'>{shown}</small>"
    cards = [f"<div><dt>Check-outs</dt><dd>{summary['count']}{per_set}</dd></div>"]
    # Goals and worth mean the same in every set (through its choices' meanings).
    across = " (all sets)" if len(sets) > 1 else ""
    goals = summary["goals"]
    if goals["n"]:
        parts = goal_parts(goals)
        # A line breaks only after a part's dot, never inside "partly 2 (40%)".
        shown = "&nbsp;· ".join(
            f'{esc1(c)}&nbsp;{n}&nbsp;<small class="share">({percent(s)})</small>'
            for c, n, s in parts
        )
        classes = dict(GOAL_MEANINGS)
        # Each part grows from nothing by its count, so widths are exact proportions.
        bar = "".join(
            f'<span class="goal-{classes[c]}" style="flex:{n} 1 0" '
            f'title="{esc1(c)} {n} ({percent(s)})"></span>'
            for c, n, s in parts
            if n
        )
        strip = f'<div class="goals" aria-hidden="true">{bar}</div>' if bar else ""
        cards.append(f"<div><dt>Goals met{across}</dt><dd>{shown}{strip}</dd></div>")
    worth = summary["worth"]
    if worth["n"]:
        change = signed(worth["change"])
        was = decimal(worth["previous_mean"])
        extra = f" <small>({change} from {was})</small>" if change else ""
        mean = decimal(worth["mean"])
        cards.append(f"<div><dt>Mean worth{across}</dt><dd>{mean}{extra}</dd></div>")
    return ['<dl class="numbers">', *cards, "</dl>"]


def _meetings(summary: Summary) -> list[str]:
    meetings = summary["meetings"]
    if not meetings:
        return []
    rows = [
        "<h2>Meetings</h2>",
        "<table class='meetings'>",
        "<thead><tr><th>Meeting</th><th class='num'>Check-outs</th>"
        "<th class='num'>Goals met</th><th class='num'>Mean worth</th><th>Trend</th></tr></thead>",
        "<tbody>",
    ]
    for meeting in meetings:
        shown = trend_text(meeting)
        rows.append(
            f"<tr><td>{_title(meeting['title'])}</td>"
            f"<td class='num' data-label='Check-outs'>{meeting['count']}</td>"
            f"<td class='num' data-label='Goals met'>{percent(meeting['goal_rate'])}</td>"
            f"<td class='num' data-label='Mean worth'>{decimal(meeting['mean_worth'])}</td>"
            f"<td data-label='Trend'>{html.escape(shown)}</td></tr>"
        )
    return [*rows, "</tbody>", "</table>"]


def _sets(summary: Summary, *, year: bool) -> list[str]:
    """One section per set with check-outs in the period, each question under its own
    set's label with that set's figures: never one set's wording over another's numbers."""
    rows: list[str] = []
    for name, found in shared_sets(summary):
        private = " <span class='muted'>(private)</span>" if found["private"] else ""
        rows += [
            "<section class='set'>",
            f"<h2>{esc1(set_title(name, found))}{private}: "
            f"{plural(found['check_outs'], 'check-out')}</h2>",
            "<ul class='questions'>",
        ]
        for question in found["questions"]:
            rows += _question(question, year=year)
        rows += ["</ul>", "</section>"]
    return rows


def _question(question: QuestionSummary, *, year: bool) -> list[str]:
    """One question's figures as a list item: choice counts with shares, a scale's mean
    and change, the count of next steps, or the text answers as a list."""
    name = f"<strong>{esc1(question['label']) or esc1(question['key'])}:</strong>"
    if question["kind"] == "choice":
        if not question["n"]:
            return []
        shares = "&nbsp;· ".join(
            f"{esc1(choice)}&nbsp;{n}&nbsp;<span class='muted'>({percent(part)})</span>"
            for choice, n, part in choice_parts(question)
        )
        return [f"<li class='choice'>{name} {shares or NONE}</li>"]
    if question["kind"] == "scale":
        if not question["n"]:
            return []
        mean = decimal(question["mean"])
        change = signed(question["change"])
        if change:
            was = decimal(question["previous_mean"])
            mean += f" <span class='muted'>({change} from {was})</span>"
        return [f"<li class='scale'>{name} {mean}, {plural(question['n'], 'answer')}</li>"]
    if question["kind"] == "actions":
        if not question["items"]:
            return []
        return [f"<li class='actions'>{name} {plural(question['items'], 'next step')}</li>"]
    if not question["n"] and not question["skipped"]:
        return []
    counted = plural(question["n"], "answer")
    if question["skipped"]:
        empty = "nothing to improve" if question["key"] == IMPROVE_KEY else "left empty"
        counted += f" · {question['skipped']} {empty}"
    items = []
    for answer in question["answers"]:
        text = clean(answer["text"]).strip()
        if not text:
            continue
        when = date_name(answer["at"], year=year)
        dated = f" <span class='muted'>{esc1(when)}</span>" if when else ""
        items.append(
            f"<li><strong>{_title(answer['title'])}</strong>{dated}: "
            f"<span class='text'>{esc(text)}</span></li>"
        )
    more = question["n"] - len(question["answers"])
    if more > 0:
        items.append(f"<li class='muted'>…and {more} more.</li>")
    listed = f"<ul class='answers'>{''.join(items)}</ul>" if items else ""
    return [f"<li class='text-question'>{name} <span class='muted'>{counted}</span>{listed}</li>"]


def _themes(summary: Summary) -> list[str]:
    themes = [t for t in summary["themes"] if one_line(t["phrase"])]
    if not themes:
        return []
    items = [
        f"<li>{esc1(t['phrase'])} <span class='muted'>({t['count']}×)</span></li>" for t in themes
    ]
    return ["<h2>Recurring themes</h2>", "<ul class='themes'>", *items, "</ul>"]


def _fixes(summary: Summary, *, year: bool) -> list[str]:
    """Did the fix work: each recurring complaint, the step agreed about it, and since."""
    fixes = summary["fixes"]
    if not fixes:
        return []
    rows = ["<h2>Did the fix work?</h2>", "<ul class='fixes'>"]
    for fix in fixes:
        worked = fix_worked(fix)
        mark = ""
        if worked is not None:
            word = "worked" if worked else "not fixed yet"
            mark = f" <strong class='{'worked' if worked else 'overdue'}'>{word}</strong>"
        rows.append(
            f"<li><strong>{esc1(fix['theme'])}</strong> · {_title(fix['title'])} "
            f"<span class='muted'>(raised {fix['raised']}×)</span>: "
            f"{esc1(fix_verdict(fix, year=year))}{mark}</li>"
        )
    return [*rows, "</ul>"]


def _next_steps(summary: Summary) -> list[str]:
    """The period's next steps, one list per owner as the report groups them (steps
    nobody owns last), each open step past its due day flagged."""
    groups = summary["owners"]
    if not groups:
        return []
    rows = ["<h2>Next steps</h2>"]
    for group in groups:
        if group["owner"] or len(groups) > 1:
            flagged = f", {group['overdue']} overdue" if group["overdue"] else ""
            rows.append(
                f"<h3 class='owner'>{esc1(owner_name(group['owner']))} "
                f"<span class='muted'>({group['open']} open{flagged})</span></h3>"
            )
        rows.append("<ul class='steps'>")
        rows += [_step(action, summary) for action in owner_steps(summary, group)]
        rows.append("</ul>")
    more = summary["actions_total"] - len(summary["actions"])
    if more > 0:
        rows.append(f"<p class='muted'>…and {more} more.</p>")
    return rows


def _step(action: ReportAction, summary: Summary) -> str:
    state = step_state(action)
    done = state == "done"
    details = []
    due = parse_date(action["due"])
    if due:
        details.append(f"due {due_name(due, summary['period'])}")
    title = esc1(action["title"])
    if title:
        details.append(title)
    extra = f' <span class="muted">— {", ".join(details)}</span>' if details else ""
    flag = " <strong class='overdue'>overdue</strong>" if state == "overdue" else ""
    return (
        f"<li class='{'done' if done else 'open'}'>"
        f"<span class='box' aria-label='{'done' if done else 'open'}'>"
        f"{'☑' if done else '☐'}</span>"
        f"<span class='text'>{esc1(action['text']) or '(no text)'}</span>{flag}{extra}</li>"
    )


def _calendar(summary: Summary, *, year: bool) -> list[str]:
    calendar = summary.get("calendar")
    if calendar is None:
        return []
    rows = ["<h2>Calendar</h2>", f"<p class='coverage'>{coverage(calendar)}</p>"]
    missed = calendar["missed"]
    if missed:
        rows += ["<p>Missed:</p>", "<ul class='missed'>"]
        for meeting in missed:
            people = [esc1(p) for p in meeting["attendees"] if one_line(p)]
            with_whom = f" (with {', '.join(people)})" if people else ""
            rows.append(
                f"<li>{_title(meeting['title'])} "
                f"<span class='muted'>— {esc1(moment_name(meeting['start'], year=year))}"
                f"{with_whom}</span></li>"
            )
        rows.append("</ul>")
    return rows


def _time(summary: Summary) -> list[str]:
    """Hours in meetings and not worth it, in total and per meeting (exporters/_time.py)."""
    from checkout_cli.report.exporters import _time as time_words

    reason = time_words.why_not(summary)
    found = summary.get("time")
    if found is None:
        return [f"<p class='muted time'>{html.escape(reason)}</p>"] if reason else []
    items = "".join(f"<li>{html.escape(s)}</li>" for s in time_words.sentences(found))
    rows = ["<h2>Time</h2>", f"<ul class='time'>{items}</ul>"]
    table = time_words.rows(found)
    if table:
        title, *numbers = time_words.HEADER
        heads = "".join(f"<th class='num'>{html.escape(n)}</th>" for n in numbers)
        rows += ["<table class='time'>", f"<thead><tr><th>{title}</th>{heads}</tr></thead>"]
        rows.append("<tbody>")
        for name, *cells in table:
            shown = "".join(f"<td class='num'>{cell}</td>" for cell in cells)
            rows.append(f"<tr><td>{_title(name)}</td>{shown}</tr>")
        rows += ["</tbody>", "</table>"]
    return rows


def _weeks(summary: Summary) -> list[str]:
    weeks = summary["weeks"]
    if not weeks:
        return []
    return ["<h2>Recent weeks</h2>", chart(weeks)]


def chart(weeks: list[Week]) -> str:
    """Bars of check-outs per week, labelled with the count, the week and its mean worth."""
    starts = [parse_date(w["start"]) for w in weeks]
    years = {d.year for d in starts if d}
    slot, top, bar_area, bottom = 72, 22, 120, 40 if len(years) < 2 else 54
    width = slot * len(weeks) + 16
    height = top + bar_area + bottom
    peak = max([w["count"] for w in weeks] + [1])
    base = top + bar_area
    shapes = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="weeks-title">',
        '<title id="weeks-title">Check-outs per week, with mean worth</title>',
        f'<line class="axis" x1="8" y1="{base}" x2="{width - 8}" y2="{base}"/>',
    ]
    shown_year: int | None = None
    for i, week in enumerate(weeks):
        n = week["count"]
        bar = round(bar_area * n / peak)
        x = 8 + i * slot + 12
        middle = x + (slot - 24) / 2
        start = starts[i]
        when = day_name(start) if start else esc1(week["start"])
        full = day_name(start, year=True) if start else esc1(week["start"])
        worth = decimal(week["mean_worth"])
        shapes += [
            "<g>",
            f"<title>Week of {full}: {n} check-out{'' if n == 1 else 's'}, "
            f"mean worth {worth}</title>",
            f'<rect class="bar" x="{x}" y="{base - bar}" width="{slot - 24}" height="{bar}"/>',
            f'<text x="{middle:g}" y="{base - bar - 5}">{n}</text>',
            f'<text x="{middle:g}" y="{base + 15}">{when}</text>',
            f'<text class="small" x="{middle:g}" y="{base + 30}">worth {worth}</text>',
        ]
        if len(years) > 1 and start is not None and start.year != shown_year:
            shown_year = start.year  # the year under the first week of each year
            shapes.append(f'<text class="small" x="{middle:g}" y="{base + 44}">{start.year}</text>')
        shapes.append("</g>")
    shapes.append("</svg>")
    return "\n".join(shapes)
