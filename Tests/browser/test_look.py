"""The default look: the Bitrix24-like palette in light and dark (prefers-color-scheme), links in the
link colour, no title shown twice on a widget's first page."""

from __future__ import annotations

import pytest

from test_navigation import built, open_page  # noqa: F401  (built: the example built and served)


def colours(page):
    return page.evaluate("""() => {
      const css = (el, p) => getComputedStyle(el).getPropertyValue(p);
      const link = document.querySelector('main a');
      return {body: css(document.body, 'background-color'), text: css(document.body, 'color'),
              link: link ? css(link, 'color') : null, size: css(document.body, 'font-size'),
              quote: (() => { const q = document.querySelector('main blockquote'); return q ? css(q, 'margin-left') : null; })()};
    }""")


@pytest.mark.parametrize("scheme, body, link", [
    ("light", "rgb(255, 255, 255)", "rgb(32, 103, 176)"),
    ("dark", "rgb(34, 39, 43)", "rgb(108, 182, 245)"),
])
def test_light_and_dark(built, browser, scheme, body, link):
    _, base = built
    page = open_page(browser, f"{base}/handbook/index.html", color_scheme=scheme)
    found = colours(page)
    assert found["body"] == body and found["link"] == link and found["size"] == "14px", found
    if scheme == "dark":
        assert found["text"] != "rgb(51, 51, 51)"
    page.close()


def test_the_first_pages_title_is_not_shown_twice(built, browser):
    _, base = built
    page = open_page(browser, f"{base}/handbook/index.html")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('header, nav, main h1'))
        .filter((el) => el.getBoundingClientRect().width > 2)
        .map((el) => el.innerText).join('\\n')""")
    assert shown.count("Support handbook") == 2, shown  # the header, and the page list's first entry
    page.close()


def test_the_runtimes_words_follow_the_language(built, browser):
    """Outside Bitrix24 the notice is in the page's LANG; inside, the Insert button too."""
    _, base = built
    for lang, start in [("de", "Öffnen Sie diese Seite in Bitrix24"), ("ru", "Откройте эту страницу в Битрикс24"),
                        ("fr", "Open this page inside Bitrix24")]:
        page = open_page(browser, f"{base}/quick-replies/index.html?LANG={lang}")
        notice = page.text_content("body > div.b24-notice")
        assert notice.startswith(start) and "placard serve" in notice, notice
        page.close()
