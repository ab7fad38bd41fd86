"""Issue 22 §5: the default templates pass axe-core — no serious or critical violation on any page of the
example project and of a fresh `placard init` project, light and dark.

Both projects are built by the real binary and served over http. Every page of `dist/` (the widget pages
and the application's index.html and install.html) is checked twice per theme (the browser's
prefers-color-scheme, as a portal's frame would get it):

- outside Bitrix24, as the built page is opened on its own: the runtime's notice is on it;
- inside a frame, as Bitrix24 opens it: a stub BX24 answers with a chat, a message and a page URI, so every
  `data-b24-if` element shows, and `data-placard-preview` (what `placard serve` sets) makes the context line
  the default templates keep for the preview show too — the page as fully drawn as it can be.

`test_the_check_finds_too_pale_a_grey` shows the check can fail: with the muted grey the palette had
before (#828b95, 3.45:1 on white) axe reports the contrast of a page with a blockquote.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from axe_support import serious_violations
from conftest import STUB_BX24, meta_placement
from serve_support import BINARY, REPO

THEMES = ["light", "dark"]
OPTIONS = {"dialogId": "chat1489", "messageId": "84889", "URI": "/online/"}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _build(root: Path) -> None:
    result = subprocess.run([str(BINARY), "build", "--root", str(root), "--quiet"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """{'example': (dist, base URL), 'init': (dist, base URL)}, each served on 127.0.0.1."""
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: run 'swift build --product placard' first")
    top = tmp_path_factory.mktemp("a11y")
    example = top / "example"
    for name in ("content", "templates", "placard.yml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, example / name)
    _build(example)
    fresh = top / "fresh"
    result = subprocess.run([str(BINARY), "init", str(fresh)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    _build(fresh)
    servers, out = [], {}
    for name, root in (("example", example), ("init", fresh)):
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "dist")))
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        out[name] = (root / "dist", f"http://127.0.0.1:{httpd.server_port}")
    yield out
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def pages_of(dist: Path) -> list[str]:
    pages = sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*.html"))
    assert len(pages) >= 5, pages
    return pages


def check_outside(browser, base: str, page_path: str, theme: str) -> list[str]:
    context = browser.new_context(color_scheme=theme)
    try:
        page = context.new_page()
        page.route("https://api.bitrix24.com/**", lambda route: route.abort())
        page.goto(f"{base}/{page_path}")
        if "/" in page_path:  # a widget page: wait until the runtime has settled (notice shown)
            page.wait_for_selector("html[data-b24-ready]", state="attached")
        else:
            page.wait_for_load_state("load")
        return serious_violations(page)
    finally:
        context.close()


def check_inside(browser, base: str, dist: Path, page_path: str, theme: str) -> list[str]:
    placement = meta_placement((dist / page_path).read_text(encoding="utf-8"))
    context = browser.new_context(color_scheme=theme, viewport={"width": 900, "height": 900})
    context.add_init_script(
        f"window.__b24Config = {{placement: '{placement}', lang: 'en'}}; window.__b24Options = {OPTIONS!r};")
    try:
        page = context.new_page()
        page.route("https://api.bitrix24.com/**", lambda route: route.fulfill(
            status=200, content_type="application/javascript", body=STUB_BX24))
        host = base.removeprefix("http://")
        page.route(f"{base}/__frame.html", lambda route: route.fulfill(
            status=200, content_type="text/html",
            body=f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bitrix24</title></head>'
                 f'<body><iframe name="{host}|0|abc123" src="/{page_path}" width="880" height="860" title="widget">'
                 f'</iframe></body></html>'))
        page.goto(f"{base}/__frame.html")
        frame = page.wait_for_selector("iframe").content_frame()
        frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached")
        frame.evaluate("document.documentElement.setAttribute('data-placard-preview', '')")
        shown = frame.evaluate("() => [...document.querySelectorAll('[data-b24-if]')].filter((e) => !e.hidden).length")
        assert shown == len(frame.query_selector_all("[data-b24-if]")), "every option-dependent element shows"
        return serious_violations(frame)
    finally:
        context.close()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("project", ["example", "init"])
def test_every_page_outside_bitrix24_passes_axe(projects, browser, project, theme):
    dist, base = projects[project]
    failures = {}
    for page_path in pages_of(dist):
        found = check_outside(browser, base, page_path, theme)
        if found:
            failures[page_path] = found
    assert failures == {}, "\n".join(f"{project} {theme} {path}:\n  " + "\n  ".join(v) for path, v in failures.items())


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("project", ["example", "init"])
def test_every_widget_page_in_a_frame_with_its_context_passes_axe(projects, browser, project, theme):
    dist, base = projects[project]
    failures = {}
    widget_pages = [p for p in pages_of(dist) if "/" in p]
    assert widget_pages
    for page_path in widget_pages:
        found = check_inside(browser, base, dist, page_path, theme)
        if found:
            failures[page_path] = found
    assert failures == {}, "\n".join(f"{project} {theme} {path}:\n  " + "\n  ".join(v) for path, v in failures.items())


def test_the_check_finds_too_pale_a_grey(projects, browser):
    """The same check with the light palette's muted grey put back to #828b95 (3.45:1 on white)."""
    dist, base = projects["example"]
    quoted = [p for p in pages_of(dist) if "<blockquote" in (dist / p).read_text(encoding="utf-8")]
    assert quoted, "the example has a page with a blockquote"
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.route("https://api.bitrix24.com/**", lambda route: route.abort())
        page.goto(f"{base}/{quoted[0]}")
        page.wait_for_selector("html[data-b24-ready]", state="attached")
        assert serious_violations(page) == []
        page.add_style_tag(content=":root { --b24-muted: #828b95 !important; }")
        found = serious_violations(page)
        assert any(v.startswith("color-contrast (serious") for v in found), found
    finally:
        context.close()


def test_the_starters_headings_do_not_skip_a_level(projects):
    """axe's heading-order is a moderate finding, so it is checked here: no page of either project goes
    from one heading level to one more than a level deeper (the starter's h1 → h3)."""
    for project in ("example", "init"):
        dist, _ = projects[project]
        for page_path in pages_of(dist):
            html = (dist / page_path).read_text(encoding="utf-8")
            for article in re.findall(r"<article\b.*?</article>", html, re.S) or [html]:
                levels = [int(n) for n in re.findall(r"<h([1-6])\b", article)]
                jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
                assert jumps == [], f"{project} {page_path}: {levels}"
