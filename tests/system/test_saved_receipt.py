"""Once a check-out is saved the command succeeds: a receipt that cannot be printed
(stdout on a full disk, a reader gone) is said on stderr, with the id, and exit 0, so
a script that retries on failure does not record the meeting twice."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests import harness
from tests.conftest import QUICK


def stdout_to_dev_full() -> None:
    full = os.open("/dev/full", os.O_WRONLY)
    os.dup2(full, 1)
    os.close(full)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize("as_json", [(), ("--json",)])
def test_a_saved_check_out_whose_receipt_cannot_be_printed_exits_0(
    journal_file: Path, unbuffered: str, as_json: tuple[str, ...]
) -> None:
    env = harness.child_env(PYTHONUNBUFFERED=unbuffered)
    result = harness.run(
        "meeting", "Sync", *QUICK, *as_json, env=env, preexec_fn=stdout_to_dev_full
    )
    assert result.returncode == 0, result.stderr
    ids = harness.journal_ids(journal_file)
    assert len(ids) == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.fullmatch(
        rf"checkout: check-out {ids[0]} was saved, but its receipt could not be printed "
        r"\(No space left on device\)",
        lines[0],
    ), lines[0]


def test_a_reader_gone_before_the_receipt_is_not_a_failure(journal_file: Path) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            harness.command("meeting", "Sync", *QUICK, "--json"),
            env=harness.child_env(),
            stdin=subprocess.DEVNULL,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    ids = harness.journal_ids(journal_file)
    assert done.returncode == 0 and len(ids) == 1, done.stderr
    assert f"check-out {ids[0]} was saved" in done.stderr


def test_a_check_out_that_was_not_saved_still_fails(journal_file: Path) -> None:
    result = harness.run("meeting", "Sync", "--no-input", "-A", "goals=maybe")
    assert "not one of" in harness.assert_one_line_error(result, 1)
    assert not journal_file.exists()
