"""The shape a brief read decodes a journal line into (`codec.brief_decoder`).

msgspec skips every field not named here without building it, which is what makes
a brief read cheap. Imported only by a brief read, since it imports msgspec. (No
`from __future__ import annotations`: msgspec reads these annotations at run time.)
"""

from typing import Any, TypedDict

import msgspec


class Answer(msgspec.Struct):
    key: Any = None
    kind: Any = None
    value: msgspec.Raw = msgspec.Raw(b"null")  # its JSON text: decoded only where counted
    meaning: Any = None

    def decoded(self) -> Any:
        """The answer's value (a hand-edited one that does not decode reads as None)."""
        try:
            return _value(self.value)
        except (ValueError, RecursionError):
            return None


class Line(msgspec.Struct):
    at: Any = None
    recorded_at: Any = None
    set_: Any = msgspec.field(default=None, name="set")
    answers: list[Answer] = []


# What a check-out reads of each of the journal's last lines: when, and which meeting it
# was (memory, and the parting's rhythm, look at no more; the one check-out memory finds
# is read whole). A TypedDict, so msgspec builds the plain dict an entry is, with only the
# keys it has.


class Head(TypedDict, total=False):
    id: Any
    at: Any
    recorded_at: Any
    title: Any
    event: Any


decode = msgspec.json.Decoder(Line).decode
decode_head = msgspec.json.Decoder(Head).decode
_value = msgspec.json.Decoder().decode
