"""Fixtures for the browser tests of the Placard page runtime (runtime.js / runtime.css).

The pages under test come from a bundle directory:
  * default: Tests/browser/fixtures/runtime/, copied at test time into a temporary directory together
    with Sources/PlacardCore/Resources/runtime.js and runtime.css (the fixture pages load them as
    ``runtime.js`` / ``runtime.css``; no committed duplicate);
  * ``PLACARD_DIST=/path/to/dist``: a bundle built by ``placard build``, served as it is. Pages are found
    by their ``<meta name="b24-placement">``; tests that need markup a built page lacks are skipped.

Everything is served by a ThreadingHTTPServer on 127.0.0.1 (port 0). ``https://api.bitrix24.com/**``
is routed to a stub BX24 library (``STUB_BX24``), configured per test through ``window.__b24Options``
and ``window.__b24Config``, set by an init script (``INIT_SCRIPT``) from the top URL's fragment. Two generated pages live under ``/__test__/``:
``parent.html`` (a minimal Bitrix24 parent for the frame <-> parent protocol) and ``bare.html``.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from page_clock import RECORD_DEADLINES

# Every wait is for a state or an event; its timeout is only a safety net for a loaded machine,
# so it is a minute, never a measure of how fast something should be.
SAFETY_NET_MS = 60_000
expect.set_options(timeout=SAFETY_NET_MS)

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "Sources" / "PlacardCore" / "Resources"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "runtime"
CHROMIUM = os.environ.get("PLACARD_CHROMIUM", "/usr/bin/chromium")
APP_SID = "abc123"

# Stub of https://api.bitrix24.com/api/v1/ — just the part of BX24 the runtime uses.
STUB_BX24 = r"""
(function () {
  var cfg = window.__b24Config || {};
  window.__fitCalls = [];
  window.__initCalls = 0;
  window.BX24 = {
    init: function (cb) {
      window.__initCalls++;
      if (cfg.init === 'never') return;
      setTimeout(cb, cfg.initDelay || 0);
    },
    placement: {
      info: function () {
        return {placement: cfg.placement, options: window.__b24Options === undefined ? {} : window.__b24Options};
      }
    },
    getLang: function () { return cfg.lang; },
    fitWindow: function (cb) { window.__fitCalls.push(document.documentElement.scrollHeight); },
    resizeWindow: function (w, h, cb) {}
  };
})();
"""

# What the real library leaves behind outside Bitrix24 (it also throws; see "throw").
BX24_SCRIPTS = {
    "stub": STUB_BX24,
    "null": "BX24=null;",
    "throw": "BX24=null; throw new Error('Unable to initialize Bitrix24 JS library!');",
}

PARENT_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bitrix24 parent stub</title></head>
<body>
<iframe name="{name}" src="{src}" width="640" height="480" title="widget"></iframe>
<script>
  var MODE = {mode};
  window.__messages = [];
  window.__origins = [];
  window.addEventListener('message', function (event) {{
    window.__messages.push(event.data);
    window.__origins.push(event.origin);
    var d = event.data;
    // Like the messenger's IframeCommunicationManager: requestId is read from the top level
    // (`const {{ requestId, params, method }} = rawContext`) and a message without it is refused.
    if (MODE === 'silent' || !d || typeof d !== 'object' || !d.callback || !d.requestId) return;
    var result = MODE === 'error'
      ? {{requestId: d.requestId, message: 'Chat is not determined <b>!</b>'}}
      : {{requestId: d.requestId, success: true}};
    event.source.postMessage(d.callback + ':' + JSON.stringify(result), event.origin);
  }});
</script>
</body></html>
"""

BARE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bare</title>
<script src="https://api.bitrix24.com/api/v1/"></script></head>
<body><p>No runtime here.</p></body></html>
"""

_META = re.compile(r"<meta\b[^>]*>", re.I)


def meta_placement(text: str) -> str | None:
    for tag in _META.findall(text):
        if re.search(r"""name\s*=\s*["']?b24-placement\b""", tag, re.I):
            m = re.search(r"""content\s*=\s*["']?([A-Z_]+)""", tag)
            if m:
                return m.group(1)
    return None


class _Handler(SimpleHTTPRequestHandler):
    server_port = 0

    def log_message(self, *args):  # keep pytest output clean
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if not url.path.startswith("/__test__/"):
            return super().do_GET()
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/__test__/parent.html":
            domain = query.get("domain", [f"127.0.0.1:{self.server.server_port}"])[0]
            body = PARENT_HTML.format(
                name=html.escape(f"{domain}|0|{APP_SID}"),
                src=html.escape(query["src"][0]),
                mode=json.dumps(query.get("mode", ["reply"])[0]),
            )
        elif url.path == "/__test__/bare.html":
            body = BARE_HTML
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="session")
def using_fixtures() -> bool:
    return not os.environ.get("PLACARD_DIST")


@pytest.fixture(scope="session")
def site_root(tmp_path_factory, using_fixtures) -> Path:
    if not using_fixtures:
        root = Path(os.environ["PLACARD_DIST"]).resolve()
        if not root.is_dir():
            pytest.exit(f"PLACARD_DIST={root} is not a directory", returncode=2)
        return root
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(FIXTURES, root, dirs_exist_ok=True)
    shutil.copy(RESOURCES / "runtime.js", root / "runtime.js")
    shutil.copy(RESOURCES / "runtime.css", root / "runtime.css")
    return root


