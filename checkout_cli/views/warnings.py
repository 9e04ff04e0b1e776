"""The one printer of warnings: a line on stderr for each, the store and the
calendars call it through the `warn` callback the flows hand them."""

from __future__ import annotations

import sys


def warn_stderr(message: str) -> None:
    """One line on stderr; nothing in a quoted path or text from a file acts on the terminal."""
    from checkout_cli.views.render import safe

    print(f"checkout: warning: {safe(message)}", file=sys.stderr)
