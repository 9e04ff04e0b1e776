"""TOML text to data, with one kind of error: config, questions and edited check-outs alike."""

from __future__ import annotations

from typing import Any

from checkout_cli.model.errors import CheckoutError


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """A TOML document, or one CheckoutError that starts with `where` and says what is wrong."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CheckoutError(f"{where}: {error}") from None
    except (ValueError, RecursionError):  # tomllib's own limits, not its syntax errors
        raise CheckoutError(f"{where}: a number is too long or values nest too deeply") from None
