"""The one printer of warnings: a line on stderr for each, the store and the
calendars call it through the `warn` callback the flows hand them."""

from __future__ import annotations

import sys

# C0 and C1 controls and DEL, shown as `\xNN`: a warning quotes paths and text from files.
_UNPRINTABLE = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}


def warn_stderr(message: str) -> None:
    """One line on stderr; no escape sequence in a quoted path or text reaches the terminal."""
    print(f"checkout: warning: {message.translate(_UNPRINTABLE)}", file=sys.stderr)
