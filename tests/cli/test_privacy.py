"""Private by default: journal, backups, rejected lines and settings are 0600 and the
folders the tool makes are 0700, whatever the umask; nothing ever touches the network."""

from __future__ import annotations

import importlib
import os
import pkgutil
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

import checkout_cli
from tests.conftest import QUICK

Cli = Callable[..., Result]
Record = Callable[..., dict[str, Any]]
EDITOR = "sed -i -e 's/^title = .*/title = \"Renamed\"/'"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """umask 0: anything not given its mode on purpose would come out world-writable."""
    old = os.umask(0)
    yield
    os.umask(old)


def assert_private(folder: Path) -> None:
    """Every file in `folder` 0600, every folder 0700 (the folder itself included)."""
    assert mode(folder) == 0o700, folder
    for path in folder.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert mode(path) == expected, (path.name, oct(mode(path)))


@pytest.mark.usefixtures("open_umask")
def test_journal_and_everything_beside_it_stay_private(
    cli: Cli,
    checkout_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "several" / "new" / "folders"
    monkeypatch.setenv("CHECKOUT_HOME", str(home))
    monkeypatch.setenv("EDITOR", EDITOR)
    journal_file = home / "journal.jsonl"

    def saved(title: str) -> str:
        result = cli("meeting", title, *QUICK, "--json")
        assert result.exit_code == 0, result.output
        import json

        entry_id: str = json.loads(result.stdout)["id"]
        return entry_id

    first = saved("Weekly sync")
    for folder in (home, home.parent, home.parent.parent):  # every folder it made
        assert mode(folder) == 0o700, folder
    assert_private(home)
    second = saved("Customer call")
    steps = [
        ("done", f"{first}-1"),
        ("reopen", f"{first}-1"),
        ("edit", first),
        ("delete", second, "--yes"),
    ]
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        assert_private(home)
    assert (home / "journal.jsonl.bak").exists()
    with journal_file.open("ab") as handle:
        handle.write(b"{not json\n")
    repaired = cli("check", "--repair", "--yes")
    assert repaired.exit_code == 0, repaired.output
    assert (home / "journal.rejected.jsonl").exists()
    assert_private(home)
    for args in (
        ("config", "set", "name", "Ana"),
        ("config", "set", "email", "ana@example.org"),
        ("questions", "init"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    assert {p.name for p in home.iterdir()} >= {"config.toml", "questions.toml"}
    assert_private(home)


@pytest.mark.usefixtures("open_umask")
def test_a_journal_named_on_the_command_line_gets_private_folders(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "deeper" / "team.jsonl"
    result = cli("meeting", "Sync", *QUICK, "--journal", str(target))
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700 and mode(target.parent.parent) == 0o700


# -- no network --------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way out of the machine fails the test (and is recorded, should it be caught)."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[:2]!r}")
            raise AssertionError(f"network use: {name}{args[:2]!r}")

        return refused

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    yield attempts
    assert attempts == []


def calendar_with_remote_references(folder: Path) -> Path:
    """An .ics that names URLs everywhere a reader might be tempted to fetch one."""
    path = folder / "remote.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Custom/Zone\r\nTZURL:http://tz.example.invalid/zone\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\n"
        "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VEVENT\r\nUID:remote@example.invalid\r\nDTSTAMP:20261118T090000Z\r\n"
        "DTSTART;TZID=Custom/Zone:20261118T100000\r\nDTEND;TZID=Custom/Zone:20261118T110000\r\n"
        "SUMMARY:Remote sync\r\nURL:http://example.invalid/meeting\r\n"
        "ATTACH:http://example.invalid/agenda.pdf\r\n"
        "ATTENDEE;CN=Ana:mailto:ana@example.invalid\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return path


def test_no_module_and_no_command_touches_the_network(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: list[str]
) -> None:
    with pytest.raises(AssertionError):  # the guard itself works
        socket.getaddrinfo("example.invalid", 443)
    no_network.clear()
    for module in pkgutil.walk_packages(checkout_cli.__path__, "checkout_cli."):
        if module.name != "checkout_cli.__main__":
            importlib.import_module(module.name)
    monkeypatch.setenv("CHECKOUT_NOW", "2026-11-18T12:00:00+01:00")
    monkeypatch.setenv("EDITOR", EDITOR)
    calendar = calendar_with_remote_references(tmp_path)
    out = tmp_path / "out"
    out.mkdir()

    def ok(*args: str) -> Result:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        return result

    ok("calendar", "add", str(calendar))
    ok("config", "set", "email", "me@example.invalid")
    import json

    ok("meeting", "--event", "latest", *QUICK)
    entry = json.loads(ok("meeting", "Remote sync", *QUICK, "--json").stdout)
    for args in (
        ("log",),
        ("show", entry["id"]),
        ("report",),
        ("report", "--json"),
        ("actions",),
        ("search", "notes"),
        ("pending", "--since", "2026-11-01"),
        ("done", f"{entry['id']}-1"),
        ("reopen", f"{entry['id']}-1"),
        ("edit", entry["id"]),
        ("check",),
        ("paths",),
        ("questions", "show"),
        ("calendar", "list"),
        (),
    ):
        ok(*args)
    for fmt in ("md", "json", "csv", "html", "ics"):
        ok("export", "--all", "--format", fmt, "-o", str(out / f"all.{fmt}"))
    page = (out / "all.html").read_text().replace("http://www.w3.org/2000/svg", "")
    assert "://" not in page  # the page fetches nothing when opened, either
