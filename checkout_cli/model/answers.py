"""The check-out flow's rules: turn typed or scripted answers into a journal entry.

Pure functions, so the interactive prompts and scripted answers share one
set of rules for what a valid answer is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from checkout_cli.model import limits
from checkout_cli.model.actions import ActionItem
from checkout_cli.model.entry import (
    SCHEMA_VERSION,
    Action,
    Answer,
    Entry,
    Event,
    iso,
    meeting_key,
    new_id,
    parse_minutes,
)
from checkout_cli.model.errors import CheckoutError, UsageProblem
from checkout_cli.model.questions import Question, QuestionSet, choice_for

_OWNER = re.compile(r"(?<!\S)@(\S+)")
# `due:` takes one word, or two when the first is `next` (`due:next friday`).
_DUE = re.compile(r"(?<!\S)due:((?:next\s+)?\S+)", re.IGNORECASE)
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class Step:
    """A next step as typed, before it gets its id."""

    text: str
    owner: str | None = None
    due: str | None = None


def parse_step(line: str, *, today: date, me: str) -> Step:
    """`Send the notes @Ana due:friday` -> Step("Send the notes", "Ana", "2026-11-27")."""
    from checkout_cli.model.due import parse_due

    owners = _OWNER.findall(line)
    dues = _DUE.findall(line)
    if len(owners) > 1:
        raise CheckoutError(f"one owner per next step, please: {line.strip()!r}")
    if len(dues) > 1:
        raise CheckoutError(f"one due date per next step, please: {line.strip()!r}")
    text = " ".join(_DUE.sub(" ", _OWNER.sub(" ", line)).split())
    if not text:
        raise CheckoutError(f"a next step needs some text, not only an owner or date: {line!r}")
    limits.check("a next step", text, limits.STEP)
    owner = owners[0] if owners else None
    if owner is not None:
        limits.check("a next step's owner", owner, limits.NAME)
    if owner is not None and owner.lower() == "me":
        owner = me
    due = parse_due(dues[0], today).isoformat() if dues else None
    return Step(text, owner, due)


NO_STEPS = frozenset(("none", "-", "nothing", "none agreed"))


def no_steps(raw: str) -> bool:
    """`none` (or `-`) answers a next-steps question with an empty list, on purpose."""
    return raw.strip().casefold() in NO_STEPS


def parse_value(question: Question, raw: str, *, today: date, me: str) -> Any:
    """One typed or scripted answer, checked against its question's kind."""
    if question.kind == "choice":
        choice = choice_for(question, raw)
        if choice is None:
            options = ", ".join(question.choices)
            raise CheckoutError(f"{question.key}: {raw!r} is not one of {options}")
        return choice
    if question.kind == "scale":
        # int() would also take "0_4" and digits of other scripts ("٣"): ASCII only.
        number = int(raw.strip()) if _WHOLE_NUMBER.fullmatch(raw.strip()) else None
        if number is None or not question.min <= number <= question.max:
            raise CheckoutError(
                f"{question.key}: {raw!r} is not a whole number from {question.min} to "
                f"{question.max}"
            )
        return number
    if question.kind == "actions":
        return parse_step(raw, today=today, me=me)
    if not raw.strip() and question.optional:
        return None  # an optional text left empty: nothing to add (for improve: nothing to improve)
    return limits.check(f"the answer to {question.key}", raw.strip(), limits.TEXT)


@dataclass
class Draft:
    """Answers collected so far, keyed by question key."""

    values: dict[str, Any]
    notes: dict[str, str]

    def has(self, key: str) -> bool:
        return key in self.values


@dataclass(frozen=True)
class AnswerItem:
    """One scripted answer, `KEY=VALUE` (or `KEY.note=TEXT` for a choice's note)."""

    key: str
    value: str

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


