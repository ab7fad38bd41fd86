"""Issue 12, point 2: install.html finishes the installation with the install semantics of the real
BX24.js, for every FIRST_RUN × INSTALL × fast/slow getInitData combination.

The real library (bx24-old `util.init` / `util.install`; the newer copy behaves the same) runs
BX24.install handlers only when FIRST_RUN is true and handlers are registered when the init data
arrives; inside them installFinish() advances the installer chain, and after the last one
`BX24.installFinish = util.install = util.blank; sendMessage('setInstall', {install:true});` —
setInstallFinish is never sent. When INSTALL is false `BX24.installFinish = util.blank`.
Placard's /_placard/bx24.js reproduces that; `initDelay` makes the emulator answer late, as a
portal does, so the page's own handlers are registered before the data arrives.
"""

from __future__ import annotations


import pytest

from serve_support import parent_caught_up
from test_install_emulator import app_frame, by_placement, bindings, emulator, expected, open_emulator, reset, wait_for_finish  # noqa: F401  (fixture)

# Registers a BX24.install handler (calling installFinish, as the old install.html effectively
# did) and a BX24.init handler the moment the library defines BX24, i.e. before getInitData answers.
HOOK = """
if (/^[^|]+\\|[01]\\|[0-9a-f]{32}$/.test(window.name) && !/install\\.html/.test(location.pathname)) {
  let bx;
  Object.defineProperty(window, 'BX24', {configurable: true, get() { return bx; }, set(value) {
    bx = value;
    if (!value || window.__hooked) return;
    window.__hooked = true;
    window.__install = 0; window.__init = 0;
    value.install(function () { window.__install++; BX24.installFinish(); });
    value.init(function () { window.__init++; });
  }});
}
"""


def open_preview(browser, base: str, *, install: bool, first_run: bool, delay: int, hook: bool = False):
    query = f"install={'Y' if install else 'N'}&firstRun={'Y' if first_run else 'N'}&initDelay={delay}"
    return open_emulator(browser, base, query, init_script=HOOK if hook else None)


def log(page) -> str:
    return page.locator("#pl-log").inner_text()


def received(page, command: str) -> int:
    """How many `command` messages the emulator took from a frame (its "in" log entries)."""
    return page.eval_on_selector_all(
        "#pl-log li.pl-log-in .pl-log-text", "(els, c) => els.filter((e) => e.textContent === c).length", command)


@pytest.mark.parametrize("first_run", [False, True], ids=["first-run-N", "first-run-Y"])
@pytest.mark.parametrize("delay", [0, 300], ids=["fast-init", "slow-init"])
def test_install_page_finishes_in_install_mode(browser, emulator, first_run, delay):
    base, dist = emulator
    reset(base)
    context, page, frame = open_preview(browser, base, install=True, first_run=first_run, delay=delay)
    try:
        frame.goto(base + "/install.html")
        wait_for_finish(page, frame, lambda: "installFinish did not reach the portal:\n" + log(page))
        assert received(page, "setInstallFinish") == 1
        assert received(page, "setInstall") == 0
        assert "setInstall in install mode" not in log(page)
        assert by_placement(bindings(base)) == by_placement(expected(base, dist))
    finally:
        context.close()


@pytest.mark.parametrize("first_run", [False, True], ids=["first-run-N", "first-run-Y"])
def test_install_page_outside_install_mode_does_not_wait(browser, emulator, first_run):
    base, dist = emulator
    reset(base)
    context, page, frame = open_preview(browser, base, install=False, first_run=first_run, delay=300)
    try:
        frame.goto(base + "/install.html")
        frame.wait_for_selector("html[data-placard-finish=installed]", state="attached")
        assert "already installed" in frame.text_content("#placard-status")
        assert frame.get_attribute("html", "data-placard-install") == "ok"
        parent_caught_up(frame)
        assert received(page, "setInstallFinish") == 0
    finally:
        context.close()


def test_install_handlers_and_first_run_never_finish_the_installation(browser, emulator):
    base, _ = emulator
    context, page, frame = open_preview(browser, base, install=True, first_run=True, delay=300, hook=True)
    try:
        frame.wait_for_function("() => window.__init >= 1")
        assert frame.evaluate("[window.__install, window.__init]") == [1, 1]
        parent_caught_up(frame)
        text = log(page)
        assert "setInstall in install mode" in text  # the emulator's warning
        assert "only ends that handler" in text  # the library's warning
        assert received(page, "setInstall") == 1
        assert received(page, "setInstallFinish") == 0
        assert "install_finished" not in frame.url
        # The chain made installFinish a no-op for good, as in BX24.js.
        frame.evaluate("() => BX24.installFinish()")
        parent_caught_up(frame)
        assert received(page, "setInstallFinish") == 0
    finally:
        context.close()


@pytest.mark.parametrize("install,first_run", [(True, False), (False, True)], ids=["install-only", "first-run-only"])
def test_install_handlers_run_only_on_a_first_run_in_time(browser, emulator, install, first_run):
    base, _ = emulator
    context, page, frame = open_preview(browser, base, install=install, first_run=first_run, delay=300, hook=True)
    try:
        frame.wait_for_function("() => window.__init >= 1")
        if first_run:
            # FIRST_RUN without INSTALL: the chain runs, ends with setInstall, no warning about the install.
            assert frame.evaluate("window.__install") == 1
            page.wait_for_function("() => [...document.querySelectorAll('#pl-log li.pl-log-in .pl-log-text')].some((e) => e.textContent === 'setInstall')")
            assert "setInstall in install mode" not in log(page)
            assert received(page, "setInstallFinish") == 0
        else:
            # INSTALL without FIRST_RUN: install handlers never run; installFinish is the real one.
            assert frame.evaluate("window.__install") == 0
            frame.evaluate("() => BX24.installFinish()")
            wait_for_finish(page, frame, lambda: "installFinish did not reach the portal:\n" + log(page))
    finally:
        context.close()
