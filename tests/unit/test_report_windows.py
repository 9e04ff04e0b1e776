"""A report read from a journal's window gives exactly what a plain pass over every entry gives.

`reporting.build` reads only the window a period needs; `summarize` over every parsed
entry is the reference.
The journals are random: lines as `checkout meeting` writes them, hand-written lines
in other JSON spellings, odd values, back-dated and slightly out-of-order entries,
lines cut short by a crash, several UTC offsets across a daylight-saving change.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkout_cli.flows import report as reporting
from checkout_cli.model.filters import Filters
from checkout_cli.model.periods import Period, resolve_period
from checkout_cli.model.settings import Settings
from checkout_cli.report import summary as summary_module
from checkout_cli.report.summary import summarize
from checkout_cli.store import codec, config, journal

NOW = datetime.fromisoformat("2026-11-20T18:00:00+01:00")
SETS = {
    "meeting": [("goals", "choice"), ("improve", "text"), ("next", "actions"), ("worth", "scale")],
    "one-on-one": [
        ("goals", "choice"),
        ("mood", "scale"),
        ("improve", "text"),
        ("next", "actions"),
        ("worth", "scale"),
    ],
}
TITLES = ["Weekly sync", "weekly  SYNC", "Design review", 'Say "hi"', "Café ☕", "Ops\\Dev"]
PEOPLE = ["Ana", "Raj", "Mei"]
TAGS = ["team", "customer", "goals"]
IDEAS = ["Start on time.", "Share the agenda earlier", "fewer slides, more time", "  "]


def odd_at(rng: random.Random, at: str) -> str:
    """The same moment (or an earlier one) spelt otherwise, or a time no reader takes."""
    moment = datetime.fromisoformat(at)
    utc = moment.astimezone(UTC)
    return rng.choice(
        [
            utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            utc.isoformat().replace("+00:00", "-00:00"),
            moment.astimezone(timezone(timedelta(hours=5, minutes=30))).isoformat(),
            moment.astimezone().replace(tzinfo=None).isoformat(),
            moment.date().isoformat(),
            moment.replace(microsecond=500_000).isoformat(),
            f"{moment:%Y-%m}-32T{moment:%H:%M:%S}+01:00",
            "2026-09-31T10:00:00+02:00",
            f"{moment:%Y-%m-%d}T24:00:00+01:00",
            "yesterday",
        ]
    )


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setenv("CHECKOUT_NOW", NOW.isoformat())
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- random journals -----------------------------------------------------------------


def answer_value(rng: random.Random, key: str, kind: str, entry_id: str) -> Any:
    if kind == "choice":
        return rng.choice(["yes", "partly", "no", "yes", "Partly ", "maybe", None, 3])
    if kind == "scale":
        return rng.choice([1, 2, 3, 4, 5, 5, None, 0, -2, 3.5, 10**18, True, "4"])
    if kind == "text":
        return rng.choice([*IDEAS, None, 'a "quoted" idea', "line\nbreak"])
    steps = []
    for n in range(rng.choice([0, 0, 1, 2, 3])):
        steps.append(
            {
                "id": f"{entry_id}-{n + 1}",
                "text": rng.choice(["Send the notes", "Book a room", " ", "Ask \\ Raj"]),
                "owner": rng.choice([None, *PEOPLE]),
                "due": rng.choice([None, "2026-12-01"]),
                "done_at": rng.choice([None, None, "2026-11-18T10:00:00+01:00"]),
            }
        )
    return steps


def tool_entry(rng: random.Random, number: int, at: datetime, recorded: datetime) -> dict[str, Any]:
    """An entry as `record.build_entry` makes it."""
    entry_id = f"e{number:07d}"
    name = rng.choice(list(SETS))
    answers = []
    for key, kind in SETS[name]:
        item: dict[str, Any] = {
            "key": key,
            "question": rng.choice([f"How about {key}?", f'Was "{key}" \\ ok?\u2028']),
            "kind": kind,
            "value": answer_value(rng, key, kind, entry_id),
        }
        if kind == "choice" and rng.random() < 0.2:
            item["note"] = "budget still open"
        answers.append(item)
    return {
        "v": 1,
        "id": entry_id,
        "at": at.isoformat(timespec="seconds"),
        "recorded_at": recorded.isoformat(timespec="seconds"),
        "title": rng.choice(TITLES),
        "with": rng.sample(PEOPLE, rng.randint(0, 2)),
        "tags": rng.sample(TAGS, rng.randint(0, 2)),
        "set": name,
        "answers": answers,
    }


def oddly(rng: random.Random, entry: dict[str, Any]) -> bytes:
    """The entry as something other than `checkout meeting` might have written it."""
    entry = json.loads(json.dumps(entry))
    choice = rng.randrange(12)
    if choice == 0:
        return json.dumps(entry, separators=(",", ":")).encode() + b"\n"
    if choice == 1:
        keys = list(entry)
        rng.shuffle(keys)
        return json.dumps({key: entry[key] for key in keys}).encode() + b"\n"
    if choice == 2:
        rng.shuffle(entry["answers"])
    elif choice == 3:
        for key in rng.sample(["with", "tags", "set", "recorded_at", "title", "v"], 2):
            entry.pop(key, None)
    elif choice == 4:
        entry["answers"] = [
            a for a in entry["answers"] if a["key"] != rng.choice(["goals", "worth"])
        ]
    elif choice == 5:
        second = dict(entry["answers"][0], value=rng.choice(["no", "yes", None]))
        entry["answers"].insert(len(entry["answers"]) - 1, second)  # before worth: it wins
    elif choice == 6:
        entry["answers"][0]["kind"] = "text"
    elif choice == 7:
        entry["at"] = odd_at(rng, entry["at"])
    elif choice == 8:
        entry["event"] = {"uid": "u1", "occurrence": entry["at"], "calendar": "work"}
    elif choice == 9:
        entry["title"] = "\udc00 lone"
    elif choice == 10:
        entry["answers"][-1]["value"] = rng.choice([2.5, None, 7])
    else:
        return (json.dumps(entry, ensure_ascii=True) + "  \r\n").encode()
    return json.dumps(entry).encode() + b"\n"


def random_journal(
    rng: random.Random,
    path: Path,
    *,
    lines: int = 700,
    days: int = 150,
    odd: float = 0.25,
    disorder: float = 0.05,
) -> None:
    """Lines in `recorded_at` order (give or take a few days), most as the tool writes them."""
    start = NOW - timedelta(days=days)
    step = timedelta(days=days) / lines
    out: list[bytes] = []
    for number in range(lines):
        recorded = start + step * number
        if rng.random() < disorder:
            recorded += timedelta(days=rng.uniform(-5, 5))  # out of order: merged from elsewhere
        back = rng.choice([0, 0, 0, rng.uniform(0, 2), rng.uniform(0, 20)])
        at = recorded - timedelta(days=back, minutes=rng.randint(0, 30))
        if rng.random() < 0.03:  # on a week's or a day's first moment
            at = at.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        zone = rng.choice(["local", "local", "local", "utc", "ny"])
        if zone == "utc":
            at = at.astimezone(datetime.fromisoformat("2026-01-01T00:00:00+00:00").tzinfo)
        elif zone == "ny":
            at = at.astimezone(datetime.fromisoformat("2026-01-01T00:00:00-05:00").tzinfo)
        else:
            at = at.astimezone()
        entry = tool_entry(rng, number, at, recorded.astimezone())
        roll = rng.random()
        if roll < odd:
            out.append(oddly(rng, entry))
        elif roll < odd + 0.01:
            whole = journal.encode(entry)
            out.append(whole[: rng.randrange(1, len(whole) - 1)] + b"\n")  # cut short
        elif roll < odd + 0.015:
            out.append(rng.choice([b"\n", b"not json\n", b"[1, 2]\n", b"{}\n"]))
        elif roll < odd + 0.02:
            out.append(journal.encode(entry)[:-1] + rng.choice([b"}\n", b" x\n"]))  # extra data
        else:
            out.append(journal.encode(entry))
    if rng.random() < 0.5:
        out[-1] = out[-1].rstrip(b"\n")
    path.write_bytes(b"".join(out))


# --- the reference -------------------------------------------------------------------


def parsed(path: Path) -> list[dict[str, Any]]:
    return list(journal.Journal(path, warn=lambda message: None).read())


def reference(
    journals: list[Path], period: Period, match: Filters, week_start: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """`summarize` over every entry that passes the filters, and the period's entries."""
    labels = {path: path.name for path in journals} if len(journals) > 1 else {}
    chosen = []
    for path in journals:
        for entry in parsed(path):
            if path in labels:
                entry["source"] = labels[path]
            if match.matches(entry):
                chosen.append(entry)
    report = summarize(chosen, period, week_start=week_start, now=NOW)
    kept = []
    for entry in chosen:
        try:
            moment = datetime.fromisoformat(str(entry.get("at")))
        except ValueError:
            continue
        moment = moment if moment.tzinfo else moment.astimezone()
        if period.contains(moment):
            kept.append((moment, entry))
    kept.sort(key=lambda pair: pair[0])
    return report, [entry for _, entry in kept]


