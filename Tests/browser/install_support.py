"""Support for the browser tests of the application pages (dist/install.html, dist/index.html).

Builds the repository's example project with ``placard build`` (``PLACARD_BIN``, default
``.build/debug/placard``, built with ``swift build --product placard`` when missing) into temporary
folders, serves them under ``/app/`` (so relative HANDLERs must be resolved against the page's
own URL) and opens the pages with a stub of the classic BX24 library that records every
``callBatch`` / ``callMethod`` and answers from an in-page binding store like Bitrix24 would.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from page_clock import RECORD_DEADLINES

import pytest

REPO = Path(__file__).resolve().parents[2]

# A stub of https://api.bitrix24.com/api/v1/ with the ajaxResult / ajaxError shapes of BX24.js.
# Configured by window.__installConfig:
#   init: 'ok' | 'never'; initDelay: ms before the init data "arrives";
#   installMode: INSTALL (false makes installFinish a no-op); firstRun: FIRST_RUN;
#   admin: bool; batch: 'ok' | 'never' | 'fail:<CODE>' (one result for all);
#   errors: {"placement.bind IM_SIDEBAR": "CODE", ...} (description: cfg.descriptions[CODE] or "desc of CODE");
#   empty: ["placement.bind IM_SIDEBAR", ...] answered with an empty result (a skipped command);
#   store: [{placement, handler, ...}] initial bindings (placement.get answers from it).
STUB_BX24 = r"""
(function () {
  var cfg = window.__installConfig || {};
  window.__batches = [];
  window.__calls = [];
  window.__installFinish = 0;
  window.__store = (cfg.store || []).slice();
  function AjaxError(status, ex) { this.status = status; this.ex = ex; }
  AjaxError.prototype.getError = function () { return this.ex; };
  AjaxError.prototype.getStatus = function () { return this.status; };
  function AjaxResult(answer, status) {
    this.answer = answer;
    this.status = status || 200;
    if (answer.error !== undefined) {
      this.answer.ex = new AjaxError(this.status, typeof answer.error === 'string' ? answer : answer.error);
    }
  }
  AjaxResult.prototype.data = function () { return this.answer.result; };
  AjaxResult.prototype.error = function () { return this.answer.ex; };
  AjaxResult.prototype.error_description = function () { return this.answer.error_description; };
  function failure(code) {
    var text = (cfg.descriptions || {})[code] || ('desc of ' + code);
    return new AjaxResult({ error: { error: code, error_description: text } }, 400);
  }
  function run(method, params) {
    var code = (cfg.errors || {})[method + ' ' + (params && params.PLACEMENT)] || (cfg.errors || {})[method];
    if (code) return failure(code);
    if ((cfg.empty || []).indexOf(method + ' ' + (params && params.PLACEMENT)) >= 0) return new AjaxResult({ result: {} });
    var store = window.__store;
    if (method === 'placement.bind') {
      store.push({ placement: params.PLACEMENT, handler: params.HANDLER, title: params.TITLE,
                   options: params.OPTIONS, langAll: params.LANG_ALL });
      return new AjaxResult({ result: true });
    }
    if (method === 'placement.unbind') {
      var before = store.length;
      window.__store = store.filter(function (b) {
        return !(b.placement === params.PLACEMENT && (!params.HANDLER || b.handler === params.HANDLER));
      });
      return new AjaxResult({ result: { count: 2 * (before - window.__store.length) } });
    }
    if (method === 'placement.get') return new AjaxResult({ result: JSON.parse(JSON.stringify(store)) });
    return failure('ERROR_METHOD_NOT_FOUND');
  }
  // The install semantics of BX24.js (bx24-old util.init / util.install): when the init data
  // arrives with FIRST_RUN and BX24.install handlers registered, they run one by one, each
  // installFinish() starting the next; after the last one installFinish becomes a no-op, setInstall
  // is sent and the init handlers run. With INSTALL false installFinish is a no-op.
  var initList = [], installList = [];
  window.__installHandlers = 0;
  window.__setInstall = 0;
  function runInit() {
    window.BX24.init = function (cb) { setTimeout(function () { window.__via = window.__via || 'init'; cb(); }, 10); };
    if (cfg.installMode === false) window.BX24.installFinish = function () {};
    initList.forEach(function (cb) { window.BX24.init(cb); });
  }
  function runInstall() {
    var installer = installList.shift();
    if (!installer) {
      window.BX24.installFinish = function () {};
      window.__setInstall++;
      return setTimeout(runInit, 10);
    }
    window.BX24.installFinish = runInstall;
    window.__via = 'install';
    installer();
  }
  window.BX24 = {
    install: function (cb) { window.__installHandlers++; installList.push(cb); },
    init: function (cb) { initList.push(cb); },
    isAdmin: function () { return cfg.admin !== false; },
    installFinish: function () { window.__installFinish++; },
    callMethod: function (method, params, cb) {
      window.__calls.push([method, JSON.parse(JSON.stringify(params || {}))]);
      var result = run(method, params);
      setTimeout(function () { cb(result); }, 0);
    },
    callBatch: function (calls, cb, halt) {
      window.__batches.push({ calls: JSON.parse(JSON.stringify(calls)), halt: halt });
      if (cfg.batch === 'never') return;
      var out = Array.isArray(calls) ? [] : {};
      if (cfg.batch && cfg.batch.indexOf('fail:') === 0) {
        var whole = failure(cfg.batch.slice(5));
        return setTimeout(function () { cb(whole); }, 0);
      }
      Object.keys(calls).forEach(function (key) {
        var c = calls[key];
        out[key] = run(c.method || c[0], c.params || c[1]);
      });
      setTimeout(function () { cb(out); }, 0);
    }
  };
  if (cfg.init !== 'never') {
    setTimeout(function () { if (cfg.firstRun && installList.length) runInstall(); else runInit(); }, cfg.initDelay || 0);
  }
})();
"""

BX24_SCRIPTS = {
    "stub": STUB_BX24,
    "null": "BX24=null;",
    "throw": "BX24=null; throw new Error('Unable to initialize Bitrix24 JS library!');",
}

_EXAMPLE_PARTS = ("content", "templates")


def placard_bin() -> Path:
    """The placard executable, built on first use."""
    path = Path(os.environ.get("PLACARD_BIN", REPO / ".build" / "debug" / "placard"))
    if not path.exists():
        subprocess.run(["swift", "build", "--product", "placard"], cwd=REPO, check=True)
    return path


def build_example(root: Path, *, base_url: str | None, extra_widgets: int = 0) -> Path:
    """Copies the example project to `root`, sets baseURL (None = relative handlers), builds it."""
    for part in _EXAMPLE_PARTS:
        shutil.copytree(REPO / part, root / part)
    config = (REPO / "placard.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^baseURL:.*\n", "", config)
    if base_url:
        config += f"baseURL: {base_url}\n"
    (root / "placard.yml").write_text(config, encoding="utf-8")
    for n in range(extra_widgets):
        folder = root / "content" / f"extra-{n:02d}"
        folder.mkdir()
        (folder / "index.md").write_text(
            f"---\nplacement: IM_SIDEBAR\ntitle: Extra {n}\noptions:\n  iconName: fa-book\n---\nPage {n}.\n",
            encoding="utf-8")
    result = subprocess.run([str(placard_bin()), "build", "--root", str(root)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return root / "dist"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class AppServer:
    """Serves folders as /<name>/ on 127.0.0.1 (port 0)."""

    def __init__(self, root: Path):
        self.root = root
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def app_sites(tmp_path_factory):
    """Builds served at /app/ (relative handlers), /abs/ (baseURL) and /many/ (30 widgets)."""
    served = tmp_path_factory.mktemp("served")
    builds = {
        "app": dict(base_url=None),
        "abs": dict(base_url="https://widgets.acme-support.example/"),
        "many": dict(base_url=None, extra_widgets=26),
    }
    for name, kwargs in builds.items():
        dist = build_example(tmp_path_factory.mktemp(f"project-{name}"), **kwargs)
        shutil.copytree(dist, served / name)
    server = AppServer(served)
    yield server
    server.close()


def placements(server: AppServer, site: str = "app") -> list[dict]:
    return json.loads((server.root / site / "placements.json").read_text(encoding="utf-8"))


class AppPage:
    """Opens install.html / index.html of a served build with the BX24 stub configured."""

    def __init__(self, context, server: AppServer):
        self.context = context
        self.server = server

    def open(self, page: str = "install.html", *, site: str = "app", bx24: str = "stub", wait: bool = True, query: str = "",
             init_timeout: int | None = None, call_timeout: int | None = None, **config):
        tab = self.context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.page_errors = errors
        script = [RECORD_DEADLINES, f"window.__installConfig = {json.dumps(config)};"]
        if init_timeout is not None:
            script.append(f"window.__placardInitTimeout = {int(init_timeout)};")
        if call_timeout is not None:
            script.append(f"window.__placardCallTimeout = {int(call_timeout)};")
        tab.add_init_script(script="\n".join(script))

        def route(r):
            if bx24 == "abort":
                return r.abort()
            r.fulfill(status=200, content_type="application/javascript", body=BX24_SCRIPTS[bx24])

        tab.route("https://api.bitrix24.com/**", route)
        tab.goto(f"{self.server.base}/{site}/{page}{query}")
        if wait:
            tab.wait_for_selector("html[data-placard-ready]", state="attached")
        return tab


@pytest.fixture
def app_page(browser, app_sites):
    context = browser.new_context()
    try:
        yield AppPage(context, app_sites)
    finally:
        context.close()
