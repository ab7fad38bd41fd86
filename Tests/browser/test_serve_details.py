"""`placard serve`: the details that used to break the illusion — live reload keeps the frame's page
and swaps a changed stylesheet, a phone-wide window, the entry point's icon, the IM_TEXTAREA popup
size, the REST log, the chat list and titles in the user's language."""

from __future__ import annotations

import json
import re

import pytest

from serve_support import (  # noqa: F401  (fixtures)
    call_in_frame, emulator, example_widgets, fresh_emulator, fresh_site, log_text, serve_browser, serve_site, settled, widget_for,
)
from test_serve_live import mark, reloaded, wait_until

WIDGETS = example_widgets() + [("mobile-card", "IMMOBILE_CONTEXT_MENU")]


def stylesheets(frame) -> list[str]:
    return frame.evaluate("() => [...document.querySelectorAll('link[rel~=stylesheet]')].map(l => l.getAttribute('href'))")


def test_live_reload_keeps_the_page_the_frame_shows(fresh_emulator, fresh_site):
    widget = widget_for("IM_SIDEBAR")
    page, frame = fresh_emulator.open(widget)
    link = frame.locator("main a[href]:not([href^='http']):not([href^='#'])").first
    target = link.get_attribute("href").split("#")[0]
    link.click()
    frame.wait_for_url(re.compile(re.escape(target)))
    frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached")
    path = frame.evaluate("() => location.pathname")
    assert path != f"/{widget}/"
    source = fresh_site.root / "content" / widget / target.replace(".html", ".md")
    assert source.exists(), source
    mark(frame)
    after = len(fresh_site.lines)
    source.write_text(source.read_text(encoding="utf-8") + "\nEdited while open 5c2e.\n", encoding="utf-8")
    fresh_site.wait_for(rf"^Rebuilt {re.escape(widget)}:", after=after)
    assert wait_until(lambda: reloaded(frame)), "the frame did not reload"
    frame.wait_for_selector("text=Edited while open 5c2e.")
    assert frame.evaluate("() => location.pathname") == path
    # Re-POSTed with the platform's fields, as the first load was.
    assert f"POST {path} as IM_SIDEBAR" in log_text(page)
    assert frame.evaluate("() => new URLSearchParams(location.search).get('APP_SID')")


