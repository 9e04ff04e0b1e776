"""The help panels are the command modules: each declares its commands, every command
sits in one panel and has help, and help shows no type markers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from typer.main import get_command
from typer.testing import Result

from checkout_cli.cli import commands
from checkout_cli.cli.app import app

Cli = Callable[..., Result]
TITLES = ["Record", "Review", "Follow-through", "Set-up"]
# What some Typer versions print beside an option: `<bool>`, `<str>`, `<list[str]>`.
TYPE_MARKER = re.compile(r"<(bool|str|int|float|list\[.*?\]|path|date|datetime)>", re.I)


def test_one_module_per_panel() -> None:
    folder = Path(commands.__file__).parent
    modules = {path.stem for path in folder.glob("*.py")} - {"__init__"}
    assert set(commands.PANELS) == modules
    assert [panel.title for panel in commands.panels()] == TITLES


def test_help_lists_the_panels_commands_in_their_order() -> None:
    group = get_command(app)
    ctx = group.context_class(group)
    declared = [name for panel in commands.panels() for name in panel.names]
    assert group.list_commands(ctx) == declared  # type: ignore[attr-defined]
    assert len(declared) == len(set(declared))


def test_every_command_has_help_in_its_panel(cli: Cli) -> None:
    for panel in commands.panels():
        assert panel.names, panel.title
        for name in panel.names:
            built = panel.build(name)
            assert built.rich_help_panel == panel.title, name
            shown = cli(name, "--help")
            assert shown.exit_code == 0, name
            assert f"Usage: checkout {name}" in shown.stdout
            assert not TYPE_MARKER.search(shown.stdout), name
            for sub in getattr(built, "commands", {}):
                inner = cli(name, sub, "--help")
                assert inner.exit_code == 0, (name, sub)
                assert not TYPE_MARKER.search(inner.stdout), (name, sub)
    text = cli("--help").stdout
    for title in TITLES:
        assert title in text
    assert not TYPE_MARKER.search(text)


def test_a_mistyped_option_before_the_command_is_one_line_too(cli: Cli) -> None:
    """`checkout --bogus` said it in a box of Rich's, unlike `checkout meeting --bogus`."""
    for args in (["--bogus"], ["--bogus", "meeting"], ["-x"]):
        result = cli(*args)
        assert result.exit_code == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("checkout: No such option"), lines
        assert "(see `checkout --help`)" in lines[0] and "╭" not in result.stderr
    assert cli("--version").exit_code == 0


def test_a_mistyped_command_of_a_group_is_suggested_once(cli: Cli) -> None:
    result = cli("config", "get", "name")
    assert result.exit_code == 2
    assert result.stderr.count("Did you mean 'set'?") == 1, result.stderr
    assert cli("meetin").stderr.count("Did you mean 'meeting'?") == 1
