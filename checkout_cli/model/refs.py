"""Quick references to check-outs and their steps, as git has `HEAD~N`.

`last` is the latest check-out recorded, `last~N` the N-th before it; a step is
`REF:N`, the N-th next step of a check-out (`last:2`, `k3m9:1`). Parsing only: the
flows read the journal's end to find what a reference names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checkout_cli.model.errors import CheckoutError

LAST = "last"
_LAST = re.compile(r"last(?:~([0-9]{1,6}))?", re.ASCII | re.IGNORECASE)
_STEP = re.compile(r"(.+):([0-9]{1,6})", re.ASCII)


@dataclass(frozen=True, slots=True)
class Back:
    """`last~N`: the check-out `back` places before the latest (0: the latest)."""

    back: int


def entry_ref(text: str) -> Back | None:
    """`last` or `last~N` as a Back; None for anything else (an id or its start)."""
    found = _LAST.fullmatch(text.strip())
    if found is None:
        return None
    return Back(int(found.group(1) or 0))


@dataclass(frozen=True, slots=True)
class StepRef:
    """`REF:N`: the `number`-th next step (from 1) of the check-out `entry` names."""

    entry: str
    number: int


def step_ref(text: str) -> StepRef | None:
    """`last:2` or `k3m9qzab:1` as a StepRef; None for an action id (or its start)."""
    found = _STEP.fullmatch(text.strip())
    if found is None:
        return None
    number = int(found.group(2))
    if number < 1:
        raise CheckoutError(f"{text.strip()!r}: steps count from 1, as the receipt lists them")
    return StepRef(found.group(1).strip(), number)


def describe(back: Back) -> str:
    return LAST if not back.back else f"{LAST}~{back.back}"
