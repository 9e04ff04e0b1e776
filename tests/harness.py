"""The real `checkout` in child processes: for tests that kill it, limit it, race it or
take its permissions away.

A child is the installed console script (`.venv/bin/checkout`) when there is one,
else `python -m checkout_cli`. Its environment is the test's (so `CHECKOUT_HOME`
from conftest applies) and never writes byte code, so a file size limit or a
missing permission meets the journal, not a `.pyc` file.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

BIN = Path(sys.executable).with_name("checkout")
WORKER = Path(__file__).with_name("cli_worker.py")
ROOT = Path(__file__).resolve().parent.parent

# `"id": "k3m9qzab"` as `--json` prints an entry; action ids ("k3m9qzab-1") do not match.
PRINTED_ID = re.compile(r'"id": "([0-9a-z]{8})"')

# Linux capability numbers, for `without_permission_override`.
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2
_CAP_FOWNER = 3


def command(*args: str) -> list[str]:
    if BIN.exists():
        return [str(BIN), *args]
    return [sys.executable, "-m", "checkout_cli", *args]


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("PAGER", None)
    env.update(extra)
    return env


def run(
    *args: str,
    env: dict[str, str] | None = None,
    input: str | None = None,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """One `checkout` command in a fresh process; stdin is never a terminal."""
    return subprocess.run(
        command(*args),
        env=env or child_env(),
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        preexec_fn=preexec_fn,
        timeout=timeout,
        check=False,
    )


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], code: int = 1, *, said: int = 0
) -> str:
    """The house style for a failure: exit `code`, one `checkout: …` line on stderr, no
    traceback. `said`: lines the command prints before it gets to the failing step
    (`delete` shows the check-out it is about to delete). Returns the message."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 + said, result.stderr
    assert lines[-1].startswith("checkout: "), result.stderr
    return lines[-1]


def printed_ids(output: str) -> set[str]:
    return set(PRINTED_ID.findall(output))


def journal_ids(path: Path) -> list[str]:
    """Ids of the lines that parse, in file order (read without the code under test).

    No file is no ids: every writer of a round may be killed before its first append.
    """
    found = []
    raw_all = path.read_bytes() if path.exists() else b""
    for raw in raw_all.split(b"\n"):
        try:
            item = json.loads(raw)
        except ValueError:
            continue
        found.append(item["id"])
    return found


class Worker:
    """A `cli_worker.py` process whose output is read as it comes, so it never blocks
    on a full pipe (a check-out's JSON can be larger than the pipe's buffer)."""

    def __init__(self, plan: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(plan)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        self.ready = threading.Event()
        self._out: list[bytes] = []
        self._err: list[bytes] = []
        self._threads = [
            threading.Thread(target=self._drain, args=(self.process.stdout, self._out, True)),
            threading.Thread(target=self._drain, args=(self.process.stderr, self._err, False)),
        ]
        for thread in self._threads:
            thread.start()

    def _drain(self, stream: IO[bytes] | None, into: list[bytes], watch: bool) -> None:
        assert stream is not None
        for line in stream:
            if watch and line == b"@@ready\n":
                self.ready.set()
                continue
            into.append(line)
        self.ready.set()

    def kill(self) -> None:
        """SIGKILL the worker and any `checkout` process it started."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def finish(self, timeout: float = 120) -> tuple[str, str]:
        """Wait for the end; (stdout, stderr) as text."""
        self.process.wait(timeout=timeout)
        for thread in self._threads:
            thread.join(timeout=timeout)
        return (
            b"".join(self._out).decode("utf-8", "replace"),
            b"".join(self._err).decode("utf-8", "replace"),
        )

    @property
    def returncode(self) -> int | None:
        return self.process.returncode


def start_workers(
    command_lists: Sequence[Sequence[Sequence[str]]], folder: Path, *, env: dict[str, str]
) -> list[Worker]:
    """One worker per list of command lines, each waiting for `go`."""
    workers = []
    for n, commands in enumerate(command_lists):
        plan = folder / f"worker-{n}-{time.monotonic_ns()}.json"
        plan.write_text(json.dumps([list(c) for c in commands]))
        workers.append(Worker(plan, env))
    return workers


def go(workers: Sequence[Worker], timeout: float = 60) -> None:
    """Release every worker at once, once all have loaded the app."""
    for worker in workers:
        assert worker.ready.wait(timeout), "a worker did not start"
    for worker in workers:
        stdin = worker.process.stdin
        assert stdin is not None
        stdin.write(b"go\n")
        stdin.close()


def finish(worker: Worker, timeout: float = 120) -> tuple[str, str]:
    return worker.finish(timeout)


def exit_codes(output: str) -> list[int]:
    return [int(code) for code in re.findall(r"^@@exit (-?\d+)$", output, re.MULTILINE)]


def without_permission_override() -> None:
    """preexec_fn: make file permission bits bind the child even when it runs as root.

    Root passes permission checks through CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH.
    Dropping them from the bounding set before exec leaves the child's root
    without them, so a 0500 folder or a 0000 file stops it as it stops anyone.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def load_lines(path: Path) -> list[Any]:
    return [json.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def terminal(*args: str, home: Path, dimensions: tuple[int, int] = (40, 200), **env: str) -> Any:
    """`checkout ARGS` in a real pseudo-terminal (pexpect), with `home` as CHECKOUT_HOME,
    no colour and a dumb terminal; `env` adds to (or overrides) its environment."""
    import pexpect

    line = command(*args)
    child_env = {
        **os.environ,
        "CHECKOUT_HOME": str(home),
        "NO_COLOR": "1",
        "TERM": "dumb",
        **env,
    }
    return pexpect.spawn(
        line[0], line[1:], env=child_env, encoding="utf-8", timeout=20, dimensions=dimensions
    )


def journal_entries(home: Path) -> list[dict[str, Any]]:
    """The entries of the journal in `home`, as stored ([] when there is none)."""
    path = home / "journal.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]
