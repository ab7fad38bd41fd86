"""Issue 21 §1 and §2 in the emulator: it answers only what a portal answers, the local BX24 library
sends what the official one sends, and the page API (window.Placard) tells the truth on a slow or
failing portal.

"No answer" is never waited out: after the message under test the frame sends an ordinary command,
and the emulator answers messages in order, so once that answer is in, an answer to the first would
have come before it.
"""

from __future__ import annotations

import json

from serve_support import (  # noqa: F401  (fixtures)
    call_in_frame, emulator, log_text, serve_browser, serve_site, widget_for,
)

# Posts `message` (an object, its callback and appSid filled in), then a getInterface sentinel;
# resolves with the replies to the message (none expected) once the sentinel's reply is in.
SEND_THEN_SENTINEL = """
    const sid = window.name.split('|')[2];
    const replies = [];
    addEventListener('message', (e) => {
      if (typeof e.data !== 'string') return;
      if (e.data.startsWith('probe:')) replies.push(JSON.parse(e.data.slice(6)));
      if (e.data.startsWith('sentinel:')) done(replies);
    });
    const message = Object.assign({callback: 'probe', appSid: sid}, MESSAGE);
    parent.postMessage(message, location.origin);
    parent.postMessage('getInterface::sentinel:' + sid, location.origin);
"""


def replies_to(frame, message: dict) -> list:
    return call_in_frame(frame, SEND_THEN_SENTINEL.replace("MESSAGE", json.dumps(message)))


def wait_log(page, text: str):
    page.wait_for_function("t => document.getElementById('pl-log').innerText.includes(t)", arg=text, timeout=10000)


# ------------------------------------------------------------------ im:* as the messenger validates it


def test_textarea_commands_need_params_that_are_an_object_or_a_string(emulator):
    page, frame = emulator.open(widget_for("IM_TEXTAREA"))
    page.fill("#pl-input", "untouched")
    base = {"method": "im:setImTextareaContent", "requestId": "r1"}
    # No params, null, a number, a boolean: Type.isObject(params) || Type.isString(params) fails.
    for params, said in [(None, "with no params"), ("null", "with params null"), (5, "with params of type number"), (True, "with params of type boolean")]:
        message = dict(base) if params is None else dict(base, params=None if params == "null" else params)
        assert replies_to(frame, message) == [], message
        wait_log(page, "im:setImTextareaContent " + said + ": the messenger answers only when params is an object or a string")
    assert page.input_value("#pl-input") == "untouched"
    # An object, or a string (b24jssdk sends '' for no params), is answered.
    assert replies_to(frame, dict(base, params={"text": "in", "replace": True})) == [{"requestId": "r1", "success": True}]
    assert replies_to(frame, {"method": "im:getImTextareaContent", "requestId": "r2", "params": ""}) == [{"requestId": "r2", "text": "in"}]


def test_textarea_commands_from_the_context_menu_slider_are_unverified_not_inserted(emulator):
    page, frame = emulator.open(widget_for("IM_CONTEXT_MENU"))
    # The messenger is inert under the open slider (as under the portal's): set the field directly.
    page.evaluate("document.getElementById('pl-input').value = 'untouched'")
    sent = {"method": "im:setImTextareaContent", "requestId": "r1", "params": {"text": "from the slider", "replace": True}}
    assert replies_to(frame, sent) == []
    assert page.input_value("#pl-input") == "untouched"
    assert replies_to(frame, {"method": "im:getImTextareaContent", "requestId": "r2", "params": ""}) == []
    wait_log(page, "im:setImTextareaContent from a slider (IM_CONTEXT_MENU): whether a portal's messenger answers here is unverified")
    assert page.locator("#pl-log .pl-log-unverified").count() == 2


def test_textarea_commands_from_the_mobile_page_are_unverified_not_answered(emulator):
    page, frame = emulator.open("mobile-card")  # serve_support adds it to the example project
    sent = {"method": "im:setImTextareaContent", "requestId": "r1", "params": {"text": "x"}}
    assert replies_to(frame, sent) == []
    wait_log(page, "im:setImTextareaContent from the mobile app's page (IMMOBILE_CONTEXT_MENU): whether a portal's messenger answers here is unverified")


# ------------------------------------------------------------------ the fake portal validates like the im module


