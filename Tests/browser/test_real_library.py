"""The emulator and the runtime with the official BX24.js instead of Placard's local library (issue 21).

The local library (`/_placard/bx24.js`) is written to send what the official one sends; where the two
could differ, these tests put a real copy of the official library in its place, by route, and check
what the preview and the page API do with it: the widget starts in every placement, a failed request
rejects at once with QUERY_ERROR (BX24.js throws 'Query error!' inside its XHR callback), an undefined
DIALOG_ID arrives as the text 'undefined' and is refused, `im.callTo` sends no `video` key,
`placement.call('im:…')` gets no answer (the messenger reads only the object message with a top-level
requestId), and `Placard.insert` still reaches the chat (the runtime posts that object itself).

The official library is not part of this repository (it is Bitrix24's, and the preview works offline):
point PLACARD_REAL_BX24 at one or more copies of https://api.bitrix24.com/api/v1/, separated by ':'.
Without it these tests are skipped and say so.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from serve_support import (  # noqa: F401  (fixtures)
    Emulator, call_in_frame, example_widgets, log_text, serve_browser, serve_site, unanswered, widget_for,
)

COPIES = [Path(p) for p in os.environ.get("PLACARD_REAL_BX24", "").split(os.pathsep) if p]

pytestmark = pytest.mark.skipif(not COPIES, reason="set PLACARD_REAL_BX24 to copies of the official BX24.js")


@pytest.fixture(params=COPIES or [None], ids=lambda p: p.name if p else "none")
def real(request, serve_browser, serve_site):
    """An emulator whose frames load the official library given instead of the local one."""
    body = request.param.read_bytes()
    em = Emulator(serve_browser, serve_site)
    em.context.route("**/_placard/bx24.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript; charset=utf-8", body=body))
    yield em
    em.close()


@pytest.mark.parametrize("widget,placement", [w for w in example_widgets()])
def test_the_widget_starts_in_its_placement(real, widget, placement):
    page, frame = real.open(widget, "dialogId=chat1489&messageId=84889")
    assert frame.evaluate("() => typeof BX24.placement.info === 'function'"), "the official library was not the one loaded"
    context = frame.evaluate("() => Placard.ready.then((c) => ({placement: c.placement, dialogId: c.options.dialogId}))")
    assert context["placement"] == placement
    assert frame.locator("html").get_attribute("data-b24-ready") == "bitrix24"
    assert "getInitData ← reply" in log_text(page)
    assert not real.errors


def test_a_failed_request_rejects_at_once_with_query_error(real):
    page, frame = real.open(widget_for("IM_SIDEBAR"))
    page.route("**/rest/app.info.json", lambda route: route.abort())
    page.route("**/rest/user.current.json", lambda route: route.fulfill(status=503, body="busy"))
    # A timeout far beyond the safety net: only QUERY_ERROR, at once, passes.
    for method in ["app.info", "user.current"]:
        failed = frame.evaluate(
            "async (m) => { try { await Placard.call(m, {}, {timeout: 600000}); return null; } catch (e) { return e.error; } }", method)
        assert failed == "QUERY_ERROR", method


def test_an_undefined_dialog_id_is_refused_as_the_im_module_does(real):
    _, frame = real.open(widget_for("IM_SIDEBAR"))
    answer = call_in_frame(frame, "BX24.callMethod('im.dialog.get', {DIALOG_ID: undefined}, "
                                  "(r) => done(r.error() ? r.error().getError().error : 'answered'));")
    assert answer == "DIALOG_ID_EMPTY"


def test_call_to_sends_no_video_key(real):
    _, frame = real.open(widget_for("IM_SIDEBAR"))
    sent = call_in_frame(frame, """
        const original = parent.postMessage.bind(parent), seen = [];
        parent.postMessage = (data, origin) => { seen.push(data); return original(data, origin); };
        BX24.im.callTo(7);
        parent.postMessage = original;
        done(seen);
    """)
    assert len(sent) == 1 and isinstance(sent[0], str) and sent[0].startswith("imCallTo:"), sent
    assert json.loads(sent[0].split(":", 1)[1].rsplit(":", 2)[0]) == {"userId": 7}


def test_placement_call_im_gets_no_answer_but_placard_insert_does(real):
    page, frame = real.open(widget_for("IM_TEXTAREA"))
    page.fill("#pl-input", "untouched")
    assert unanswered(frame, "BX24.placement.call('im:setImTextareaContent', {text: 'via BX24', replace: true}, () => done());")
    assert page.input_value("#pl-input") == "untouched"
    assert "im:setImTextareaContent" in log_text(page)
    inserted = frame.evaluate("() => Placard.insert('via Placard', {replace: true}).then(() => 'ok', (e) => e.error)")
    assert inserted == "ok"
    assert page.input_value("#pl-input") == "via Placard"
