"""config.toml: read with tomllib into `Settings`, written with tomli-w, every key checked."""

from __future__ import annotations

from pathlib import Path

from checkout_cli.model.errors import CheckoutError, UsageProblem
from checkout_cli.model.settings import WEEKDAYS, Settings, reminder_time
from checkout_cli.store import paths

# key -> what `checkout config set` accepts, for help and error messages.
SETTABLE = {
    "name": "your name; `@me` in a next step means you",
    "week_start": "the first day of a week in reports (monday … sunday)",
    "email": "your e-mail address(es), left out of attendee lists",
    "carry_over_weeks": "open next steps older than this many weeks are summed up in one line "
    "at the next check-out (default 4; 0 asks about each)",
    "reminder": "when a to-do's alarm rings on its due day in calendar exports (HH:MM)",
    "alias.NAME": "other spellings of one person (comma-separated), shown as NAME; empty removes",
}


def load(path: Path | None = None) -> Settings:
    """The user's settings, or the defaults when there is no file yet. A broken file is an
    error, not the defaults."""
    path = path or paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        raise CheckoutError(f"cannot read config {path}: {error}") from None
    from checkout_cli.model.toml_text import parse_toml  # only once there is a file to parse

    data = parse_toml(text, f"config {path} (fix or remove it)")
    return Settings.from_toml(data, f"config {path}")


def save(settings: Settings, path: Path | None = None) -> Path:
    import tomli_w

    from checkout_cli.store.files import atomic_write

    path = path or paths.config_file()
    try:
        data = tomli_w.dumps(settings.as_dict()).encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8, from an argument or a file name
        raise CheckoutError(
            "the setting holds bytes that are not valid UTF-8 text, which the config file "
            "cannot keep; retype it (or rename the file) and try again"
        ) from None
    paths.ensure_private_dir(path.parent)
    atomic_write(path, data)
    return path


def set_value(key: str, values: list[str]) -> Settings:
    """Validate and store one setting; returns the new settings."""
    settings = load()
    if key == "name":
        name = " ".join(values).strip()
        if not name:
            raise CheckoutError("name cannot be empty")
        settings = settings.updated(name=name)
    elif key == "week_start":
        day = " ".join(values).strip().lower()
        match = [d for d in WEEKDAYS if d.startswith(day)] if len(day) >= 2 else []
        if len(match) != 1:
            raise CheckoutError(f"week_start must be a weekday name (monday … sunday), not {day!r}")
        settings = settings.updated(week_start=match[0])
    elif key == "email":
        emails = [v.strip() for value in values for v in value.split(",") if v.strip()]
        bad = [e for e in emails if "@" not in e]
        if bad:
            raise CheckoutError(f"not an e-mail address: {bad[0]!r}")
        settings = settings.updated(email=emails)
    elif key == "carry_over_weeks":
        given = " ".join(values).strip()
        if not (given.isascii() and given.isdigit()) or not 0 <= int(given) <= 520:
            raise CheckoutError(
                f"carry_over_weeks must be a whole number from 0 to 520, not {given!r}"
            )
        settings = settings.updated(carry_over_weeks=int(given))
    elif key == "reminder":
        text = " ".join(values).strip()
        found = reminder_time(text)
        if found is None:
            raise CheckoutError(f"reminder must be a time of day like 08:30, not {text!r}")
        settings = settings.updated(reminder=f"{found:%H:%M}")
    elif key.startswith("alias."):
        settings = _set_alias(settings, key.removeprefix("alias."), values)
    else:
        from difflib import get_close_matches

        hint = get_close_matches(key, list(SETTABLE), n=1)
        known = ", ".join(SETTABLE)
        suggestion = f" Did you mean {hint[0]!r}?" if hint else ""
        raise UsageProblem(f"unknown setting {key!r} (known: {known}).{suggestion}")
    save(settings)
    return settings


def _set_alias(settings: Settings, name: str, values: list[str]) -> Settings:
    """`alias.Ana "Ana Lima, ana@example.com"`: NAME's spellings, replaced; none removes NAME."""
    from checkout_cli.model.people import check_aliases, fold, split_spellings

    shown = " ".join(name.split())
    if not shown:
        raise UsageProblem('an alias needs a name: alias.NAME, e.g. alias.Ana "Ana Lima"')
    table = {k: v for k, v in settings.alias.items() if fold(k) != fold(shown)}
    spellings = split_spellings(values)
    if spellings:
        table[shown] = spellings
    # The same checks as loading the file, so what is saved always loads.
    return settings.updated(alias=check_aliases(table, "alias"))
