"""Question sets: the questions file's data with every field checked, and choice matching."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checkout_cli.model.entry import KINDS
from checkout_cli.model.errors import CheckoutError

DEFAULT_SET = "meeting"
LANGUAGES = ("en", "es", "fr")
# What a choice can mean for "did the meeting reach its goals": the goal rate counts
# achieved as 1, partly as ½ and missed as 0, whatever words a set's choices use.
MEANINGS = ("achieved", "partly", "missed")
MEANING_SCORES = {"achieved": 1.0, "partly": 0.5, "missed": 0.0}
_ENGLISH_MEANINGS = {"yes": "achieved", "partly": "partly", "no": "missed"}
_KEY = re.compile(r"[A-Za-z0-9_-]+")
_COMMON_FIELDS = {"key", "text", "kind", "optional", "label"}
_KIND_FIELDS = {
    "choice": {"choices", "note", "meanings"},
    "scale": {"min", "max", "min_label", "max_label"},
    "text": set(),
    "actions": set(),
}


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str
    optional: bool = False
    choices: tuple[str, ...] = ()
    note: str | None = None
    min: int = 1
    max: int = 5
    min_label: str | None = None
    max_label: str | None = None
    label: str = ""  # short name for panels and reports; `readable(key)` when not given
    # choice -> one of MEANINGS; empty when the choices say nothing about goals
    meanings: tuple[tuple[str, str], ...] = ()

    @property
    def short(self) -> str:
        """The label a person sees: the file's, or the key made readable."""
        return self.label or readable(self.key)

    def meaning(self, choice: object) -> str | None:
        """What a choice answer means (achieved, partly, missed), when the question says."""
        if not isinstance(choice, str):
            return None
        folded = choice.strip().casefold()
        return next((m for c, m in self.meanings if c.casefold() == folded), None)