def test_stylesheet_edit_swaps_the_link_without_a_reload(fresh_emulator, fresh_site):
    widget = widget_for("IM_SIDEBAR")
    page, frame = fresh_emulator.open(widget)
    before = stylesheets(frame)
    assert any(re.search(r"style\.[0-9a-f]+\.css$", href) for href in before)
    mark(frame)
    style = fresh_site.root / "templates" / "style.css"
    after = len(fresh_site.lines)
    style.write_text(style.read_text(encoding="utf-8") + "\nbody { border-top: 7px solid rgb(1, 2, 3); }\n", encoding="utf-8")
    fresh_site.wait_for(r"^Rebuilt the stylesheet:", after=after)
    frame.wait_for_function("() => getComputedStyle(document.body).borderTopWidth === '7px'")
    # The new stylesheet is in use in the same document: the swap was chosen over a reload
    # when the state arrived, before the new link was even added.
    assert frame.evaluate("() => window.__beforeReload") is True, "the frame reloaded"
    now = stylesheets(frame)
    assert len(now) == len(before) and now != before
    assert "without a reload" in log_text(page)

    # Any other template change still reloads.
    base = fresh_site.root / "templates" / "base.mustache"
    after = len(fresh_site.lines)
    base.write_text(base.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    fresh_site.wait_for(r"^Rebuilt everything:", after=after)
    assert wait_until(lambda: reloaded(frame)), "the frame did not reload after a template edit"


@pytest.mark.parametrize("widget,placement", WIDGETS)
def test_a_phone_wide_window_shows_the_whole_widget(serve_browser, serve_site, widget, placement):
    context = serve_browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{serve_site.url}/_placard/preview/{widget}")
        element = page.wait_for_selector("#pl-frame", state="attached")
        element.content_frame().wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached")
        settled(page)  # the slider has slid in
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390.5, box
        assert box["width"] >= 300 and box["height"] >= 200, box
        assert box["y"] + box["height"] <= 844.5, box
        panel = page.locator(".pl-panel").bounding_box()
        assert panel["y"] >= box["y"] + box["height"] - 0.5, "the side panel covers the widget"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.mark.parametrize("placement,selector", [("IM_SIDEBAR", ".pl-sidebar-app"), ("IM_TEXTAREA", ".pl-app"),
                                                ("IM_NAVIGATION", ".pl-nav-app")])
def test_entry_point_draws_the_icon_name(emulator, placement, selector):
    widget = widget_for(placement)
    page, _ = emulator.open(widget)
    name = json.loads(page.locator("#placard-config").text_content())["widget"]["options"]["iconName"]
    icon = page.locator(f"{selector} .pl-app-icon")
    assert icon.get_attribute("data-icon") == name
    assert name in icon.get_attribute("title")
    assert icon.locator("svg path").count() >= 1
    assert icon.inner_text().strip() == "", "a letter instead of the icon"


def test_unknown_icon_names_show_the_first_letter(fresh_emulator, fresh_site):
    widget = widget_for("IM_SIDEBAR")
    index = fresh_site.root / "content" / widget / "index.md"
    after = len(fresh_site.lines)
    index.write_text(re.sub(r"iconName: \S+", "iconName: fa-rocket", index.read_text(encoding="utf-8")), encoding="utf-8")
    fresh_site.wait_for(rf"^Rebuilt {re.escape(widget)}:", after=after)
    page, _ = fresh_emulator.open(widget)
    icon = page.locator(".pl-sidebar-app .pl-app-icon")
    assert icon.locator("svg").count() == 0
    assert icon.inner_text() == page.locator(".pl-sidebar-app .pl-app-title").inner_text()[0]
    assert "fa-rocket" in icon.get_attribute("title")


def test_textarea_popup_keeps_the_size_from_options(emulator):
    widget = widget_for("IM_TEXTAREA")
    page, frame = emulator.open(widget)
    options = json.loads(page.locator("#placard-config").text_content())["widget"]["options"]
    note = page.locator("#pl-log li", has_text="IM_TEXTAREA popup").inner_text()
    assert f"from OPTIONS width/height {options['width']}×{options['height']}" in note
    width, height = map(int, re.search(r"popup (\d+)×(\d+) px", note).groups())
    assert (width, height) == (int(options["width"]), int(options["height"]))  # it fits at 1440 px
    # The page called fitWindow after rendering; the popup does not follow it.
    assert call_in_frame(frame, "BX24.fitWindow(done);") == {"width": width, "height": height}
    assert call_in_frame(frame, "BX24.resizeWindow(300, 900, done);") == {"width": width, "height": height}
    box = page.locator("#pl-frame").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (width, height)


def test_rest_log_shows_the_request_once_encoded_and_the_answer(emulator):
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    answer = call_in_frame(frame, "BX24.callMethod('im.dialog.get', {DIALOG_ID: 'chat1489'}, (r) => done(r.data()));")
    assert answer and answer.get("name")
    entry = page.locator("#pl-log li.pl-log-rest", has_text="im.dialog.get.json")
    entry.first.wait_for()
    request, response = entry.first.locator("code").all_inner_texts()
    assert json.loads(request) == {"DIALOG_ID": "chat1489"}
    assert response.startswith("→ ")
    assert json.loads(response[2:])["result"]["name"] == answer["name"]


def test_chats_in_the_list_switch_the_chat(emulator):
    page, _ = emulator.open(widget_for("IM_SIDEBAR"))
    page.locator("#pl-chats a", has_text="Website chat").locator("small").click()
    page.wait_for_url(re.compile(r"kind=lines"))
    page.wait_for_selector("#pl-frame", state="attached")
    assert "dialogId=chat2210" in page.url
    page.wait_for_function("() => document.getElementById('pl-chat-subtitle').textContent.includes('chat2210')")
    assert page.locator(".pl-chatlist-item.is-active").inner_text().startswith("Website chat")


def test_the_slider_shade_closes_it_and_frees_the_chat_list(emulator):
    page, _ = emulator.open(widget_for("IM_CONTEXT_MENU"))
    page.locator(".pl-slider").wait_for()
    page.mouse.click(40, 300)  # on the shade, beside the slider
    page.locator(".pl-slider").wait_for(state="detached")
    page.locator("#pl-chats a", has_text="Jonas Weber").click()
    page.wait_for_url(re.compile(r"kind=private"))


def test_titles_follow_the_users_language(fresh_emulator, fresh_site):
    sidebar, slider = widget_for("IM_SIDEBAR"), widget_for("IM_CONTEXT_MENU")
    folder = fresh_site.root / "content" / slider
    after = len(fresh_site.lines)
    (folder / "index.de.md").write_text("---\ntitle: Nachricht eskalieren\n---\nAuf Deutsch.\n", encoding="utf-8")
    fresh_site.wait_for(rf"^Rebuilt {re.escape(slider)}:", after=after)
    titles = json.loads(fresh_site.get(f"/_placard/preview/{slider}?lang=de")[2].split(b'type="application/json">')[1]
                        .split(b"</script>")[0])["widget"]["titles"]
    assert titles.get("de") == "Nachricht eskalieren"

    page, _ = fresh_emulator.open(slider, "lang=de")
    assert page.locator(".pl-slider-header h2").inner_text() == "Nachricht eskalieren"
    page, _ = fresh_emulator.open(sidebar, "lang=de")
    german = json.loads(page.locator("#placard-config").text_content())["widget"]["titles"]["de"]
    assert page.locator(".pl-detail-header h2").inner_text() == german
    assert page.locator(".pl-sidebar-app .pl-app-title").inner_text() == german
    page, _ = fresh_emulator.open(sidebar, "lang=en")
    assert page.locator(".pl-detail-header h2").inner_text() != german
