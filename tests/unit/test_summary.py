"""The summary: numbers on small hand-built journals, previous period, trend, themes."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from checkout_cli.model.periods import Period, resolve_period
from checkout_cli.report import summary as summary_module
from checkout_cli.report.summary import (
    Summarizer,
    needed_since,
    select_themes,
    summarize,
    theme_terms,
)

NOW = datetime.fromisoformat("2026-11-20T18:00:00+01:00")


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def entry(
    at: str,
    title: str = "Weekly sync",
    *,
    goals: str | None = "yes",
    worth: int | None = 4,
    improve: str | None = None,
    actions: list[dict[str, Any]] | None = None,
    id: str | None = None,
) -> dict[str, Any]:
    answers: list[dict[str, Any]] = [
        {"key": "goals", "question": "Did you achieve it?", "kind": "choice", "value": goals},
        {"key": "improve", "question": "Any way to improve?", "kind": "text", "value": improve},
        {"key": "next", "question": "What now?", "kind": "actions", "value": actions or []},
        {"key": "worth", "question": "How worthwhile?", "kind": "scale", "value": worth},
    ]
    return {
        "v": 1,
        "id": id or f"id-{at}",
        "at": at,
        "recorded_at": at,
        "title": title,
        "answers": answers,
    }


def action(text: str, owner: str | None = None, due: str | None = None) -> dict[str, Any]:
    return {"id": f"a-{text}", "text": text, "owner": owner, "due": due, "done_at": None}


def questions(report: Any, name: str = "meeting") -> dict[str, Any]:
    """A set's question summaries by key (none for a set without check-outs)."""
    found = report["sets"].get(name)
    return {} if found is None else {q["key"]: q for q in found["questions"]}


def week47() -> Period:
    return resolve_period(week="2026-W47", now=NOW)


JOURNAL = [
    entry("2026-11-03T10:00:00+01:00", "Design review", goals="partly", worth=3),  # W45
    entry("2026-11-10T10:00:00+01:00", goals="yes", worth=5),  # W46: the previous week
    entry(
        "2026-11-16T09:00:00+01:00",
        goals="yes",
        worth=4,
        improve="Start on time.",
        actions=[action("Send the notes", "Ana", "2026-11-25")],
        id="e1",
    ),
    entry(
        "2026-11-18T15:00:00+01:00",
        "weekly  SYNC",
        goals="partly",
        worth=3,
        improve="  We should start on time and share the agenda ",
        id="e2",
    ),
    entry(
        "2026-11-22T23:59:59+01:00",
        "Design review",
        goals="no",
        worth=2,
        improve="Share the agenda earlier; start on time!",
        actions=[action("Book a room"), action("Draft the budget", "Raj")],
        id="e3",
    ),
    entry("2026-11-23T00:00:00+01:00", goals="no", worth=1),  # W48: after the period
    {"id": "broken", "at": "sometime last week", "title": "Weekly sync"},
]


@pytest.fixture
def report() -> dict[str, Any]:
    return summarize(JOURNAL, week47(), now=NOW)


def test_period_and_count(report: dict[str, Any]) -> None:
    assert report["period"] == {
        "start": "2026-11-16T00:00:00+01:00",
        "end": "2026-11-23T00:00:00+01:00",
        "label": "2026-W47",
    }
    assert report["count"] == 3


def test_choice_counts_and_shares(report: dict[str, Any]) -> None:
    goals = questions(report)["goals"]
    assert goals["kind"] == "choice"
    assert goals["text"] == "Did you achieve it?"
    assert goals["n"] == 3
    assert goals["counts"] == {"yes": 1, "partly": 1, "no": 1}
    assert goals["shares"] == {"yes": 0.3333, "partly": 0.3333, "no": 0.3333}
    assert list(questions(report)) == ["goals", "improve", "next", "worth"]


