"""Issue 21 §2: Placard.ready and placard:ready tell one story (the runtime harness, stub BX24).

One rule: the page settles once — on Bitrix24's answer, or at once when there can be none (no BX24,
no frame). The 3 s deadline only shows the notice; an answer after it still settles the page, and only
then do Placard.ready resolve and placard:ready fire, exactly once. The event is dispatched after
DOMContentLoaded, so deferred `scripts:` that subscribe after the runtime ran still get it.
"""

from __future__ import annotations

from playwright.sync_api import expect

# A page like the default templates make: the runtime and a `scripts:` file, both deferred.
DEFERRED_PAGE = """<!DOCTYPE html>
<html lang="en" data-b24-default-lang="en"><head><meta charset="utf-8">
<meta name="b24-placement" content="IM_TEXTAREA"><title>deferred</title>
<script src="https://api.bitrix24.com/api/v1/"></script>
<script src="/runtime.js" defer></script>
<script src="/__late__.js" defer></script>
</head><body><p>scripts: after the runtime</p></body></html>
"""

LATE_SCRIPT = """
window.__late = [];
document.addEventListener('placard:ready', (e) => window.__late.push(e.detail.placement));
Placard.ready.then((context) => { window.__lateReady = context.placement; });
"""


def _is_page(url: str) -> bool:
    return "/__deferred__.html" in url


def _routed(widget):
    page = widget.page
    page.route(_is_page, lambda route: route.fulfill(status=200, content_type="text/html", body=DEFERRED_PAGE))
    page.route("**/__late__.js", lambda route: route.fulfill(status=200, content_type="text/javascript", body=LATE_SCRIPT))
    return page


def _unroute(page):
    page.unroute(_is_page)
    page.unroute("**/__late__.js")


def test_placard_ready_reaches_a_deferred_script_outside_bitrix24(widget):
    page = _routed(widget)
    try:
        widget.open("/__deferred__.html", bx24="null", name=None, placement=None)
        page.wait_for_load_state("load")
        assert page.get_attribute("html", "data-b24-ready") == "outside"
        assert page.evaluate("window.__late") == [""]
        assert page.evaluate("window.__lateReady") == ""
        assert len(page.evaluate("window.__readyEvents")) == 1
    finally:
        _unroute(page)


def test_placard_ready_reaches_a_deferred_script_inside_bitrix24(widget):
    page = _routed(widget)
    try:
        widget.open("/__deferred__.html", placement="IM_TEXTAREA", options={"dialogId": "chat2"}, wait=False)
        expect(page.locator("html")).to_have_attribute("data-b24-ready", "bitrix24")
        page.wait_for_load_state("load")
        page.wait_for_function("window.__lateReady !== undefined")
        assert page.evaluate("window.__late") == ["IM_TEXTAREA"]
        assert page.evaluate("window.__lateReady") == "IM_TEXTAREA"
    finally:
        _unroute(page)


def test_a_late_answer_settles_ready_once_with_the_real_context(widget):
    path = widget.page_for("IM_TEXTAREA", 'data-b24-option="dialogId"')
    page = widget.open(path, init_delay=700, init_timeout=200, options={"dialogId": "chat9"}, wait=False)
    page.evaluate("() => { window.__readyValue = null; Placard.ready.then((c) => { window.__readyValue = c; }); }")
    # The deadline passes first: the notice shows, but nothing is settled yet.
    expect(page.locator("html")).to_have_attribute("data-b24-ready", "timeout")
    assert page.evaluate("window.__readyEvents") == []
    assert page.evaluate("window.__readyValue") is None
    # Then Bitrix24 answers: the page, Placard.ready and the one event all carry the real context.
    expect(page.locator("html")).to_have_attribute("data-b24-ready", "bitrix24")
    page.wait_for_function("window.__readyValue !== null")
    ready = page.evaluate("window.__readyValue")
    assert ready["placement"] == "IM_TEXTAREA" and ready["options"] == {"dialogId": "chat9"}
    events = page.evaluate("window.__readyEvents")
    assert [event["placement"] for event in events] == ["IM_TEXTAREA"]
    assert page.evaluate("window.Placard.placement") == "IM_TEXTAREA"



SDK_PAGE = """<!DOCTYPE html>
<html lang="en" data-b24-default-lang="en"><head><meta charset="utf-8">
<meta name="b24-placement" content="IM_SIDEBAR"><title>sdk</title>
<script>window.B24Js = { initializeB24Frame: function () { return new Promise(function () {}); } };</script>
<script src="/runtime.js" defer></script>
</head><body><p>b24jssdk only</p></body></html>
"""


def test_a_page_on_b24jssdk_is_not_told_it_is_outside_bitrix24(widget):
    """b24jssdk is a frame client of its own (global B24Js): without BX24.js the runtime cannot read the
    context, but it must not show the outside-Bitrix24 notice in a Bitrix24 frame."""
    page = widget.page

    def is_sdk_page(url: str) -> bool:
        return "/__sdk__.html" in url

    page.route(is_sdk_page, lambda route: route.fulfill(status=200, content_type="text/html", body=SDK_PAGE))
    try:
        widget.open("/__sdk__.html", bx24="null", placement=None)
        assert page.get_attribute("html", "data-b24-ready") == "sdk"
        assert page.locator(".b24-notice").count() == 0
        failed = page.evaluate("() => Placard.call('user.current').catch((e) => e.error)")
        assert failed == "NO_BX24"
        # Outside a frame (no frame name) it is outside Bitrix24, SDK or not.
        widget.open("/__sdk__.html", bx24="null", name=None, placement=None)
        assert page.get_attribute("html", "data-b24-ready") == "outside"
    finally:
        page.unroute(is_sdk_page)