def periods() -> list[Period]:
    return [
        resolve_period(week="2026-W47", now=NOW),
        resolve_period(week="last", now=NOW),
        resolve_period(week="2026-W44", now=NOW, week_start=6),
        resolve_period(month="2026-10", now=NOW),
        resolve_period(since="2026-11-01", now=NOW),
        resolve_period(until="2026-10-15", now=NOW),
        resolve_period(all_=True, now=NOW),
    ]


FILTERS = [
    Filters(),
    Filters(tags=("team",)),
    Filters(people=("ana",), title="sync"),
    Filters(sets=("one-on-one",)),
]


def check(journals: list[Path], period: Period, match: Filters, week_start: int) -> None:
    found = reporting.build(journals, period, match, keep_entries=True)
    expected, kept = reference(journals, period, match, week_start)
    assert found.summary == expected
    assert found.entries == kept


@pytest.mark.parametrize("seed", range(8))
def test_every_period_and_filter_matches_a_plain_pass(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    path = tmp_path / "journal.jsonl"
    random_journal(rng, path, lines=500)
    week_start = 6 if seed % 3 == 0 else 0
    if week_start:
        config.save(Settings(week_start="sunday"))
    # Small blocks, so the window starts part-way into the file and lines cross blocks.
    monkeypatch.setattr(journal, "_BLOCK", rng.choice([512, 4096, 1 << 20]))
    monkeypatch.setattr(journal, "_PROBE", rng.choice([64, 512, 1 << 14]))
    for period in periods():
        if week_start and period.label == "2026-W47":
            period = resolve_period(week="2026-W47", now=NOW, week_start=6)
        for match in FILTERS:
            check([path], period, match, week_start)


def test_merged_journals_keep_their_labels(tmp_path: Path) -> None:
    rng = random.Random(99)
    paths = [tmp_path / "a" / "journal.jsonl", tmp_path / "b" / "team.jsonl"]
    for path in paths:
        path.parent.mkdir()
        random_journal(rng, path, lines=300)
    for period in periods():
        check(paths, period, Filters(), 0)
        check(paths, period, Filters(tags=("customer",)), 0)


def test_whole_history_lists_with_ties_and_back_dating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counters in one pass, the lists from entries read again: the same lists, ties
    between equal times broken by order in the file, as a plain pass keeps them."""
    monkeypatch.setattr(summary_module, "LIST_LIMIT", 7)
    monkeypatch.setattr(summary_module, "THEME_WINDOW", 11)
    rng = random.Random(11)
    lines = []
    for number in range(400):
        at = NOW - timedelta(hours=400 - number)
        if rng.random() < 0.3:
            at -= timedelta(hours=rng.choice([1, 2, 30]))  # equal to an earlier time, or older
        entry = tool_entry(rng, number, at.astimezone(), (NOW - timedelta(hours=400 - number)))
        if rng.random() < 0.2:  # a second improvement in the same entry
            entry["answers"].append(
                {"key": "improve", "question": "More?", "kind": "text", "value": f"idea {number}"}
            )
        lines.append(journal.encode(entry))
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b"".join(lines))
    for period in (resolve_period(all_=True, now=NOW), resolve_period(until="2026-11-10", now=NOW)):
        for match in FILTERS:
            check([path], period, match, 0)


# --- the pieces ----------------------------------------------------------------------


def tool_line(rng: random.Random) -> bytes:
    at = NOW - timedelta(days=rng.uniform(0, 30))
    return journal.encode(tool_entry(rng, rng.randrange(10**6), at.astimezone(), NOW))


def decoded(raw: bytes) -> dict[str, Any] | None:
    entry = codec.decode(raw)
    return entry if isinstance(entry, dict) else None


def test_a_bad_line_in_the_window_is_reported_by_its_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(3)
    path = tmp_path / "journal.jsonl"
    random_journal(rng, path, lines=400, days=60, odd=0.0)
    lines = path.read_bytes().split(b"\n")
    week = resolve_period(week="2026-W44", now=NOW)  # in the trend of W47
    entries = [decoded(raw) for raw in lines]
    numbers = [
        n
        for n, entry in enumerate(entries, start=1)
        if entry and journal.encode(entry) == lines[n - 1] + b"\n"
        if week.contains(datetime.fromisoformat(entry["at"]))
    ][:2]
    assert len(numbers) == 2
    for number in numbers:
        lines[number - 1] = lines[number - 1][:-40]  # cut short: still starts right
    path.write_bytes(b"\n".join(lines))
    monkeypatch.setattr(journal, "_BLOCK", 2048)
    monkeypatch.setattr(journal, "_PROBE", 512)
    check([path], resolve_period(week="2026-W47", now=NOW), Filters(), 0)
    err = capsys.readouterr().err
    for number in numbers:
        assert f"line {number} not valid JSON" in err


# --- the reader ----------------------------------------------------------------------


def test_lines_cover_the_snapshot_and_no_more(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    data = b'{"a": 1}\n\n' + b'{"long": "' + b"x" * 300 + b'"}\n{"b": 2}'
    path.write_bytes(data)
    reading = journal.Journal(path, warn=print).lines()
    first = next(reading)
    with path.open("ab") as handle:
        handle.write(b'3}\n{"late": 1}\n')  # lands after the snapshot
    found = [first, *reading]
    assert [line.raw for line in found] == [
        b'{"a": 1}\n',
        data.split(b"\n")[2] + b"\n",
        b'{"b": 2}',
    ]
    assert [line.number for line in found] == [1, 3, 4]
    assert [line.entry for line in found] == [{"a": 1}, {"long": "x" * 300}, {"b": 2}]
    missing = journal.Journal(tmp_path / "none.jsonl", warn=print)
    assert list(missing.lines()) == [] and list(missing.read(NOW)) == []
    assert missing.tail(3) == []


def test_bad_lines_are_named_in_any_order(tmp_path: Path) -> None:
    """The tail reads from the end: bad lines are named by their numbers all the same."""
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b'{"a": 1}\nnope\n{"b": 2}\n[3]\n\n')
    for expected in (["2", "4"], ["4", "2"]):  # forward while the order is unknown, then back
        warned: list[str] = []
        assert journal.Journal(path, warn=warned.append).tail(5) == [{"a": 1}, {"b": 2}]
        assert [message.split(": line ")[1].split(" ")[0] for message in warned] == expected
        assert "not a JSON object" in warned[expected.index("4")]
        assert "not valid JSON" in warned[expected.index("2")]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    # integers of up to 64 bits, which every JSON library reads exactly
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(
    JSON_VALUES,
    st.sampled_from([(", ", ": "), (",", ":"), (" , ", " : ")]),
    st.sampled_from(["", " ", "\r", "\t\n", "x"]),
    st.sampled_from(["", " ", "\ufeff"]),
    st.sampled_from(["utf-8", "utf-16", "utf-32-le"]),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_decode_is_json_loads_of_utf8(
    value: Any, separators: tuple[str, str], tail: str, lead: str, encoding: str, ascii: bool
) -> None:
    """What `json.loads` makes of a UTF-8 line (lone surrogates shown as U+FFFD); a line
    in another encoding is unreadable, with its reason."""
    text = lead + json.dumps(value, separators=separators, ensure_ascii=ascii) + tail
    raw = text.encode(encoding, "surrogatepass")
    found = codec.decode(raw)
    if encoding != "utf-8":
        assert isinstance(found, codec.Unreadable)
        return
    try:
        expected = json.loads(raw)
    except ValueError:
        expected = None
    if isinstance(expected, dict):
        assert found == codec._mend(expected)
    else:
        assert isinstance(found, codec.Unreadable) and found


# --- early entries and the trend marker ----------------------------------------------


def counting_line(day: int, recorded_day: int, answers: Any, number: int) -> bytes:
    """A check-out on 2026-11-`day`, recorded on `recorded_day`, with these answers."""
    return codec.encode(
        {
            "v": 1,
            "id": f"b{number:07d}",
            "at": f"2026-11-{day:02d}T10:00:00+01:00",
            "recorded_at": f"2026-11-{recorded_day:02d}T10:05:00+01:00",
            "title": "Weekly sync",
            "answers": answers,
        }
    )


def test_the_trend_counts_early_entries_on_the_spot_as_a_plain_pass_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "_PROBE", 64)  # the window's edges to a line or two
    good = [
        {"key": "goals", "kind": "choice", "value": "sí", "meaning": "achieved"},
        {"key": "worth", "kind": "scale", "value": 4},
    ]
    english = [{"key": "goals", "kind": "choice", "value": "partly"}]
    odd = [{"key": "worth", "kind": "scale", "value": {"not": "a number"}}, "a string"]
    lines = [counting_line(day, day, good, day) for day in range(2, 16)]
    lines.append(counting_line(3, 16, english, 90))  # back-dated into the trend
    lines.append(counting_line(5, 16, odd, 91))  # no brief reads it: decoded whole
    lines.append(counting_line(17, 17, good, 92))  # the period
    lines.append(counting_line(18, 22, english, 93))  # the period, recorded after it
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b"".join(lines))
    period = resolve_period(week="2026-W47", now=NOW)
    reader = journal.Journal(path, warn=lambda message: None)
    list(reader.read())  # leaves the order marker, which finds the early lines
    counting = summary_module.TrendCounting(summary_module.Summarizer(period, now=NOW))
    given = {entry["id"] for entry in reader.read_for_counting(None, None, counting)}
    # Those recorded before W46 were counted as they were read; the period's come on.
    assert not given & {f"b{day:07d}" for day in range(2, 8)}
    assert {"b0000090", "b0000091", "b0000092", "b0000093"} <= given
    found = reporting.build([path], period, Filters(), keep_entries=True)
    expected, kept = reference([path], period, Filters(), 0)
    assert found.summary == expected and found.entries == kept
    assert [entry["id"] for entry in found.entries] == ["b0000092", "b0000093"]
    weeks = {week["start"]: week for week in found.summary["weeks"]}
    # 2…8 Nov, and the two back-dated to the 3rd and 5th (the odd one has no goal)
    assert weeks["2026-11-02"]["count"] == 9
    assert weeks["2026-11-02"]["goal_rate"] == round(7.5 / 8, 2)
    assert weeks["2026-11-02"]["mean_worth"] == 4


@pytest.mark.parametrize("seed", range(6))
def test_the_trend_marker_counts_what_a_plain_pass_counts(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports of week after week, with check-outs appended between them (back-dated
    into weeks an earlier report counted, too), count what a plain pass counts."""
    rng = random.Random(seed)
    path = tmp_path / "journal.jsonl"
    random_journal(rng, path, lines=600, odd=0.1)
    monkeypatch.setattr(journal, "_PROBE", rng.choice([64, 512]))
    monkeypatch.setattr(journal, "_BLOCK", rng.choice([512, 1 << 20]))
    accepted: list[bool] = []
    accept = summary_module.TrendCounting.accept

    def spy(self: summary_module.TrendCounting, counted: Any) -> bool:
        accepted.append(accept(self, counted))
        return accepted[-1]

    monkeypatch.setattr(summary_module.TrendCounting, "accept", spy)
    recorded = NOW - timedelta(minutes=30)
    for number, label in enumerate(["2026-W44", "2026-W45", "2026-W46", "2026-W46", "2026-W47"]):
        check([path], resolve_period(week=label, now=NOW), Filters(), 0)
        with path.open("ab") as out:
            out.write(b"\n")  # the random journal may end without one
            for back in (rng.randint(20, 60), rng.randint(0, 6)):
                recorded += timedelta(minutes=1)
                at = recorded - timedelta(days=back)
                entry = tool_entry(rng, 9000 + number * 2 + back, at, recorded)
                out.write(journal.encode(entry))
    check([path], resolve_period(week="2026-W47", now=NOW), Filters(), 0)
    assert True in accepted  # the marker stood in for the weeks it counted, at least once


@pytest.mark.parametrize("seed", range(4))
def test_a_shared_export_leaves_private_sets_out_of_the_trend_too(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read briefly and with the trend marker, a report that leaves the one-on-ones out
    counts what a plain pass over the other check-outs counts, and so does one that
    keeps them, in either order (each keeps totals of its own)."""
    from checkout_cli.report.tallies import set_name
    from checkout_cli.store.question_files import load_file, packaged_file

    rng = random.Random(seed)
    path = tmp_path / "journal.jsonl"
    # In order, so the brief read and the trend marker cover most of it.
    random_journal(rng, path, lines=600, odd=0.1, disorder=0)
    monkeypatch.setattr(journal, "_PROBE", 64)
    sets = load_file(packaged_file())
    assert sets["one-on-one"].private
    for label in ["2026-W46", "2026-W47", "2026-W47"]:
        period = resolve_period(week=label, now=NOW)
        for private in (rng.random() < 0.5, True, False):
            found = reporting.build(
                [path], period, Filters(), keep_entries=True, sets=sets, leave_out_private=private
            )
            shared = [e for e in parsed(path) if not (private and set_name(e) == "one-on-one")]
            expected = summarize(shared, period, now=NOW, sets=sets)
            assert found.summary == expected, (label, private)