def test_a_known_set_lists_its_own_choices_and_an_unknown_one_only_those_answered() -> None:
    """No phantom `yes 0 · partly 0 · no 0`: zeros only for choices the set really has."""
    from checkout_cli.model.questions import parse_sets

    journal = [entry("2026-11-17T10:00:00+01:00", goals="no")]
    unknown = summarize(journal, week47(), now=NOW)
    assert questions(unknown)["goals"]["counts"] == {"no": 1}
    assert questions(unknown)["goals"]["label"] == "Did you achieve it?"  # the stored text
    goals = {"key": "goals", "label": "Goals met", "text": "Goals?", "kind": "choice"}
    sets = parse_sets(
        {"meeting": {"questions": [{**goals, "choices": ["yes", "partly", "no"]}]}}, "x"
    )
    known = questions(summarize(journal, week47(), now=NOW, sets=sets))["goals"]
    assert known["counts"] == {"yes": 0, "partly": 0, "no": 1}
    assert list(known["counts"]) == ["yes", "partly", "no"]
    assert known["label"] == "Goals met"
    assert known["meanings"] == {"yes": "achieved", "partly": "partly", "no": "missed"}


def test_scale_mean_and_change_against_the_previous_week(report: dict[str, Any]) -> None:
    worth = questions(report)["worth"]
    assert worth == {
        "key": "worth",
        "label": "How worthwhile?",
        "kind": "scale",
        "text": "How worthwhile?",
        "n": 3,
        "mean": 3.0,
        "previous_mean": 5.0,
        "change": -2.0,
    }


def test_text_and_actions_questions(report: dict[str, Any]) -> None:
    improve = questions(report)["improve"]
    assert improve["kind"] == "text" and improve["text"] == "Any way to improve?"
    assert improve["n"] == 3 and improve["skipped"] == 0
    assert [answer["id"] for answer in improve["answers"]] == ["e1", "e2", "e3"]
    assert questions(report)["next"] == {
        "key": "next",
        "label": "What now?",
        "kind": "actions",
        "text": "What now?",
        "n": 2,
        "items": 3,
    }


def test_meetings_fold_titles_and_show_trends(report: dict[str, Any]) -> None:
    assert report["meetings"] == [
        {
            "title": "weekly  SYNC",
            "count": 2,
            "goal_rate": 0.75,
            "mean_worth": 3.5,
            "previous_mean_worth": 5.0,
            "trend": "down",
        },
        {
            "title": "Design review",
            "count": 1,
            "goal_rate": 0.0,
            "mean_worth": 2.0,
            "previous_mean_worth": None,
            "trend": "new",
        },
    ]


def test_trend_up_and_flat() -> None:
    journal = [
        entry("2026-11-10T10:00:00+01:00", "Up", worth=2),
        entry("2026-11-17T10:00:00+01:00", "Up", worth=4),
        entry("2026-11-10T10:00:00+01:00", "Flat", worth=3),
        entry("2026-11-17T10:00:00+01:00", "Flat", worth=3),
        entry("2026-11-10T10:00:00+01:00", "Goals only", goals="no", worth=None),
        entry("2026-11-17T10:00:00+01:00", "Goals only", goals="yes", worth=None),
    ]
    trends = {
        row["title"]: row["trend"] for row in summarize(journal, week47(), now=NOW)["meetings"]
    }
    assert trends == {"Up": "up", "Flat": "flat", "Goals only": "up"}


def test_themes_prefer_phrases_and_leave_out_stop_words(report: dict[str, Any]) -> None:
    assert report["themes"] == [
        {"phrase": "start on time", "count": 3},
        {"phrase": "share the agenda", "count": 2},
    ]


