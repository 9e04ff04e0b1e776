"""The parting: templates and their placeholders, the tone, names and dates per language,
the rhythm of a meeting, and every shipped line reading naturally with or without what
can be unknown."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from checkout_cli.model.actions import ActionItem
from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.parting import (
    DEFAULTS,
    PLACEHOLDERS,
    Known,
    NextMeeting,
    fill,
    first_names,
    follow_up_text,
    join_names,
    lines_for,
    parting,
    pick,
    rhythm,
    scale_tone,
    template_problem,
    tone,
    values,
    when_text,
)
from checkout_cli.model.questions import QuestionSet, as_dict, parse_sets
from checkout_cli.store import question_files
from tests.unit.test_calendar_files import _set_tz


@pytest.fixture(autouse=True)
def local_zone() -> Iterator[None]:
    """Pin the machine's zone: the next meeting's time is said in local time."""
    before = os.environ.get("TZ")
    _set_tz("Europe/Berlin")
    yield
    _set_tz(before)


NOW = datetime.fromisoformat("2026-12-02T11:00:00+01:00")  # a Wednesday
SHIPPED = question_files.load_file(question_files.packaged_file())


def step(text: str, owner: str | None = None, due: str | None = None) -> ActionItem:
    return ActionItem.of({"id": "x-1", "text": text, "owner": owner, "due": due, "done_at": None})


def known(
    *,
    people: tuple[str, ...] = ("Ana Pérez", "Raj"),
    me: str = "Pat Smith",
    steps: tuple[ActionItem, ...] = (),
    next_meeting: NextMeeting | None = None,
    title: str = "Weekly sync",
) -> Known:
    return Known(
        title=title,
        people=people,
        me=me,
        steps=steps,
        now=NOW,
        next_meeting=lambda: next_meeting or NextMeeting(),
    )


def one(template: str, k: Known, language: str = "en") -> str:
    return fill(template, values(template, k, language))


def entry(
    goals: str | None = None, worth: int | None = None, entry_id: str = "abc"
) -> dict[str, Any]:
    answers: list[dict[str, Any]] = []
    if goals is not None:
        answers.append({"key": "goals", "kind": "choice", "value": goals})
    if worth is not None:
        answers.append({"key": "worth", "kind": "scale", "value": worth})
    return {"id": entry_id, "title": "Weekly sync", "answers": answers}


# --- every placeholder ---


def test_people_are_first_names_joined() -> None:
    assert one("{people}", known()) == "Ana and Raj"
    assert one("Thanks, {people}.", known(people=())) == "Thanks."


def test_me_is_the_first_name_from_the_config() -> None:
    assert one("Well done, {me}.", known()) == "Well done, Pat."
    assert one("Well done, {me}.", known(me="")) == "Well done."


def test_title_is_the_meetings() -> None:
    assert one("{title} is saved.", known(title="Acme call")) == "Acme call is saved."


def test_next_meeting_from_the_calendar() -> None:
    start = datetime.fromisoformat("2026-12-09T10:00:00+01:00")
    k = known(next_meeting=NextMeeting(start=start))
    assert (
        one("See you, {people}, {next_meeting}.", k)
        == "See you, Ana and Raj, on Wed 9 Dec at 10:00."
    )


@pytest.mark.parametrize(
    ("found", "text"),
    [
        ("weekly", "next week, as usual"),
        ("fortnightly", "in two weeks, as usual"),
        ("monthly", "next month, as usual"),
        (None, "next time"),
    ],
)
def test_next_meeting_from_the_rhythm(found: str | None, text: str) -> None:
    assert one("See you {next_meeting}.", known(next_meeting=NextMeeting(rhythm=found))) == (
        f"See you {text}."
    )


def test_next_meeting_is_read_only_when_a_template_names_it() -> None:
    asked: list[bool] = []

    def look() -> NextMeeting:
        asked.append(True)
        return NextMeeting()

    k = Known("T", (), "", (), NOW, look)
    assert one("Thanks, {people}.", k) == "Thanks."
    assert asked == []
    one("See you {next_meeting}.", k)
    assert asked == [True]


def test_steps_counts_them() -> None:
    assert one("{steps}", known()) == "no next steps"
    assert one("{steps}", known(steps=(step("a"),))) == "one next step"
    assert one("{steps}", known(steps=(step("a"), step("b")))) == "2 next steps"


def test_my_step_is_my_nearest_open_one() -> None:
    steps = (
        step("Later", "Pat Smith", "2026-12-10"),
        step("Sooner", "Pat Smith", "2026-12-04"),
        step("Ana's", "Ana", "2026-12-03"),
        step("Undated", "Pat Smith"),
    )
    assert one("Yours: {my_step}.", known(steps=steps)) == "Yours: Sooner (due Fri 4 Dec)."
    assert one("Yours: {my_step}.", known(steps=steps[2:3])) == "Yours."
    # Before a name is set, `@me` steps are owned by "me".
    assert one("{my_step}", known(me="", steps=(step("Mine", "me"),))) == "Mine"


def test_follow_up_promises_the_next_check_out() -> None:
    steps = (step("Send the notes", "Pat Smith", "2026-12-04"), step("Book the room", "Ana"))
    assert one("{follow_up}", known(steps=steps)) == (
        "2 next steps agreed; yours: Send the notes (due Fri 4 Dec). "
        "The next check-out of Weekly sync will ask about them."
    )
    assert one("{follow_up}", known(steps=steps[1:])) == (
        "One next step agreed. The next check-out of Weekly sync will ask about it."
    )
    two_mine = (*steps, step("Write it up", "Pat Smith", "2026-12-08"))
    assert "; your nearest: Send the notes (due Fri 4 Dec)." in one(
        "{follow_up}", known(steps=two_mine)
    )
    assert one("Saved. {follow_up}", known()) == "Saved."


def test_every_placeholder_is_filled_by_values() -> None:
    template = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    filled = values(template, known(steps=(step("a", "Pat Smith"),)), "en")
    assert set(filled) == set(PLACEHOLDERS)


def test_follow_up_in_spanish_and_french() -> None:
    steps = (step("Enviar notas", "Pat Smith", "2026-12-05"),)
    assert follow_up_text(steps, "Pat Smith", "Reunión", "es", today=NOW.date()) == (
        "Un próximo paso acordado; el tuyo: Enviar notas (para el sáb 5 dic). "
        "El próximo check-out de Reunión preguntará por él."
    )
    french = follow_up_text(steps * 2, "Pat Smith", "Point", "fr", today=NOW.date())
    assert french.startswith("2 prochaines étapes convenues ; la plus proche des vôtres : ")


# --- templates checked when the file loads ---


def questions(farewell: Any, name: str = "retro") -> dict[str, Any]:
    return {name: {"farewell": farewell, "questions": [{"key": "k", "text": "Q?", "kind": "text"}]}}


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("Bye, {name}!", "unknown placeholder {name}"),
        ("Bye {people", "expected '}'"),
        ("Bye people}", "Single '}'"),
        ("Bye {}", "unknown placeholder {}"),
        ("Bye {0}", "unknown placeholder {0}"),
        ("Bye {people!r}", "takes no format"),
        ("Bye {people:>9}", "takes no format"),
    ],
)
def test_a_bad_template_is_refused_naming_file_set_and_line(template: str, said: str) -> None:
    with pytest.raises(CheckoutError) as error:
        parse_sets(questions(["Fine, {people}.", template]), "/x/questions.toml")
    message = str(error.value)
    assert "/x/questions.toml" in message
    assert "set 'retro'" in message
    assert "farewell, line 2" in message
    assert said in message
    assert "\n" not in message


def test_a_bad_template_in_a_tone_names_the_tone() -> None:
    with pytest.raises(CheckoutError, match=r"farewell.poor, line 1 .*unknown placeholder \{who\}"):
        parse_sets(questions({"good": ["Hi."], "poor": ["Bye {who}"]}), "q.toml")


def test_an_unknown_tone_is_refused() -> None:
    with pytest.raises(CheckoutError, match="farewell has no tone 'great'"):
        parse_sets(questions({"great": ["Hi."]}), "q.toml")


def test_doubled_braces_are_literal() -> None:
    [qset] = parse_sets(questions("Braces {{like this}}, {people}."), "q.toml").values()
    assert template_problem(qset.farewell[0]) is None
    assert one(qset.farewell[0], known()) == "Braces {like this}, Ana and Raj."


def test_questions_show_json_gives_the_lines_per_tone() -> None:
    sets = parse_sets(questions({"good": ["Yay."], "poor": ["Hm."]}), "q.toml")
    assert as_dict(sets["retro"])["farewell"] == {"good": ["Yay."], "poor": ["Hm."]}
    plain = parse_sets(questions(["Bye."]), "q.toml")
    assert as_dict(plain["retro"])["farewell"] == ["Bye."]


# --- the tone ---

MEETING = SHIPPED["meeting"]


@pytest.mark.parametrize(
    ("goals", "worth", "expected"),
    [
        ("yes", 5, "good"),
        ("yes", 4, "good"),
        ("yes", None, "good"),
        (None, 5, "good"),
        ("partly", 5, "mixed"),
        ("yes", 3, "mixed"),
        ("partly", None, "mixed"),
        ("no", 5, "poor"),
        ("yes", 2, "poor"),
        ("yes", 1, "poor"),
        ("partly", 2, "poor"),
        (None, None, "mixed"),
    ],
)
def test_the_tone_follows_the_answers(goals: str | None, worth: int | None, expected: str) -> None:
    assert tone(MEETING, entry(goals, worth)) == expected


def test_the_tone_reads_meanings_in_other_languages() -> None:
    spanish, french = SHIPPED["meeting-es"], SHIPPED["meeting-fr"]
    assert tone(spanish, entry("sí", 5)) == "good"
    assert tone(spanish, entry("en parte")) == "mixed"
    assert tone(spanish, entry("no")) == "poor"
    assert tone(french, entry("non", 4)) == "poor"
    # A stored meaning counts even when the words changed since.
    stored = entry("vale")
    stored["answers"][0]["meaning"] = "missed"
    assert tone(spanish, stored) == "poor"


def test_scale_thirds() -> None:
    assert [scale_tone(v, 1, 5) for v in range(1, 6)] == ["poor", "poor", "mixed", "good", "good"]
    assert [scale_tone(v, 0, 10) for v in (0, 3, 4, 6, 7, 10)] == [
        "poor",
        "poor",
        "mixed",
        "mixed",
        "good",
        "good",
    ]
    assert scale_tone("4", 1, 5) is None
    assert scale_tone(True, 1, 5) is None


def test_a_poor_meeting_never_gets_a_cheerful_line() -> None:
    for name in ("meeting", "one-on-one", "customer-call", "meeting-es", "meeting-fr"):
        for line in lines_for(SHIPPED[name], "poor"):
            assert not re.search(r"nicely|great|well done|!|¡|bien cerrada|bien conclu", line, re.I)


def test_the_same_entry_gets_the_same_line_and_others_vary() -> None:
    lines = lines_for(MEETING, "good")
    assert len(lines) > 1
    assert pick(lines, "k3m9qzab") == pick(lines, "k3m9qzab")
    assert {pick(lines, f"id{n}") for n in range(30)} == set(lines)


def test_lines_per_tone_fall_back_to_any_then_to_the_language() -> None:
    sets = parse_sets(
        {
            "a": {"farewell": {"good": ["Yay {people}."], "any": ["Any."]}, "questions": Q},
            "b": {"farewell": {"good": ["Yay."]}, "language": "fr", "questions": Q},
            "c": {"questions": Q, "language": "es"},
        },
        "q.toml",
    )
    assert lines_for(sets["a"], "good") == ("Yay {people}.",)
    assert lines_for(sets["a"], "poor") == ("Any.",)
    assert lines_for(sets["b"], "poor") == DEFAULTS["fr"]["poor"]
    assert lines_for(sets["c"], "mixed") == DEFAULTS["es"]["mixed"]


Q = [{"key": "goals", "text": "Q?", "kind": "choice", "choices": ["yes", "partly", "no"]}]


# --- names and dates per language ---


@pytest.mark.parametrize(
    ("names", "language", "joined"),
    [
        (["Ana"], "en", "Ana"),
        (["Ana", "Raj"], "en", "Ana and Raj"),
        (["Ana", "Raj", "Li"], "en", "Ana, Raj and Li"),
        (["Ana", "Raj"], "es", "Ana y Raj"),
        (["Ana", "Raj", "Li"], "es", "Ana, Raj y Li"),
        (["Ana", "Isabel"], "es", "Ana e Isabel"),
        (["Ana", "Hilda"], "es", "Ana e Hilda"),
        (["Ana", "Hierro"], "es", "Ana y Hierro"),
        (["Ana", "Raj"], "fr", "Ana et Raj"),
        (["Ana", "Raj", "Li"], "fr", "Ana, Raj et Li"),
        (["A", "B", "C", "D"], "en", "A, B, C and D"),
        (["A", "B", "C", "D", "E", "F"], "en", "A, B, C and 3 others"),
        (["A", "B", "C", "D", "E"], "es", "A, B, C y 2 más"),
        (["A", "B", "C", "D", "E"], "fr", "A, B, C et 2 autres"),
        ([], "en", ""),
    ],
)
def test_names_are_joined_per_language(names: list[str], language: str, joined: str) -> None:
    assert join_names(names, language) == joined


def test_first_names_once_each() -> None:
    assert first_names(["Ana Pérez", "Raj", "ana lópez", " ", "Li"]) == ["Ana", "Raj", "Li"]


@pytest.mark.parametrize(
    ("start", "language", "text"),
    [
        ("2026-12-09T10:00:00+01:00", "en", "on Wed 9 Dec at 10:00"),
        ("2026-12-09T10:00:00+01:00", "es", "el mié 9 dic a las 10:00"),
        ("2026-12-09T10:00:00+01:00", "fr", "le mer. 9 déc. à 10:00"),
        ("2026-12-03T09:30:00+01:00", "en", "tomorrow at 09:30"),
        ("2026-12-03T09:30:00+01:00", "es", "mañana a las 09:30"),
        ("2026-12-03T09:30:00+01:00", "fr", "demain à 09:30"),
        ("2026-12-02T16:00:00+01:00", "en", "today at 16:00"),
        ("2027-01-06T10:00:00+01:00", "en", "on Wed 6 Jan 2027 at 10:00"),
    ],
)
def test_when_the_next_meeting_is(start: str, language: str, text: str) -> None:
    assert when_text(datetime.fromisoformat(start), NOW, language) == text


# --- the rhythm ---


def days(*gaps: int, first: date = date(2026, 9, 1)) -> list[date]:
    found = [first]
    for gap in gaps:
        found.append(found[-1] + timedelta(days=gap))
    return found


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (days(7, 7, 7), "weekly"),
        (days(7, 7), "weekly"),
        (days(7, 6, 8, 7), "weekly"),
        (days(14, 14), "fortnightly"),
        (days(28, 35, 28), "monthly"),
        (days(30, 31), "monthly"),
        (days(7), None),
        (days(), None),
        (days(3, 11, 20, 2), None),
        (days(1, 1, 1, 1), None),
        (days(30, 30, 30, 7, 7, 7, 7), "weekly"),
    ],
)
def test_the_rhythm_of_a_meeting(dates: list[date], expected: str | None) -> None:
    assert rhythm(dates) == expected


def test_the_rhythm_counts_a_day_once() -> None:
    dates = days(7, 7)
    assert rhythm([*dates, dates[-1]]) == "weekly"


# --- every shipped line reads naturally, whatever is unknown ---

NEXT = {
    "calendar": NextMeeting(start=datetime.fromisoformat("2026-12-09T10:00:00+01:00")),
    "rhythm": NextMeeting(rhythm="weekly"),
    "nothing": NextMeeting(),
}
STEPS = {
    "none": (),
    "others'": (step("Book the room", "Ana"),),
    "mine": (step("Send the notes", "Pat Smith", "2026-12-04"), step("Book", "Ana")),
}
PEOPLE = {"none": (), "one": ("Ana",), "two": ("Ana", "Raj"), "many": ("A", "B", "C", "D", "E")}
ME = {"set": "Pat", "unset": ""}
_BROKEN = re.compile(r",\s*[,.;:!?]|\s[,.]|\s{2}|[{}]|^\W*[,;:.]|\(\s*\)|,$| ,")


def all_templates() -> list[tuple[str, str, str]]:
    found = []
    for name, qset in SHIPPED.items():
        for t in ("good", "mixed", "poor"):
            found.extend((name, qset.language, line) for line in lines_for(qset, t))
    for language, tones in DEFAULTS.items():
        for lines in tones.values():
            found.extend(("built-in", language, line) for line in lines)
    return found


@pytest.mark.parametrize(("set_name", "language", "template"), all_templates())
def test_every_shipped_line_reads_naturally_in_every_combination(
    set_name: str, language: str, template: str
) -> None:
    assert template_problem(template) is None
    combos = itertools.product(NEXT.values(), STEPS.values(), PEOPLE.values(), ME.values())
    for next_meeting, steps, people, me in combos:
        text = one(
            template, known(people=people, me=me, steps=steps, next_meeting=next_meeting), language
        )
        where = f"{set_name}: {text!r}"
        assert not _BROKEN.search(
            text.replace(" !", "!").replace(" ?", "?").replace(" ;", ";").replace(" :", ":")
        ), where
        assert text[-1] in ".!", where
        assert text[0].isupper() or text[0] in "¡¿", where
        if people:
            assert people[0] in text, where
        if steps:
            assert "check-out" in text, where


def test_the_shipped_sets_name_people_next_meeting_and_the_follow_up() -> None:
    for name in ("meeting", "one-on-one", "customer-call", "meeting-es", "meeting-fr"):
        for t in ("good", "mixed", "poor"):
            for line in lines_for(SHIPPED[name], t):
                assert {"people", "next_meeting", "follow_up"} <= set(
                    re.findall(r"\{(\w+)\}", line)
                )


def test_a_spanish_and_a_french_parting() -> None:
    start = NextMeeting(start=datetime.fromisoformat("2026-12-09T10:00:00+01:00"))
    k = known(people=("Ana", "Raj"), next_meeting=start)
    spanish = parting(SHIPPED["meeting-es"], entry("sí", 5, entry_id="a"), k)
    french = parting(SHIPPED["meeting-fr"], entry("oui", 5, entry_id="a"), k)
    assert "Ana y Raj" in spanish and "mié 9 dic a las 10:00" in spanish
    assert "Ana et Raj" in french and "mer. 9 déc. à 10:00" in french
    hasta = next(
        parting(SHIPPED["meeting-es"], entry("sí", entry_id=f"x{n}"), known(people=()))
        for n in range(40)
        if "Hasta pronto" in parting(SHIPPED["meeting-es"], entry("sí", entry_id=f"x{n}"), known())
    )
    assert hasta.startswith("¡Hasta pronto! Nos vemos la próxima vez.")
    bientot = next(
        parting(SHIPPED["meeting-fr"], entry("oui", entry_id=f"x{n}"), known(people=()))
        for n in range(40)
        if "À bientôt" in parting(SHIPPED["meeting-fr"], entry("oui", entry_id=f"x{n}"), known())
    )
    assert bientot.startswith("À bientôt ! On se revoit la prochaine fois.")


def test_a_set_without_farewell_gets_the_built_in_line_of_its_language() -> None:
    qset = QuestionSet("x", (), language="es")
    assert parting(qset, entry(), known(people=())) == "Gracias. Nos vemos la próxima vez."


# --- what the flow finds out: the journal's rhythm, the calendar's next occurrence ---


def test_the_rhythm_comes_from_the_journal_end_read_before_the_append(tmp_path: Path) -> None:
    """The parting reads nothing itself: the check-out's heads of the journal's end, and
    the entry just saved, hold this meeting's recent dates."""
    from checkout_cli.flows.parting import RHYTHM_TAIL, journal_rhythm
    from checkout_cli.store.journal import Journal

    path = tmp_path / "journal.jsonl"
    journal = Journal(path, warn=lambda _: None)
    assert journal_rhythm({"title": "Sync"}, journal.tail(RHYTHM_TAIL, heads=True)) is None
    for n, day in enumerate(("2026-11-04", "2026-11-11", "2026-11-18")):
        at = f"{day}T10:00:00+01:00"
        journal.append({"id": f"s{n}", "title": "sync ", "at": at, "recorded_at": at})
        journal.append({"id": f"o{n}", "title": "Other", "at": at, "recorded_at": at})
    with path.open("a") as handle:
        handle.write("not json\n")
    earlier = journal.tail(RHYTHM_TAIL, heads=True)
    assert earlier[-1]["id"] == "o2" and "answers" not in earlier[-1]
    saved = {"title": "SYNC", "at": "2026-11-25T10:00:00+01:00"}
    assert journal_rhythm(saved, earlier) == "weekly"
    assert (
        journal_rhythm({"title": "Other", "at": "2026-11-25T10:00:00+01:00"}, earlier) == "weekly"
    )
    assert (
        journal_rhythm({"title": "Never seen", "at": "2026-11-25T10:00:00+01:00"}, earlier) is None
    )
    # A calendar series is the same meeting under another title too.
    renamed = {"title": "Renamed", "at": "2026-12-02T10:00:00+01:00", "event": {"uid": "u1"}}
    assert journal_rhythm(renamed, earlier) is None
    # Only the last RHYTHM_TAIL check-outs count, the one just saved among them.
    filler = [{"title": "Filler", "at": "2026-11-20T10:00:00+01:00"}] * (RHYTHM_TAIL - 5)
    assert journal_rhythm(saved, [*earlier, *filler]) == "weekly"
    assert journal_rhythm(saved, [*earlier, *filler, filler[0]]) is None


