"""The exported HTML page, opened in headless Chromium and checked as it renders.

What the source cannot tell: that the goals bar has a height and parts in proportion
to the counts, that nothing sticks out of a phone's or a desktop's window, that the
page prints on A4 with no table row cut across pages (read back from the PDF), and
that the Content-Security-Policy stops a script that got into the page.

Chromium is driven over the DevTools protocol (a websocket, `websocket-client`). The
test is skipped only on a developer's machine without Chromium; in CI (`CI=true`)
a missing Chromium fails it, and `.ci/run` installs Debian's `chromium`.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Cli = Callable[..., Result]
NOW = "2026-11-21T10:00:00+01:00"  # a Saturday: the week 2026-W47 is behind it
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
HOSTILE = "<script>document.title='ran'</script><img src=x onerror=\"document.title='ran'\">"
UNBROKEN = "Supercalifragilistic-" + "x" * 90  # one word wider than a phone


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is missing in CI; .ci/run installs Debian's chromium package")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


class Page:
    """One browser tab over the DevTools protocol: commands, and the events seen meanwhile."""

    def __init__(self, url: str) -> None:
        import websocket

        self.socket = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.events: list[dict[str, Any]] = []
        self.last = 0
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.last += 1
        self.socket.send(json.dumps({"id": self.last, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.last:
                assert "error" not in message, message
                result: dict[str, Any] = message["result"]
                return result
            self.events.append(message)

    def wait_for(self, event: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        seen = len(self.events)
        while not any(e.get("method") == event for e in self.events[seen:]):
            assert time.monotonic() < deadline, f"no {event} from Chromium"
            self.events.append(json.loads(self.socket.recv()))

    def open(self, path: Path) -> None:
        self.events.clear()
        self.call("Page.navigate", url=path.as_uri())
        self.wait_for("Page.loadEventFired")

    def value(self, expression: str) -> Any:
        found = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in found, found
        return found["result"].get("value")

    def width(self, pixels: int) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=pixels,
            height=900,
            deviceScaleFactor=1,
            mobile=pixels < 600,
        )

    def logged(self) -> list[str]:
        return [
            str(e["params"]["entry"].get("text", ""))
            for e in self.events
            if e.get("method") == "Log.entryAdded"
        ]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    binary = chromium_path()
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            assert process.poll() is None, "Chromium exited at start"
            assert time.monotonic() < deadline, "Chromium did not open its DevTools port"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as answer:
            tabs = json.load(answer)
        tab = next(t for t in tabs if t.get("type") == "page")
        page = Page(tab["webSocketDebuggerUrl"])
        yield page
        page.socket.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def record(cli: Cli, title: str, at: str, *answers: str, qset: str = "meeting") -> None:
    args = ["meeting", title, "--set", qset, "--at", at, "--no-input"]
    for answer in answers:
        args += ["-A", answer]
    result = cli(*args, env={"CHECKOUT_NOW": NOW})
    assert result.exit_code == 0, result.output


def export_html(cli: Cli, target: Path) -> Path:
    result = cli("export", "--week", "2026-W47", "-o", str(target), env={"CHECKOUT_NOW": NOW})
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def week_page(cli: Cli, tmp_path: Path) -> Path:
    """A week as a person has it: a sync, customer calls, hostile and unbroken text.
    Goals: yes 2, partly 2, no 1."""
    record(
        cli,
        "Weekly sync with the extended leadership team and every regional lead",
        "2026-11-17T10:00:00+01:00",
        "goals=partly",
        f"improve=Start on time {HOSTILE}",
        "next=Write the release notes @me due:2026-12-19",
        f"next={UNBROKEN} @Ana due:2026-12-24",
        "worth=3",
    )
    record(
        cli,
        "Sync",
        "2026-11-18T10:00:00+01:00",
        "goals=yes",
        "next=Share the notes @Raj due:2026-12-10",
        "worth=4",
    )
    record(
        cli,
        "Acme pilot review",
        "2026-11-18T14:00:00+01:00",
        "goals=yes",
        "customer=Audit logs, and a clear price for 200 seats",
        "next=Send the pricing sheet @me due:2026-12-23",
        "worth=5",
        qset="customer-call",
    )
    record(
        cli,
        UNBROKEN,
        "2026-11-19T09:00:00+01:00",
        "goals=partly",
        f"improve={UNBROKEN}",
        "next=Share the notes @Raj due:2026-12-10",
        "worth=2",
    )
    record(
        cli,
        "Retro",
        "2026-11-20T16:00:00+01:00",
        "goals=no",
        "next=Share the notes @Raj due:2026-12-10",
        "worth=1",
    )
    return export_html(cli, tmp_path / "week.html")


def test_goals_bar_has_a_height_and_parts_in_proportion(browser: Page, week_page: Path) -> None:
    browser.width(1200)
    browser.open(week_page)
    parts = browser.value(
        "[...document.querySelectorAll('.goals span')].map(s => {"
        " const r = s.getBoundingClientRect();"
        " return {name: s.className, width: r.width, height: r.height}; })"
    )
    assert [p["name"] for p in parts] == ["goal-yes", "goal-partly", "goal-no"]
    assert all(p["height"] >= 6 for p in parts), parts
    total = sum(p["width"] for p in parts)
    assert total > 50
    for part, count in zip(parts, (2, 2, 1), strict=True):
        assert part["width"] == pytest.approx(total * count / 5, abs=1.0), parts


@pytest.mark.parametrize("pixels", [375, 1200])
def test_nothing_overflows_the_window(browser: Page, week_page: Path, pixels: int) -> None:
    browser.width(pixels)
    browser.open(week_page)
    found = browser.value(
        "(() => { const w = document.documentElement.clientWidth;"
        " const out = [...document.body.querySelectorAll('*')].filter(e => {"
        "   const r = e.getBoundingClientRect();"
        "   return r.width > 0 && r.height > 0 && (r.right > w + 0.5 || r.left < -0.5); })"
        "  .map(e => e.tagName + '.' + e.className.baseVal + e.className + ' '"
        "   + (e.textContent || '').slice(0, 30));"
        " return {w, scroll: document.documentElement.scrollWidth, out}; })()"
    )
    assert found["w"] == pixels
    assert found["scroll"] <= pixels, found
    assert found["out"] == [], found
    spilled = browser.value(
        "[...document.querySelectorAll('.numbers > div')].flatMap(card => {"
        " const edge = card.getBoundingClientRect();"
        " return [...card.querySelectorAll('*')].filter(e => {"
        "   const r = e.getBoundingClientRect(); return r.right > edge.right + 0.5; })"
        "  .map(e => e.tagName + ' ' + e.textContent.slice(0, 30)); })"
    )
    assert spilled == [], spilled  # nor out of its card


def test_the_script_in_an_answer_is_text_and_never_runs(browser: Page, week_page: Path) -> None:
    browser.width(1200)
    browser.open(week_page)
    assert browser.value("document.title") == "Check-outs: 2026-W47"
    assert browser.value("document.scripts.length") == 0
    assert HOSTILE in browser.value("document.body.innerText")


def test_the_csp_blocks_a_script_that_got_into_the_page(
    browser: Page, week_page: Path, tmp_path: Path
) -> None:
    """A copy of the real page with a live script and an inline handler in its body (as
    if an escape had failed): the page's own policy stops both. Without the policy the
    same copy runs them, so the probe itself works."""
    source = week_page.read_text(encoding="utf-8")
    probe = (
        "<script>document.title='ran'</script><img src=\"data:,\" onerror=\"document.title='ran'\">"
    )
    injected = source.replace("<body>", "<body>" + probe, 1)
    assert injected != source
    guarded = tmp_path / "guarded.html"
    guarded.write_text(injected, encoding="utf-8")
    browser.open(guarded)
    assert browser.value("document.scripts.length") == 1
    assert browser.value("document.title") == "Check-outs: 2026-W47"
    assert any("Content Security Policy" in line for line in browser.logged()), browser.logged()

    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", injected))
    browser.open(bare)
    assert browser.value("document.title") == "ran"


def test_prints_on_a4_with_no_table_row_cut(browser: Page, cli: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    for i in range(40):
        record(
            cli,
            f"Project {i:02d} review with the regional partners, the platform team, "
            "finance, legal, the security office, the data protection officer and the "
            f"customer advisory board, end {i:02d}",
            f"2026-11-{16 + i % 5}T{8 + i % 9:02d}:{i % 60:02d}:00+01:00",
            "goals=yes" if i % 3 else "goals=no",
            "next=Check in @Kim due:2026-12-30",
            f"worth={1 + i % 5}",
        )
    page = export_html(cli, tmp_path / "long.html")
    browser.width(1200)
    browser.open(page)
    printed = browser.call(
        "Page.printToPDF",
        printBackground=True,
        preferCSSPageSize=True,
        transferMode="ReturnAsBase64",
    )
    reader = PdfReader(io.BytesIO(base64.b64decode(printed["data"])))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(pages) >= 2
    for sheet in reader.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    # The meetings table only: the set's section and the next steps, further down, name
    # the meetings too.
    heading = "Meeting check-out: 40 check-outs"
    below = next(n for n, text in enumerate(pages) if heading in text)
    pages = [*pages[:below], pages[below].split(heading)[0]]
    for i in range(40):
        starts = [n for n, text in enumerate(pages) if f"Project {i:02d} review" in text]
        ends = [n for n, text in enumerate(pages) if f"board, end {i:02d}" in text]
        assert len(starts) == 1 and starts == ends, (i, starts, ends)
    with_rows = [text for text in pages if "Project " in text]
    assert len(with_rows) >= 2
    assert all("Mean worth" in text for text in with_rows)  # the header repeats


def test_each_set_has_its_section_as_rendered(browser: Page, week_page: Path) -> None:
    browser.width(375)
    browser.open(week_page)
    sections = browser.value(
        "[...document.querySelectorAll('section.set')].map(s => ({"
        " heading: s.querySelector('h2').innerText,"
        " height: s.getBoundingClientRect().height, text: s.innerText }))"
    )
    assert [s["heading"] for s in sections] == [
        "Meeting check-out: 4 check-outs",
        "Customer call check-out: 1 check-out",
    ]
    assert all(s["height"] > 40 for s in sections), sections
    meeting, customer = (" ".join(s["text"].split()) for s in sections)
    assert "Goals met: yes 1 (25%) · partly 2 (50%) · no 1 (25%)" in meeting
    assert "Customer cared about: 1 answer" in customer
    assert "Audit logs, and a clear price for 200 seats" in customer
    assert "Goals met" not in customer