def test_improvements_and_actions_oldest_first(report: dict[str, Any]) -> None:
    assert report["improvements"] == [
        {
            "id": "e1",
            "at": "2026-11-16T09:00:00+01:00",
            "title": "Weekly sync",
            "text": "Start on time.",
            "set": "meeting",
        },
        {
            "id": "e2",
            "at": "2026-11-18T15:00:00+01:00",
            "title": "weekly  SYNC",
            "text": "We should start on time and share the agenda",
            "set": "meeting",
        },
        {
            "id": "e3",
            "at": "2026-11-22T23:59:59+01:00",
            "title": "Design review",
            "text": "Share the agenda earlier; start on time!",
            "set": "meeting",
        },
    ]
    assert report["improvements_total"] == 3
    assert report["actions"][0] == {
        "id": "a-Send the notes",
        "text": "Send the notes",
        "owner": "Ana",
        "due": "2026-11-25",
        "done_at": None,
        "entry_id": "e1",
        "title": "Weekly sync",
        "at": "2026-11-16T09:00:00+01:00",
        "set": "meeting",
        "overdue": False,  # due 2026-11-25, and the report is of 2026-11-20
    }
    assert [a["text"] for a in report["actions"]] == [
        "Send the notes",
        "Book a room",
        "Draft the budget",
    ]
    assert report["actions_total"] == 3


def test_eight_weeks_up_to_the_period(report: dict[str, Any]) -> None:
    weeks = report["weeks"]
    assert [w["start"] for w in weeks] == [
        "2026-09-28",
        "2026-10-05",
        "2026-10-12",
        "2026-10-19",
        "2026-10-26",
        "2026-11-02",
        "2026-11-09",
        "2026-11-16",
    ]
    assert weeks[-1] == {"start": "2026-11-16", "count": 3, "goal_rate": 0.5, "mean_worth": 3.0}
    assert weeks[-2] == {"start": "2026-11-09", "count": 1, "goal_rate": 1.0, "mean_worth": 5.0}
    assert weeks[-3] == {"start": "2026-11-02", "count": 1, "goal_rate": 0.5, "mean_worth": 3.0}
    assert weeks[0] == {"start": "2026-09-28", "count": 0, "goal_rate": None, "mean_worth": None}


def test_weeks_follow_week_start() -> None:
    sunday_week = resolve_period(week="2026-W47", now=NOW, week_start=6)
    found = summarize(JOURNAL, sunday_week, week_start=6, now=NOW)
    assert found["weeks"][-1]["start"] == "2026-11-15"
    # Sunday 22 November belongs to the next Sunday-start week.
    assert found["count"] == 2
    assert found["weeks"][-1]["count"] == 2


def test_open_ended_period_trend_runs_up_to_now() -> None:
    found = summarize(JOURNAL, resolve_period(all_=True, now=NOW), now=NOW)
    assert found["count"] == 6
    assert found["weeks"][-1]["start"] == "2026-11-16"
    assert questions(found)["worth"]["previous_mean"] is None
    assert questions(found)["worth"]["change"] is None
    assert {row["trend"] for row in found["meetings"]} == {"flat"}


def test_empty_period() -> None:
    found = summarize(JOURNAL, resolve_period(week="2026-W40", now=NOW), now=NOW)
    assert found["count"] == 0
    assert questions(found) == {}
    assert found["meetings"] == []
    assert found["themes"] == []
    assert found["improvements"] == []
    assert found["actions"] == []
    assert found["actions_total"] == 0
    assert len(found["weeks"]) == 8
    assert found["period"]["label"] == "2026-W40"


def test_result_is_plain_json(report: dict[str, Any]) -> None:
    assert json.loads(json.dumps(report)) == report


def test_order_of_entries_does_not_matter() -> None:
    journal = [
        entry(
            f"2026-11-{day:02d}T{hour:02d}:00:00+01:00",
            improve=f"Improve point {day % 3}",
            actions=[action(f"step {day} {hour}")],
            goals=("yes", "partly", "no")[hour % 3],
            worth=hour % 5 + 1,
        )
        for day in range(1, 23)
        for hour in (9, 14)
    ]
    period = resolve_period(month="2026-11", now=NOW)
    expected = summarize(journal, period, now=NOW)
    shuffled = journal[:]
    random.Random(7).shuffle(shuffled)
    assert summarize(shuffled, period, now=NOW) == expected


