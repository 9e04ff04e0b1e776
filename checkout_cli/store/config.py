"""config.toml: read with tomllib, written with tomli-w, every key checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checkout_cli.model.errors import CheckoutError, UsageProblem
from checkout_cli.store import paths

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# key -> what `checkout config set` accepts, for help and error messages.
SETTABLE = {
    "name": "your name; `@me` in a next step means you",
    "week_start": "the first day of a week in reports (monday … sunday)",
    "email": "your e-mail address(es), left out of attendee lists",
}


def load(path: Path | None = None) -> dict[str, Any]:
    """The user's config, or {} when there is none yet. A broken file is an error, not {}."""
    path = path or paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise CheckoutError(f"cannot read config {path}: {error}") from None
    from checkout_cli.model.toml_text import parse_toml  # only once there is a file to parse

    data = parse_toml(text, f"config {path} (fix or remove it)")
    _validate(data, path)
    return data


def _validate(data: dict[str, Any], path: Path) -> None:
    if "name" in data and not isinstance(data["name"], str):
        raise CheckoutError(f"config {path}: name must be a string")
    if "week_start" in data and str(data["week_start"]).lower() not in WEEKDAYS:
        raise CheckoutError(f"config {path}: week_start must be a weekday name, e.g. monday")
    for key in ("email", "calendars"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CheckoutError(f"config {path}: {key} must be a list of strings")


def save(data: dict[str, Any], path: Path | None = None) -> Path:
    import tomli_w

    from checkout_cli.store.files import atomic_write

    path = path or paths.config_file()
    paths.ensure_private_dir(path.parent)
    atomic_write(path, tomli_w.dumps(data).encode("utf-8"))
    return path


def set_value(key: str, values: list[str]) -> dict[str, Any]:
    """Validate and store one setting; returns the new config."""
    data = load()
    if key == "name":
        data["name"] = " ".join(values).strip()
        if not data["name"]:
            raise CheckoutError("name cannot be empty")
    elif key == "week_start":
        day = " ".join(values).strip().lower()
        match = [d for d in WEEKDAYS if d.startswith(day)] if len(day) >= 2 else []
        if len(match) != 1:
            raise CheckoutError(f"week_start must be a weekday name (monday … sunday), not {day!r}")
        data["week_start"] = match[0]
    elif key == "email":
        emails = [v.strip() for value in values for v in value.split(",") if v.strip()]
        bad = [e for e in emails if "@" not in e]
        if bad:
            raise CheckoutError(f"not an e-mail address: {bad[0]!r}")
        data["email"] = emails
    else:
        from difflib import get_close_matches

        hint = get_close_matches(key, list(SETTABLE), n=1)
        known = ", ".join(SETTABLE)
        suggestion = f" Did you mean {hint[0]!r}?" if hint else ""
        raise UsageProblem(f"unknown setting {key!r} (known: {known}).{suggestion}")
    save(data)
    return data


def week_start(data: dict[str, Any]) -> int:
    """0 = Monday … 6 = Sunday."""
    return WEEKDAYS.index(str(data.get("week_start", "monday")).lower())


def me(data: dict[str, Any]) -> str:
    return str(data.get("name") or "me")


def emails(data: dict[str, Any]) -> list[str]:
    return list(data.get("email", []))


def calendars(data: dict[str, Any]) -> list[str]:
    return list(data.get("calendars", []))
