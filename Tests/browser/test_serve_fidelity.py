"""Issue 12: the emulator and /_placard/bx24.js behave like the real messenger and the real BX24.js.

Each test reproduces, with our own code, what an official client does and asserts what the real
platform answers; the platform source it follows is quoted next to it (see also ../shared/spec).
"""

from __future__ import annotations

import json

from serve_support import (  # noqa: F401  (fixtures)
    call_in_frame, emulator, log_text, serve_browser, serve_site, unanswered, widget_for,
)


def frame_token(frame) -> str:
    return frame.evaluate("() => BX24.getAuth().access_token")


def wait_log(page, text: str, timeout: int = 5000):
    page.wait_for_function("t => document.getElementById('pl-log').innerText.includes(t)", arg=text, timeout=timeout)


# ------------------------------------------------------------------ 1. messenger commands


def test_textarea_commands_read_request_id_at_the_top_level(emulator):
    page, frame = emulator.open(widget_for("IM_TEXTAREA"))
    # b24jssdk (frame/message/controller.ts) omits requestId from params and sends
    # {method, params: paramsSend || '', callback, appSid, requestId}; the messenger's
    # IframeCommunicationManager reads `const { requestId, params, method } = rawContext`.
    send = """
        const post = (method, params, requestId) => new Promise((resolve) => {
          const callback = 'cb' + Math.random().toString(36).slice(2);
          const listen = (e) => { if (typeof e.data === 'string' && e.data.startsWith(callback + ':')) {
            removeEventListener('message', listen); resolve(JSON.parse(e.data.slice(callback.length + 1))); } };
          addEventListener('message', listen);
          const message = {method, params, callback, appSid: window.name.split('|')[2]};
          if (requestId !== undefined) message.requestId = requestId;
          parent.postMessage(message, location.origin);
        });
    """
    sdk_set = call_in_frame(frame, send + "post('im:setImTextareaContent', {text: 'from the SDK', replace: true}, 'r1').then(done);")
    assert sdk_set == {"requestId": "r1", "success": True}
    assert page.input_value("#pl-input") == "from the SDK"
    sdk_get = call_in_frame(frame, send + "post('im:getImTextareaContent', '', 'r2').then(done);")
    assert sdk_get == {"requestId": "r2", "text": "from the SDK"}
    # requestId only inside params: the messenger refuses it (no answer at all).
    assert unanswered(frame, send + "post('im:setImTextareaContent', {text: 'x', requestId: 'r3'}).then(done);")
    assert page.input_value("#pl-input") == "from the SDK"
    assert "without a top-level requestId (one inside params is not read by the messenger)" in log_text(page)
    # An empty requestId is refused too ("requestId must be a non-empty string").
    assert unanswered(frame, send + "post('im:getImTextareaContent', '', '').then(done);")


def test_textarea_command_as_a_colon_string_is_dropped(emulator):
    page, frame = emulator.open(widget_for("IM_TEXTAREA"))
    # The classic string form parses from the right (core applayout.js): the command would be "im".
    assert unanswered(frame, """
        const id = 'y'.repeat(32);
        addEventListener('message', (e) => { if (typeof e.data === 'string' && e.data.startsWith(id)) done('answered'); });
        parent.postMessage('im:setImTextareaContent:{"text":"x","requestId":"r"}:' + id + ':' + window.name.split('|')[2], location.origin);
    """)
    assert "an im:* command sent as a colon string" in log_text(page)


def test_local_library_placement_call_sends_the_object_form(emulator):
    page, frame = emulator.open(widget_for("IM_TEXTAREA"))
    sent = call_in_frame(frame, """
        const original = parent.postMessage.bind(parent);
        const seen = [];
        parent.postMessage = (data, origin) => { seen.push(data); return original(data, origin); };
        BX24.placement.call('im:setImTextareaContent', {text: 'via BX24', requestId: 'p1', replace: true}, (r) => {
          parent.postMessage = original;
          done({reply: r, sent: seen.filter((m) => typeof m === 'object' && m.method)});
        });
    """)
    assert sent["reply"] == {"requestId": "p1", "success": True}
    message = sent["sent"][0]
    assert set(message) == {"method", "params", "callback", "appSid", "requestId"}
    assert message["requestId"] == "p1" and message["params"] == {"text": "via BX24", "replace": True}
    assert page.input_value("#pl-input") == "via BX24"
    # The official BX24.js does not reach the messenger with it — older copies send a colon string,
    # the 2022 copy an object with requestId inside params — and the panel says both (issue 21).
    wait_log(page, "older copies send a string \"command:params:callback:APP_SID\", and the 2022 copy sends an object with requestId inside params")
    assert "colon strings" not in log_text(page)
    got = call_in_frame(frame, "BX24.placement.call('im:getImTextareaContent', {requestId: 'p2'}, done);")
    assert got == {"requestId": "p2", "text": "via BX24"}


# ------------------------------------------------------------------ 3. API parity with BX24.js