def test_im_dialog_get_validates_the_dialog_id_as_the_im_module_does(emulator):
    _, frame = emulator.open(widget_for("IM_SIDEBAR"))
    ask = "BX24.callMethod('im.dialog.get', {DIALOG_ID: GIVEN}, (r) => done(r.error() ? [r.error().getStatus(), r.error().getError().error] : ['ok', r.data().dialog_id]));"
    # BX24.js sends an undefined value as the text 'undefined'.
    for bad in ["undefined", "'nonsense!!'", "'chat'", "'chat12x'", "''", "'-5'"]:
        assert call_in_frame(frame, ask.replace("GIVEN", bad)) == [400, "DIALOG_ID_EMPTY"], bad
    for good, dialog in [("'chat1489'", "chat1489"), ("7", "7"), ("'sg12'", "sg12"), ("'CHAT3'", "CHAT3")]:
        assert call_in_frame(frame, ask.replace("GIVEN", good)) == ["ok", dialog], good


# ------------------------------------------------------------------ the local library sends what BX24.js sends


def test_call_to_sends_video_only_when_given(emulator):
    _, frame = emulator.open(widget_for("IM_SIDEBAR"))
    sent = call_in_frame(frame, """
        const original = parent.postMessage.bind(parent), seen = [];
        parent.postMessage = (data, origin) => { seen.push(data); return original(data, origin); };
        BX24.im.callTo(7); BX24.im.callTo(7, true); BX24.im.callTo(7, false);
        parent.postMessage = original;
        done(seen.map((m) => JSON.parse(m.split(':').slice(1, -2).join(':'))));
    """)
    assert sent == [{"userId": 7}, {"userId": 7, "video": True}, {"userId": 7, "video": False}]


# ------------------------------------------------------------------ the page API on a slow or failing portal


RUN = "async () => { try { return await (async () => {BODY})(); } catch (e) { return {error: e.error, description: e.error_description}; } }"


def run(frame, body: str):
    return frame.evaluate(RUN.replace("BODY", body))


def test_a_failed_request_rejects_at_once_with_query_error(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    page.route("**/rest/app.info.json", lambda route: route.abort())
    page.route("**/rest/user.current.json", lambda route: route.fulfill(status=503, body="busy"))
    page.route("**/rest/profile.json", lambda route: route.fulfill(status=200, content_type="application/json", body="<html>proxy</html>"))
    # A timeout far beyond the test's: only QUERY_ERROR, at once, can pass.
    for method, why in [("app.info", "network error"), ("user.current", "HTTP 503"), ("profile", "not JSON")]:
        failed = run(frame, f"return await Placard.call('{method}', {{}}, {{timeout: 600000}});")
        assert failed == {"error": "QUERY_ERROR", "description": why}, method
    page.route("**/rest/batch.json", lambda route: route.fulfill(status=502, body="bad gateway"))
    assert run(frame, "return await Placard.batch({me: ['user.current', {}]}, {timeout: 600000});") == {"error": "QUERY_ERROR", "description": "HTTP 502"}
    # 4xx answers are Bitrix24's errors, as before.
    assert run(frame, "return await Placard.call('no.such.method');")["error"] == "ERROR_METHOD_NOT_FOUND"


def test_a_late_init_answer_is_the_one_truth(emulator):
    """?initDelay=3500: getInitData answers after the runtime's 3 s deadline. The page waits for it:
    Placard.ready carries the real placement and placard:ready fires exactly once."""
    emulator.context.add_init_script("""
        window.__events = [];
        document.addEventListener('placard:ready', (e) => window.__events.push(e.detail.placement));
        document.addEventListener('DOMContentLoaded', () => {
          if (window.Placard) Placard.ready.then((c) => { window.__ready = c.placement; });
        });
        // What was settled at the moment the deadline passed (data-b24-ready="timeout").
        new MutationObserver(() => {
          if (document.documentElement.getAttribute('data-b24-ready') === 'timeout' && !window.__atDeadline) {
            window.__atDeadline = {events: window.__events.slice(), ready: window.__ready === undefined ? null : window.__ready};
          }
        }).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-b24-ready']});
    """)
    widget = widget_for("IM_CONTEXT_MENU")
    page, frame = emulator.open(widget, "initDelay=3500", ready=False)
    frame = page.wait_for_selector("#pl-frame", state="attached", timeout=10000).content_frame()
    frame.wait_for_function("window.__atDeadline !== undefined", timeout=10000)
    assert frame.evaluate("window.__atDeadline") == {"events": [], "ready": None}
    # A call made now is answered once Bitrix24 is there (or at once, if it already is).
    frame.evaluate("() => { window.__call = null; Placard.call('user.current').then((u) => { window.__call = u.ID; }); }")
    frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached", timeout=10000)
    frame.wait_for_function("window.__ready !== undefined && window.__call !== null", timeout=10000)
    assert frame.evaluate("window.__ready") == "IM_CONTEXT_MENU"
    assert frame.evaluate("window.__events") == ["IM_CONTEXT_MENU"]
    assert frame.evaluate("document.querySelector('.b24-notice')") is None