def test_lists_keep_the_most_recent_and_count_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_module, "LIST_LIMIT", 3)
    monkeypatch.setattr(summary_module, "THEME_WINDOW", 4)
    journal = [
        entry(
            f"2026-11-{day:02d}T10:00:00+01:00",
            improve=f"idea {day}",
            actions=[action(f"step {day}")],
            id=f"d{day}",
        )
        for day in range(1, 21)
    ]
    random.Random(3).shuffle(journal)
    found = summarize(journal, resolve_period(month="2026-11", now=NOW), now=NOW)
    assert [a["text"] for a in found["actions"]] == ["step 18", "step 19", "step 20"]
    assert found["actions_total"] == 20
    assert [i["id"] for i in found["improvements"]] == ["d18", "d19", "d20"]
    assert found["improvements_total"] == 20
    assert questions(found)["next"]["items"] == 20
    assert found["themes"] == [{"phrase": "idea", "count": 4}]


def test_odd_entries_are_counted_defensively() -> None:
    odd: list[Any] = [
        {"at": "2026-11-17T10:00:00+01:00"},
        {"at": "2026-11-17T11:00:00+01:00", "title": None, "answers": "nope"},
        {
            "at": "2026-11-17T12:00:00+01:00",
            "title": "Odd",
            "answers": [
                "not a dict",
                {"key": ["x"], "kind": "choice", "value": "yes"},
                {"key": "goals", "kind": "mystery", "value": "yes"},
                {"key": "goals", "kind": "choice", "value": 3},
                {"key": "worth", "kind": "scale", "value": "4"},
                {"key": "worth", "kind": "scale", "value": True},
                {"key": "worth", "kind": "scale", "value": float("nan")},
                {"key": "improve", "kind": "text", "value": "   "},
                {"key": "next", "kind": "actions", "value": [None, {"text": ""}, {"no": 1}]},
            ],
        },
        {"at": 20261117},
        {"at": None},
        {"title": "no time"},
        {"at": "2026-11-17"},  # a bare date: local midnight
        {"at": "2026-11-17T10:00:00"},  # naive: local time
        {"at": "2026-11-17T09:00:00Z"},
        {"at": "2026-11-17T09:00:00.123456+00:00"},
    ]
    summarizer = Summarizer(week47(), now=NOW)
    for item in odd:
        summarizer.add(item)
    found = summarizer.result()
    assert summarizer.skipped == 3
    assert found["count"] == 7
    assert questions(found)["goals"]["n"] == 0
    assert questions(found)["worth"] == {
        "key": "worth",
        "label": "worth",
        "kind": "scale",
        "text": "",
        "n": 0,
        "mean": None,
        "previous_mean": None,
        "change": None,
    }
    assert questions(found)["next"]["items"] == 0
    assert found["actions"] == []
    assert {row["title"] for row in found["meetings"]} == {"", "Odd"}
    json.dumps(found)


def test_times_in_other_offsets_land_in_the_right_week() -> None:
    journal = [
        {"at": "2026-11-22T23:30:00+00:00", "title": "late"},  # Monday 00:30 in Berlin
        {"at": "2026-11-15T23:30:00+00:00", "title": "early"},  # Monday 00:30 in Berlin
        {"at": "2026-11-16T05:59:59-06:00", "title": "chicago"},  # Monday 12:59 in Berlin
    ]
    found = summarize(journal, week47(), now=NOW)
    assert sorted(row["title"] for row in found["meetings"]) == ["chicago", "early"]


def test_source_labels_do_not_change_numbers(report: dict[str, Any]) -> None:
    labelled = [dict(item, source="team.jsonl") for item in JOURNAL]
    assert summarize(labelled, week47(), now=NOW) == report


def test_a_key_answered_with_two_kinds_reports_the_commoner_one() -> None:
    journal = [
        entry("2026-11-16T10:00:00+01:00"),
        entry("2026-11-17T10:00:00+01:00"),
        {
            "at": "2026-11-18T10:00:00+01:00",
            "answers": [{"key": "worth", "kind": "choice", "question": "Worth?", "value": "high"}],
        },
    ]
    found = summarize(journal, week47(), now=NOW)
    assert questions(found)["worth"]["kind"] == "scale"
    assert questions(found)["worth"]["mean"] == 4.0