def test_local_library_has_the_official_helpers(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    names = ["bind", "unbind", "proxy", "proxyContext", "canUse", "loadScript", "callUnBind", "callUnbind", "callBind"]
    assert frame.evaluate("names => names.filter((n) => typeof BX24[n] !== 'function')", names) == []
    assert frame.evaluate("() => [BX24.canUse('upload'), BX24.canUse('anything')]") == [True, True]
    # proxy: one function per (func, object); `this` is the object; proxyContext() is the caller's `this`.
    proxied = frame.evaluate("""() => {
        const target = {name: 'target'}, caller = {name: 'caller'};
        function f() { return [this.name, BX24.proxyContext().name]; }
        const p = BX24.proxy(f, target);
        caller.run = p;
        return [p === BX24.proxy(f, target), caller.run(), BX24.proxyContext(), BX24.proxy(f, null) === f];
    }""")
    assert proxied == [True, ["target", "caller"], None, True]
    # bind / unbind are addEventListener / removeEventListener.
    clicks = frame.evaluate("""() => {
        let n = 0; const h = () => n++;
        BX24.bind(document.body, 'click', h); document.body.click();
        BX24.unbind(document.body, 'click', h); document.body.click();
        return n;
    }""")
    assert clicks == 1
    # loadScript loads in order, removes the elements, then calls back.
    loaded = call_in_frame(frame, """
        const url = (code) => URL.createObjectURL(new Blob([code], {type: 'text/javascript'}));
        window.__order = [];
        BX24.loadScript([url('__order.push(1)'), url('__order.push(2)')], () =>
          done([window.__order, document.querySelectorAll('script[src^=blob]').length]));
    """)
    assert loaded == [[1, 2], 0]


def test_dialog_callbacks_survive_a_title(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    # bx24-old: selectUser(title, cb) takes cb second when title is a string;
    # selectAccess(title, value, cb) shifts only when title is not a string.
    user = call_in_frame(frame, "BX24.selectUser('Pick a colleague', (u) => done(u.name));")
    assert user == "Jonas Weber"
    users = call_in_frame(frame, "BX24.selectUsers('Pick', (u) => done(u.length));")
    assert users == 2
    access = call_in_frame(frame, "BX24.selectAccess('Who may see it', ['U1'], (a) => done(a.map((x) => x.id)));")
    assert access == ["U7", "DR1"]
    assert call_in_frame(frame, "BX24.selectAccess((a) => done(a.length));") == 2
    log = log_text(page)
    assert '{"title":"Pick a colleague","mult":false}' in log
    assert '{"value":["U1"]}' in log


def test_resize_window_parses_its_arguments_like_bx24(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    # bx24-old: `width = parseInt(width); height = parseInt(height); if (width > 0 && height > 0) …`
    reply = call_in_frame(frame, "BX24.resizeWindow('100%', '300px', done);")
    assert '{"width":100,"height":300}' in log_text(page)
    assert reply["width"] <= 100 and reply["height"] == 300
    wait_log(page, "sends width 100 (px)")
    # fitWindow is the one that sends '100%'.
    call_in_frame(frame, "BX24.fitWindow(done);")
    assert '{"width":"100%","height":' in log_text(page)


def test_user_option_set_drops_its_callback(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    # bx24-old: userOption.set = function(name, value) { …; sendMessage('setUserOption', {name, value}); }
    assert unanswered(frame, "BX24.userOption.set('color', 'teal', () => done('called'));")
    assert frame.evaluate("() => BX24.userOption.get('color')") == "teal"
    wait_log(page, "the official library drops the callback")
    assert "setUserOption" in log_text(page)


def test_open_application_prefixes_every_setting(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    frame.evaluate("() => BX24.openApplication({order: 7}, () => {}, {width: 640, title: 'Details', leftBoundary: 300, custom: 'x'})")
    wait_log(page, "openApplication")
    entry = page.locator("#pl-log li", has_text="openApplication").last.locator("code").inner_text()
    assert json.loads(entry) == {"order": 7, "bx24_width": 640, "bx24_title": "Details", "bx24_leftBoundary": 300, "bx24_custom": "x"}
    assert page.locator(".pl-slider h2").last.inner_text() == "Details"


def test_a_failed_request_throws_query_error_without_a_callback(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    # bx24-old: xhr.onerror = function () { throw('Query error!'); } — and for any answer that is
    # not 2xx/304/4xx: `else { throw('Query error!'); }`; config.callback is never called.
    page.route("**/rest/app.info.json", lambda route: route.abort())
    page.route("**/rest/user.current.json", lambda route: route.fulfill(status=503, body="busy"))
    script = """
        const errors = [];
        addEventListener('error', (e) => errors.push(String(e.error)));
        let called = false;
        BX24.callMethod('METHOD', {}, () => { called = true; });
        setTimeout(() => done({errors, called}), 700);
    """
    assert call_in_frame(frame, script.replace("METHOD", "app.info")) == {"errors": ["Query error!"], "called": False}
    assert call_in_frame(frame, script.replace("METHOD", "user.current")) == {"errors": ["Query error!"], "called": False}
    wait_log(page, "app.info: the request failed (network error)")
    wait_log(page, "user.current: the portal answered HTTP 503")
    # A 4xx answer still reaches the callback.
    page.unroute("**/rest/user.current.json")
    assert call_in_frame(frame, "BX24.callMethod('no.such', {}, (r) => done(r.error().getStatus()));") == 404


def test_the_panel_warns_when_the_portal_answers_5xx(emulator):
    # A fixture answering 503: BX24.js's ajax.isSuccess refuses it, so it throws 'Query error!';
    # the emulator's panel says so next to the REST log line.
    fixtures = emulator.server.root / "fixtures"
    fixtures.mkdir(exist_ok=True)
    (fixtures / "placard.test.busy.json").write_text(
        json.dumps({"error": "OVERLOAD_LIMIT", "error_description": "busy", "httpStatus": 503}), encoding="utf-8")
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    outcome = call_in_frame(frame, """
        const errors = [];
        addEventListener('error', (e) => errors.push(String(e.error)));
        BX24.callMethod('placard.test.busy', {}, () => errors.push('callback'));
        setTimeout(() => done(errors), 700);
    """)
    assert outcome == ["Query error!"]
    wait_log(page, "placard.test.busy.json answered 503: the official BX24.js throws 'Query error!' and never calls the callback")


def test_init_handlers_run_before_the_document_has_loaded(emulator):
    widget = widget_for("IM_SIDEBAR")
    page = emulator.context.new_page()
    # bx24-old: util.init() sends getInitData at load and runs the init handlers when it answers;
    # only BX24.ready waits for DOMContentLoaded.
    html = """<!DOCTYPE html><html><head><script src="/_placard/bx24.js"></script>
        <script>window.__states = [];
          BX24.init(() => __states.push('init:' + document.readyState));
          BX24.ready(() => __states.push('ready:' + document.readyState));</script>
        <script src="/_placard_slow.js"></script></head><body>slow page</body></html>"""

    # The slow script is held back until the init handlers have run: slow by an event, so the
    # order below holds on any machine.
    # (Every request is held until then: the emulator may load the frame more than once.)
    held, released = [], []

    def slow(route):
        if released:
            route.fulfill(status=200, content_type="text/javascript", body="__states.push('slow script')")
        else:
            held.append(route)

    page.route(lambda url: f"/{widget}/" in url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.route("**/_placard_slow.js", slow)
    page.goto(f"{emulator.server.url}/_placard/preview/{widget}")
    frame = page.wait_for_selector("#pl-frame", state="attached").content_frame()
    # Polled on an interval, not on animation frames (Playwright's default): a document whose parser
    # waits for a script paints nothing, so a requestAnimationFrame poll would never look again.
    frame.wait_for_function("() => window.__states && window.__states.length === 1", polling=50)
    assert frame.evaluate("document.readyState") == "loading"
    released.append(True)
    for route in held:
        slow(route)
    frame.wait_for_function("() => window.__states && window.__states.length === 3", polling=50)
    states = frame.evaluate("window.__states")
    assert states[:2] == ["init:loading", "slow script"] and states[2].startswith("ready:"), states


# ------------------------------------------------------------------ 4. REST like a portal


def test_batch_runs_object_commands_in_the_order_sent(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    # PHP keeps $_POST in the order sent and batch walks cmd with foreach, so `zz` (sent first)
    # is answered before `aa` refers to it, although "aa" sorts first.
    result = call_in_frame(frame, """
        BX24.callBatch({zz: ['user.current', {}], aa: ['im.dialog.get', {DIALOG_ID: 'chat$result[zz][ID]'}]},
          (r) => done(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.error() ? String(v.error()) : v.data().ID || v.data().dialog_id]))), true);
    """)
    assert result == {"zz": "1", "aa": "chat1"}


def test_rest_v3_is_refused_clearly_and_foreign_tokens_get_401(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    fetch = """
        fetch('/rest/api/user.current?bx24_request_id=1', {method: 'POST', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({auth: TOKEN})}).then(async (r) => done([r.status, await r.json()]));
    """
    status, body = call_in_frame(frame, fetch.replace("TOKEN", "BX24.getAuth().access_token"))
    assert status == 501 and body["error"]["code"] == "PLACARD_V3_NOT_EMULATED" and "result" not in body
    status, body = call_in_frame(frame, fetch.replace("TOKEN", "'0123456789abcdef0123456789abcdef'"))
    assert [status, body["error"]] == [401, "invalid_token"]
    status, body = call_in_frame(frame, fetch.replace("/rest/api/user.current", "/rest/user.current").replace("TOKEN", "'made-up'"))
    assert [status, body["error"]] == [401, "invalid_token"]
