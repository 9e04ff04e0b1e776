"""Check that a change to the read path or the report changed no output, byte for byte.

Usage: python benchmarks/same_output.py --old DIR JOURNAL [JOURNAL ...] [--now ISO]
       [--weeks N] [--quick]

`DIR` holds the package as it was (`git archive REF checkout_cli | tar -x -C DIR`); the
other side is the package this Python imports. Every journal gets a home of its own
for each side (a copy, so order markers and backups stay apart), and both sides run
`report` (JSON and the terminal view) and `export` in every format over the last
`--weeks` full weeks, two months, a --since/--until span and the whole journal, with the
clock at `--now` (default: half an hour after the first journal's last entry). Standard
output, standard error (the two package folders' paths taken out) and the exit status
must match; it prints the commands that differ and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import checkout_cli

FORMATS = ("md", "json", "csv", "html", "ics")


def last_entry_time(path: Path) -> datetime:
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - (1 << 16)))
        lines = [line for line in handle.read().split(b"\n") if line.strip()]
    return datetime.fromisoformat(json.loads(lines[-1])["recorded_at"])


def week_label(monday: date) -> str:
    year, week, _ = (monday + timedelta(days=3)).isocalendar()
    return f"{year}-W{week:02d}"


def periods(now: datetime, weeks: int) -> list[list[str]]:
    day = now.date()
    monday = day - timedelta(days=day.weekday() + 7)
    found = [["--week", week_label(monday - timedelta(days=7 * back))] for back in range(weeks)]
    month = day.replace(day=1)
    before = (month - timedelta(days=1)).replace(day=1)
    found += [["--month", month.strftime("%Y-%m")], ["--month", before.strftime("%Y-%m")]]
    found.append(["--since", (day - timedelta(days=75)).isoformat(), "--until", day.isoformat()])
    found.append(["--all"])
    return found


def commands(spans: list[list[str]], quick: bool) -> list[list[str]]:
    found = []
    for span in spans:
        found += [["report", *span, "--json"], ["report", *span]]
        for name in FORMATS[:-1] if quick else FORMATS:
            found.append(["export", "--format", name, *span])
    found.append(["report", "--all", "--json", "--tag", "team"])
    found.append(["report", *spans[0], "--json", "--set", "meeting"])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--old", required=True, type=Path)
    parser.add_argument("journals", nargs="+", type=Path)
    parser.add_argument("--now")
    parser.add_argument("--weeks", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="no ics (it reads everything)")
    args = parser.parse_args()
    new_root = Path(checkout_cli.__file__).resolve().parent.parent
    old_root = args.old.resolve()
    if not (old_root / "checkout_cli").is_dir():
        parser.error(f"{old_root} holds no checkout_cli package")
    now = datetime.fromisoformat(args.now) if args.now else None
    now = now or last_entry_time(args.journals[0]) + timedelta(minutes=30)
    script = Path(sys.executable).parent / "checkout"
    differ = ran = 0
    with tempfile.TemporaryDirectory(prefix="same-output-") as work:
        for number, journal in enumerate(args.journals):
            homes = {}
            for side in ("old", "new"):
                home = Path(work) / f"{side}-{number}"
                home.mkdir()
                shutil.copyfile(journal, home / "journal.jsonl")
                (home / "journal.jsonl").chmod(0o600)
                homes[side] = home
            for argv in commands(periods(now, args.weeks), args.quick):
                outputs = []
                for side, root in (("old", old_root), ("new", new_root)):
                    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKOUT_")}
                    env.update(
                        NO_COLOR="1",
                        COLUMNS="120",
                        TZ=env.get("TZ", "Europe/Berlin"),
                        CHECKOUT_NOW=now.isoformat(),
                        CHECKOUT_HOME=str(homes[side]),
                        XDG_CACHE_HOME=str(Path(work) / f"cache-{side}"),
                        PYTHONPATH=str(root),
                    )
                    done = subprocess.run(
                        [sys.executable, str(script), *argv],
                        env=env,
                        stdin=subprocess.DEVNULL,
                        capture_output=True,
                        check=False,
                    )
                    err = done.stderr.replace(str(old_root).encode(), b"")
                    err = err.replace(str(new_root).encode(), b"")
                    outputs.append((done.returncode, done.stdout, err))
                ran += 1
                if outputs[0] != outputs[1]:
                    differ += 1
                    print(f"DIFFERS: {journal}: checkout {' '.join(argv)}", flush=True)
    print(f"{ran} commands, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
