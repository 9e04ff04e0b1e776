"""The HTML summary of a week with several question sets: each set's section shows its
own labels over its own numbers, and a private set left out leaves nothing behind."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from typer.testing import Result

Cli = Callable[..., Result]
NOW = "2026-11-19T18:00:00+00:00"  # a Thursday; week 2026-W47 runs Mon 16 – Sun 22
PRIVATE = ("1:1 Ana", "Ana seems tired of the reorg", "Talk to HR", "What mattered", "How they")


class Sections(HTMLParser):
    """Each set's section of the page: its heading and the text of its page, by heading;
    and the whole page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sets: dict[str, str] = {}
        self.text = ""
        self._depth = 0  # sections open inside a set's section, itself included
        self._heading: str | None = None
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("dt", "dd", "li", "h3"):
            self.text += " "  # blocks apart, as the page shows them
        if tag == "section":
            if self._depth or dict(attrs).get("class") == "set":
                self._depth += 1
        elif tag == "h2" and self._depth:
            self._in_h2, self._heading = True, ""
        elif tag == "li" and self._depth and self._heading is not None:
            self.sets[self._heading] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._depth:
            self._depth -= 1
        elif tag == "h2" and self._in_h2:
            self._in_h2 = False
            assert self._heading is not None
            self._heading = " ".join(self._heading.split())
            self.sets[self._heading] = ""

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._in_h2 and self._heading is not None:
            self._heading += data
        elif self._depth and self._heading is not None:
            self.sets[self._heading] += data


def check_out(cli: Cli, title: str, at: str, *answers: str, set_name: str = "meeting") -> None:
    args = ["meeting", title, "--no-input", "--at", at, "--set", set_name, "--json"]
    for answer in answers:
        args += ["-A", answer]
    result = cli(*args, env={"CHECKOUT_NOW": NOW})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"]


@pytest.fixture
def week(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two weekly syncs, a one-on-one and two customer calls."""
    monkeypatch.setenv("TZ", "UTC")
    check_out(
        cli,
        "Weekly sync",
        "2026-11-16T10:00",
        "goals=partly",
        "worth=3",
        "improve=Started ten minutes late",
        "next=Send the agenda @Ana due:2026-11-17",
    )
    check_out(
        cli,
        "Weekly sync",
        "2026-11-18T10:00",
        "goals=no",
        "worth=2",
        "improve=Too long",
        "next=Cut the agenda @me",
    )
    check_out(
        cli,
        "1:1 Ana",
        "2026-11-17T11:00",
        "goals=yes",
        "mood=2",
        "worth=5",
        f"improve={PRIVATE[1]}",
        f"next={PRIVATE[2]} @me",
        set_name="one-on-one",
    )
    check_out(
        cli,
        "Acme call",
        "2026-11-17T15:00",
        "goals=no",
        "worth=2",
        "customer=Pricing for 200 seats",
        "next=Send the pricing sheet @Jordan",
        set_name="customer-call",
    )
    check_out(cli, "Globex call", "2026-11-19T09:00", "goals=yes", "worth=4",
              "customer=Onboarding speed", "improve=", "next=Schedule onboarding",
              set_name="customer-call")  # fmt: skip


def page(cli: Cli, *args: str) -> tuple[Sections, str]:
    result = cli("export", "--format", "html", *args, env={"CHECKOUT_NOW": NOW})
    assert result.exit_code == 0, result.output
    parsed = Sections()
    parsed.feed(result.stdout)
    parsed.close()
    return parsed, result.stderr


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


@pytest.mark.usefixtures("week")
def test_each_set_shows_its_own_labels_and_numbers(cli: Cli) -> None:
    parsed, _ = page(cli)
    assert list(parsed.sets) == [
        "Meeting check-out: 2 check-outs",
        "Customer call check-out: 2 check-outs",
    ]
    meeting = squash(parsed.sets["Meeting check-out: 2 check-outs"])
    customer = squash(parsed.sets["Customer call check-out: 2 check-outs"])
    assert "Goals met: yes 0 (0%) · partly 1 (50%) · no 1 (50%)" in meeting
    assert "Worth it: 2.5, 2 answers" in meeting
    assert "Could be better: 2 answers" in meeting
    assert "Weekly sync Mon 16 Nov: Started ten minutes late" in meeting
    assert "Next steps: 2 next steps" in meeting
    assert "Outcome reached: yes 1 (50%) · partly 0 (0%) · no 1 (50%)" in customer
    assert "Worth it: 3.0, 2 answers" in customer
    assert "Customer cared about: 2 answers" in customer
    assert "Acme call Tue 17 Nov: Pricing for 200 seats" in customer
    assert "Globex call Thu 19 Nov: Onboarding speed" in customer
    assert "Could be better: 0 answers · 2 nothing to improve" in customer
    # one set's wording never over another's numbers
    assert "Outcome reached" not in meeting and "Customer cared" not in meeting
    assert "Goals met" not in customer and "Started ten" not in customer
    text = squash(parsed.text)
    assert "Check-outs 4 Meeting check-out 2Customer call check-out 2" in text
    assert "Goals met (all sets) achieved 1 (25%) · partly 1 (25%) · missed 2 (50%)" in text
    assert "Mean worth (all sets) 2.75" in text


@pytest.mark.usefixtures("week")
def test_a_private_set_left_out_leaves_nothing_behind(cli: Cli) -> None:
    parsed, stderr = page(cli)
    for private in (*PRIVATE, "One-on-one", "How they are"):
        assert private not in parsed.text, private
    assert "Left out 1 check-out of a private set (one-on-one)" in stderr
    with_private, stderr = page(cli, "--include-private")
    assert stderr == ""
    heading = "One-on-one check-out (private): 1 check-out"
    assert heading in with_private.sets
    one_on_one = squash(with_private.sets[heading])
    assert "What mattered: yes 1 (100%) · partly 0 (0%) · no 0 (0%)" in one_on_one
    assert "How they are: 2.0, 1 answer" in one_on_one
    assert "1:1 Ana Tue 17 Nov: Ana seems tired of the reorg" in one_on_one
    assert "Goals met" not in one_on_one


@pytest.mark.usefixtures("week")
def test_next_steps_by_owner_from_the_report(cli: Cli) -> None:
    text = squash(page(cli)[0].text)
    owners = re.findall(r"(@\w+|No owner) \((\d+) open(?:, (\d+) overdue)?\)", text)
    assert owners == [("@Ana", "1", "1"), ("@Jordan", "1", ""), ("@me", "1", ""),
                      ("No owner", "1", "")]  # fmt: skip
    assert "☐Send the agenda overdue — due Tue 17 Nov, Weekly sync" in text
