"""The user's settings (config.toml), typed: built from the parsed TOML with every key
checked, and turned back into the same TOML/JSON form.

Keys this version does not know (a later version's, or added by hand) are kept as
read, so `checkout config set` and `calendar add` never drop them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from checkout_cli.model.errors import CheckoutError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
KNOWN_KEYS = ("name", "week_start", "email", "calendars", "alias")


@dataclass(frozen=True, slots=True)
class Settings:
    name: str = ""  # `@me` in a next step means this; "" when not set
    week_start: str = "monday"  # a name from WEEKDAYS, lower case
    email: tuple[str, ...] = ()  # your own addresses, left out of attendee lists
    calendars: tuple[str, ...] = ()  # .ics files or folders, as added
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
        extra = {key: value for key, value in data.items() if key not in KNOWN_KEYS}
        from checkout_cli.model.people import check_aliases

        alias = check_aliases(data.get("alias", {}), where)
        return cls(
            name=name,
            week_start=week_start,
            email=lists["email"],
            calendars=lists["calendars"],
            alias=MappingProxyType(alias),
            keys=tuple(data),
            extra=MappingProxyType(extra),
        )

    @property
    def me(self) -> str:
        """Who `@me` is: the configured name, or `me` before one is set."""
        return self.name or "me"

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
