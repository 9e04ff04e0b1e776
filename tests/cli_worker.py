"""Run `checkout` command lines one after another, through the real entry point.

A new interpreter per check-out costs about 0.3 s, too slow for a thousand of
them in a test; this worker runs the app in-process for each command line
instead. It builds the Click command from the Typer app once and calls it as
`checkout_cli.cli.app.main` (the function the `checkout` script calls) would, minus
rebuilding that command every time (which alone costs 30 ms). A line whose first
word is `spawn` runs as a separate `checkout` process, so the script itself takes
part too.

argv[1]: a JSON file with a list of argument lists. Once it has loaded the app
the worker prints `@@ready` and waits for one line on stdin (so that many workers
start together); after each command it prints `@@exit CODE` on its own line.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any


@functools.cache
def app_command() -> Any:
    from typer.main import get_command

    from checkout_cli.cli.app import app

    return get_command(app)


def in_process(args: list[str]) -> int:
    try:
        app_command().main(args, prog_name="checkout")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def spawned(args: list[str]) -> int:
    binary = Path(sys.executable).with_name("checkout")
    command = [str(binary)] if binary.exists() else [sys.executable, "-m", "checkout_cli"]
    sys.stdout.flush()
    return subprocess.run([*command, *args], check=False).returncode


def main() -> None:
    commands = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    app_command()
    sys.stdout.write("@@ready\n")
    sys.stdout.flush()
    sys.stdin.readline()
    for args in commands:
        code = spawned(args[1:]) if args[:1] == ["spawn"] else in_process(args)
        sys.stdout.write(f"\n@@exit {code}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