def test_needed_since_covers_previous_period_and_trend() -> None:
    assert needed_since(week47(), now=NOW) == datetime.fromisoformat("2026-09-28T00:00:00+02:00")
    assert needed_since(week47(), now=NOW, trend_weeks=1) == datetime.fromisoformat(
        "2026-11-09T00:00:00+01:00"
    )
    assert needed_since(resolve_period(all_=True, now=NOW), now=NOW) is None
    january = resolve_period(month="2026-01", now=NOW)
    assert needed_since(january, now=NOW) == datetime.fromisoformat("2025-12-01T00:00:00+01:00")
    since = resolve_period(since="2026-11-18", now=NOW)
    assert needed_since(since, now=NOW) == datetime.fromisoformat("2026-09-28T00:00:00+02:00")


def test_summarizer_ignores_what_lies_outside_its_window() -> None:
    window_start = needed_since(week47(), now=NOW)
    assert window_start is not None
    before = entry("2026-09-27T23:59:59+02:00", goals="no", worth=1)
    with_old = summarize([*JOURNAL, before], week47(), now=NOW)
    assert with_old == summarize(JOURNAL, week47(), now=NOW)


# --- themes ------------------------------------------------------------------------


def test_theme_terms_words_and_phrases() -> None:
    assert theme_terms("Start on time, please!") == {"start", "start on time"}
    assert theme_terms("The team's goals") == {"team", "goals", "team goals"}
    assert theme_terms("Don't ramble; agenda first") == {"ramble", "agenda", "agenda first"}
    # A filler word is never a theme of its own, only inside a phrase.
    assert theme_terms("2 slides, 10 minutes") == {"slides"}
    assert theme_terms("ten minutes late") == {"late", "minutes late"}
    assert theme_terms("") == frozenset()
    assert theme_terms("Fewer people and clearer decisions") == {
        "fewer",
        "fewer people",
        "clearer",
        "decisions",
        "clearer decisions",
    }


def test_a_word_repeated_in_one_answer_counts_once() -> None:
    report = summarize(
        [entry("2026-11-17T10:00:00+01:00", improve="agenda agenda AGENDA")], week47(), now=NOW
    )
    assert report["themes"] == []


def test_select_themes_ties_limits_and_ordering() -> None:
    counts = {"start on time": 3, "start": 3, "time": 4, "agenda": 2, "notes": 1}
    counts.update({f"word{i:02d}": 2 for i in range(20)})
    themes = select_themes(counts)
    assert themes[0] == {"phrase": "time", "count": 4}
    assert themes[1] == {"phrase": "start on time", "count": 3}
    assert {"phrase": "start", "count": 3} not in themes
    assert len(themes) == 10
    assert all(theme["count"] >= 2 for theme in themes)
    assert themes[2] == {"phrase": "agenda", "count": 2}


def test_an_answer_whose_kind_is_not_text_is_left_out() -> None:
    """A hand-edited `kind` of another JSON type ([] here, unhashable) neither crashes
    the summary nor counts as a question."""
    odd = {
        "v": 1,
        "id": "odd00001",
        "at": "2026-11-18T10:00:00+01:00",
        "title": "Weekly sync",
        "answers": [{"key": "goals", "question": "", "kind": []}, {"key": "x", "kind": {}}],
    }
    result = summarize([odd], week47(), now=NOW)
    assert result["count"] == 1 and questions(result) == {}


# --- hostile values ----------------------------------------------------------------


HUGE = 10**400  # parses from JSON, but no float holds it


