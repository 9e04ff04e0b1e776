"""One date style in every summary (HTML, Markdown, text): `Tue 17 Nov`, with the year
where a period crosses one."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from typing import Any

from checkout_cli.report.exporters import ExportData, export
from checkout_cli.report.exporters._common import (
    date_name,
    day_name,
    days_name,
    due_name,
    moment_name,
    spans_years,
)
from checkout_cli.report.summary import owners


def period(start: str | None, end: str | None) -> Any:
    return {"start": start, "end": end, "label": "x"}


def test_day_names_do_not_depend_on_the_locale() -> None:
    assert day_name(date(2026, 11, 17)) == "Tue 17 Nov"
    assert day_name(date(2027, 1, 3), year=True) == "Sun 3 Jan 2027"
    assert moment_name("2026-11-18T10:00:00+01:00") == "Wed 18 Nov 10:00"
    assert moment_name("not a time") == "not a time"
    assert date_name("2026-11-18T10:00:00+01:00") == "Wed 18 Nov"
    assert date_name("2027-01-02", year=True) == "Sat 2 Jan 2027"
    assert date_name("soon") == "soon"
    week = period("2026-11-16T00:00:00+01:00", "2026-11-23T00:00:00+01:00")
    assert due_name(date(2026, 11, 20), week) == "Fri 20 Nov"
    assert due_name(date(2027, 1, 2), week) == "Sat 2 Jan 2027"  # another year says it


def test_a_period_says_its_year_once_or_twice_when_it_crosses_one() -> None:
    week = period("2026-11-16T00:00:00+01:00", "2026-11-23T00:00:00+01:00")
    assert days_name(week) == "Mon 16 Nov – Sun 22 Nov 2026"
    assert not spans_years(week)
    new_year = period("2026-12-28T00:00:00+01:00", "2027-01-04T00:00:00+01:00")
    assert days_name(new_year) == "Mon 28 Dec 2026 – Sun 3 Jan 2027"
    assert spans_years(new_year)
    december = period("2026-12-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00")
    assert not spans_years(december)  # ends at the first midnight of the next year
    assert days_name(period(None, None)) == "all check-outs"
    assert spans_years(period(None, None))


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(summary: dict[str, Any]) -> str:
    parser = Text()
    parser.feed(export("html", ExportData(summary, [], [])))  # type: ignore[arg-type]
    return " ".join(" ".join(parser.parts).split())


def summary_text(fmt: str, summary: dict[str, Any]) -> str:
    return " ".join(export(fmt, ExportData(summary, [], [])).split())  # type: ignore[arg-type]


def summary(start: str, end: str, weeks: list[str]) -> dict[str, Any]:
    actions: list[Any] = [
        {
            "id": "a-1",
            "text": "Send it",
            "owner": "Ana",
            "due": "2027-01-02",
            "done_at": None,
            "entry_id": "a",
            "title": "Sync",
            "at": "2026-12-29T10:00:00+01:00",
            "set": "meeting",
            "overdue": False,
        }
    ]
    late = {"id": "a", "at": "2026-12-29T10:00:00+01:00", "title": "Sync", "text": "Late"}
    improve = {"key": "improve", "label": "Could be better", "kind": "text", "text": "Better?"}
    return {
        "period": {"start": start, "end": end, "label": "2026-W53"},
        "count": 1,
        "goals": {"n": 0, "achieved": 0, "partly": 0, "missed": 0, "rate": None},
        "worth": {"n": 0, "mean": None, "previous_mean": None, "change": None},
        "sets": {
            "meeting": {
                "title": "Meeting check-out",
                "language": "en",
                "private": False,
                "check_outs": 1,
                "goal_rate": None,
                "mean_worth": None,
                "questions": [{**improve, "n": 1, "skipped": 0, "answers": [late]}],
            }
        },
        "owners": owners(actions),
        "fixes": [],
        "improvements_total": 1,
        "meetings": [],
        "themes": [],
        "improvements": [{**late, "set": "meeting"}],
        "actions": actions,
        "actions_total": 1,
        "weeks": [{"start": w, "count": 1, "goal_rate": None, "mean_worth": None} for w in weeks],
    }


def test_the_page_uses_one_style_and_the_year_across_new_year() -> None:
    text = page_text(
        summary(
            "2026-12-28T00:00:00+01:00", "2027-01-04T00:00:00+01:00", ["2026-12-21", "2026-12-28"]
        )
    )
    assert "Mon 28 Dec 2026 – Sun 3 Jan 2027" in text
    assert "Tue 29 Dec 2026" in text and "due Sat 2 Jan 2027" in text
    assert "2026-12" not in text.replace("Week of", "")  # no ISO dates shown
    same_year = page_text(
        summary("2026-11-16T00:00:00+01:00", "2026-11-23T00:00:00+01:00", ["2026-11-16"])
    )
    assert "Tue 29 Dec" in same_year and "Tue 29 Dec 2026" not in same_year  # one year: none
    assert "due Sat 2 Jan 2027" in same_year  # a due date in another year says it
    assert "Mon 16 Nov" in same_year


def test_the_chart_names_the_year_under_the_first_week_of_each() -> None:
    weeks = ["2026-12-21", "2026-12-28", "2027-01-04"]
    html = export(
        "html",
        ExportData(
            summary("2026-12-28T00:00:00+01:00", "2027-01-11T00:00:00+01:00", weeks),  # type: ignore[arg-type]
            [],
            [],
        ),
    )
    chart = html[html.index("<svg") :]
    assert chart.count(">2026</text>") == 1 and chart.count(">2027</text>") == 1
    assert "Week of Mon 4 Jan 2027" in chart


def test_markdown_and_text_use_the_page_s_style() -> None:
    new_year = summary(
        "2026-12-28T00:00:00+01:00", "2027-01-04T00:00:00+01:00", ["2026-12-21", "2026-12-28"]
    )
    same_year = summary("2026-11-16T00:00:00+01:00", "2026-11-23T00:00:00+01:00", [])
    for fmt in ("md", "text"):
        shown = summary_text(fmt, new_year)
        assert "Mon 28 Dec 2026 – Sun 3 Jan 2027" in shown, fmt
        assert "Tue 29 Dec 2026" in shown and "due Sat 2 Jan 2027" in shown, fmt
        assert "2026-12" not in shown and "2027-01" not in shown, fmt  # no ISO dates shown
        shown = summary_text(fmt, same_year)
        assert "Tue 29 Dec" in shown and "Tue 29 Dec 2026" not in shown, fmt
        assert "due Sat 2 Jan 2027" in shown, fmt
