"""The widget author's API (window.Placard, placard.d.ts) inside the emulator, against the fake
portal: ready, call, batch, insert, fit."""

from __future__ import annotations

from serve_support import (  # noqa: F401  (fixtures)
    emulator, serve_browser, serve_site, widget_for,
)


def run(frame, script: str):
    """Awaits the async function body `script` in the frame; errors come back as their fields."""
    return frame.evaluate(
        "async () => { try { return await (async () => {" + script + "})(); }"
        " catch (e) { return {failed: String(e.message), error: e.error, description: e.error_description,"
        " errors: e.errors ? Object.keys(e.errors) : undefined}; } }")


def test_ready_resolves_with_the_context(emulator):
    _, frame = emulator.open(widget_for("IM_SIDEBAR"), "dialogId=chat1489&lang=de")
    ready = run(frame, "return await Placard.ready;")
    assert ready["placement"] == "IM_SIDEBAR" and ready["language"] == "de"
    assert ready["options"]["dialogId"] == "chat1489" and ready["chatKind"] == "group"
    assert isinstance(ready["isAdmin"], bool)
    assert run(frame, "return Object.isFrozen(Placard) && Placard.placement;") == "IM_SIDEBAR"


def test_call_resolves_with_the_result_and_rejects_with_bitrix24s_error(emulator):
    _, frame = emulator.open(widget_for("IM_SIDEBAR"))
    user = run(frame, "return await Placard.call('user.current');")
    assert isinstance(user, dict) and "ID" in user
    failed = run(frame, "return await Placard.call('no.such.method', {});")
    assert failed["error"] == "ERROR_METHOD_NOT_FOUND" and failed["failed"].startswith("no.such.method: ERROR_METHOD_NOT_FOUND")
    timed = run(frame, "BX24.callMethod = () => {}; return await Placard.call('user.current', {}, {timeout: 200});")
    assert timed["error"] == "TIMEOUT"


def test_batch_keeps_the_keys_and_names_every_failed_command(emulator):
    _, frame = emulator.open(widget_for("IM_SIDEBAR"))
    results = run(frame, "return await Placard.batch({me: ['user.current', {}], app: ['app.info', {}]});")
    assert set(results) == {"me", "app"} and "ID" in results["me"]
    failed = run(frame, "return await Placard.batch({me: ['user.current', {}], bad: ['no.such.method', {}]});")
    assert failed["error"] == "ERROR_METHOD_NOT_FOUND" and failed["errors"] == ["bad"]
    assert run(frame, "return await Placard.batch([]);") == []


def test_insert_puts_text_into_the_field_and_is_only_for_im_textarea(emulator):
    page, frame = emulator.open(widget_for("IM_TEXTAREA"))
    assert run(frame, "await Placard.insert('from the API'); return 'ok';") == "ok"
    assert page.input_value("#pl-input") == "from the API"
    assert run(frame, "await Placard.insert('replaced', {replace: true}); return 'ok';") == "ok"
    assert page.input_value("#pl-input") == "replaced"
    _, sidebar = emulator.open(widget_for("IM_SIDEBAR"))
    assert run(sidebar, "return await Placard.insert('x');")["error"] == "WRONG_PLACEMENT"
    assert run(sidebar, "Placard.fit(); return 'fitted';") == "fitted"


def test_the_scaffolds_context_menu_widget_shows_its_message(serve_browser, tmp_path):
    """`placard init`'s IM_CONTEXT_MENU widget loads message.js through `scripts:` (with SRI) and
    fetches the message with Placard.call; the emulator answers from its fixtures."""
    import subprocess
    from serve_support import BINARY, Emulator, ServeProcess
    root = tmp_path / "new"
    subprocess.run([str(BINARY), "init", str(root)], check=True, capture_output=True)
    server = ServeProcess(root)
    try:
        emulator = Emulator(serve_browser, server)
        page, frame = emulator.open("message-actions", "dialogId=chat1489&messageId=84889")
        quote = frame.wait_for_selector("blockquote.widget-message:not(:empty)")
        assert quote.text_content() == "The customer cannot log in after the password reset. Can someone take a look?"
        assert frame.evaluate("document.querySelector('script[src=\"message.js\"]').integrity.startsWith('sha384-')")
        assert emulator.errors == []
        emulator.close()
    finally:
        server.stop()
