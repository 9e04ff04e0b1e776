"""The shape a check-out reads of each of the journal's last lines (`codec.head_decoder`).

When, and which meeting it was: memory and the parting's rhythm look at no more, and
the one check-out memory finds is read whole. msgspec skips every field not named
here without building it, which is what makes reading a thousand lines cheap. A
TypedDict, so msgspec builds the plain dict an entry is, with only the keys it has.
Imported only by such a read, since it imports msgspec. (No `from __future__ import
annotations`: msgspec reads these annotations at run time.)
"""

from typing import Any, TypedDict

import msgspec


class Head(TypedDict, total=False):
    id: Any
    at: Any
    recorded_at: Any
    title: Any
    event: Any


decode_head = msgspec.json.Decoder(Head).decode
