"""What a command prints once its change is saved: never a reason to report failure.

A check-out whose receipt cannot be printed (stdout on a full disk, a pipe closed
early) is still saved; exiting 1 then would make a retrying script record it twice.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def after_saving(what: str) -> Iterator[None]:
    """Print the receipt of `what` (e.g. "check-out k3m9qzab") inside this block; if
    stdout fails, say on stderr that it was saved and let the command succeed."""
    try:
        yield
        sys.stdout.flush()
    except OSError as error:
        _silence_stdout()
        from checkout_cli.views.render import safe

        reason = error.strerror or str(error)
        with contextlib.suppress(OSError, ValueError):
            print(
                f"checkout: {safe(what)} was saved, but its receipt could not be printed "
                f"({safe(reason)})",
                file=sys.stderr,
            )


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not fail a second time."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