def test_the_next_occurrence_comes_from_the_calendar(tmp_path: Path) -> None:
    from checkout_cli.flows.parting import next_meeting, recent_of
    from checkout_cli.model.settings import Settings
    from tests.unit.test_calendar_flow import ME, work_calendar

    calendar = work_calendar(tmp_path / "cal")
    settings = Settings(email=(ME,), calendars=(str(calendar),))
    now = datetime.fromisoformat("2026-01-20T17:30:00+01:00")
    journal = recent_of(tmp_path / "journal.jsonl")
    assert journal == []  # no journal yet: nothing recent
    by_event = {"title": "Renamed sync", "event": {"uid": "sync@example.org"}}
    by_title = {"title": "weekly  SYNC"}
    expected = datetime.fromisoformat("2026-01-26T10:00:00+01:00")
    assert next_meeting(by_event, settings, journal, now).start == expected
    assert next_meeting(by_title, settings, journal, now).start == expected
    # A one-off meeting has no next occurrence: the journal's rhythm (none) is asked.
    assert next_meeting({"title": "Design review"}, settings, journal, now) == NextMeeting()
    # A calendar that went missing only means less is known.
    gone = Settings(calendars=(str(tmp_path / "gone.ics"),))
    assert next_meeting(by_title, gone, journal, now) == NextMeeting()