@pytest.mark.parametrize(
    "at",
    [
        "2026-11-17T10:00:00+01:00",  # the period
        "2026-11-10T10:00:00+01:00",  # the week before
        "2026-10-06T10:00:00+02:00",  # a trend week only
    ],
)
def test_numbers_no_float_holds_are_left_out(at: str) -> None:
    odd = entry(at, worth=HUGE)  # type: ignore[arg-type]
    odd["answers"].append({"key": "mood", "kind": "scale", "value": -HUGE})
    odd["answers"].append({"key": "energy", "kind": "scale", "value": 1e308})
    odd["answers"].append({"key": "energy", "kind": "scale", "value": 1e308})
    found = summarize([odd, entry(at, worth=3)], resolve_period(all_=True, now=NOW), now=NOW)
    assert questions(found)["worth"]["mean"] == 3.0
    assert questions(found)["worth"]["n"] == 1
    assert questions(found)["mood"]["n"] == 0
    assert questions(found)["energy"]["mean"] is None  # the sum overflows: no mean
    week = summarize([odd, entry(at, worth=3)], week47(), now=NOW)
    json.dumps(week, allow_nan=False)


@pytest.mark.parametrize(
    "at",
    [
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+05:00",
        "0001-01-01",
        "9999-12-31T23:59:59-05:00",
        "9999-12-31T23:59:59",
        "9999-12-31T23:59:59.999999-14:00",
        ["2026-11-17T10:00:00+01:00"],
        {"at": "2026-11-17T10:00:00+01:00"},
        float("nan"),
        HUGE,
        "",
    ],
)
def test_times_no_one_can_place_are_skipped(at: Any) -> None:
    summarizer = Summarizer(week47(), now=NOW)
    summarizer.add({"at": at, "title": "x"})
    assert summarizer.skipped == 1
    assert summarizer.result()["count"] == 0


def test_values_of_any_json_type_keep_the_report_typed() -> None:
    """Where the report promises text, a value of another JSON type arrives as text."""
    at = "2026-11-17T10:00:00+01:00"
    odd: dict[str, Any] = {
        "id": 7,
        "at": at,
        "title": ["not", "text"],
        "answers": [
            {"key": "goals", "kind": "choice", "value": ["yes"], "question": 5},
            {"key": "improve", "kind": "text", "value": "Start on time"},
            {
                "key": "next",
                "kind": "actions",
                "value": [
                    {"id": 3, "text": "Call", "owner": 12, "due": 20261125, "done_at": 0},
                    {"text": "Write", "owner": None, "due": None, "done_at": True},
                    {"text": ["no"]},
                    "no",
                ],
            },
            {"key": "worth", "kind": "scale", "value": float("nan")},
        ],
    }
    found = summarize([odd], week47(), now=NOW)
    assert found["improvements"] == [
        {"id": "7", "at": at, "title": "", "text": "Start on time", "set": "meeting"}
    ]
    assert [(a["id"], a["owner"], a["due"], a["done_at"]) for a in found["actions"]] == [
        ("3", "12", None, None),
        ("", None, None, "True"),
    ]
    assert {a["entry_id"] for a in found["actions"]} == {"7"}
    assert questions(found)["goals"]["text"] == ""
    assert questions(found)["goals"]["n"] == 0
    assert questions(found)["worth"]["n"] == 0
    json.dumps(found, allow_nan=False)


def test_theme_terms_in_spanish_and_french() -> None:
    assert theme_terms("Empezamos tarde otra vez, diez minutos", "es") == {
        "empezamos",
        "tarde",
        "empezamos tarde",
    }
    assert theme_terms("L'ordre du jour manquait", "fr") == {
        "ordre",
        "manquait",
        "ordre du jour",
        "jour manquait",
    }
    assert theme_terms("Trop de minutes perdues", "fr") == {
        "trop",
        "perdues",
        "trop de minutes",
        "minutes perdues",
    }


