"""`placard serve`: every example widget inside the messenger emulator, the frame protocol, REST."""

from __future__ import annotations

import json
import re

import pytest

from serve_support import (  # noqa: F401  (fixtures)
    REPO, call_in_frame, emulator, unanswered, example_widgets, log_text, serve_browser, serve_site, widget_for,
)

PLACEMENT_OPTIONS = {
    "IM_TEXTAREA": {"dialogId": "chat1489", "URI": "/online/"},
    "IM_SIDEBAR": {"dialogId": "chat1489", "URI": "/online/"},
    "IM_CONTEXT_MENU": {"messageId": "84889", "dialogId": "chat1489", "URI": "/online/"},
    "IM_NAVIGATION": {"URI": "/online/"},
    "IMMOBILE_CONTEXT_MENU": {"dialogId": "chat1489"},
}
SURFACE = {"IM_TEXTAREA": ".pl-popup", "IM_SIDEBAR": ".pl-detail", "IM_CONTEXT_MENU": ".pl-slider",
           "IM_NAVIGATION": "#pl-navpage", "IMMOBILE_CONTEXT_MENU": "#pl-phone"}
WIDGETS = example_widgets() + [("mobile-card", "IMMOBILE_CONTEXT_MENU")]


def test_index_lists_every_widget(serve_site, serve_browser):
    page = serve_browser.new_page()
    try:
        page.goto(serve_site.url + "/")
        for widget, _ in WIDGETS:
            assert page.locator(f'a[href="/_placard/preview/{widget}"]').count() == 1
    finally:
        page.close()


@pytest.mark.parametrize("widget,placement", WIDGETS)
def test_each_widget_shows_its_context(emulator, widget, placement):
    page, frame = emulator.open(widget, "dialogId=chat1489&messageId=84889&lang=de")
    root = frame.locator("html")
    assert root.get_attribute("data-b24-placement-actual") == placement
    placard = frame.evaluate("() => ({options: window.Placard.options, placement: window.Placard.placement, language: window.Placard.language})")
    assert placard["placement"] == placement
    assert placard["options"] == PLACEMENT_OPTIONS[placement]
    assert placard["language"] == "de"
    assert page.locator(SURFACE[placement]).first.is_visible()
    shown = frame.locator('[data-b24-option="dialogId"]')
    if "dialogId" in PLACEMENT_OPTIONS[placement] and shown.count():
        assert shown.first.inner_text() == "chat1489"
    shown = frame.locator('[data-b24-option="messageId"]')
    if placement == "IM_CONTEXT_MENU" and shown.count():
        assert shown.first.inner_text() == "84889"
    # The frame was loaded exactly as Bitrix24 does it.
    name = frame.evaluate("() => window.name")
    host = serve_site_host(emulator)
    assert re.fullmatch(re.escape(host) + r"\|0\|[0-9a-f]{32}", name)
    query = frame.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))")
    assert query == {"DOMAIN": host, "PROTOCOL": "0", "LANG": "de", "APP_SID": name.split("|")[2]}
    log = log_text(page)
    assert f"POST /{widget}/ as {placement}" in log
    assert "getInitData ← reply" in log
    assert not emulator.errors


def serve_site_host(emulator) -> str:
    return emulator.server.url.split("//", 1)[1]


def test_textarea_insert_reaches_the_emulated_input(emulator):
    widget = widget_for("IM_TEXTAREA")
    page, frame = emulator.open(widget)
    snippet = frame.locator("figure.b24-snippet").first
    # A ```reply block inserts its BBCode (data-b24-text), an ```insert block its code.
    text = snippet.evaluate("(f) => f.hasAttribute('data-b24-text') ? f.getAttribute('data-b24-text') : f.querySelector('pre code').textContent.replace(/\\n$/, '')")
    snippet.locator("button[data-b24-insert]").click()
    page.wait_for_function("expected => document.getElementById('pl-input').value === expected", arg=text)
    status = snippet.locator("output.b24-insert-status")
    status.wait_for()
    assert frame.locator("output.b24-insert-status[data-b24-state=ok]").count() == 1
    assert "im:setImTextareaContent ← reply" in log_text(page)
    # The object message reads the input back too.
    got = call_in_frame(frame, """
        const callback = 'cb' + Date.now();
        addEventListener('message', (e) => { if (e.data.startsWith(callback + ':')) done(JSON.parse(e.data.slice(callback.length + 1))); });
        parent.postMessage({method: 'im:getImTextareaContent', params: '', callback, appSid: window.name.split('|')[2], requestId: 'r1'}, location.origin);
    """)
    assert got == {"requestId": "r1", "text": text}


def test_denied_commands_never_answer_and_can_be_allowed(emulator):
    widget = widget_for("IM_SIDEBAR")
    page, frame = emulator.open(widget)
    assert unanswered(frame, "BX24.setTitle('Renamed', (r) => done(r));")
    assert "setTitle is denied in IM_SIDEBAR: no answer" in log_text(page)
    size = call_in_frame(frame, "BX24.resizeWindow(300, 420, (r) => done(r));")
    assert size["height"] == 420
    page.close()
    page, frame = emulator.open(widget, "deny=")
    assert call_in_frame(frame, "BX24.setTitle('Renamed', (r) => done(r));") == {"title": "Renamed"}
    assert page.locator(".pl-detail-header h2").inner_text() == "Renamed"


