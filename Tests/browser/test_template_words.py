"""Issue 22 §5: the default templates' words follow the reader's language (the runtime's word table,
`data-b24-word` / `data-b24-word-label`), and the placement context is a developer detail: hidden on built
pages unless the widget says `showContext: true`, shown in `placard serve`'s preview."""

from __future__ import annotations

import pytest

from serve_support import serve_browser, serve_site  # noqa: F401  (fixtures)
from test_navigation import built, open_page  # noqa: F401  (built: the example built and served)


@pytest.mark.parametrize("lang, search, pages", [("en", "Search", "Pages"), ("de", "Suche", "Seiten"),
                                                 ("ru", "Поиск", "Страницы"), ("fr", "Search", "Pages")])
def test_template_words_follow_the_readers_language(built, browser, lang, search, pages):
    _, base = built
    page = open_page(browser, f"{base}/handbook/refunds.html?LANG={lang}")
    assert page.text_content(".placard-search-label") == search
    assert page.get_attribute("nav.widget-nav", "aria-label") == pages
    page.close()


def test_the_textarea_hint_is_a_word_too(built, browser):
    _, base = built
    page = open_page(browser, f"{base}/quick-replies/index.html?LANG=de")
    assert page.text_content(".widget-hint").startswith("„Einfügen“ setzt eine Antwort")
    page.close()


def test_no_developer_detail_on_a_built_page(built, browser):
    dist, base = built
    for path in ("handbook/index.html", "quick-replies/index.html"):
        html = (dist / path).read_text(encoding="utf-8")
        assert "built with Placard" not in html
        page = open_page(browser, f"{base}/{path}")
        context = page.locator(".widget-context")
        assert context.count() == 1 and not context.is_visible(), path
        # The same page as placard serve's preview marks it: the context line shows.
        page.evaluate("document.documentElement.setAttribute('data-placard-preview', '')")
        assert context.is_visible(), path
        page.close()


def test_a_widget_with_show_context_shows_it_to_everyone(built, browser):
    """The example's message-tool says `showContext: true`: its agents copy the ids into a ticket."""
    _, base = built
    page = open_page(browser, f"{base}/message-tool/index.html")
    assert page.locator(".widget-context").is_visible()
    page.close()


@pytest.mark.parametrize("lang, link", [("de", "sehen Sie sie sich im Bitrix24-Messenger-Emulator an"),
                                        ("ru", "посмотрите её в эмуляторе мессенджера Битрикс24"),
                                        ("en", "preview it in the Bitrix24 messenger emulator")])
def test_the_link_back_to_the_emulator_is_in_the_pages_language(serve_browser, serve_site, lang, link):
    """`placard serve`: a widget page opened on its own links to its emulator preview, in its language."""
    from serve_support import widget_for
    widget = widget_for("IM_SIDEBAR")
    page = serve_browser.new_page()
    try:
        page.goto(f"{serve_site.url}/{widget}/?LANG={lang}")
        found = page.wait_for_selector(f'a.b24-preview-link[href="/_placard/preview/{widget}"]')
        assert found.text_content() == link
    finally:
        page.close()