@pytest.fixture(scope="session")
def server(site_root):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site_root)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def site_pages(site_root) -> list[tuple[str, str, str]]:
    """(URL path, meta placement, source) of every page in the bundle that declares a placement."""
    found = []
    for path in sorted(site_root.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        placement = meta_placement(text)
        if placement:
            found.append(("/" + path.relative_to(site_root).as_posix(), placement, text))
    return found


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


# Installed once per test page. The per-navigation configuration travels in the top URL's fragment, so
# one page can be re-navigated with a new configuration (creating pages is the slow part of a test).
INIT_SCRIPT = r"""
(function () {
  var cfg = {};
  try { cfg = JSON.parse(decodeURIComponent(window.top.location.hash.slice(1))) || {}; } catch (e) { cfg = {}; }
  window.__b24Config = cfg;
  if ('options' in cfg) window.__b24Options = cfg.options;
  if (window === window.top) window.name = cfg.name || '';
  if (cfg.initTimeout) window.__placardInitTimeout = cfg.initTimeout;
  if (cfg.insertTimeout) window.__placardInsertTimeout = cfg.insertTimeout;
  window.__readyEvents = [];
  document.addEventListener('placard:ready', function (e) { window.__readyEvents.push(e.detail); });
  // When the runtime's notice first appears, on the page's clock (ms since navigation start).
  window.__noticeAt = null;
  new MutationObserver(function (records, observer) {
    if (document.querySelector('.b24-notice')) { window.__noticeAt = performance.now(); observer.disconnect(); }
  }).observe(document, {childList: true, subtree: true});
  if (cfg.recordSelf) {
    window.__selfMessages = [];
    window.addEventListener('message', function (e) { window.__selfMessages.push(e.data); });
  }
})();
"""


class Widget:
    """Opens bundle pages with a configured BX24 stub, either top-level or inside a parent frame.

    One browser page per test, re-navigated by every open()/open_in_parent() call."""

    def __init__(self, context, server, site_pages, using_fixtures):
        self.context = context
        self.port = server.server_port
        self.base = f"http://127.0.0.1:{self.port}"
        self.site_pages = site_pages
        self.using_fixtures = using_fixtures
        self.default_name = f"127.0.0.1:{self.port}|0|{APP_SID}"
        self.bx24 = "stub"
        self._page = None
        self._loads = 0

    def page_for(self, placement: str, *needles: str) -> str:
        """URL path of the first page built for `placement` whose source contains every needle."""
        for path, found, text in self.site_pages:
            if found == placement and all(n in text for n in needles):
                return path
        message = f"no {placement} page containing {needles!r}"
        if self.using_fixtures:
            pytest.fail(message)
        pytest.skip(message)

    def placement_of(self, path: str) -> str:
        return next(p for (u, p, _) in self.site_pages if u == path)

    @property
    def page(self):
        if self._page is None:
            self._page = self.context.new_page()
            self._page.add_init_script(script=RECORD_DEADLINES + INIT_SCRIPT)
            self._page.route("https://api.bitrix24.com/**", self._serve_bx24)

        return self._page

    def _serve_bx24(self, route):
        if self.bx24 == "abort":
            return route.abort()
        route.fulfill(status=200, content_type="application/javascript", body=BX24_SCRIPTS[self.bx24])

    def goto(self, path: str, query: dict | None = None, *, options=None, placement=None, lang="en", name=None,
             bx24="stub", init="ok", init_delay=0, init_timeout=None, insert_timeout=None, record_self=False):
        """Navigate the test page to `path` with a fresh stub configuration."""
        config = {"placement": placement, "lang": lang, "init": init, "initDelay": init_delay, "name": name,
                  "initTimeout": init_timeout, "insertTimeout": insert_timeout, "recordSelf": record_self}
        if options is not None:
            config["options"] = options
        self._loads += 1
        query = dict(query or {}, _load=self._loads)  # a new document every time, not a fragment change
        self.bx24 = bx24
        url = f"{self.base}{path}?{urllib.parse.urlencode(query)}#{urllib.parse.quote(json.dumps(config))}"
        self.page.goto(url)
        return self.page

    def open(self, path: str, *, query: dict | None = None, name="default", placement="meta", wait=True, **kw):
        """Open a page top-level. name="default" → a valid DOMAIN|0|APP_SID for this server."""
        if name == "default":
            name = self.default_name
        if placement == "meta":
            placement = self.placement_of(path)
        page = self.goto(path, query, name=name, placement=placement, **kw)
        if wait:
            page.wait_for_selector("html[data-b24-ready]", state="attached")
        return page

    def open_in_parent(self, path: str, *, mode="reply", domain=None, placement="meta", wait=True, **kw):
        """Open the parent stub with the page in a frame named DOMAIN|0|abc123; returns (page, frame)."""
        if placement == "meta":
            placement = self.placement_of(path)
        query = {"src": path, "mode": mode}
        if domain:
            query["domain"] = domain
        page = self.goto("/__test__/parent.html", query, placement=placement, **kw)
        frame = page.wait_for_selector("iframe").content_frame()
        frame.wait_for_load_state()
        if wait:
            frame.wait_for_selector("html[data-b24-ready]", state="attached")
        return page, frame


@pytest.fixture(scope="session")
def _session_widget(browser, server, site_pages, using_fixtures):
    context = browser.new_context()
    context.set_default_timeout(SAFETY_NET_MS)
    try:
        yield Widget(context, server, site_pages, using_fixtures)
    finally:
        context.close()


@pytest.fixture
def widget(_session_widget):
    """The shared Widget; every open() loads a new document with a new configuration."""
    _session_widget.bx24 = "stub"
    return _session_widget
