"""Every test runs against a temp CHECKOUT_HOME: no test touches the real user dirs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def checkout_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "checkout-home"
    monkeypatch.setenv("CHECKOUT_HOME", str(home))
    for name in ("CHECKOUT_JOURNAL", "CHECKOUT_NOW", "VISUAL", "EDITOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    yield home
