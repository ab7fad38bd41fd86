"""Fixtures for the browser tests of `placard serve` (test_serve*.py).

Each server runs the built binary (.build/debug/placard, or $PLACARD_BIN) on a copy of the example
project (placard.yml, content/, templates/ of this repository) in a temporary folder, with --port 0; the
URL is read from its "Serving … at http://127.0.0.1:PORT/" line. Tests that edit files get a server of
their own (`fresh_site`); the others share one per module (`serve_site`). Chromium is the system one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("PLACARD_BIN", REPO / ".build" / "debug" / "placard"))
CHROMIUM = os.environ.get("PLACARD_CHROMIUM", "/usr/bin/chromium")

# A phone-only widget, added to the copy because the example has none.
MOBILE_WIDGET = """---
placement: IMMOBILE_CONTEXT_MENU
title: Mobile card
options:
  context: ALL
---
A page for the Bitrix24 mobile app.
"""


def copy_project(destination: Path) -> Path:
    """The example project of this repository, plus a mobile widget."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("placard.yml",):
        shutil.copy(REPO / name, destination / name)
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, destination / name)
    if (destination / "templates" / "immobile-context-menu.mustache").exists():
        (destination / "content" / "mobile-card").mkdir()
        (destination / "content" / "mobile-card" / "index.md").write_text(MOBILE_WIDGET, encoding="utf-8")
    return destination


def example_widgets() -> list[tuple[str, str]]:
    """(widget id, placement) of the example project, read at collection time."""
    found = []
    for index in sorted((REPO / "content").glob("*/index.md")):
        match = re.search(r"^placement:\s*([A-Z_]+)\s*$", index.read_text(encoding="utf-8"), re.M)
        if match and not index.parent.name.startswith("_"):
            found.append((index.parent.name, match.group(1)))
    return found


def widget_for(placement: str) -> str:
    for widget, found in example_widgets():
        if found == placement:
            return widget
    pytest.skip(f"the example project has no {placement} widget")


class ServeProcess:
    """`placard serve` in the background; its output is kept line by line."""

    def __init__(self, root: Path, *extra: str):
        if not BINARY.exists():
            pytest.fail(f"{BINARY} is missing: run 'swift build --product placard' first")
        self.root = root
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--port", "0", "--root", str(root), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
            env={**os.environ, "NO_COLOR": "1"},
        )
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for(r"Serving .* at (http://\S+/)", timeout=120)
        self.url = re.search(r"(http://\S+/)", line).group(1).rstrip("/")

    def _read(self):
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, pattern: str, *, after: int = 0, timeout: float = 60) -> str:
        """The first output line at index >= `after` matching `pattern` (woken by each new line;
        `timeout` seconds is only a safety net)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines[after:]:
                    if re.search(pattern, line):
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))
                self._changed.wait(remaining)

    def get(self, path: str) -> tuple[int, dict, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, path: str):
        return json.loads(self.get(path)[2])

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def serve_browser(request):
    """The runtime tests' session browser when their conftest provides one, else our own."""
    try:
        shared = request.getfixturevalue("browser")
    except pytest.FixtureLookupError:
        shared = None
    if shared is not None:
        yield shared
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def serve_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("serve-site"))
    server = ServeProcess(root)
    yield server
    server.stop()


@pytest.fixture
def fresh_site(tmp_path):
    root = copy_project(tmp_path / "project")
    server = ServeProcess(root)
    yield server
    server.stop()


class Emulator:
    """Opens widgets in the emulator and reaches into their frames."""

    def __init__(self, browser, server: ServeProcess):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1440, "height": 900})
        self.errors: list[str] = []

    def open(self, widget: str, query: str = "", *, ready: bool = True):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(f"{self.server.url}/_placard/preview/{widget}" + (f"?{query}" if query else ""))
        if not ready:
            return page, None
        frame = page.wait_for_selector("#pl-frame", state="attached").content_frame()
        frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached")
        return page, frame

    def close(self):
        self.context.close()


@pytest.fixture
def emulator(serve_browser, serve_site):
    em = Emulator(serve_browser, serve_site)
    yield em
    em.close()


@pytest.fixture
def fresh_emulator(serve_browser, fresh_site):
    em = Emulator(serve_browser, fresh_site)
    yield em
    em.close()


def settled(page) -> None:
    """Waits until no transition or animation that ends is running (a slider sliding in, a highlight
    fading): the state a screenshot or a layout check needs, reached however slowly the machine draws."""
    page.wait_for_function(
        "() => document.getAnimations().every((a) => a.playState !== 'running'"
        " || a.effect.getComputedTiming().endTime === Infinity)")


def screenshot_path(name: str, tmp_path: Path) -> Path:
    """Where a screenshot for the docs goes: `docs/<name>` with PLACARD_UPDATE_SCREENSHOTS=1, else a
    temporary folder, so running the tests never changes a tracked file."""
    if os.environ.get("PLACARD_UPDATE_SCREENSHOTS") == "1":
        return REPO / "docs" / name
    return tmp_path / name


def log_text(page) -> str:
    return page.locator("#pl-log").inner_text()


# A wait's bound when it waits for an answer that must come: only a safety net for a loaded
# machine (reaching it fails the test), never a measure of how fast the answer should be.
SAFETY_NET_MS = 60_000


def call_in_frame(frame, script: str):
    """Runs `script` (which calls `done(value)`) in the frame and returns the value; 'no answer'
    only when the safety net ran out."""
    body = "(() => new Promise((resolve) => {\n" \
        "  const done = (value) => resolve(value === undefined ? null : value);\n" \
        f"  setTimeout(() => resolve('no answer'), {SAFETY_NET_MS});\n" \
        f"  {script}\n" \
        "}))()"
    return frame.evaluate(body)


# Sends a probe the parent always answers (getInitData in the classic string form) and resolves
# `resolve` when its answer comes: the parent handles a frame's messages in order and answers at
# once, so by then it has handled — and answered, if it would — everything the frame sent before.
PROBE = (
    "  const probe = 'probe' + Math.random().toString(36).slice(2);\n"
    "  addEventListener('message', (e) => {\n"
    "    if (typeof e.data === 'string' && e.data.startsWith(probe)) resolve(!answered);\n"
    "  });\n"
    "  parent.postMessage('getInitData::' + probe + ':' + window.name.split('|')[2], location.origin);\n"
)


def parent_caught_up(frame) -> None:
    """Waits until the emulator has handled every message the frame sent so far (an event, not a pause)."""
    frame.evaluate("(() => new Promise((resolve) => {\n  const answered = false;\n" + PROBE + "}))()")


def unanswered(frame, script: str) -> bool:
    """Whether the parent left what `script` sends unanswered (`script` calls `done()` on an answer).

    Decided by an event, not by waiting a while: `PROBE` is sent right after, so when its answer
    arrives, an answer to what the script sent would have arrived too."""
    body = "(() => new Promise((resolve) => {\n" \
        "  let answered = false;\n" \
        "  const done = () => { answered = true; };\n" \
        f"  {script}\n" + PROBE + \
        "}))()"
    return frame.evaluate(body)
