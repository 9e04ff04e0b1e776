"""The current time, in one place so scripts and tests can pin it with CHECKOUT_NOW."""

from __future__ import annotations

import os
from datetime import date, datetime

from checkout_cli.model.errors import CheckoutError


def now() -> datetime:
    """Aware local time; `CHECKOUT_NOW` (ISO date-time) overrides it for reproducible runs."""
    pinned = os.environ.get("CHECKOUT_NOW")
    if pinned:
        try:
            return datetime.fromisoformat(pinned).astimezone()
        except ValueError:
            raise CheckoutError(
                f"CHECKOUT_NOW={pinned!r} is not an ISO date-time; unset it or fix it"
            ) from None
    return datetime.now().astimezone()


def today() -> date:
    return now().date()
