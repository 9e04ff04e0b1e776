"""The HTML page's next steps: one list per owner as the report groups them (nobody's
last), overdue ones flagged as the report says."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from checkout_cli.report.exporters import ExportData, export
from checkout_cli.report.summary import owners


class Blocks(HTMLParser):
    """The text of each h3 and li, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h3", "li"):
            self._open = tag
            self.blocks.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def step(
    ident: str, owner: str | None, due: str | None, done: str | None = None, *, late: bool = False
) -> Any:
    return {
        "id": ident,
        "text": f"Step {ident}",
        "owner": owner,
        "due": due,
        "done_at": done,
        "entry_id": "e",
        "title": "Sync",
        "at": "2026-11-17T10:00:00+01:00",
        "set": "meeting",
        "overdue": late,
    }


def page(actions: list[Any]) -> list[tuple[str, str]]:
    summary: Any = {
        "period": {"start": "2026-11-16T00:00:00+01:00", "end": "2026-11-23T00:00:00+01:00"},
        "count": 1,
        "goals": {"n": 0, "achieved": 0, "partly": 0, "missed": 0, "rate": None},
        "worth": {"n": 0, "mean": None, "previous_mean": None, "change": None},
        "sets": {},
        "owners": owners(actions),
        "fixes": [],
        "improvements_total": 0,
        "meetings": [],
        "themes": [],
        "improvements": [],
        "actions": actions,
        "actions_total": len(actions),
        "weeks": [],
    }
    summary["period"]["label"] = "2026-W47"
    parser = Blocks()
    parser.feed(export("html", ExportData(summary, [], [])))
    return parser.blocks


def test_steps_are_grouped_by_owner_with_nobody_last_and_overdue_flagged() -> None:
    actions = [
        step("1", None, "2026-11-30"),
        step("2", "Ana", "2026-11-18", late=True),
        step("3", "me", "2026-11-25"),
        step("4", "Ana", "2026-11-19", done="2026-11-19T09:00:00+01:00"),
    ]
    blocks = page(actions)
    assert [text.split(" —")[0] for _, text in blocks] == [
        "@Ana (1 open, 1 overdue)",
        "☐Step 2 overdue",
        "☑Step 4",
        "@me (1 open)",
        "☐Step 3",
        "No owner (1 open)",
        "☐Step 1",
    ]
    on_time = [dict(a, overdue=False) for a in actions]
    assert [tag for tag, _ in page(on_time)].count("h3") == 3
    assert "overdue" not in str(page(on_time))


def test_owners_differing_in_case_are_one_list_in_the_report_s_order() -> None:
    blocks = page([step("1", "ana", None), step("2", "Raj", None), step("3", "Ana", None)])
    assert [text.split(" —")[0] for _, text in blocks] == [
        "@ana (2 open)",
        "☐Step 1",
        "☐Step 3",
        "@Raj (1 open)",
        "☐Step 2",
    ]


def test_steps_nobody_owns_need_no_heading_alone() -> None:
    blocks = page([step("1", None, None)])
    assert blocks == [("li", "☐Step 1 — Sync")]