@dataclass(frozen=True)
class QuestionSet:
    name: str
    questions: tuple[Question, ...]
    title: str = ""
    farewell: tuple[str, ...] = field(default_factory=tuple)  # templates for any tone
    # (tone, templates) from a `[NAME.farewell]` table: good, mixed, poor, any
    farewell_by_tone: tuple[tuple[str, tuple[str, ...]], ...] = ()
    language: str = "en"  # the set's language: its partings, stop-words and dates
    private: bool = False  # left out of shared exports unless asked for

    def get(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    @property
    def goal_question(self) -> Question | None:
        """The first choice question whose choices have meanings: the set's goal rate."""
        return next((q for q in self.questions if q.meanings), None)


def readable(key: str) -> str:
    """`next-steps` → `Next steps`: a key as a label, for questions that give none."""
    words = key.replace("_", " ").replace("-", " ").split()
    text = " ".join(words) or key
    return text[:1].upper() + text[1:]


def parse_sets(data: dict[str, Any], where: str) -> dict[str, QuestionSet]:
    """Validate a loaded TOML document; every error names the file, set and question."""
    if not data:
        raise CheckoutError(f"questions file {where} is empty; it needs at least one set")
    sets: dict[str, QuestionSet] = {}
    for name, body in data.items():
        here = f"questions file {where}, set {name!r}"
        if not isinstance(body, dict):
            raise CheckoutError(f"{here}: expected a table [{name}] with [[{name}.questions]]")
        unknown = set(body) - {"title", "farewell", "questions", "language", "private"}
        if unknown:
            raise CheckoutError(f"{here}: unknown field {sorted(unknown)[0]!r}")
        language = body.get("language", "en")
        if language not in LANGUAGES:
            raise CheckoutError(
                f"{here}: language must be one of {', '.join(LANGUAGES)} (got {language!r})"
            )
        private = body.get("private", False)
        if not isinstance(private, bool):
            raise CheckoutError(f"{here}: private must be true or false")
        title = body.get("title", "")
        if not isinstance(title, str):
            raise CheckoutError(f"{here}: title must be a string")
        farewell, by_tone = _farewell(body.get("farewell", []), here)
        raw_questions = body.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            raise CheckoutError(f"{here}: no questions; add [[{name}.questions]] tables")
        questions: list[Question] = []
        seen: set[str] = set()
        for index, raw in enumerate(raw_questions, start=1):
            question = _parse_question(raw, f"{here}, question {index}")
            if question.key in seen:
                raise CheckoutError(f"{here}: duplicate key {question.key!r} (question {index})")
            seen.add(question.key)
            questions.append(question)
        sets[name] = QuestionSet(
            name,
            tuple(questions),
            title,
            farewell,
            farewell_by_tone=by_tone,
            language=language,
            private=private,
        )
    return sets


FAREWELL_TONES = ("good", "mixed", "poor", "any")


def _farewell(
    raw: Any, here: str
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """`farewell = [...]` (lines for any tone) or a `[NAME.farewell]` table of lines per
    tone; every line a template whose placeholders are known."""
    if isinstance(raw, dict):
        unknown = set(raw) - set(FAREWELL_TONES)
        if unknown:
            raise CheckoutError(
                f"{here}: farewell has no tone {sorted(unknown)[0]!r}; "
                f"use {', '.join(FAREWELL_TONES)}"
            )
        by_tone = tuple(
            (tone, _farewell_lines(raw[tone], f"{here}: farewell.{tone}"))
            for tone in FAREWELL_TONES
            if tone in raw
        )
        return (), tuple((tone, lines) for tone, lines in by_tone if lines)
    return _farewell_lines(raw, f"{here}: farewell"), ()


def _farewell_lines(raw: Any, here: str) -> tuple[str, ...]:
    from checkout_cli.model.parting import template_problem

    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(line, str) for line in raw):
        raise CheckoutError(
            f"{here} must be a string, a list of strings, or a table of them per tone "
            "(good, mixed, poor)"
        )
    for number, line in enumerate(raw, start=1):
        problem = template_problem(line)
        if problem is not None:
            shown = line if len(line) <= 60 else line[:57] + "..."
            raise CheckoutError(f"{here}, line {number} ({shown!r}): {problem}")
    return tuple(raw)


def _parse_question(raw: Any, here: str) -> Question:
    if not isinstance(raw, dict):
        raise CheckoutError(f"{here}: expected a table with key, text and kind")
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise CheckoutError(f"{here}: key must be letters, digits, - or _ (got {key!r})")
    here = f"{here} ({key!r})"
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CheckoutError(f"{here}: missing text")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise CheckoutError(f"{here}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    unknown = set(raw) - _COMMON_FIELDS - _KIND_FIELDS[kind]
    if unknown:
        raise CheckoutError(f"{here}: field {sorted(unknown)[0]!r} does not apply to kind {kind}")
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise CheckoutError(f"{here}: optional must be true or false")
    label = raw.get("label", "")
    if not isinstance(label, str):
        raise CheckoutError(f"{here}: label must be a string (a short name for the question)")
    common: dict[str, Any] = {
        "key": key,
        "text": text.strip(),
        "kind": kind,
        "optional": optional,
        "label": label.strip(),
    }
    if kind == "choice":
        return Question(**common, **_choice_fields(raw, here))
    if kind == "scale":
        return Question(**common, **_scale_fields(raw, here))
    return Question(**common)


def _choice_fields(raw: dict[str, Any], here: str) -> dict[str, Any]:
    choices = raw.get("choices")
    if (
        not isinstance(choices, list)
        or len(choices) < 2
        or not all(isinstance(c, str) and c.strip() for c in choices)
    ):
        raise CheckoutError(f"{here}: choices must list at least two words")
    cleaned = tuple(c.strip() for c in choices)
    if len({c.lower() for c in cleaned}) != len(cleaned):
        raise CheckoutError(f"{here}: choices repeat themselves")
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise CheckoutError(f"{here}: note must be a string (the follow-up question)")
    return {"choices": cleaned, "note": note, "meanings": _meanings(raw, cleaned, here)}


def _meanings(
    raw: dict[str, Any], choices: tuple[str, ...], here: str
) -> tuple[tuple[str, str], ...]:
    """`meanings = { "sí" = "achieved", … }`; English yes/partly/no mean what they say."""
    given = raw.get("meanings")
    if given is None:
        if {c.casefold() for c in choices} >= {"yes", "no"}:
            return tuple(
                (c, _ENGLISH_MEANINGS[c.casefold()])
                for c in choices
                if c.casefold() in _ENGLISH_MEANINGS
            )
        return ()
    if not isinstance(given, dict) or not given:
        raise CheckoutError(
            f'{here}: meanings must be a table of choice = meaning, e.g. {{ "sí" = "achieved" }}'
        )
    folded = {c.casefold(): c for c in choices}
    found: list[tuple[str, str]] = []
    for choice, meaning in given.items():
        if choice.casefold() not in folded:
            raise CheckoutError(
                f"{here}: meanings names {choice!r}, which is not one of the choices "
                f"({', '.join(choices)})"
            )
        if meaning not in MEANINGS:
            raise CheckoutError(
                f"{here}: meaning of {choice!r} must be one of {', '.join(MEANINGS)} "
                f"(got {meaning!r})"
            )
        found.append((folded[choice.casefold()], meaning))
    return tuple(found)


def _scale_fields(raw: dict[str, Any], here: str) -> dict[str, Any]:
    low, high = raw.get("min", 1), raw.get("max", 5)
    if type(low) is not int or type(high) is not int:
        raise CheckoutError(f"{here}: min and max must be whole numbers")
    from checkout_cli.model.limits import check_scale

    check_scale(f"{here}: min", low)
    check_scale(f"{here}: max", high)
    if low > high:
        raise CheckoutError(f"{here}: min ({low}) is greater than max ({high})")
    labels = {name: raw.get(name) for name in ("min_label", "max_label")}
    for name, label in labels.items():
        if label is not None and not isinstance(label, str):
            raise CheckoutError(f"{here}: {name} must be a string")
    return {"min": low, "max": high, **labels}


def pick(sets: dict[str, QuestionSet], name: str | None, where: Path) -> QuestionSet:
    """The named set; an unknown name gets a did-you-mean from the known ones."""
    name = name or (DEFAULT_SET if DEFAULT_SET in sets else next(iter(sets)))
    if name in sets:
        return sets[name]
    from difflib import get_close_matches

    close = get_close_matches(name, list(sets), n=1, cutoff=0.4)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    known = ", ".join(sets)
    raise CheckoutError(f"no question set {name!r} in {where} (known: {known}).{hint}")


def choice_for(question: Question, typed: str) -> str | None:
    """A choice typed in full or by its first letter (when that letter is unambiguous)."""
    typed = typed.strip().lower()
    if not typed:
        return None
    for choice in question.choices:
        if choice.lower() == typed:
            return choice
    starts = [c for c in question.choices if c.lower().startswith(typed)]
    return starts[0] if len(starts) == 1 else None


def as_dict(qset: QuestionSet) -> dict[str, Any]:
    """A set as plain data, for `questions show --json`."""
    from dataclasses import asdict

    questions = []
    for q in qset.questions:
        data = {k: v for k, v in asdict(q).items() if v not in (None, (), "")}
        data["label"] = q.short
        if q.meanings:
            data["meanings"] = dict(q.meanings)
        questions.append(data)
    return {
        "name": qset.name,
        "title": qset.title,
        "language": qset.language,
        "private": qset.private,
        "farewell": (
            {tone: list(lines) for tone, lines in qset.farewell_by_tone}
            if qset.farewell_by_tone
            else list(qset.farewell)
        ),
        "questions": questions,
    }
