"""Quick replies in `placard serve`'s emulator: Insert puts a reply's exact BBCode into the emulated
message field, Send posts it rendered as the messenger renders BBCode (and im.message.add the same),
the replies page works with the keyboard alone in a 360 x 320 popup, light and dark, and the mobile
widget has no Insert button. The project is the example, with the quick replies bound 360 x 320 and a
mobile widget that has a reply."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from axe_support import serious_violations
from serve_support import REPO, Emulator, ServeProcess, copy_project, log_text, screenshot_path, serve_browser, settled  # noqa: F401

MOBILE_REPLIES = """---
placement: IMMOBILE_CONTEXT_MENU
title: Mobile replies
options:
  context: ALL
---
Replies to read on the phone.

```reply
Hello **there**, see [the guide](https://e.example/guide).
```
"""

DETAILS = ("Could you send me:\n\n1. the [b]order number[/b],\n2. a screenshot of the error,\n"
           "3. what you did just before it.\n\nThat helps me find it quickly.")
REFUND = (">>Refunds are paid to the original payment method within [i]5 working days[/i].\n\n"
          "The full rules are in our [url=https://acme-support.example/refunds]refund policy[/url].")
CLOSING = "Glad we could sort this out. If anything else comes up, just reply in this chat."
CHAT = "kind=lines&dialogId=chat2210"


@pytest.fixture(scope="module")
def replies_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("replies-site"))
    index = root / "content" / "quick-replies" / "index.md"
    text = index.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  width: \d+$", "  width: 360", text)
    text = re.sub(r"(?m)^  height: \d+$", "  height: 320", text)
    index.write_text(text, encoding="utf-8")
    (root / "content" / "mobile-replies").mkdir()
    (root / "content" / "mobile-replies" / "index.md").write_text(MOBILE_REPLIES, encoding="utf-8")
    server = ServeProcess(root)
    yield server
    server.stop()


@pytest.fixture(params=["light", "dark"])
def scheme(request):
    return request.param


@pytest.fixture
def emulator(serve_browser, replies_site):
    em = Emulator(serve_browser, replies_site)
    yield em
    assert em.errors == []
    em.close()


def figure_titled(frame, title: str):
    """The reply block under the heading `title` (of the English version)."""
    return frame.locator("article:not([hidden]) h2", has_text=title).locator(
        "xpath=following-sibling::figure[contains(@class, 'b24-snippet')][1]")


def test_screenshot_of_a_sent_reply_for_the_docs(emulator, tmp_path):
    """docs/reply-sent.png (first in this module, so the chat holds only the fixtures and this reply)."""
    page, frame = emulator.open("quick-replies", CHAT)
    # Two replies at once (Send closes the popup, as a click outside it does in the messenger).
    for title in ["Asking for details", "Refund policy"]:
        length = len(page.input_value("#pl-input"))
        figure_titled(frame, title).locator("button[data-b24-insert]").click()
        page.wait_for_function("(n) => document.getElementById('pl-input').value.length > n", arg=length)
        page.evaluate("() => { const i = document.getElementById('pl-input'); i.setSelectionRange(i.value.length, i.value.length); }")
        if title == "Asking for details":
            page.evaluate("() => { const i = document.getElementById('pl-input'); i.setRangeText('\\n\\n', i.value.length, i.value.length, 'end'); }")
    page.click("#pl-send")
    page.wait_for_function("() => document.getElementById('pl-input').value === ''")
    settled(page)
    target = screenshot_path("reply-sent.png", tmp_path)
    page.screenshot(path=str(target))
    assert target.stat().st_size > 20000


def test_insert_puts_the_replys_exact_bbcode_into_the_field(emulator):
    page, frame = emulator.open("quick-replies", CHAT)
    figure = figure_titled(frame, "Asking for details")
    # The page shows the Markdown formatted, not the BBCode.
    assert figure.locator(".b24-reply-body ol li").count() == 3
    assert figure.locator(".b24-reply-body strong").first.inner_text() == "order number"
    figure.locator("button[data-b24-insert]").click()
    page.wait_for_function("() => document.getElementById('pl-input').value.length > 0")
    assert page.input_value("#pl-input") == DETAILS
    assert figure.locator("output.b24-insert-status").inner_text() == "Inserted"


def test_insert_goes_to_the_cursor_and_replace_replaces(emulator):
    page, frame = emulator.open("quick-replies", CHAT)
    page.fill("#pl-input", "Hi! — Bye")
    page.evaluate("() => { const i = document.getElementById('pl-input'); i.setSelectionRange(4, 4); }")
    figure_titled(frame, "Greeting").locator("button[data-b24-insert]").click()
    page.wait_for_function("() => document.getElementById('pl-input').value.length > 10")
    assert page.input_value("#pl-input") == ("Hi! Hello, thanks for reaching out to [b]Acme support[/b]! "
                                             "I'm looking into this now.— Bye")
    closing = figure_titled(frame, "Closing")
    assert closing.get_attribute("data-b24-replace") == ""
    closing.locator("button[data-b24-insert]").click()
    page.wait_for_function("expected => document.getElementById('pl-input').value === expected", arg=CLOSING)


def test_send_posts_the_message_rendered_from_bbcode(emulator):
    page, frame = emulator.open("quick-replies", CHAT)
    figure_titled(frame, "Refund policy").locator("button[data-b24-insert]").click()
    page.wait_for_function("expected => document.getElementById('pl-input').value === expected", arg=REFUND)
    before = page.locator("#pl-messages > li").count()
    page.click("#pl-send")
    sent = page.locator("#pl-messages > li").nth(before)
    sent.wait_for()
    assert page.input_value("#pl-input") == ""
    quote = sent.locator("blockquote.pl-bb-quote")
    assert quote.inner_text().strip() == "Refunds are paid to the original payment method within 5 working days."
    assert quote.locator("i").inner_text() == "5 working days"
    link = sent.locator("a.pl-bb-link")
    assert link.inner_text() == "refund policy" and link.get_attribute("href") == "https://acme-support.example/refunds"
    assert "[" not in sent.inner_text() and ">>" not in sent.inner_text()


def test_mentions_commands_and_code_render_as_in_the_messenger(emulator):
    page, frame = emulator.open("quick-replies", CHAT)
    figure_titled(frame, "Hand over to the team").locator("button[data-b24-insert]").click()
    page.wait_for_function("() => document.getElementById('pl-input').value.startsWith('[user=all]')")
    before = page.locator("#pl-messages > li").count()
    page.click("#pl-send")
    sent = page.locator("#pl-messages > li").nth(before)
    assert sent.locator(".pl-bb-mention").inner_text() == "Everyone"
    command = sent.locator("button.pl-bb-command")
    assert command.inner_text() == "open a ticket" and command.get_attribute("data-value") == "/ticket"
    # Send closes the popup (a click outside it, as in the messenger): open the widget again.
    page, frame = emulator.open("quick-replies", CHAT)
    figure_titled(frame, "Reset instructions").locator("button[data-b24-insert]").click()
    page.wait_for_function("() => document.getElementById('pl-input').value.includes('[code]')")
    before = page.locator("#pl-messages > li").count()
    page.click("#pl-send")
    sent = page.locator("#pl-messages > li").nth(before)
    assert sent.locator("pre.pl-bb-code").inner_text() == "acme --diagnose"
    assert sent.locator("b").first.inner_text() == "Settings → Account"


def test_im_message_add_renders_the_same(emulator):
    page, frame = emulator.open("quick-replies", CHAT)
    before = page.locator("#pl-messages > li").count()
    frame.evaluate("""() => Placard.call('im.message.add', {DIALOG_ID: Placard.options.dialogId,
        MESSAGE: '[b]Bold[/b] and [s]gone[/s]\\n>>quoted [u]line[/u]\\n[url=https://e.example]site[/url] <img src=x onerror=alert(1)>'})""")
    sent = page.locator("#pl-messages > li").nth(before)
    sent.wait_for()
    assert sent.locator("b").inner_text() == "Bold"
    assert sent.locator("s").inner_text() == "gone"
    assert sent.locator("blockquote.pl-bb-quote u").inner_text() == "line"
    assert sent.locator("a.pl-bb-link").get_attribute("href") == "https://e.example"
    assert sent.locator("img").count() == 0 and "<img src=x" in sent.inner_text()


def test_the_replies_page_works_with_the_keyboard_alone(emulator):
    page, frame = emulator.open("quick-replies", CHAT)
    field = frame.locator("input[type=search]")
    frame.locator("body").focus()
    for _ in range(40):
        if frame.evaluate("() => document.activeElement && document.activeElement.type === 'search'"):
            break
        page.keyboard.press("Tab")
    assert frame.evaluate("() => document.activeElement.type") == "search"
    page.keyboard.type("refund")
    assert frame.locator("output.b24-filter-count").inner_text() == "1 of 7"
    shown = frame.locator("article:not([hidden]) figure.b24-snippet:not(.b24-filtered)")
    assert shown.count() == 1
    assert frame.locator("article:not([hidden]) h2:not(.b24-filtered)").all_inner_texts() == ["Refund policy"]
    page.keyboard.press("Enter")
    page.wait_for_function("expected => document.getElementById('pl-input').value === expected", arg=REFUND)
    page.keyboard.press("Escape")
    assert field.input_value() == ""
    assert frame.locator("article:not([hidden]) figure.b24-snippet:not(.b24-filtered)").count() == 7
    # The highlight stays on the reply inserted; ↑ moves to the one before, ↓ ↓ ↑ back to it.
    active = frame.locator("figure[data-b24-active]")
    assert active.get_attribute("data-b24-text") == REFUND
    page.fill("#pl-input", "")
    field.focus()
    for key in ["ArrowUp", "ArrowDown", "ArrowDown", "ArrowUp", "ArrowUp"]:
        page.keyboard.press(key)
    assert active.count() == 1
    assert active.get_attribute("data-b24-text") == DETAILS
    page.keyboard.press("Enter")
    page.wait_for_function("expected => document.getElementById('pl-input').value === expected", arg=DETAILS)
    # Titles and text both match; every word must.
    field.fill("details screenshot")
    assert frame.locator("output.b24-filter-count").inner_text() == "1 of 7"
    field.fill("nothing-like-this")
    assert frame.locator("output.b24-filter-count").inner_text() == "0 of 7"


def test_the_page_fits_a_360_by_320_popup_light_and_dark(serve_browser, replies_site, scheme):
    context = serve_browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{replies_site.url}/_placard/preview/quick-replies?{CHAT}")
        frame = page.wait_for_selector("#pl-frame", state="attached").content_frame()
        frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached")
        size = frame.evaluate("() => [window.innerWidth, window.innerHeight]")
        assert size == [360, 320]
        assert "360×320" in log_text(page).replace(" ", "")
        # Nothing is wider than the popup; the filter and the first Insert button are in view.
        assert frame.evaluate("() => document.documentElement.scrollWidth") <= 360
        box = frame.evaluate("() => document.querySelector('input[type=search]').getBoundingClientRect().toJSON()")
        assert box["x"] >= 0 and box["right"] <= 360 and box["bottom"] <= 320
        first = frame.evaluate("() => document.querySelector('button[data-b24-insert]').getBoundingClientRect().toJSON()")
        assert first["right"] <= 360
        frame.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        assert frame.evaluate("() => window.scrollY") > 0
        top = frame.evaluate("() => document.querySelector('input[type=search]').getBoundingClientRect().top")
        assert 0 <= top <= 10  # sticky: still on top
        background = frame.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background == ("rgb(34, 39, 43)" if scheme == "dark" else "rgb(255, 255, 255)")
        assert serious_violations(frame) == []
        assert errors == []
    finally:
        context.close()


def test_the_mobile_widget_has_no_insert_button(emulator):
    page, frame = emulator.open("mobile-replies")
    figure = frame.locator("figure.b24-reply")
    assert figure.count() == 1
    assert figure.locator("button").count() == 0
    assert frame.locator("input[type=search]").count() == 0
    assert figure.locator(".b24-reply-body strong").inner_text() == "there"
    assert figure.locator(".b24-reply-body").evaluate("(el) => getComputedStyle(el).userSelect") in ("text", "auto")
    result = frame.evaluate("() => Placard.insert('x').then(() => 'inserted', (e) => e.error)")
    assert result == "MOBILE_NO_INSERT"
