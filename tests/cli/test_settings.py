"""Settings: config.toml read into a typed value, checked key by key, written back as read."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.settings import Settings
from checkout_cli.store import config

Cli = Callable[..., Result]


def test_defaults_without_a_file(checkout_home: Path) -> None:
    settings = config.load()
    assert settings == Settings()
    assert (settings.me, settings.first_weekday, settings.email, settings.calendars) == (
        "me",
        0,
        (),
        (),
    )
    assert settings.as_dict() == {}


def test_fields_from_the_file() -> None:
    settings = Settings.from_toml(
        {"name": "Ana", "week_start": "Sunday", "email": ["a@x.org"], "calendars": ["w.ics"]},
        "config c.toml",
    )
    assert settings.me == "Ana" and settings.week_start == "sunday"
    assert settings.first_weekday == 6
    assert settings.email == ("a@x.org",) and settings.calendars == ("w.ics",)
    assert Settings.from_toml({"name": ""}, "here").me == "me"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": 3}, "config c.toml: name must be a string"),
        ({"name": ["Ana"]}, "config c.toml: name must be a string"),
        ({"week_start": "funday"}, "config c.toml: week_start must be a weekday name, e.g. monday"),
        ({"week_start": 1}, "config c.toml: week_start must be a weekday name, e.g. monday"),
        ({"email": "a@x.org"}, "config c.toml: email must be a list of strings"),
        ({"email": ["a@x.org", 2]}, "config c.toml: email must be a list of strings"),
        ({"calendars": {"a": 1}}, "config c.toml: calendars must be a list of strings"),
    ],
)
def test_wrong_values_are_one_line_errors(data: dict[str, Any], message: str) -> None:
    with pytest.raises(CheckoutError) as error:
        Settings.from_toml(data, "config c.toml")
    assert str(error.value) == message


def test_a_broken_file_names_its_path(checkout_home: Path, cli: Cli) -> None:
    checkout_home.mkdir(parents=True, exist_ok=True)
    path = checkout_home / "config.toml"
    path.write_text('week_start = "someday"\n')
    result = cli("config", "show")
    assert result.exit_code == 1
    assert result.stderr == (
        f"checkout: config {path}: week_start must be a weekday name, e.g. monday\n"
    )


def test_unknown_keys_survive_set_and_calendar_add_in_file_order(
    checkout_home: Path, cli: Cli, tmp_path: Path
) -> None:
    checkout_home.mkdir(parents=True, exist_ok=True)
    path = checkout_home / "config.toml"
    path.write_text('theme = "dark"\nweek_start = "friday"\n\n[later]\nfeature = true\nlevel = 3\n')
    assert cli("config", "set", "name", "Mia").exit_code == 0
    calendar = tmp_path / "work.ics"
    calendar.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
    assert cli("calendar", "add", str(calendar)).exit_code == 0
    expected = {
        "theme": "dark",
        "week_start": "friday",
        "later": {"feature": True, "level": 3},
        "name": "Mia",
        "calendars": [str(calendar.resolve())],
    }
    stored = tomllib.loads(path.read_text())
    assert stored == expected
    shown = cli("config", "show", "--json")
    assert shown.exit_code == 0
    # In the file's order (TOML writes tables last), as `config show --json` always did.
    assert list(json.loads(shown.stdout).items()) == list(stored.items())
    assert config.load().extra == {"theme": "dark", "later": {"feature": True, "level": 3}}


def test_show_json_is_the_file_as_written(checkout_home: Path, cli: Cli) -> None:
    checkout_home.mkdir(parents=True, exist_ok=True)
    (checkout_home / "config.toml").write_text('email = []\nname = "Ana"\nweek_start = "monday"\n')
    shown = cli("config", "show", "--json")
    assert shown.stdout == '{\n  "email": [],\n  "name": "Ana",\n  "week_start": "monday"\n}\n'


def test_updated_adds_new_keys_last_and_keeps_the_rest() -> None:
    settings = Settings.from_toml({"calendars": ["a.ics"], "x": 1}, "here")
    changed = settings.updated(email=["me@x.org"], calendars=[])
    assert changed.as_dict() == {"calendars": [], "x": 1, "email": ["me@x.org"]}
    assert settings.calendars == ("a.ics",)  # frozen: the old value is as it was
    with pytest.raises(AttributeError):
        settings.name = "Ana"  # type: ignore[misc]


def test_built_directly_shows_what_differs_from_the_defaults() -> None:
    assert Settings(email=("me@x.org",)).as_dict() == {"email": ["me@x.org"]}
