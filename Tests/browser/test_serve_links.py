"""`placard serve`: links written in Markdown inside the emulator's widget frame. A link to another
site opens a new tab (target=_blank, no window.opener) and the frame keeps its page; a link of the
table of contents scrolls the frame's page to its heading. Every wait is for a state or an event."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from serve_support import Emulator, ServeProcess, copy_project, serve_browser, widget_for  # noqa: F401  (fixtures)

SAFETY_NET_MS = 60_000
EXTERNAL = "https://acme-support.example/long-guide"
FILLER = "\n\n".join(f"Paragraph {n} of filler text, long enough to push the next section below the frame's fold." for n in range(40))
LONG_PAGE = f"""---
title: Long guide
weight: 90
---
Read [the full guide]({EXTERNAL}) on our site, or jump to a section below.

## First steps

{FILLER}

## Day to day

{FILLER}

## Last words

The end of the guide.
"""


@pytest.fixture(scope="module")
def links_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("links-site"))
    (root / "content" / widget_for("IM_SIDEBAR") / "long-guide.md").write_text(LONG_PAGE, encoding="utf-8")
    server = ServeProcess(root)
    yield server
    server.stop()


@pytest.fixture
def frame_on_long_page(serve_browser, links_site):
    emulator = Emulator(serve_browser, links_site)
    # The other site is answered by the test: no network, and a page to land on.
    emulator.context.route("https://acme-support.example/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!DOCTYPE html><title>Acme guide</title><p>The guide</p>"))
    page, frame = emulator.open(widget_for("IM_SIDEBAR"))
    frame.locator("a[href='long-guide.html']").first.click()
    frame.wait_for_url(re.compile(r"/long-guide\.html"))
    frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached")
    yield emulator, page, frame
    emulator.close()


def test_an_external_link_opens_a_new_tab_and_the_widget_keeps_its_page(frame_on_long_page):
    emulator, page, frame = frame_on_long_page
    link = frame.locator(f"article:not([hidden]) a[href='{EXTERNAL}']")
    assert link.get_attribute("target") == "_blank"
    assert set(link.get_attribute("rel").split()) == {"noopener", "noreferrer"}
    frame.evaluate("() => { window.__stillHere = true; }")
    with emulator.context.expect_page(timeout=SAFETY_NET_MS) as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == EXTERNAL
    assert tab.evaluate("() => window.opener") is None
    # The frame's document was not replaced: the same page, the same window state.
    assert frame.evaluate("() => window.__stillHere") is True
    assert frame.evaluate("() => location.pathname").endswith("/long-guide.html")
    assert page.url.startswith(emulator.server.url)


def test_a_contents_link_scrolls_the_frame_to_its_heading(frame_on_long_page):
    _, _, frame = frame_on_long_page
    contents = frame.locator("article:not([hidden]) nav.widget-toc")
    expect(contents).to_be_visible()
    assert contents.locator("a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))") == \
        ["#first-steps", "#day-to-day", "#last-words"]
    heading = frame.locator("#last-words")
    expect(heading).not_to_be_in_viewport()
    contents.locator("a[href='#last-words']").click()
    frame.wait_for_function("() => location.hash === '#last-words' && document.querySelector(':target')?.id === 'last-words'")
    expect(heading).to_be_in_viewport()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_contents_pass_axe_in_both_themes(serve_browser, links_site, theme):
    from axe_support import serious_violations
    from test_serve_accessibility import open_themed

    context, page, frame = open_themed(serve_browser, links_site, widget_for("IM_SIDEBAR"), theme)
    try:
        frame.locator("a[href='long-guide.html']").first.click()
        frame.wait_for_url(re.compile(r"/long-guide\.html"))
        frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached")
        expect(frame.locator("article:not([hidden]) nav.widget-toc")).to_be_visible()
        found = serious_violations(frame, {"include": [["nav.widget-toc"], ["article:not([hidden]) a[target]"]]})
        assert found == [], f"{theme}:\n" + "\n".join(found)
    finally:
        context.close()