def test_goal_rate_counts_stored_meanings_in_every_part_of_the_report() -> None:
    """A set in another language counts through the meaning stored with its answers: in
    the period, the period before (the meetings' trend) and the weekly trend."""

    def spanish(at: str, value: str, meaning: str) -> dict[str, Any]:
        answer = {"key": "metas", "kind": "choice", "value": value, "meaning": meaning}
        return {"at": at, "title": "Planificación", "set": "reunion", "answers": [answer]}

    journal = [
        spanish("2026-11-10T10:00:00+01:00", "no", "missed"),
        spanish("2026-11-17T10:00:00+01:00", "sí", "achieved"),
        spanish("2026-11-18T10:00:00+01:00", "en parte", "partly"),
    ]
    found = summarize(journal, week47(), now=NOW)
    assert found["goals"] == {"n": 2, "achieved": 1, "partly": 1, "missed": 0, "rate": 0.75}
    assert found["sets"]["reunion"]["goal_rate"] == 0.75
    assert questions(found, "reunion")["metas"]["meanings"] == {
        "sí": "achieved",
        "en parte": "partly",
    }
    assert found["meetings"][0]["goal_rate"] == 0.75
    assert found["meetings"][0]["trend"] == "up"  # from 0% the week before
    assert [week["goal_rate"] for week in found["weeks"][-2:]] == [0.0, 0.75]


def test_scales_compare_with_the_same_set_in_the_period_before() -> None:
    def scored(at: str, name: str, worth: int) -> dict[str, Any]:
        answer = {"key": "worth", "kind": "scale", "value": worth}
        return {"at": at, "title": name, "set": name, "answers": [answer]}

    journal = [
        scored("2026-11-10T10:00:00+01:00", "a", 1),
        scored("2026-11-10T10:00:00+01:00", "b", 5),
        scored("2026-11-17T10:00:00+01:00", "a", 2),
        scored("2026-11-17T10:00:00+01:00", "b", 4),
    ]
    found = summarize(journal, week47(), now=NOW)
    assert questions(found, "a")["worth"]["change"] == 1.0
    assert questions(found, "b")["worth"]["change"] == -1.0
    assert found["worth"] == {"n": 2, "mean": 3.0, "previous_mean": 3.0, "change": 0.0}


def test_next_steps_by_owner_and_overdue() -> None:
    steps = [
        action("Late one", "raj", "2026-11-19"),
        action("Due later", "Ana", "2026-11-30"),
        action("Nobody's", None, "2026-01-01"),
        action("Again Raj", "Raj"),
    ]
    found = summarize([entry("2026-11-17T10:00:00+01:00", actions=steps)], week47(), now=NOW)
    texts = [a["text"] for a in found["actions"]]
    groups = [(g["owner"], [texts[i] for i in g["actions"]]) for g in found["owners"]]
    assert groups == [
        ("Ana", ["Due later"]),
        ("raj", ["Late one", "Again Raj"]),
        (None, ["Nobody's"]),
    ]
    assert [g["overdue"] for g in found["owners"]] == [0, 1, 1]  # the report is of 2026-11-20


def test_a_step_moved_into_a_later_check_out_is_listed_once_as_what_it_became() -> None:
    """The carry-over's `m` closes the old step as moved: the report listed it twice, the
    old one with a ✓ as if done. A step moved out of the period is still listed."""
    old = {**action("Draft the plan", "Ana", "2026-11-18"), "id": "aaa-1"}
    old.update(done_at="2026-11-19T10:00:00+01:00", moved_to="bbb-1")
    new = {**action("Draft the plan", "Ana", "2026-11-27"), "id": "bbb-1", "moved_from": "aaa-1"}
    gone = {**action("Book a room", None), "id": "aaa-2"}
    gone.update(done_at="2026-11-19T10:00:00+01:00", moved_to="zzz-1")  # into next week
    journal = [
        entry("2026-11-16T10:00:00+01:00", actions=[old, gone], id="aaa"),
        entry("2026-11-19T10:00:00+01:00", actions=[new], id="bbb"),
    ]
    found = summarize(journal, week47(), now=NOW)
    assert [(a["id"], a["done_at"]) for a in found["actions"]] == [
        ("aaa-2", "2026-11-19T10:00:00+01:00"),
        ("bbb-1", None),
    ]
    assert found["actions_total"] == 2
    assert [g["actions"] for g in found["owners"]] == [[1], [0]]