def parse_answer_item(text: str) -> AnswerItem:
    """`KEY=VALUE` split at its first `=`."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise UsageProblem(f"{text!r}: write it as KEY=VALUE, e.g. goals=yes")
    return AnswerItem(key.strip(), raw)


def parse_answers(
    qset: QuestionSet, items: Sequence[AnswerItem | str], *, today: date, me: str
) -> Draft:
    """Scripted answers (`KEY=VALUE`, `KEY.note=TEXT` for a choice's note) into a Draft."""
    draft = Draft({}, {})
    for given in items:
        parsed = parse_answer_item(given) if isinstance(given, str) else given
        item, key, raw = str(parsed), parsed.key, parsed.value
        base, _, sub = key.partition(".")
        question = qset.get(base)
        if question is None:
            known = ", ".join(q.key for q in qset.questions)
            raise UsageProblem(
                f"answer {item!r}: set {qset.name!r} has no question {base!r} (keys: {known})"
            )
        if sub:
            if sub != "note" or question.kind != "choice":
                raise UsageProblem(f"answer {item!r}: only a choice question takes KEY.note=")
            if base in draft.notes:
                raise UsageProblem(f"answer {base}.note= is given twice; give it once")
            draft.notes[base] = limits.check(f"the note on {base}", raw.strip(), limits.NOTE)
            continue
        if question.kind == "actions":
            steps = draft.values.setdefault(base, [])
            if not no_steps(raw):
                steps.append(parse_value(question, raw, today=today, me=me))
            continue
        if question.kind == "text" and not raw.strip() and not question.optional:
            raise UsageProblem(f"answer {base}= is empty; {base} needs an answer")
        value = parse_value(question, raw, today=today, me=me)
        if base in draft.values:
            raise UsageProblem(f"answer {base}= is given twice; give it once")
        draft.values[base] = value
    return draft


def missing(qset: QuestionSet, draft: Draft) -> list[Question]:
    """Required questions that still have no answer."""
    return [q for q in qset.questions if not q.optional and not draft.has(q.key)]


def build_entry(
    qset: QuestionSet,
    draft: Draft,
    *,
    title: str,
    people: Iterable[str],
    tags: Iterable[str],
    at: datetime,
    now: datetime,
    event: Event | None = None,
    entry_id: str | None = None,
    minutes: int | None = None,
) -> Entry:
    """The journal line for a finished check-out; every required answer must be there."""
    title = title.strip()
    if not title:
        raise CheckoutError('the meeting needs a title, e.g. checkout meeting "Weekly sync"')
    lacking = missing(qset, draft)
    if lacking:
        keys = ", ".join(q.key for q in lacking)
        raise CheckoutError(f"no answer for {keys}; each needs one")
    if at > now:
        raise CheckoutError("the meeting time is in the future; give a time up to now")
    entry_id = entry_id or new_id()
    answers: list[Answer] = []
    for question in qset.questions:
        value = draft.values.get(question.key)
        if question.kind == "actions":
            steps: list[Step] = list(value or [])
            value = [_action(f"{entry_id}-{n}", step) for n, step in enumerate(steps, start=1)]
        answer: Answer = {
            "key": question.key,
            "question": question.text,
            "kind": question.kind,  # type: ignore[typeddict-item]
            "value": value,
        }
        note = draft.notes.get(question.key)
        if note:
            answer["note"] = note
        meaning = question.meaning(value)
        if meaning is not None:
            answer["meaning"] = meaning
        answers.append(answer)
    entry: Entry = {
        "v": SCHEMA_VERSION,
        "id": entry_id,
        "at": iso(at),
        "recorded_at": iso(now),
        "title": title,
        "with": _unique(people),
        "tags": _unique(tags),
        "set": qset.name,
        "answers": answers,
    }
    if event is not None:
        entry["event"] = event
    if minutes is not None:
        entry["minutes"] = parse_minutes(str(minutes))
    limits.check_entry(entry)
    return entry


def _action(action_id: str, step: Step) -> Action:
    return {
        "id": action_id,
        "text": step.text,
        "owner": step.owner,
        "due": step.due,
        "done_at": None,
    }


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        cleaned = value.strip()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def same_meeting(a: str, b: str) -> bool:
    """Titles name the same meeting regardless of case and spacing."""
    return meeting_key(a) == meeting_key(b)


def open_items(entries: Iterable[Mapping[str, Any]], title: str) -> list[ActionItem]:
    """Open next steps (with an id) from earlier check-outs of the same meeting, oldest first."""
    from checkout_cli.model.entry import actions

    found: list[ActionItem] = []
    for entry in entries:
        if not same_meeting(str(entry.get("title", "")), title):
            continue
        for action in actions(dict(entry)):
            item = ActionItem.of(action, entry)
            if item.is_open and item.id:
                found.append(item)
    return found
