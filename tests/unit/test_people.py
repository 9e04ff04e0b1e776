"""model/people.py: one person under several spellings, and whose `me` an owner is."""

from __future__ import annotations

from typing import Any

import pytest

from checkout_cli.model.answers import Step
from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.filters import Filters
from checkout_cli.model.people import (
    People,
    check_aliases,
    fold,
    name_me,
    split_spellings,
    uses_me,
)
from checkout_cli.model.settings import Settings

ANA = People({"Ana": ("Ana Lima", "ana@example.com")}, "Sam")


def test_fold_ignores_case_and_spacing() -> None:
    assert fold("  Ana   LIMA ") == "ana lima"


def test_spellings_split_at_commas_once_each() -> None:
    assert split_spellings(["Ana Lima, ana@example.com", "ANA LIMA", " , "]) == (
        "Ana Lima",
        "ana@example.com",
    )


def test_every_spelling_is_the_one_person() -> None:
    for spelling in ("Ana", "ana", "Ana  Lima", "ANA@example.com"):
        assert ANA.person(spelling) == "Ana"
        assert ANA.key(spelling) == "ana"
    assert ANA.person("Raj") == "Raj"


def test_me_is_the_owner_of_its_journal() -> None:
    assert ANA.owner("me") == "Sam"
    assert ANA.owner("Me") == "Sam"
    assert ANA.owner("me", "raj.jsonl") == "me (raj.jsonl)"
    assert ANA.owner("ana lima") == "Ana"
    assert ANA.owner(None) is None
    assert People().owner("me") == "me"  # no name yet: `me` it stays


def test_spellings_of_a_person_and_of_me() -> None:
    assert ANA.spellings("ana lima") == ["Ana", "Ana Lima", "ana@example.com"]
    assert ANA.spellings("@me") == ["Sam", "me"]
    assert ANA.spellings("sam") == ["Sam", "me"]
    aliased_me = People({"Sam": ("Samuel",)}, "Samuel")
    assert aliased_me.me == "Sam"
    assert aliased_me.spellings("me") == ["Sam", "Samuel", "me"]


def test_entry_people_and_owners_become_persons_in_place() -> None:
    entry: dict[str, Any] = {
        "with": ["Ana Lima", "ana@example.com", "Raj"],
        "answers": [
            {"key": "next", "kind": "actions", "value": [{"owner": "me"}, {"owner": "Ana"}]},
            {"key": "improve", "kind": "text", "value": "me"},
        ],
    }
    assert ANA.entry(entry) is entry
    assert entry["with"] == ["Ana", "Raj"]
    assert [s["owner"] for s in entry["answers"][0]["value"]] == ["Sam", "Ana"]
    assert entry["answers"][1]["value"] == "me"
    theirs: dict[str, Any] = {"answers": [{"kind": "actions", "value": [{"owner": "me"}]}]}
    People().entry(theirs, "raj.jsonl")
    assert theirs["answers"][0]["value"][0]["owner"] == "me (raj.jsonl)"


def test_an_odd_entry_is_left_as_it_is() -> None:
    odd: dict[str, Any] = {"with": "Ana", "answers": [{"kind": "actions", "value": "x"}, 3]}
    assert ANA.entry(dict(odd)) == odd


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (["Ana"], "alias must be a table of names"),
        ({"Ana": 3}, "alias 'Ana' must be a list of strings"),
        ({"Ana": ["Ana Lima", 2]}, "alias 'Ana' must be a list of strings"),
        ({"Ana": ["A. Lima"], "Anna": ["a. lima"]}, "'a. lima' names both 'Ana' and 'Anna'"),
        ({"Ana": ["Raj"], "Raj": []}, "'Raj' names both 'Ana' and 'Raj'"),
        ({"Sam": ["me"]}, "`me` is whoever keeps a journal"),
        ({" ": ["x"]}, "an alias needs a name"),
        ({"Ana": ["x" * 201]}, "keep it to 200 or fewer"),
    ],
)
def test_a_wrong_alias_table_is_one_line_naming_the_file(table: object, message: str) -> None:
    with pytest.raises(CheckoutError) as error:
        check_aliases(table, "config c.toml")
    assert message in str(error.value)
    assert str(error.value).startswith("config c.toml: ")


def test_a_string_of_spellings_is_taken_and_the_name_itself_dropped() -> None:
    assert check_aliases({"Ana": "Ana Lima, ana"}, "here") == {"Ana": ("Ana Lima",)}


def test_settings_read_and_write_the_alias_table() -> None:
    settings = Settings.from_toml({"name": "Sam", "alias": {"Ana": ["Ana Lima"]}}, "c")
    assert dict(settings.alias) == {"Ana": ("Ana Lima",)}
    assert settings.as_dict() == {"name": "Sam", "alias": {"Ana": ["Ana Lima"]}}
    assert settings.updated(alias={}).as_dict() == {"name": "Sam"}
    with pytest.raises(CheckoutError, match="config c: alias 'Ana' must be a list"):
        Settings.from_toml({"alias": {"Ana": 1}}, "config c")


def test_with_filter_matches_any_spelling() -> None:
    wanted = Filters(people=("ana@example.com",), persons=ANA)
    assert wanted.matches({"with": ["Ana"]}) and wanted.matches({"with": ["ana lima"]})
    assert not wanted.matches({"with": ["Raj"]})
    assert not Filters(people=("Ana",)).matches({"with": ["Ana Lima"]})  # no table: exact


def test_a_drafts_me_is_found_and_named() -> None:
    values: dict[str, Any] = {"next": [Step("Send", "me"), Step("Call", "Ana")], "goals": "yes"}
    assert uses_me(values)
    name_me(values, "Sam")
    assert [s.owner for s in values["next"]] == ["Sam", "Ana"]
    assert not uses_me(values)
