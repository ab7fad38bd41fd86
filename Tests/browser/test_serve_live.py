"""`placard serve`: live reload, the build-error overlay and its recovery, --bx24 official, the README screenshot."""

from __future__ import annotations

import re
import time

from serve_support import (  # noqa: F401  (fixtures)
    REPO, ServeProcess, call_in_frame, copy_project, fresh_emulator, fresh_site, log_text, screenshot_path, serve_browser, settled, widget_for,
)

OVERLAY = "#placard-overlay"


def mark(frame):
    frame.evaluate("() => { window.__beforeReload = true; }")


def reloaded(frame) -> bool:
    try:
        return frame.evaluate("() => window.__beforeReload !== true && document.documentElement.hasAttribute('data-b24-ready')")
    except Exception:  # navigating right now
        return False


def wait_until(condition, timeout=60.0):
    """Polls `condition` (a state) until it holds; `timeout` (s) is only a safety net."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_content_edit_reloads_only_that_widget(fresh_emulator, fresh_site):
    widget = widget_for("IM_SIDEBAR")
    page, frame = fresh_emulator.open(widget)
    mark(frame)
    after = len(fresh_site.lines)
    index = fresh_site.root / "content" / widget / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nLive edit marker 7d1f.\n", encoding="utf-8")
    line = fresh_site.wait_for(rf"^Rebuilt {re.escape(widget)}: 1 widget, \d+ pages? in \d+ ms\.$", after=after)
    assert wait_until(lambda: reloaded(frame)), "the frame did not reload"
    frame.wait_for_selector("text=Live edit marker 7d1f.")
    assert "Rebuilt: reloading the frame" in page.locator("#pl-log").inner_text()
    print("one-page rebuild:", re.search(r"in (\d+) ms", line).group(1), "ms")  # timed by Benchmarks/bench, not here

    # An edit of another widget does not reload this one.
    other = next(w for w, p in __import__("serve_support").example_widgets() if w != widget)
    mark(frame)
    after = len(fresh_site.lines)
    reloads = log_text(page).count("Rebuilt: reloading the frame")
    other_index = fresh_site.root / "content" / other / "index.md"
    other_index.write_text(other_index.read_text(encoding="utf-8") + "\nOther edit.\n", encoding="utf-8")
    fresh_site.wait_for(rf"^Rebuilt {re.escape(other)}:", after=after)
    # Once the emulator has taken the state that names the other widget, it has decided (a reload
    # is logged as it is decided): no reload was.
    page.wait_for_function("(w) => (window.PlacardLive.state.changed || []).includes(w)", arg=other)
    assert log_text(page).count("Rebuilt: reloading the frame") == reloads
    assert frame.evaluate("() => window.__beforeReload") is True


def test_template_error_shows_overlay_and_recovers(fresh_emulator, fresh_site):
    widget = widget_for("IM_SIDEBAR")
    page, frame = fresh_emulator.open(widget)
    base = fresh_site.root / "templates" / "base.mustache"
    good = base.read_text(encoding="utf-8")
    lines = good.split("\n")
    broken_line = min(4, len(lines))
    lines.insert(broken_line - 1, "{{#unclosed}")
    after = len(fresh_site.lines)
    base.write_text("\n".join(lines), encoding="utf-8")
    fresh_site.wait_for(r"^Build failed \(", after=after)
    overlay = page.locator(OVERLAY)
    overlay.wait_for()
    text = page.locator(f"{OVERLAY} .panel").inner_text()
    assert f"templates/base.mustache:{broken_line}" in text
    assert "{{#unclosed}" in text
    assert page.locator(f"{OVERLAY} .line.hit").count() == 1
    # The last good output is still served.
    status, _, body = fresh_site.get(f"/{widget}/")
    assert status == 200 and b"<html" in body

    mark(frame)
    after = len(fresh_site.lines)
    base.write_text(good, encoding="utf-8")
    fresh_site.wait_for(r"^Rebuilt everything:", after=after)
    overlay.wait_for(state="detached")
    assert wait_until(lambda: reloaded(frame)), "the frame did not reload after the fix"


def test_widget_page_outside_the_emulator_has_overlay_and_reloads(serve_browser, fresh_site):
    widget = widget_for("IM_SIDEBAR")
    context = serve_browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{fresh_site.url}/{widget}/")
        page.wait_for_selector("html[data-b24-ready]", state="attached")
        page.evaluate("() => { window.__beforeReload = true; }")
        index = fresh_site.root / "content" / widget / "index.md"
        good = index.read_text(encoding="utf-8")
        after = len(fresh_site.lines)
        index.write_text(good.replace("placement: IM_SIDEBAR", "placement: IM_SIDEBARR"), encoding="utf-8")
        fresh_site.wait_for(r"^Build failed \(", after=after)
        page.locator(OVERLAY).wait_for()
        assert f"content/{widget}/index.md:" in page.locator(f"{OVERLAY} .panel").inner_text()
        index.write_text(good, encoding="utf-8")
        page.wait_for_function("() => window.__beforeReload !== true")
        page.wait_for_selector("html[data-b24-ready]", state="attached")
        assert page.locator(OVERLAY).count() == 0
    finally:
        context.close()


def test_official_mode_keeps_the_official_script(tmp_path):
    server = ServeProcess(copy_project(tmp_path), "--bx24", "official")
    try:
        widget = widget_for("IM_SIDEBAR")
        status, _, body = server.get(f"/{widget}/")
        assert status == 200
        assert b'src="https://api.bitrix24.com/api/v1/"' in body
        assert b"/_placard/bx24.js" not in body
        assert b"/_placard/livereload.js" in body
        assert b'"bx24":"official"' in server.get(f"/_placard/preview/{widget}")[2]
    finally:
        server.stop()


def test_screenshot_for_the_readme(fresh_emulator, tmp_path):
    widget = widget_for("IM_TEXTAREA")
    page, frame = fresh_emulator.open(widget, "kind=lines&dialogId=chat2210")
    frame.locator("button[data-b24-insert]").first.click()
    page.wait_for_function("() => document.getElementById('pl-input').value.length > 0")
    settled(page)  # the input's highlight has faded
    shot = screenshot_path("preview.png", tmp_path)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20000
