"""Issue 21 §4: the emulator itself passes axe-core — no serious or critical violation, light and dark.

Every surface is opened (popup, sidebar, slider, navigation page, phone), the panel's log is filled with
an entry of every kind the emulator writes (load, in, out, note, warn, drop, deny, rest, rest-error), and
axe-core (from axe-selenium-python, see axe_support.py) checks the emulator's own page. The widget frames
are pages of the project, checked by the runtime's tests, so axe does not descend into them here.
"""

from __future__ import annotations

import pytest

from axe_support import serious_violations
from serve_support import (  # noqa: F401  (fixtures)
    call_in_frame, serve_browser, serve_site, widget_for,
)

# Log entries of every kind, written by the emulator in answer to what the frame sends.
FILL_LOG = """
    const sid = window.name.split('|')[2];
    parent.postMessage('setTitle:{"title":"Checked"}:c1:' + sid, location.origin);           // in, out
    parent.postMessage('setTitle:{"title":"x"}:c2:not-the-app-sid', location.origin);       // drop
    parent.postMessage('noSuchCommand::c3:' + sid, location.origin);                         // drop
    parent.postMessage({placard: 'warning', text: 'a warning from the library'}, location.origin); // warn
    BX24.callMethod('user.current', {}, () => {                                              // rest
      BX24.callMethod('no.such.method', {}, () => done('logged'));                           // rest-error
    });
"""


def open_themed(browser, server, widget: str, theme: str, query: str = ""):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=theme)
    context.add_init_script(f"try {{ localStorage.setItem('placard.theme', '{theme}'); }} catch (e) {{}}")
    page = context.new_page()
    page.goto(f"{server.url}/_placard/preview/{widget}" + (f"?{query}" if query else ""))
    frame = page.wait_for_selector("#pl-frame", state="attached", timeout=10000).content_frame()
    frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached", timeout=10000)
    return context, page, frame


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("placement", ["IM_TEXTAREA", "IM_SIDEBAR", "IM_CONTEXT_MENU", "IM_NAVIGATION", "IMMOBILE_CONTEXT_MENU"])
def test_the_emulator_has_no_serious_accessibility_violation(serve_browser, serve_site, placement, theme):
    # serve_support adds the phone widget, mobile-card, to the example project.
    widget = "mobile-card" if placement == "IMMOBILE_CONTEXT_MENU" else widget_for(placement)
    context, page, frame = open_themed(serve_browser, serve_site, widget, theme, "deny=setScroll")
    try:
        assert page.evaluate("document.documentElement.getAttribute('data-placard-theme')") == theme
        assert call_in_frame(frame, FILL_LOG) == "logged"
        call_in_frame(frame, "parent.postMessage('setScroll:{\"scroll\":0}:c4:' + window.name.split('|')[2], location.origin); done(1);")
        page.wait_for_function("""() => ['load', 'in', 'out', 'drop', 'warn', 'rest', 'rest-error', 'deny']
            .every((kind) => document.querySelector('#pl-log .pl-log-' + kind))""", timeout=10000)
        found = serious_violations(page, {"iframes": False})
        assert found == [], f"{placement} in {theme}:\n" + "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_widget_list_and_the_unavailable_notice_pass_too(serve_browser, serve_site, theme):
    context = serve_browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=theme)
    try:
        page = context.new_page()
        page.goto(serve_site.url + "/")
        page.wait_for_selector(".pl-widget")
        assert serious_violations(page) == []
        # A widget Bitrix24 would not list here (not an administrator where role is ADMIN, or a
        # context that excludes the chat): the emulator's notice with its "Open anyway" button.
        page.goto(f"{serve_site.url}/_placard/preview/{widget_for('IM_SIDEBAR')}?kind=lines&dialogId=chat2210&admin=N")
        page.wait_for_function("document.querySelector('.pl-unavailable') || document.querySelector('#pl-frame')")
        page.wait_for_selector("#pl-log li")
        found = serious_violations(page, {"iframes": False})
        assert found == [], "\n".join(found)
    finally:
        context.close()
