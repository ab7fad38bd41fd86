"""install.html and index.html against `placard serve`'s Bitrix24 emulator (its fake placement.* store).

The example project (handlers left relative) is served by the real `placard serve`. A widget preview
is opened in INSTALL mode (`?install=Y`); its application frame — named DOMAIN|PROTOCOL|APP_SID by
the emulator — is then navigated to /install.html, as Bitrix24 opens a static app's install page in
the application frame. The bindings the emulator recorded (GET /_placard/api/bindings) must equal
placements.json with every HANDLER resolved against install.html's own URL.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from install_support import REPO, placard_bin

SERVING = re.compile(r"Serving .* at (http://[\d.]+:\d+)/")
# Each loop here waits for a state; this bound only keeps a broken test from hanging (seconds).
SAFETY_NET_S = 60


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    """(base URL, dist folder) of a running `placard serve` on the example project."""
    root = tmp_path_factory.mktemp("emulated")
    for part in ("content", "templates"):
        shutil.copytree(REPO / part, root / part)
    config = re.sub(r"(?m)^baseURL:.*\n", "", (REPO / "placard.yml").read_text(encoding="utf-8"))
    (root / "placard.yml").write_text(config, encoding="utf-8")
    log_path = root / "serve.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen([str(placard_bin()), "serve", "--root", str(root), "--port", "0"],
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        base = None
        deadline = time.time() + SAFETY_NET_S
        while time.time() < deadline and base is None and process.poll() is None:
            match = SERVING.search(log_path.read_text(encoding="utf-8", errors="replace"))
            base = match.group(1) if match else None
            time.sleep(0.1)
        if base is None:
            pytest.skip("placard serve did not start: " + log_path.read_text(encoding="utf-8", errors="replace")[-500:])
        yield base, root / "dist"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def bindings(base: str) -> list[dict]:
    with urllib.request.urlopen(base + "/_placard/api/bindings") as response:
        return json.loads(response.read())


def reset(base: str) -> None:
    # The emulator's API refuses cross-origin writes: send what its own page sends.
    headers = {"Origin": base, "Content-Type": "application/json"}
    urllib.request.urlopen(urllib.request.Request(base + "/_placard/api/bindings", method="DELETE", headers=headers)).close()


def expected(base: str, dist: Path) -> list[dict]:
    entries = json.loads((dist / "placements.json").read_text(encoding="utf-8"))
    assert all("://" not in e["HANDLER"] for e in entries), "the example is built without baseURL"
    return [dict(e, HANDLER=f"{base}/{e['HANDLER']}") for e in entries]


def by_placement(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda b: (b["PLACEMENT"], b["HANDLER"]))


def app_frame(page, timeout: float = SAFETY_NET_S):
    """The emulator's application frame (window.name DOMAIN|PROTOCOL|APP_SID)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for frame in page.frames:
            if frame != page.main_frame and re.fullmatch(r"[^|]+\|[01]\|[0-9a-f]+", frame.name or ""):
                return frame
        page.wait_for_timeout(50)
    raise AssertionError("the emulator opened no application frame")


def open_emulator(browser, base: str, query: str, *, init_script: str | None = None):
    """The emulator previewing the handbook widget (`query` its preview query), once the
    emulator's own POST of the widget has loaded: (context, page, application frame)."""
    context = browser.new_context()
    if init_script:
        context.add_init_script(script=init_script)
    page = context.new_page()
    page.goto(f"{base}/_placard/preview/handbook?{query}")
    frame = app_frame(page)
    deadline = time.time() + SAFETY_NET_S
    while "/handbook/" not in frame.url:
        assert time.time() < deadline, "the emulator did not load the widget"
        page.wait_for_timeout(50)
    frame.wait_for_load_state()
    return context, page, frame


def open_in_app_frame(browser, base: str, path: str, *, install: bool):
    context, page, frame = open_emulator(browser, base, f"install={'Y' if install else 'N'}")
    frame.goto(base + path)
    return context, page, frame


def wait_for_finish(page, frame, why) -> None:
    """Waits until installFinish reloaded the frame (`install_finished=Y`); `why()` explains a timeout."""
    deadline = time.time() + SAFETY_NET_S
    while "install_finished=Y" not in frame.url:
        assert time.time() < deadline, why()
        page.wait_for_timeout(50)


def install(browser, base: str):
    """Runs install.html in the emulator; returns once installFinish reloaded the frame."""
    context, page, frame = open_in_app_frame(browser, base, "/install.html", install=True)
    try:
        wait_for_finish(page, frame, lambda: "installFinish was not called: " + _status(frame))
    finally:
        context.close()


def _status(frame) -> str:
    try:
        return frame.text_content("#placard-status") or ""
    except Exception as error:  # the frame may be navigating
        return str(error)


def test_install_records_exactly_placements_json(browser, emulator):
    base, dist = emulator
    reset(base)
    install(browser, base)
    assert by_placement(bindings(base)) == by_placement(expected(base, dist))


def test_installing_twice_leaves_one_binding_each(browser, emulator):
    base, dist = emulator
    reset(base)
    install(browser, base)
    install(browser, base)
    assert by_placement(bindings(base)) == by_placement(expected(base, dist))


def test_index_reads_the_emulators_bindings(browser, emulator):
    base, dist = emulator
    reset(base)
    install(browser, base)
    context, page, frame = open_in_app_frame(browser, base, "/index.html", install=False)
    try:
        frame.wait_for_selector("html[data-placard-status]", state="attached")
        assert frame.get_attribute("html", "data-placard-status") == "ok"
        states = frame.eval_on_selector_all("td.placard-result", "els => els.map(e => e.getAttribute('data-state'))")
        assert states == ["ok"] * len(expected(base, dist))
    finally:
        context.close()

    # Bindings removed behind the app's back show up as "Not registered"; an administrator
    # registers them again from index.html (the install code path).
    entry = expected(base, dist)[0]
    reset(base)
    context, page, frame = open_in_app_frame(browser, base, "/index.html", install=False)
    try:
        frame.wait_for_selector("html[data-placard-status]", state="attached")
        assert frame.get_attribute("html", "data-placard-status") == "incomplete"
        frame.click("#placard-register")
        frame.wait_for_selector("html[data-placard-status=ok]", state="attached")
        assert by_placement(bindings(base)) == by_placement(expected(base, dist))
        assert entry["HANDLER"] in frame.text_content("tbody")
    finally:
        context.close()
