"""A week of mixed meetings through the CLI: every figure within its question set,
shared exports without the one-on-ones, and whether the fix for a complaint worked."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Cli = Callable[..., Result]
NOW = "2026-11-19T18:00:00+00:00"  # a Thursday; week 2026-W47 runs Mon 16 – Sun 22

ONE_ON_ONE_TEXTS = (
    "Ana seems tired of the reorg",
    "Talk to HR about the workload",
    "Raj wants the promotion case",
    "Draft the promotion case",
)
CUSTOMER_TEXTS = ("Pricing for =SUM(A1) and the a_b plan", "Onboarding speed")


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")


def check_out(cli: Cli, title: str, at: str, *answers: str, set_name: str | None = None) -> str:
    args = ["meeting", title, "--no-input", "--at", at, "--json"]
    if set_name:
        args += ["--set", set_name]
    for answer in answers:
        args += ["-A", answer]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    entry_id: str = json.loads(result.stdout)["id"]
    return entry_id


@pytest.fixture
def week(cli: Cli) -> None:
    """A weekly sync, two one-on-ones and two customer calls."""
    check_out(
        cli,
        "Weekly sync",
        "2026-11-16T10:00",
        "goals=partly",
        "improve=Started ten minutes late",
        "next=Send the agenda @Ana due:2026-11-17",
        "worth=3",
    )
    check_out(
        cli,
        "1:1 Ana",
        "2026-11-17T11:00",
        "goals=yes",
        "mood=2",
        f"improve={ONE_ON_ONE_TEXTS[0]}",
        f"next={ONE_ON_ONE_TEXTS[1]} @me",
        "worth=5",
        set_name="one-on-one",
    )
    check_out(
        cli,
        "1:1 Raj",
        "2026-11-18T11:00",
        "goals=partly",
        "mood=4",
        f"improve={ONE_ON_ONE_TEXTS[2]}",
        f"next={ONE_ON_ONE_TEXTS[3]} @Raj",
        set_name="one-on-one",
    )
    check_out(
        cli,
        "Acme call",
        "2026-11-17T15:00",
        "goals=no",
        f"customer={CUSTOMER_TEXTS[0]}",
        "next=Send the pricing sheet @Jordan due:2026-11-18",
        "worth=2",
        set_name="customer-call",
    )
    check_out(
        cli,
        "Globex call",
        "2026-11-19T09:00",
        "goals=yes",
        f"customer={CUSTOMER_TEXTS[1]}",
        "improve=",
        "next=Schedule onboarding",
        "worth=4",
        set_name="customer-call",
    )


def by_key(found: dict[str, Any]) -> dict[str, Any]:
    return {q["key"]: q for q in found["questions"]}


def squash(text: str) -> str:
    return re.sub(r" +", " ", text)


# --- statistics per set -------------------------------------------------------------------


def test_report_json_gives_every_figure_within_its_set(cli: Cli, week: None) -> None:
    result = cli("report", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "questions" not in data  # no figure mixes the sets any more
    assert list(data["sets"]) == ["meeting", "one-on-one", "customer-call"]
    meeting, private, customer = (data["sets"][n] for n in data["sets"])
    assert (meeting["check_outs"], private["check_outs"], customer["check_outs"]) == (1, 2, 2)
    assert meeting["title"] == "Meeting check-out" and not meeting["private"]
    assert private["private"] is True
    # each set's goals question counts its own answers, under its own label
    assert by_key(meeting)["goals"]["label"] == "Goals met"
    assert by_key(meeting)["goals"]["counts"] == {"yes": 0, "partly": 1, "no": 0}
    assert by_key(private)["goals"]["label"] == "What mattered"
    assert by_key(private)["goals"]["counts"] == {"yes": 1, "partly": 1, "no": 0}
    assert by_key(customer)["goals"]["label"] == "Outcome reached"
    assert by_key(customer)["goals"]["counts"] == {"yes": 1, "partly": 0, "no": 1}
    assert by_key(customer)["goals"]["text"] == (
        "Did the call reach the outcome you were hoping for?"
    )
    assert by_key(private)["mood"]["mean"] == 3.0
    assert "mood" not in by_key(meeting)
    assert [k for k in by_key(customer)] == ["goals", "customer", "improve", "next", "worth"]
    assert by_key(customer)["improve"]["skipped"] == 2  # left empty: nothing to improve
    assert [a["text"] for a in by_key(customer)["customer"]["answers"]] == list(CUSTOMER_TEXTS)
    # what means the same in every set is also given across them
    assert data["count"] == 5
    assert data["goals"] == {"n": 5, "achieved": 2, "partly": 2, "missed": 1, "rate": 0.6}
    assert data["worth"]["n"] == 4 and data["worth"]["mean"] == 3.5
    assert (meeting["goal_rate"], private["goal_rate"], customer["goal_rate"]) == (0.5, 0.75, 0.5)


def test_terminal_report_labels_every_number_by_its_set(cli: Cli, week: None) -> None:
    result = cli("report")
    assert result.exit_code == 0, result.output
    output = squash(result.stdout)
    assert "5 check-outs in 2026-W47: Meeting check-out 1 · One-on-one check-out 2" in output
    assert "All sets Goals met 60% (achieved 2 · partly 2 · missed 1)" in output
    assert "Meeting check-out · 1 check-out" in output
    assert "Goals met 1 yes 0 (0%) · partly 1 (100%) · no 0 (0%)" in output
    assert "One-on-one check-out · 2 check-outs · private" in output
    assert "What mattered 2 yes 1 (50%) · partly 1 (50%) · no 0 (0%)" in output
    assert "Customer call check-out · 2 check-outs" in output
    assert "Outcome reached 2 yes 1 (50%) · partly 0 (0%) · no 1 (50%)" in output
    assert "Onboarding speed" in output  # the customer answers are in it


def test_markdown_labels_every_number_by_its_set(cli: Cli, week: None) -> None:
    text = cli("export", "--include-private").stdout
    sections = {
        part.split("\n", 1)[0]: part for part in text.split("\n## ") if not part.startswith("#")
    }
    meeting = sections["Meeting check-out: 1 check-out"]
    assert "- **Goals met:** yes 0 (0%) · partly 1 (100%) · no 0 (0%)" in meeting
    private = sections["One-on-one check-out (private): 2 check-outs"]
    assert "- **What mattered:** yes 1 (50%) · partly 1 (50%) · no 0 (0%)" in private
    assert "- **How they are:** 3.0, 2 answers" in private
    customer = sections["Customer call check-out: 2 check-outs"]
    assert "- **Outcome reached:** yes 1 (50%) · partly 0 (0%) · no 1 (50%)" in customer
    assert "- **Could be better:** 0 answers · 2 nothing to improve" in customer
    assert "- **Goals met (all sets):** 60% — achieved 2 (40%)" in text


# --- safe to share --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "text", "json", "html", "csv"])
def test_a_shared_summary_holds_nothing_of_a_one_on_one(cli: Cli, week: None, fmt: str) -> None:
    result = cli("export", "--format", fmt)
    assert result.exit_code == 0, result.output
    for private in (*ONE_ON_ONE_TEXTS, "1:1 Ana", "1:1 Raj", "What mattered", "How they are"):
        assert private not in result.stdout, private
    assert result.stderr.strip() == (
        "Left out 2 check-outs of a private set (one-on-one); --include-private keeps them."
    )


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_a_shared_summary_holds_the_customer_answers(cli: Cli, week: None, fmt: str) -> None:
    text = cli("export", "--format", fmt).stdout
    assert "Customer cared about" in text
    assert "Onboarding speed" in text
    assert "Acme call" in text and "Globex call" in text


def test_include_private_brings_the_one_on_ones_back(cli: Cli, week: None) -> None:
    result = cli("export", "--include-private")
    assert result.exit_code == 0, result.output
    for private in ONE_ON_ONE_TEXTS:
        assert private in result.stdout
    assert result.stderr == ""
    data = json.loads(cli("export", "--format", "json", "--include-private").stdout)
    assert data["summary"]["count"] == 5 and len(data["entries"]) == 5


def test_filters_keep_working_with_private_sets_left_out(cli: Cli, week: None) -> None:
    only = cli("export", "--format", "json", "--set", "customer-call")
    assert json.loads(only.stdout)["summary"]["count"] == 2
    assert only.stderr == ""  # the filter left the one-on-ones out already
    titled = cli("export", "--format", "json", "--title", "1:1")
    assert json.loads(titled.stdout)["summary"]["count"] == 0
    assert "Left out 2 check-outs" in titled.stderr
    asked = cli("export", "--format", "json", "--set", "one-on-one", "--include-private")
    assert json.loads(asked.stdout)["summary"]["count"] == 2


def test_calendar_export_leaves_out_private_steps(cli: Cli, week: None) -> None:
    check_out(
        cli,
        "1:1 Mei",
        "2026-11-18T14:00",
        "goals=yes",
        "next=Secret raise talk @me due:2026-11-30",
        set_name="one-on-one",
    )
    everyone = ("--format", "ics", "--owner", "all")  # the steps are not all the user's
    shared = cli("export", *everyone).stdout
    assert "Secret raise talk" not in shared
    assert "Send the agenda" in shared
    assert "Secret raise talk" in cli("export", *everyone, "--include-private").stdout


def test_text_export_is_plain(cli: Cli, week: None, tmp_path: Path) -> None:
    text = cli("export", "--format", "text").stdout
    assert "Pricing for =SUM(A1) and the a_b plan" in text  # as typed: no Markdown escapes
    assert "\\" not in text and "**" not in text and "##" not in text
    assert text.startswith("Check-outs: 2026-W47\n====================\n")
    assert "Customer call check-out: 2 check-outs\n-------------------------------------" in text
    target = tmp_path / "week.txt"
    assert cli("export", "-o", str(target)).exit_code == 0  # the format from the extension
    assert target.read_text(encoding="utf-8") == text


def test_next_steps_grouped_by_owner_with_overdue_flagged(cli: Cli, week: None) -> None:
    data = json.loads(cli("report", "--json").stdout)
    owners = [(group["owner"], group["open"], group["overdue"]) for group in data["owners"]]
    assert owners == [("Ana", 1, 1), ("Jordan", 1, 1), ("me", 1, 0), ("Raj", 1, 0), (None, 1, 0)]
    markdown = cli("export").stdout
    assert "### @Ana (1 open, 1 overdue)" in markdown
    assert "- [ ] Send the agenda — due Tue 17 Nov, **overdue** · Weekly sync" in markdown
    assert "### No owner (1 open)" in markdown
    text = cli("export", "--format", "text").stdout
    assert "@Jordan (1 open, 1 overdue):" in text
    assert "[ ] Send the pricing sheet (due Wed 18 Nov, OVERDUE) - Acme call" in text
    terminal = squash(cli("report").stdout)
    assert "Next steps by owner" in terminal
    assert "Ana Send the agenda 2026-11-17 overdue Weekly sync" in terminal


def test_a_private_set_needs_a_readable_questions_file_to_share(cli: Cli, week: None) -> None:
    broken = cli("export", "--questions", "missing.toml")
    assert broken.exit_code != 0
    assert "missing.toml" in broken.stderr and "Traceback" not in broken.output
    assert cli("export", "--questions", "missing.toml", "--include-private").exit_code == 0
    report = cli("report", "--questions", "missing.toml", "--json")
    assert report.exit_code == 0
    assert "labels come from the journal" in report.stderr


# --- a set in another language --------------------------------------------------------

SPANISH = """
[reunion]
title = "Cierre de reunión"
language = "es"

