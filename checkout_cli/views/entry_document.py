"""A check-out as a TOML document to edit by hand, and the edited document back as an entry.

The person sees a readable TOML document (the journal's JSON is awkward to edit
by hand); what comes back is validated against the question kinds before anything
is saved. Fields the document does not show (`id`, `recorded_at`, `v`, `set`,
`event`, anything a later version added) are carried over untouched.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from checkout_cli.model.entry import KINDS, iso
from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.moments import RANGE, usable

Limits = Mapping[str, tuple[int, int]]

_TOP_FIELDS = ("title", "at", "with", "tags", "answers")
_FIXED_FIELDS = ("id", "recorded_at", "v")
_ANSWER_FIELDS = ("key", "kind", "question", "value", "note")
_ACTION_FIELDS = ("id", "text", "owner", "due", "done_at")
_ERROR_MARK = "# ! "
_ACTION_NUMBER = re.compile(r"[1-9][0-9]{0,5}", re.ASCII)  # a next step's number in its id
_MISSING = object()


def to_toml(entry: Mapping[str, Any]) -> str:
    """The entry as a TOML document to edit: a how-to header, then the editable fields.

    TOML has no null: a None field is left out, and `from_toml` restores it.
    """
    import tomli_w

    doc: dict[str, Any] = {}
    for key in ("title", "at", "with", "tags"):
        if entry.get(key) is not None:
            doc[key] = _tomlable(entry[key])
    answers = entry.get("answers")
    if isinstance(answers, list):
        doc["answers"] = [_answer_doc(a) for a in answers if isinstance(a, dict)]
    # tomli-w turns "\r\n" inside a multi-line string into "\n"; escaped strings keep it.
    multiline = "\r" not in _all_text(doc)
    return _header(entry) + tomli_w.dumps(doc, multiline_strings=multiline)


def _answer_doc(answer: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _ANSWER_FIELDS:
        if answer.get(key) is not None:
            out[key] = _tomlable(answer[key])
    if isinstance(out.get("value"), list):
        out["value"] = [
            {k: item[k] for k in _ACTION_FIELDS if item.get(k) is not None}
            if isinstance(item, dict)
            else item
            for item in out["value"]
        ]
    return out


def _tomlable(value: Any) -> Any:
    """Drop the nulls TOML cannot hold (inside odd hand-written values)."""
    if isinstance(value, list):
        return [_tomlable(v) for v in value if v is not None]
    if isinstance(value, dict):
        return {str(k): _tomlable(v) for k, v in value.items() if v is not None}
    return value


def _all_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(_all_text(v) for v in value)
    if isinstance(value, dict):
        return "".join(_all_text(v) for v in value.values())
    return ""


def _header(entry: Mapping[str, Any]) -> str:
    from checkout_cli.views.render import safe

    fixed = (
        f"Check-out {safe(entry.get('id', '?'))}, recorded {safe(entry.get('recorded_at', '?'))}"
    )
    if entry.get("set"):
        fixed += f", question set {safe(entry['set'])}"
    return "\n".join(
        [
            f"# {fixed}.",
            "# Change what you need, then save and close the editor to keep it.",
            "# To change nothing, close the editor without saving (or empty this file).",
            "# `at` is when the meeting happened: an ISO date-time with its UTC offset.",
            "# Leave out an answer's `value` to mark it skipped. Next steps: `text` is",
            "# needed; `owner`, `due` (YYYY-MM-DD) and `done_at` are optional; a new one",
            "# needs no `id`. The id, recorded_at and v cannot be changed here.",
            "",
            "",
        ]
    )


def from_toml(
    text: str, original: Mapping[str, Any], *, limits: Limits | None = None
) -> dict[str, Any]:
    """The entry the edited document describes, checked; raises CheckoutError naming the problem.

    `limits` maps scale question keys to (min, max) when the entry's question set
    still exists; without it any whole number is a valid scale answer.
    """
    from checkout_cli.model.toml_text import parse_toml

    doc = parse_toml(text, "the edited text is not valid TOML")
    return _build(doc, original, limits or {})


def _build(doc: dict[str, Any], original: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    for key in doc:
        if key in _FIXED_FIELDS:
            if doc[key] != original.get(key):
                raise CheckoutError(f"{key} cannot be changed; remove the `{key} =` line")
        elif key not in _TOP_FIELDS:
            known = ", ".join(_TOP_FIELDS)
            raise CheckoutError(f"unknown field {key!r}; the fields are {known}")
    entry = copy.deepcopy(dict(original))
    title = doc.get("title")
    if not isinstance(title, str) or not title.strip():
        raise CheckoutError('title is missing; write it as title = "Weekly sync"')
    entry["title"] = title
    entry["at"] = _moment(doc.get("at", _MISSING), original.get("at"), "at")
    _not_after_recording(entry["at"], original.get("recorded_at"))
    for key in ("with", "tags"):
        _set_or_absent(entry, key, _strings(doc.get(key, _MISSING), key), empty=[])
    raw_answers = doc.get("answers", [])
    if not isinstance(raw_answers, list):
        raise CheckoutError("answers must be [[answers]] tables")
    stored = original.get("answers")
    old_answers = (
        {a.get("key"): a for a in stored if isinstance(a, dict)} if isinstance(stored, list) else {}
    )
    answers: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_answers, start=1):
        answer = _answer(raw, number, old_answers, limits)
        if answer["key"] in seen:
            raise CheckoutError(f"answer {number}: key {answer['key']!r} is used twice")
        seen.add(answer["key"])
        answers.append(answer)
    entry["answers"] = answers
    _number_new_actions(entry, original)
    from checkout_cli.model.limits import check_entry

    check_entry(entry)
    return entry


def _set_or_absent(target: dict[str, Any], key: str, value: Any, *, empty: Any) -> None:
    """Put an edited value in place; a field left out becomes `empty`, or stays out/None.

    A field the original did not have stays absent, and one that was null stays
    null, so opening and saving an odd hand-written entry changes nothing.
    """
    if value is not _MISSING:
        target[key] = value
    elif key in target:
        if target[key] is None:
            return
        if empty is _MISSING:
            del target[key]
        else:
            target[key] = empty


def _strings(value: Any, key: str) -> Any:
    if value is _MISSING:
        return value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CheckoutError(f'{key} must be a list of names, e.g. {key} = ["Ana", "Raj"]')
    return value


def _moment(value: Any, before: Any, where: str) -> str:
    """An ISO date-time with offset, kept as typed when unchanged, else normalised."""
    if value is _MISSING:
        raise CheckoutError(
            f'{where} is missing; write it as {where} = "2026-11-20T15:00:00+01:00"'
        )
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        if "T" in value.upper() or " " in value.strip():
            with contextlib.suppress(ValueError):
                moment = datetime.fromisoformat(value.strip())
        if moment is None:
            raise CheckoutError(
                f"{where} {value!r} is not an ISO date-time; write it as 2026-11-20T15:00:00+01:00"
            )
    else:
        raise CheckoutError(
            f'{where} must be a date-time in quotes, e.g. "2026-11-20T15:00:00+01:00"'
        )
    if moment.tzinfo is None:
        raise CheckoutError(
            f"{where} {_shown(value)} needs a UTC offset, e.g. 2026-11-20T15:00:00+01:00"
        )
    if usable(moment) is None:
        raise CheckoutError(
            f"{where} {_shown(value)} is too near the ends of the calendar; give a time "
            f"in {RANGE}, in UTC and in local time"
        )
    if isinstance(value, str) and value == before:
        return value
    return iso(moment)


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else repr(value)


def _not_after_recording(at: str, recorded: Any) -> None:
    try:
        recorded_at = datetime.fromisoformat(str(recorded))
    except ValueError:
        return
    if recorded_at.tzinfo is None:
        recorded_at = recorded_at.astimezone()
    if datetime.fromisoformat(at) > recorded_at:
        raise CheckoutError(
            f"at {at} is later than when the check-out was recorded ({recorded}); "
            "a meeting ends before its check-out"
        )


def _answer(
    raw: Any, number: int, old_answers: Mapping[Any, dict[str, Any]], limits: Limits
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise CheckoutError(f"answer {number} must be an [[answers]] table")
    key = raw.get("key")
    if not isinstance(key, str) or not key.strip():
        raise CheckoutError(f'answer {number}: key is missing; write it as key = "goals"')
    where = f"answer {number} ({key})"
    unknown = set(raw) - set(_ANSWER_FIELDS)
    if unknown:
        fields = ", ".join(_ANSWER_FIELDS)
        raise CheckoutError(
            f"{where}: unknown field {sorted(unknown)[0]!r}; the fields are {fields}"
        )
    kind = raw.get("kind")
    if kind not in KINDS:
        raise CheckoutError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    question = raw.get("question")
    if not isinstance(question, str):
        raise CheckoutError(f"{where}: question must be the question's text, in quotes")
    note = raw.get("note", _MISSING)
    if note is not _MISSING and not isinstance(note, str):
        raise CheckoutError(f"{where}: note must be text in quotes")
    value = _value(raw.get("value", _MISSING), kind, where, limits.get(key))
    old = old_answers.get(key)
    answer = copy.deepcopy(old) if old is not None else {}
    answer["key"] = key
    answer["question"] = question
    answer["kind"] = kind
    if value is _MISSING and old is None:
        value = None
    _set_or_absent(answer, "value", value, empty=None)
    if kind == "actions" and isinstance(answer.get("value"), list) and value is not _MISSING:
        _restore_actions(answer["value"], old or {})
    _set_or_absent(answer, "note", note, empty=_MISSING)
    return answer


def _value(value: Any, kind: str, where: str, bounds: tuple[int, int] | None) -> Any:
    if value is _MISSING:
        return value
    if kind in ("choice", "text"):
        if not isinstance(value, str):
            raise CheckoutError(f"{where}: value must be text in quotes (a {kind} answer)")
        return value
    if kind == "scale":
        if type(value) is not int:
            raise CheckoutError(f"{where}: value must be a whole number (a scale answer)")
        from checkout_cli.model.limits import check_scale, number

        check_scale(f"{where}: value", value)
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            raise CheckoutError(
                f"{where}: value {number(value)} is not from {bounds[0]} to {bounds[1]}"
            )
        return value
    if not isinstance(value, list):
        raise CheckoutError(f"{where}: value must be a list of next steps, e.g. value = []")
    return [_action(item, f"{where}, next step {n}") for n, item in enumerate(value, start=1)]


def _action(raw: Any, where: str) -> dict[str, Any]:
    """A next step as typed; `_restore_actions` later merges it with the stored one."""
    if not isinstance(raw, dict):
        raise CheckoutError(f'{where}: write it as {{ text = "Send the notes", owner = "Ana" }}')
    unknown = set(raw) - set(_ACTION_FIELDS)
    if unknown:
        fields = ", ".join(_ACTION_FIELDS)
        raise CheckoutError(
            f"{where}: unknown field {sorted(unknown)[0]!r}; the fields are {fields}"
        )
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CheckoutError(f"{where}: text is missing; say what is to be done")
    item: dict[str, Any] = {"text": text}
    for key in ("id", "owner"):
        if key in raw:
            if not isinstance(raw[key], str) or not raw[key].strip():
                raise CheckoutError(f"{where}: {key} must be text in quotes")
            item[key] = raw[key]
    if "due" in raw:
        item["due"] = _due(raw["due"], where)
    if "done_at" in raw:
        item["done_at"] = _moment(raw["done_at"], _MISSING, f"{where}: done_at")
    return item


def _due(value: Any, where: str) -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise CheckoutError(f"{where}: due {value!r} is not a date; write it as due = 2026-11-25")


def _restore_actions(items: list[dict[str, Any]], old_answer: Mapping[str, Any]) -> None:
    """Give each edited step back the fields it had (extra ones, nulls, string forms)."""
    old_items = old_answer.get("value")
    by_id = (
        {a.get("id"): a for a in old_items if isinstance(a, dict) and a.get("id")}
        if isinstance(old_items, list)
        else {}
    )
    for index, item in enumerate(items):
        old = by_id.get(item.get("id"))
        if old is None:
            items[index] = {
                "id": item.get("id"),
                "text": item["text"],
                "owner": item.get("owner"),
                "due": item.get("due"),
                "done_at": item.get("done_at"),
            }
            continue
        merged = copy.deepcopy(old)
        merged["text"] = item["text"]
        for key in ("owner", "due", "done_at"):
            value = item.get(key, _MISSING)
            if key == "done_at" and value is not _MISSING and _same_moment(value, old.get(key)):
                value = old[key]
            _set_or_absent(merged, key, value, empty=None)
        items[index] = merged


def _same_moment(new: str, old: Any) -> bool:
    try:
        return datetime.fromisoformat(new) == datetime.fromisoformat(str(old))
    except ValueError:
        return False


def _number_new_actions(entry: dict[str, Any], original: Mapping[str, Any]) -> None:
    """New steps get the next free `<entry id>-N`; ids must stay unique within the entry."""
    from checkout_cli.model.entry import actions

    entry_id = str(entry.get("id", ""))
    items = actions(entry)
    seen: set[str] = set()
    for item in items:
        if item.get("id") is None:
            continue
        if item["id"] in seen:
            raise CheckoutError(f"next step id {item['id']!r} is used twice; ids must differ")
        seen.add(item["id"])
    had = {str(a.get("id")) for a in actions(dict(original))}
    prefix = f"{entry_id}-"
    for step_id in seen - had:
        number = step_id[len(prefix) :] if step_id.startswith(prefix) else ""
        if not _ACTION_NUMBER.fullmatch(number):
            shown = step_id if len(step_id) <= 40 else f"{step_id[:40]}…"
            raise CheckoutError(
                f"next step id {shown!r} is not one checkout gives (they look like "
                f"{prefix}1); leave the id out and the step gets a new one"
            )
    numbers = [
        int(i[len(prefix) :])
        for i in seen | had
        if i.startswith(prefix) and _ACTION_NUMBER.fullmatch(i[len(prefix) :])
    ]
    next_number = max(numbers, default=0) + 1
    for item in items:
        if item.get("id") is None:
            item["id"] = f"{prefix}{next_number}"
            next_number += 1


def scale_limits(entry: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """(min, max) of each scale question in the entry's set, if that set still exists."""
    from checkout_cli.store import question_files

    name = entry.get("set")
    if not isinstance(name, str):
        return {}
    try:
        sets, _ = question_files.load()
    except CheckoutError:
        return {}
    qset = sets.get(name)
    if qset is None:
        return {}
    return {q.key: (q.min, q.max) for q in qset.questions if q.kind == "scale"}


def is_blank(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def with_error(text: str, message: str) -> str:
    """The person's own text, with the reason it was refused at the top (as a comment)."""
    from checkout_cli.views.render import safe

    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(_ERROR_MARK):
        lines.pop(0)
    return f"{_ERROR_MARK}{safe(message)}\n" + "".join(lines)
