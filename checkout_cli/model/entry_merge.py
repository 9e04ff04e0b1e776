"""A person's edit of a check-out, carried over to a version another command saved
meanwhile: a three-way merge of entries, field by field and answer by answer."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

_MISSING = object()


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """What differs between two versions of an entry, as a person reads it:
    `title`, `answer next`, … (`answers` when answers were added, removed or moved)."""
    found = []
    for key in dict.fromkeys([*before, *after]):
        if key == "answers" and _same_answer_keys(before, after):
            old, new = _by_key(before), _by_key(after)
            found += [f"answer {k}" for k in old if old[k] != new[k]]
        elif before.get(key, _MISSING) != after.get(key, _MISSING):
            found.append(key)
    return found


def reapply(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> dict[str, Any] | None:
    """`theirs` with the changes `mine` made to `base`; None when both changed the same
    value differently, so neither may be picked silently.

    Tables merge key by key, and lists of tables with the same ids (answers by `key`,
    next steps by `id`, in the same order) item by item, so a step marked done
    elsewhere and another step retyped here both stay.
    """
    merged = _merge(dict(base), dict(mine), dict(theirs))
    if merged is _CONFLICT:
        return None
    assert isinstance(merged, dict)
    return copy.deepcopy(merged)


_CONFLICT = object()


def _merge(base: Any, mine: Any, theirs: Any) -> Any:
    if mine in (base, theirs):
        return theirs
    if theirs == base:
        return mine
    if all(isinstance(v, dict) for v in (base, mine, theirs)):
        result = {}
        for key in dict.fromkeys([*theirs, *mine]):
            value = _merge(
                base.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING)
            )
            if value is _CONFLICT:
                return _CONFLICT
            if value is not _MISSING:
                result[key] = value
        return result
    if all(isinstance(v, list) for v in (base, mine, theirs)):
        ids = [_ids(v) for v in (base, mine, theirs)]
        if ids[0] is None or not ids[0] == ids[1] == ids[2]:
            return _CONFLICT
        items = [_merge(*trio) for trio in zip(base, mine, theirs, strict=True)]
        return _CONFLICT if any(item is _CONFLICT for item in items) else items
    return _CONFLICT


def _ids(items: list[Any]) -> list[str] | None:
    """Each table's `key` (answers) or `id` (next steps), when all have one and none repeats."""
    found = []
    for item in items:
        if not isinstance(item, dict):
            return None
        name = item.get("key", item.get("id"))
        if not isinstance(name, str):
            return None
        found.append(name)
    return found if len(set(found)) == len(found) else None


def _by_key(entry: Mapping[str, Any]) -> dict[Any, Any]:
    answers = entry.get("answers")
    assert isinstance(answers, list)
    return {answer.get("key"): answer for answer in answers}


def _same_answer_keys(*entries: Mapping[str, Any]) -> bool:
    """Whether every version holds the same answers, in the same order, each once."""
    found = []
    for entry in entries:
        answers = entry.get("answers")
        if not isinstance(answers, list):
            return False
        keys = _ids(answers)
        if keys is None:
            return False
        found.append(keys)
    return all(keys == found[0] for keys in found)