[[reunion.questions]]
key = "metas"
label = "Objetivos"
text = "¿Conseguiste lo que esperabas?"
kind = "choice"
choices = ["sí", "en parte", "no"]
meanings = { "sí" = "achieved", "en parte" = "partly", "no" = "missed" }

[[reunion.questions]]
key = "improve"
label = "Mejorable"
text = "¿Cómo podría haber sido mejor?"
kind = "text"
optional = true

[[reunion.questions]]
key = "worth"
label = "Valió la pena"
text = "¿Cuánto valió la pena?"
kind = "scale"
min = 1
max = 5
"""


def test_a_spanish_set_counts_in_the_goal_rate(cli: Cli, tmp_path: Path) -> None:
    questions = tmp_path / "preguntas.toml"
    questions.write_text(SPANISH, encoding="utf-8")
    for at, goal, improve in [
        ("2026-11-16T10:00", "sí", "Empezamos tarde, diez minutos"),
        ("2026-11-17T10:00", "en parte", "Empezamos tarde otra vez, minutos perdidos"),
        ("2026-11-18T10:00", "sí", ""),
    ]:
        result = cli(
            "meeting", "Planificación", "--no-input", "--questions", str(questions),
            "--set", "reunion", "--at", at, "-A", f"metas={goal}", "-A", f"improve={improve}",
            "-A", "worth=4",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    data = json.loads(cli("report", "--questions", str(questions), "--json").stdout)
    assert data["goals"] == {"n": 3, "achieved": 2, "partly": 1, "missed": 0, "rate": 0.83}
    found = data["sets"]["reunion"]
    assert found["title"] == "Cierre de reunión" and found["language"] == "es"
    metas = by_key(found)["metas"]
    assert metas["label"] == "Objetivos"
    assert metas["counts"] == {"sí": 2, "en parte": 1, "no": 0}
    assert "yes" not in metas["counts"]  # no phantom English rows
    assert data["meetings"][0]["goal_rate"] == 0.83
    assert data["weeks"][-1]["goal_rate"] == 0.83
    # Spanish stop-words and fillers: "empezamos tarde", never "minutos" alone
    phrases = [theme["phrase"] for theme in data["themes"]]
    assert "empezamos tarde" in phrases
    assert "minutos" not in phrases and "otra" not in phrases
    # without the questions file the stored meanings still count, labels from the journal
    plain = json.loads(cli("report", "--json").stdout)
    assert plain["goals"]["rate"] == 0.83
    assert by_key(plain["sets"]["reunion"])["metas"]["label"] == "¿Conseguiste lo que esperabas?"


# --- themes ---------------------------------------------------------------------------


def test_themes_are_never_a_lone_filler_word(cli: Cli) -> None:
    for at, improve in [
        ("2026-11-16T10:00", "We lost ten minutes on setup"),
        ("2026-11-17T10:00", "Twenty minutes of slides, a bit long"),
        ("2026-11-18T10:00", "Took minutes before the agenda, long slides"),
    ]:
        check_out(cli, "Review", at, "goals=yes", f"improve={improve}", "next=Nothing new")
    data = json.loads(cli("report", "--json").stdout)
    phrases = {theme["phrase"] for theme in data["themes"]}
    assert "minutes" not in phrases and "bit" not in phrases
    assert "slides" in phrases
    assert "minutes (" not in cli("export").stdout


def test_a_trend_never_compares_a_worth_of_nothing(cli: Cli) -> None:
    check_out(cli, "Retro", "2026-11-10T10:00", "goals=yes", "next=x", "worth=3")
    check_out(cli, "Retro", "2026-11-17T10:00", "goals=yes", "next=x")
    text = cli("export").stdout
    assert "| Retro | 1 | 100% | – | → flat |" in text
    assert "(was 3.0)" not in text


# --- did the fix work? ----------------------------------------------------------------


def fixes(cli: Cli) -> dict[str, Any]:
    data = json.loads(cli("report", "--month", "2026-11", "--json").stdout)
    return {fix["theme"]: fix for fix in data["fixes"] if fix["title"] == "Weekly sync"}


def test_a_fix_agreed_and_done_after_which_the_theme_stayed_away(cli: Cli) -> None:
    first = check_out(
        cli, "Weekly sync", "2026-11-02T10:00", "goals=partly", "improve=We started late",
        "next=Stop starting late: lock the door at ten @Ana",
    )  # fmt: skip
    check_out(cli, "Standup", "2026-11-03T10:00", "goals=yes", "improve=Started late", "next=x")
    check_out(cli, "Weekly sync", "2026-11-09T10:00", "goals=yes", "next=Nothing more")
    check_out(cli, "Weekly sync", "2026-11-16T10:00", "goals=yes", "improve=", "next=None")
    assert cli("done", f"{first}-1").exit_code == 0
    fix = fixes(cli)["started late"]
    assert fix["raised"] == 1
    assert fix["step"]["text"] == "Stop starting late: lock the door at ten"
    assert fix["done"] is True and fix["came_back"] is False
    markdown = cli("export", "--month", "2026-11").stdout
    assert "## Did the fix work?" in markdown
    assert (
        "- **started late** · Weekly sync (raised 1×): step agreed: Stop starting late: lock the"
        " door at ten — done; has not come back ✓"
    ) in markdown
    terminal = squash(cli("report", "--month", "2026-11").stdout)
    assert "started late Weekly sync 1× Stop starting late: lock the door at ten ✓ done no" in (
        terminal
    )


def test_a_fix_agreed_but_not_done_and_the_theme_came_back(cli: Cli) -> None:
    check_out(
        cli, "Weekly sync", "2026-11-02T10:00", "goals=partly", "improve=No clear agenda",
        "next=Write the agenda the day before @Raj",
    )  # fmt: skip
    check_out(
        cli, "Weekly sync", "2026-11-09T10:00", "goals=no", "improve=Again no agenda", "next=x"
    )
    fix = fixes(cli)["agenda"]
    assert fix["raised"] == 2
    assert fix["step"]["owner"] == "Raj" and fix["done"] is False
    assert fix["came_back"] is True and fix["came_back_at"].startswith("2026-11-09T10:00")
    assert "came back Mon 9 Nov ✗" in cli("export", "--month", "2026-11").stdout


def test_a_recurring_theme_without_a_step(cli: Cli) -> None:
    check_out(cli, "Weekly sync", "2026-11-02T10:00", "improve=Too many slides", "goals=yes",
              "next=Book the room")  # fmt: skip
    check_out(cli, "Weekly sync", "2026-11-09T10:00", "improve=Slides again", "goals=yes",
              "next=Send the notes")  # fmt: skip
    check_out(cli, "Design review", "2026-11-10T10:00", "improve=Slides", "goals=yes",
              "next=Fewer slides next time")  # fmt: skip
    found = fixes(cli)["slides"]
    assert found["raised"] == 2 and found["step"] is None
    assert found["done"] is None and found["came_back"] is None
    # the step of another meeting does not count, and a one-off meeting has no series
    data = json.loads(cli("report", "--month", "2026-11", "--json").stdout)
    assert [fix["title"] for fix in data["fixes"]] == ["Weekly sync"]
    assert "no next step agreed about it" in cli("export", "--month", "2026-11").stdout


def test_a_step_agreed_before_the_theme_was_raised_does_not_count(cli: Cli) -> None:
    check_out(cli, "Weekly sync", "2026-11-02T10:00", "goals=yes", "next=Trim the slides")
    check_out(cli, "Weekly sync", "2026-11-09T10:00", "goals=yes", "improve=Slides",
              "next=x")  # fmt: skip
    check_out(cli, "Weekly sync", "2026-11-16T10:00", "goals=yes", "improve=Slides!",
              "next=y")  # fmt: skip
    assert fixes(cli)["slides"]["step"] is None
