"""Completion as a person gets it: the script `checkout --show-completion` prints (Typer
finds the shell it runs in), loaded from the shell's start-up file in a real interactive
bash and zsh, and Tab pressed on a typed line.

Each test reads the line back by moving to its start and putting `printf '<%s>'` in
front, so what is checked is the words the shell would run, quoting undone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

BIN = Path(sys.executable).with_name("checkout")
QUICK = ["--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", "worth=4"]

pytestmark = pytest.mark.skipif(not BIN.exists(), reason="needs the installed checkout script")


def _env(home: Path, shell_home: Path) -> dict[str, str]:
    return {
        "PATH": f"{BIN.parent}{os.pathsep}/usr/bin:/bin",
        "HOME": str(shell_home),
        "CHECKOUT_HOME": str(home),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "LANG": "C.UTF-8",
    }


def _run(home: Path, *args: str) -> str:
    env = {**os.environ, "CHECKOUT_HOME": str(home)}
    done = subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def journal(checkout_home: Path) -> dict[str, list[str]]:
    """Two meetings: "Weekly sync" with two open steps, "Retro" with one done."""
    retro = json.loads(
        _run(checkout_home, "meeting", "Retro", *QUICK, "-A", "next=Fix CI", "--json")
    )
    weekly = json.loads(
        _run(
            checkout_home,
            "meeting",
            "Weekly sync",
            *QUICK,
            "-A",
            "next=Send the notes @Ana",
            "-A",
            "next=Book a room",
            "--json",
        )
    )
    done_id = retro["answers"][2]["value"][0]["id"]
    _run(checkout_home, "done", done_id)
    open_ids = [step["id"] for step in weekly["answers"][2]["value"]]
    return {"open": open_ids, "done": [done_id]}


def _bash(home: Path, tmp_path: Path) -> pexpect.spawn:
    rc = tmp_path / "bashrc"
    rc.write_text("set -o emacs\neval \"$(checkout --show-completion)\"\nPS1='READY$ '\n")
    child = pexpect.spawn(
        "bash",
        ["--noprofile", "--rcfile", str(rc), "-i"],
        env=_env(home, tmp_path),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 200),
    )
    child.expect_exact("READY$ ")
    return child


def _zsh(home: Path, tmp_path: Path) -> pexpect.spawn:
    if shutil.which("zsh") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("zsh is missing in CI; .ci/run installs it")
        pytest.skip("zsh is not installed (.ci/run installs it)")
    (tmp_path / ".zshrc").write_text(
        "bindkey -e\nautoload -Uz compinit\ncompinit -u\n"
        'eval "$(checkout --show-completion)"\n'
        "PS1='READY$ '\n"
    )
    env = {**_env(home, tmp_path), "ZDOTDIR": str(tmp_path)}
    child = pexpect.spawn(
        "zsh", ["-i"], env=env, encoding="utf-8", timeout=20, dimensions=(40, 200)
    )
    child.expect_exact("READY$ ")
    return child


def _words_after_tab(child: pexpect.spawn, typed: str) -> str:
    """Type `typed`, press Tab, and return the words the line then holds, as <w><w>…."""
    child.send(typed + "\t")
    child.send("\x01printf '<%s>' \x05; echo\r")  # Ctrl-A, Ctrl-E: the line's start and end
    child.expect(r"(<checkout>[^\r\n]*>)\r?\n")
    words: str = child.match.group(1)
    child.expect_exact("READY$ ")
    return words


def _listed_after_tabs(child: pexpect.spawn, typed: str) -> str:
    """Type `typed` and press Tab until the shell lists the candidates (bash inserts
    their common start first), then clear the line; returns what was listed."""
    child.send(typed)
    for _ in range(4):
        child.send("\t")
        if child.expect(["READY\\$ ", pexpect.TIMEOUT], timeout=3) == 0:
            break  # the prompt drawn again below the list
    else:
        raise AssertionError(f"no list after Tab: {child.before!r}")
    listed: str = child.before
    child.send("\x03")  # Ctrl-C drops the line
    child.expect_exact("READY$ ")
    return listed


def test_bash_completes_a_title_quoted(
    checkout_home: Path, tmp_path: Path, journal: dict[str, list[str]]
) -> None:
    child = _bash(checkout_home, tmp_path)
    assert _words_after_tab(child, "checkout meeting W") == "<checkout><meeting><Weekly sync>"
    assert _words_after_tab(child, "checkout meeting w") == "<checkout><meeting><Weekly sync>"
    # Inside a quote the person opened, bash closes it.
    assert _words_after_tab(child, "checkout meeting 'Wee") == "<checkout><meeting><Weekly sync>"
    assert (
        _words_after_tab(child, "checkout log --title W") == "<checkout><log><--title><Weekly sync>"
    )
    child.sendeof()


def test_bash_done_offers_only_open_ids(
    checkout_home: Path, tmp_path: Path, journal: dict[str, list[str]]
) -> None:
    child = _bash(checkout_home, tmp_path)
    listed = _listed_after_tabs(child, "checkout done ")
    for open_id in journal["open"]:
        assert open_id in listed
    assert journal["done"][0] not in listed
    [done_id] = journal["done"]
    assert _words_after_tab(child, "checkout reopen ") == f"<checkout><reopen><{done_id}>"
    child.sendeof()


def test_zsh_completes_a_title_and_describes_open_ids(
    checkout_home: Path, tmp_path: Path, journal: dict[str, list[str]]
) -> None:
    child = _zsh(checkout_home, tmp_path)
    assert _words_after_tab(child, "checkout meeting W") == "<checkout><meeting><Weekly sync>"
    listed = _listed_after_tabs(child, "checkout done ")
    for open_id in journal["open"]:
        assert open_id in listed
    assert journal["done"][0] not in listed
    assert "Send the notes" in listed and "Book a room" in listed  # each id's text beside it
    child.sendeof()
