"""The default templates' navigation: each page carries only its own links (home, previous,
next); the runtime replaces them with the widget's whole page list from nav.<hash>.json, and the
page's links stay when the list cannot be loaded (file:, scripts blocked)."""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from serve_support import BINARY, REPO


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example project built by the real binary, served over http on 127.0.0.1."""
    root = tmp_path_factory.mktemp("nav") / "site"
    for name in ("content", "templates", "placard.yml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    subprocess.run([str(BINARY), "build", "--root", str(root), "--quiet"], check=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "dist")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield root / "dist", f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def open_page(browser, url, **options):
    """A new page at `url`, the BX24 library unreachable, once the runtime has settled."""
    page = browser.new_page(**options)
    page.route("https://api.bitrix24.com/**", lambda route: route.abort())
    page.goto(url)
    page.wait_for_selector("html[data-b24-ready]", state="attached")
    return page


def nav_links(page):
    return page.eval_on_selector_all(
        "nav.widget-nav a",
        "els => els.map(a => [a.getAttribute('href'), a.getAttribute('aria-current'),"
        " Array.from(a.querySelectorAll('[data-b24-lang]')).filter(s => !s.hidden).map(s => s.textContent).join('')])")


def test_each_page_holds_only_its_own_links(built):
    dist, _ = built
    refunds = (dist / "handbook" / "refunds.html").read_text()
    assert refunds.count("<li>") == 3  # home, previous, next: not the whole list
    assert 'data-placard-nav="nav.' in refunds
    assert len(list((dist / "handbook").glob("nav.*.json"))) == 1


def test_the_runtime_draws_the_whole_list_with_the_current_page(built, browser):
    _, base = built
    page = open_page(browser, f"{base}/handbook/refunds.html?LANG=de")
    page.wait_for_selector("html[data-placard-nav-ready]", state="attached")
    links = nav_links(page)
    assert [href for href, _, _ in links] == ["index.html", "escalation.html", "refunds.html", "tone.html"]
    assert [href for href, current, _ in links if current == "page"] == ["refunds.html"]
    assert links[0][2] == "Support-Handbuch", "titles follow the language"
    assert links[3][2] == "Tone of voice", "a page without a translation keeps its default title"
    page.close()


def test_without_the_list_the_page_links_stay(built, browser):
    dist, _ = built
    page = browser.new_page()
    page.route("https://api.bitrix24.com/**", lambda route: route.abort())
    page.goto((dist / "handbook" / "refunds.html").as_uri())
    page.wait_for_load_state("load")
    # Blocked from disk, the runtime never ran (no Placard), so nothing can draw the list later.
    assert page.evaluate("typeof window.Placard") == "undefined"
    assert page.get_attribute("html", "data-placard-nav-ready") is None
    assert [href for href, _, _ in nav_links(page)] == ["index.html", "escalation.html", "tone.html"]
    # Opened from disk, the page says what to do although its runtime and stylesheet are blocked.
    # In the project's default language, the runtime's `outside` words (placard.yml's runtimeWords may change them).
    assert page.text_content("body > p[role=status]") == "Open this page inside Bitrix24, or preview it with placard serve."
    page.close()