def test_protocol_checks_app_sid_and_interface(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    assert unanswered(frame, """
        const id = 'x'.repeat(32);
        addEventListener('message', (e) => { if (e.data.startsWith(id)) done('answered'); });
        parent.postMessage('getInitData::' + id + ':not-my-app-sid', location.origin);
    """)
    assert "APP_SID does not match" in log_text(page)
    assert call_in_frame(frame, "BX24.placement.getInterface((r) => done(r));") == {"command": [], "event": []}
    auth = frame.evaluate("() => BX24.getAuth()")
    assert auth["domain"] == serve_site_host(emulator) and auth["expires_in"] > 0 and auth["access_token"]
    assert frame.evaluate("() => [BX24.getLang(), BX24.isAdmin(), BX24.getDomain()]") == ["en", True, serve_site_host(emulator)]
    assert call_in_frame(frame, "BX24.openPath('/etc/passwd', (r) => done(r));") == {"result": "error", "errorCode": "PATH_NOT_AVAILABLE"}


def test_rest_calls_from_the_frame(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    me = call_in_frame(frame, "BX24.callMethod('user.current', {}, (r) => done(r.error() ? String(r.error()) : r.data().NAME));")
    assert me == "Anna"
    missing = call_in_frame(frame, "BX24.callMethod('no.such.method', {}, (r) => done([r.error().getStatus(), String(r.error())]));")
    assert missing == [404, "ERROR_METHOD_NOT_FOUND: Method not found! (404)"]
    batch = call_in_frame(frame, """
        BX24.callBatch({me: ['user.current', {}], chat: ['im.dialog.get', {DIALOG_ID: 'chat1489'}]},
          (r) => done([r.me.data().ID, r.chat.data().dialog_id]));
    """)
    assert batch == ["1", "chat1489"]
    users = call_in_frame(frame, "BX24.callMethod('user.get', {FILTER: {ID: [7, 12]}}, (r) => done([r.total(), r.more(), r.data().map(u => u.ID)]));")
    assert users == [2, False, ["7", "12"]]
    page.wait_for_function("() => document.getElementById('pl-log').innerText.includes('user.current.json → 200')")
    assert "no.such.method.json → 404 ERROR_METHOD_NOT_FOUND" in log_text(page)


def test_placement_bind_is_recorded(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    result = call_in_frame(frame, """
        BX24.callMethod('placement.bind', {PLACEMENT: 'IM_SIDEBAR', HANDLER: location.origin + '/preview-bind/',
          TITLE: 'Bound', LANG_ALL: {en: {TITLE: 'Bound'}}, OPTIONS: {iconName: 'fa-book'}}, (r) => done(r.error() ? String(r.error()) : r.data()));
    """)
    assert result is True
    bindings = emulator.server.json("/_placard/api/bindings")
    assert any(b["HANDLER"].endswith("/preview-bind/") and b["PLACEMENT"] == "IM_SIDEBAR" for b in bindings)
    listed = call_in_frame(frame, "BX24.callMethod('placement.get', {}, (r) => done(r.data().map(b => b.handler)));")
    assert any(h.endswith("/preview-bind/") for h in listed)


def test_expired_token_is_refreshed_through_the_parent(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    before = frame.evaluate("() => BX24.getAuth().access_token")
    page.click("#pl-expire")
    page.wait_for_function("() => document.getElementById('pl-log').innerText.includes('access token expired')")
    assert call_in_frame(frame, "BX24.callMethod('app.info', {}, (r) => done(r.error() ? String(r.error()) : r.data().INSTALLED));") is True
    assert frame.evaluate("() => BX24.getAuth().access_token") != before
    log = log_text(page)
    assert "expired_token" in log and "refreshAuth ← reply" in log


def test_context_menu_slider_closes_on_close_application(emulator):
    page, frame = emulator.open(widget_for("IM_CONTEXT_MENU"))
    assert page.locator(".pl-message.is-target").count() == 1
    frame.evaluate("() => { setTimeout(() => BX24.closeApplication(), 0); }")
    page.locator(".pl-slider").wait_for(state="detached")
    assert "closeApplication" in log_text(page)


def test_widget_not_listed_in_other_chat_kinds_shows_a_notice(emulator):
    widget = widget_for("IM_TEXTAREA")
    context = (REPO / "content" / widget / "index.md").read_text(encoding="utf-8")
    if "CRM" in context or "ALL" in context or "context" not in context:
        pytest.skip("the textarea widget is listed in CRM chats")
    page, _ = emulator.open(widget, "kind=crm&dialogId=chat3175", ready=False)
    notice = page.locator(".pl-unavailable")
    notice.wait_for()
    assert "would not show this widget here" in notice.inner_text()
    page.click(".pl-unavailable button")
    frame = page.wait_for_selector("#pl-frame", state="attached").content_frame()
    frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached")


def test_mobile_page_cannot_open_paths(emulator):
    page, frame = emulator.open("mobile-card")
    assert page.locator("#pl-messenger").is_hidden()
    assert call_in_frame(frame, "BX24.openPath('/crm/deal/details/1/', (r) => done(r));") == {
        "result": "error", "errorCode": "METHOD_NOT_SUPPORTED_ON_DEVICE"}
    assert "URI" not in frame.evaluate("() => window.Placard.options")


def test_served_pages_keep_dist_untouched(serve_site):
    widget = widget_for("IM_SIDEBAR")
    status, headers, body = serve_site.get(f"/{widget}/")
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert b"/_placard/bx24.js" in body and b"api.bitrix24.com" not in body
    on_disk = (serve_site.root / "dist" / widget / "index.html").read_text(encoding="utf-8")
    assert "https://api.bitrix24.com/api/v1/" in on_disk and "_placard" not in on_disk
    for path in ("/%2e%2e/placard.yml", f"/{widget}/..%2f..%2fplacard.yml", "/..%5cplacard.yml"):
        assert serve_site.get(path)[0] == 404
