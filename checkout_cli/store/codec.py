"""The line codec: one journal entry <-> one line of JSON, through JSON libraries only.

`decode` reads a line with orjson; the few lines orjson refuses that are still
JSON this tool has always read (a `"\\ud83d"` escape of a lone surrogate, which
some writers produce; a byte order mark; NaN) go through the standard library's
`json` for that line alone. Whatever neither takes is an unreadable line, and
`decode` says why in a few words: not valid UTF-8, not valid JSON, nested too
deeply, not a JSON object. It never raises for a line's content.

`encode` writes an entry as `checkout meeting` always has (`json.dumps` with its
default separators, non-ASCII kept), so lines this version writes look like the
ones before it and a rewrite leaves untouched lines byte for byte.

Both libraries are imported on first use, so start-up does not pay for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from checkout_cli.model.errors import CheckoutError

Entry = dict[str, Any]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Unreadable(str):
    """Why a line holds no entry: a short reason, e.g. "not a JSON object"."""

    __slots__ = ()


def encode(entry: Entry) -> bytes:
    """One line: the entry's keys in its order, UTF-8, non-ASCII kept, newline-terminated."""
    import json

    try:
        return (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        raise CheckoutError(
            "the text contains characters that are not valid Unicode; retype it"
        ) from None
    except RecursionError:
        raise CheckoutError("the entry is nested too deeply to be written") from None


def decode(raw: bytes) -> Entry | Unreadable:
    """The entry on a line (surrounding JSON whitespace and the newline allowed), or why
    there is none."""
    try:
        value = _loads()(raw)
    except ValueError:  # orjson.JSONDecodeError is a ValueError
        return _decode_slowly(raw)
    if type(value) is dict:
        return value
    return Unreadable("not a JSON object")


def recorded_at_of(raw: bytes) -> str | None:
    """The `recorded_at` text of the entry on a line, None when it has none."""
    entry = decode(raw)
    if isinstance(entry, Unreadable):
        return None
    value = entry.get("recorded_at")
    return value if isinstance(value, str) else None


def _decode_slowly(raw: bytes) -> Entry | Unreadable:
    import json

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Unreadable(f"not valid UTF-8 (byte {error.start + 1})")
    try:
        value = json.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        return Unreadable("not readable: nested too deeply")
    except ValueError as error:
        return Unreadable(f"not valid JSON ({error})")
    if type(value) is not dict:
        return Unreadable("not a JSON object")
    try:
        mended: Entry = _mend(value)
    except RecursionError:  # `json` nests deeper than orjson; mending walks it all
        return Unreadable("not readable: nested too deeply")
    return mended


def _mend(value: Any) -> Any:
    """Lone surrogates shown as U+FFFD, as a UTF-8 decoder would: printing or
    re-encoding one would fail. The line itself stays as it is unless a command
    changes that entry."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mend(item) for item in value]
    if isinstance(value, dict):
        return {_mend(key): _mend(item) for key, item in value.items()}
    return value


def quick_decoder() -> Any:
    """The function `decode` tries first (orjson's `loads`): where it returns a dict,
    that dict is what `decode` returns, and anything else it does (an error, another
    value) leaves the line to `decode`. For a reader's inner loop, which saves two calls
    a line by trying it first."""
    return _loads()


def head_decoder() -> Callable[[bytes], Entry | Unreadable]:
    """What a tail read of meetings' heads decodes with: the whole line, since orjson
    reads a whole line faster than any partial decode costs to import."""
    return decode


def _loads() -> Callable[[bytes], Any]:
    global _decode
    if _decode is None:
        import orjson

        _decode = orjson.loads
    return _decode


_decode: Callable[[bytes], Any] | None = None
