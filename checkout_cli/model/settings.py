"""The user's settings (config.toml), typed: built from the parsed TOML with every key
checked, and turned back into the same TOML/JSON form.

Keys this version does not know (a later version's, or added by hand) are kept as
read, so `checkout config set` and `calendar add` never drop them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import time
from types import MappingProxyType
from typing import Any

from checkout_cli.model.errors import CheckoutError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
KNOWN_KEYS = ("name", "week_start", "email", "calendars", "carry_over_weeks", "reminder", "alias")
DEFAULT_REMINDER = "09:00"


def reminder_time(text: str) -> time | None:
    """A time of day written `HH:MM` (24-hour, `8:30` too), or None when it is not one."""
    hours, colon, minutes = text.strip().partition(":")
    if not colon or not hours.isdigit() or len(hours) > 2 or len(minutes) != 2:
        return None
    if not minutes.isdigit() or int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))


@dataclass(frozen=True, slots=True)
class Settings:
    name: str = ""  # `@me` in a next step means this; "" when not set
    week_start: str = "monday"  # a name from WEEKDAYS, lower case
    email: tuple[str, ...] = ()  # your own addresses, left out of attendee lists
    calendars: tuple[str, ...] = ()  # .ics files or folders, as added
    # Open steps agreed longer ago are summed up in one line at the carry-over (0: never).
    carry_over_weeks: int = 4
    reminder: str = DEFAULT_REMINDER  # HH:MM on a to-do's due day, for its calendar alarm
    # One person's other spellings, by the name they are shown as (model/people.py).
    alias: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # Keys in the order the file has them (known and unknown), so the file and
    # `config show` keep their order; known keys not listed are shown when not default.
    keys: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_toml(cls, data: Mapping[str, Any], where: str) -> Settings:
        """Check the parsed file; a wrong value is a one-line error naming `where` and the key."""
        name = data.get("name", "")
        if not isinstance(name, str):
            raise CheckoutError(f"{where}: name must be a string")
        week_start = str(data.get("week_start", "monday")).lower()
        if week_start not in WEEKDAYS:
            raise CheckoutError(f"{where}: week_start must be a weekday name, e.g. monday")
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("email", "calendars"):
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CheckoutError(f"{where}: {key} must be a list of strings")
            lists[key] = tuple(value)
        weeks = data.get("carry_over_weeks", 4)
        if type(weeks) is not int or not 0 <= weeks <= 520:
            raise CheckoutError(f"{where}: carry_over_weeks must be a whole number from 0 to 520")

        reminder = data.get("reminder", DEFAULT_REMINDER)
        found = reminder_time(reminder) if isinstance(reminder, str) else None
        if found is None:
            raise CheckoutError(f'{where}: reminder must be a time of day like "09:00"')
        extra = {key: value for key, value in data.items() if key not in KNOWN_KEYS}
        from checkout_cli.model.people import check_aliases

        alias = check_aliases(data.get("alias", {}), where)
        return cls(
            name=name,
            week_start=week_start,
            email=lists["email"],
            calendars=lists["calendars"],
            carry_over_weeks=weeks,
            reminder=f"{found:%H:%M}",
            alias=MappingProxyType(alias),
            keys=tuple(data),
            extra=MappingProxyType(extra),
        )

    @property
    def me(self) -> str:
        """Who `@me` is: the configured name, or `me` before one is set."""
        return self.name or "me"

    @property
    def reminder_at(self) -> time:
        """The reminder's time of day."""
        return reminder_time(self.reminder) or time(9, 0)

    @property
    def first_weekday(self) -> int:
        """0 = Monday … 6 = Sunday."""
        return WEEKDAYS.index(self.week_start)

    def updated(
        self,
        *,
        name: str | None = None,
        week_start: str | None = None,
        email: Sequence[str] | None = None,
        calendars: Sequence[str] | None = None,
        carry_over_weeks: int | None = None,
        reminder: str | None = None,
        alias: Mapping[str, Sequence[str]] | None = None,
    ) -> Settings:
        """These settings with the given ones changed (a new key goes last in the file)."""
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = name
        if week_start is not None:
            changes["week_start"] = week_start
        if email is not None:
            changes["email"] = tuple(email)
        if calendars is not None:
            changes["calendars"] = tuple(calendars)
        if carry_over_weeks is not None:
            changes["carry_over_weeks"] = carry_over_weeks
        if reminder is not None:
            changes["reminder"] = reminder
        if alias is not None:
            changes["alias"] = MappingProxyType({k: tuple(v) for k, v in alias.items()})
        keys = self.keys + tuple(key for key in changes if key not in self.keys)
        return replace(self, keys=keys, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The TOML form (also what `config show --json` prints): the keys the file has, in
        its order, then any known key that differs from its default."""
        default = Settings()
        known: dict[str, Any] = {
            "name": self.name,
            "week_start": self.week_start,
            "email": list(self.email),
            "calendars": list(self.calendars),
            "carry_over_weeks": self.carry_over_weeks,
            "reminder": self.reminder,
            "alias": {name: list(spellings) for name, spellings in self.alias.items()},
        }
        out: dict[str, Any] = {}
        for key in self.keys:
            if key == "alias" and not self.alias:
                continue  # the last alias removed: no empty table left behind
            if key in known:
                out[key] = known[key]
            elif key in self.extra:
                out[key] = self.extra[key]
        for key in KNOWN_KEYS:
            if key not in out and getattr(self, key) != getattr(default, key):
                out[key] = known[key]
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out
