"""The wheel carries the default questions: build it, install it in a fresh venv, run it."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_installs_and_shows_the_packaged_questions(tmp_path: Path) -> None:
    pytest.importorskip("build")
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("checkout_cli-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # The wheel itself goes in with pip (not editable); its dependencies come from this
    # environment through a .pth line, so the test needs no network.
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {**os.environ, "CHECKOUT_HOME": str(tmp_path / "home")}
    env.pop("PYTHONPATH", None)
    checkout = str(venv / "bin" / "checkout")
    shown = subprocess.run(
        [checkout, "questions", "show"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert shown.returncode == 0, shown.stderr
    assert "How worthwhile was this meeting for you?" in shown.stdout
    assert "one-on-one" in shown.stdout and "customer-call" in shown.stdout
    where = subprocess.run(
        [checkout, "questions", "path"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    ).stdout.strip()
    assert where == str(site / "checkout_cli" / "questions.toml")
