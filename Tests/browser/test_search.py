"""Search in the default templates (partials/search.mustache, search.js): the box on every page of a
multi-page widget, results with marked excerpts, the keyboard, the reader's language (en, de, ru),
the IM_TEXTAREA popup (360 x 320) and the 390-px sidebar in light and dark, Placard.search, and
the browser's normalisation agreeing with the build's (SearchTests.swift has the same cases)."""

from __future__ import annotations

import functools
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from axe_support import AXE_JS, BLOCKING
from serve_support import BINARY, REPO

PAGES = {
    "placard.yml": "defaultLanguage: en\ntitle: Search test\n"
                   "runtimeWords:\n  fr:\n    search: Rechercher\n    searchNone: Aucune page trouvée\n",
    "content/help/index.md": "---\nplacement: IM_SIDEBAR\ntitle: Help\noptions:\n  iconName: fa-book\n---\nWelcome to the help desk.\n",
    "content/help/index.de.md": "---\ntitle: Hilfe\n---\nWillkommen.\n",
    "content/help/index.ru.md": "---\ntitle: Помощь\n---\nДобро пожаловать.\n",
    "content/help/refunds.md": "---\ntitle: Refunds\nweight: 1\n---\nRefund a payment within 14 days. Escalate disputes to billing.\n",
    "content/help/refunds.de.md": "---\ntitle: Ärger mit Rückerstattungen\n---\nÄrger über eine Zahlung? Erstatten Sie den Betrag innerhalb von 14 Tagen.\n",
    "content/help/refunds.ru.md": "---\ntitle: Возвраты\n---\nВозврат денег: ёлка и ещё подарки.\n",
    "content/help/escalation.md": "---\ntitle: Escalation\nweight: 2\n---\nEscalate to the second line when a customer waits too long.\n",
    "content/help/tone.md": "---\ntitle: Tone of voice\nweight: 3\n---\nBe friendly. Never escalate the tone.\n",
    "content/help/secret.md": "---\ntitle: Secret\nweight: 4\nsearch: false\n---\nEscalate secretword.\n",
    "content/replies/index.md": "---\nplacement: IM_TEXTAREA\ntitle: Replies\noptions:\n  iconName: fa-pen\n  width: 360\n  height: 320\n---\nPick a reply.\n",
    "content/replies/greeting.md": "---\ntitle: Greeting\n---\nHello, how can I help with your refund?\n",
    "content/replies/refund.md": "---\ntitle: Refund done\n---\nYour refund was sent today. Refund number follows.\n",
    "content/replies/later.md": "---\ntitle: Later\n---\nI will get back to you about the refund later.\n",
    "content/solo/index.md": "---\nplacement: IM_SIDEBAR\ntitle: Solo\noptions:\n  iconName: fa-book\nsearch: true\n---\nOne page.\n",
    # Search is on by default; a widget whose index.md says search: false has neither box nor index.
    "content/plain/index.md": "---\nplacement: IM_SIDEBAR\ntitle: Plain\noptions:\n  iconName: fa-book\nsearch: false\n---\nNo search here.\n",
    "content/plain/other.md": "---\ntitle: Other\n---\nEscalate elsewhere.\n",
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search") / "site"
    for path, text in PAGES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    import shutil
    shutil.copytree(REPO / "templates", root / "templates")
    subprocess.run([str(BINARY), "build", "--root", str(root), "--quiet"], check=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "dist")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield root / "dist", f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


# Inside Bitrix24 (as far as the runtime can tell): the frame's name and a BX24 that answers, so the
# page is laid out without the "open this inside Bitrix24" notice.
INSIDE = """window.name = '127.0.0.1|0|sid';
window.BX24 = {init: (cb) => cb(), placement: {info: () => ({placement: document.querySelector('meta[name=b24-placement]').content, options: {}})},
               getLang: () => 'en', fitWindow: () => {}, isAdmin: () => false};"""


def open_page(browser, url, inside=False, **options):
    page = browser.new_page(**options)
    if inside:
        page.route("https://api.bitrix24.com/**", lambda route: route.fulfill(status=200, content_type="text/javascript", body=INSIDE))
    else:
        page.route("https://api.bitrix24.com/**", lambda route: route.abort())
    page.goto(url)
    page.wait_for_selector("html[data-b24-ready]", state="attached", timeout=5000)
    return page


def type_query(page, text):
    page.fill("#placard-search-input", "")
    page.click("#placard-search-input")
    page.wait_for_selector("[data-placard-search-ready]", state="attached", timeout=5000)
    page.type("#placard-search-input", text)
    page.wait_for_function("""(q) => {
        const s = document.querySelector('#placard-search-status');
        return document.querySelector('#placard-search-input').value === q && s && s.textContent !== ''
          && document.querySelector('.placard-search-results').childElementCount > 0;
      }""", arg=text, timeout=5000)


def results(page):
    return page.eval_on_selector_all(".placard-search-results a", """els => els.map(a => ({
        href: a.getAttribute('href'), lang: a.lang, title: a.querySelector('.placard-search-title').textContent,
        marks: Array.from(a.querySelectorAll('mark')).map(m => m.textContent)}))""")


def test_every_page_of_a_multi_page_widget_has_the_box(site):
    dist, _ = site
    for widget, pages in [("help", ["index", "refunds", "escalation", "tone", "secret"]), ("replies", ["index", "greeting", "refund", "later"])]:
        for name in pages:
            html = (dist / widget / f"{name}.html").read_text()
            assert 'type="search"' in html and '<label class="placard-search-label" for="placard-search-input">' in html, (widget, name)
            assert 'role="status" aria-live="polite"' in html
    assert 'type="search"' not in (dist / "solo" / "index.html").read_text()
    assert not (dist / "solo" / "search").exists()
    for name in ("index.html", "other.html"):
        assert "placard-search" not in (dist / "plain" / name).read_text(), name
    assert not (dist / "plain" / "search").exists()
    assert not any(p.name.startswith("search.") for p in (dist / "plain").iterdir())


def test_typing_shows_linked_results_with_marked_words(site, browser):
    _, base = site
    page = open_page(browser, f"{base}/help/index.html", viewport={"width": 390, "height": 700})
    type_query(page, "escal")
    found = results(page)
    assert {r["title"] for r in found} == {"Refunds", "Escalation", "Tone of voice"}, found
    assert found[0]["title"] == "Escalation", "a title match ranks first"
    assert all(r["marks"] and all(x.lower().startswith("escal") for x in r["marks"]) for r in found), found
    assert "Secret" not in [r["title"] for r in found], "search: false"
    assert page.text_content("#placard-search-status") == "3 pages found"
    assert found[0]["href"].endswith("/help/escalation.html")
    page.close()


def test_excerpts_are_cut_from_the_result_pages(site, browser):
    """The index holds no page text: the excerpt is the result page's own text (its version in the
    result's language, without the heading), and a page that cannot be fetched costs only its excerpt."""
    _, base = site
    page = open_page(browser, f"{base}/help/index.html")
    found = page.evaluate("() => Placard.search('customer', {limit: 5})")
    assert [r["title"] for r in found] == ["Escalation"]
    assert "".join(s["text"] for s in found[0]["segments"]) == "Escalate to the second line when a customer waits too long."
    assert [s["text"] for s in found[0]["segments"] if s["mark"]] == ["customer"]
    german = page.evaluate("() => Placard.search('zahlung', {limit: 5})")
    assert [r["language"] for r in german] == ["de"] and "<mark>Zahlung</mark>" in german[0]["excerpt"]
    assert "Rückerstattungen" not in german[0]["excerpt"], "the heading is the title, not the excerpt"
    page.route(f"{base}/help/tone.html", lambda route: route.abort())
    tone = page.evaluate("() => Placard.search('friendly', {limit: 5})")
    assert [(r["title"], r["excerpt"], r["segments"]) for r in tone] == [("Tone of voice", "", [])]
    # A failed fetch is not kept: once the page can be fetched, a later search has its excerpt.
    page.unroute(f"{base}/help/tone.html")
    again = page.evaluate("() => Placard.search('friendly', {limit: 5})")
    assert [s["text"] for s in again[0]["segments"] if s["mark"]] == ["friendly"]
    page.close()


def test_keyboard_down_up_enter_escape(site, browser):
    _, base = site
    page = open_page(browser, f"{base}/help/tone.html")
    type_query(page, "escal")
    focused = "() => document.activeElement.closest('li') ? Array.from(document.querySelectorAll('.placard-search-results a')).indexOf(document.activeElement) : document.activeElement.id"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == 0
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == 1
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(focused) == "placard-search-input"
    page.keyboard.press("Escape")
    assert page.input_value("#placard-search-input") == ""
    assert page.is_hidden(".placard-search-results")
    type_query(page, "escalation")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/help/escalation.html")
    page.close()


@pytest.mark.parametrize("lang, label, query, title, status", [
    ("de", "Suche", "arger", "Ärger mit Rückerstattungen", "1 Seite gefunden"),
    ("de", "Suche", "STRASSE", None, "Keine Seiten gefunden"),
    ("ru", "Поиск", "елка", "Возвраты", "Найдена 1 страница"),
    ("ru", "Поиск", "ЕЩЕ", "Возвраты", "Найдена 1 страница"),
])
def test_the_readers_language_first(site, browser, lang, label, query, title, status):
    _, base = site
    page = open_page(browser, f"{base}/help/index.html?LANG={lang}")
    # The label is a template word (data-b24-word="search"): the runtime puts it in the reader's language.
    assert page.text_content(".placard-search-label") == label
    type_query(page, query)
    found = results(page)
    if title:
        assert found[0]["title"] == title and found[0]["lang"] == lang, found
    else:
        assert found == []
        assert page.text_content(".placard-search-none") == status
    assert page.text_content("#placard-search-status") == status
    page.close()


def test_a_language_without_the_page_falls_back_to_the_default(site, browser):
    _, base = site
    page = open_page(browser, f"{base}/help/index.html?LANG=de")
    type_query(page, "refund")
    found = results(page)
    assert [(r["title"], r["lang"]) for r in found] == [("Refunds", "en")]
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("widget, size", [("replies", (360, 320)), ("help", (390, 640))])
def test_fits_the_popup_and_the_sidebar_in_light_and_dark(site, browser, widget, size, scheme):
    _, base = site
    width, height = size
    page = open_page(browser, f"{base}/{widget}/index.html", inside=True, viewport={"width": width, "height": height}, color_scheme=scheme)
    assert page.get_attribute("html", "data-b24-ready") == "bitrix24"
    type_query(page, "refund")
    box = page.evaluate("""() => {
        const r = (s) => document.querySelector(s).getBoundingClientRect();
        const list = document.querySelector('.placard-search-results');
        return {input: r('#placard-search-input'), list: r('.placard-search-results'),
                scrollWidth: document.documentElement.scrollWidth,
                listBg: getComputedStyle(list).backgroundColor, bodyBg: getComputedStyle(document.body).backgroundColor,
                mark: getComputedStyle(document.querySelector('.placard-search-results mark')).color,
                text: getComputedStyle(document.querySelector('.placard-search-excerpt')).color};
      }""")
    assert box["scrollWidth"] <= width, "no horizontal scrolling"
    assert box["input"]["right"] <= width and box["input"]["width"] >= 150
    assert box["list"]["left"] >= 0 and box["list"]["right"] <= width
    assert box["list"]["bottom"] <= height, "the results stay inside the frame"
    assert box["listBg"] == box["bodyBg"], "the results take the page's colours"
    if scheme == "dark":
        assert box["bodyBg"] == "rgb(34, 39, 43)"
    assert box["mark"] != box["text"]
    page.evaluate(AXE_JS)
    result = page.evaluate("() => window.axe.run(document.querySelector('.placard-search'), {})")
    serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"] if v.get("impact") in BLOCKING]
    assert serious == []
    page.close()


def test_placard_search_api(site, browser):
    _, base = site
    page = open_page(browser, f"{base}/replies/greeting.html")
    found = page.evaluate("() => Placard.search('refund', {limit: 2})")
    assert len(found) == 2
    assert found[0]["title"] == "Refund done" and found[0]["path"] == "refund.html"
    assert found[0]["url"] == f"{base}/replies/refund.html"
    assert "<mark>refund</mark>" in found[0]["excerpt"].lower()
    assert any(s["mark"] for s in found[0]["segments"])
    assert page.evaluate("() => Placard.search('', {limit: 2})") == []
    page.close()
    solo = open_page(browser, f"{base}/solo/index.html")
    error = solo.evaluate("() => Placard.search('one').then(() => 'resolved', (e) => e.error)")
    assert error == "NO_SEARCH"
    solo.close()


def test_the_search_script_loads_only_when_needed(site, browser):
    _, base = site
    page = browser.new_page()
    page.route("https://api.bitrix24.com/**", lambda route: route.abort())
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{base}/help/index.html")
    page.wait_for_selector("html[data-b24-ready]", state="attached", timeout=5000)
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if "/search" in u], fetched
    type_query(page, "refund")
    assert [u for u in fetched if "/search." in u and u.endswith(".js")]
    assert [u for u in fetched if u.endswith("/search/index.json")]
    page.close()


# The same cases as SearchTests.swift: the browser folds and splits text as the build does.
@pytest.mark.parametrize("text, terms", [
    ("Don't ESCALATE the order_id v2.1 — naïve café!", ["don", "t", "escalate", "the", "order", "id", "v2", "1", "naive", "cafe"]),
    ("ﬁle Ⅻ ½", ["file", "xii", "1", "2"]),
    ("Ärger über Straße, STRASSE und ẞ", ["arger", "uber", "strasse", "strasse", "und", "ss"]),
    ("Ёлка, ЙОГУРТ и «ещё»", ["елка", "иогурт", "и", "еще"]),
    ("ОДИССЕЙ Σίσυφος ΟΔΟΣ", ["одиссеи", "σισυφοσ", "οδοσ"]),
])
def test_the_browser_normalises_as_the_build_does(site, browser, text, terms):
    _, base = site
    page = open_page(browser, f"{base}/help/index.html")
    page.click("#placard-search-input")
    page.wait_for_selector("[data-placard-search-ready]", state="attached", timeout=5000)
    assert page.evaluate("(t) => window.__placardSearch.terms(t)", text) == terms
    page.close()


def test_the_boxs_words_are_runtime_words(site, browser):
    """runtimeWords in placard.yml sets the search box's words too: the label (a template word) and
    search.js's status (baked into search.<hash>.js); a word it does not give stays English."""
    _, base = site
    page = open_page(browser, f"{base}/help/index.html?LANG=fr")
    assert page.text_content(".placard-search-label") == "Rechercher"
    page.click("#placard-search-input")
    page.wait_for_selector("[data-placard-search-ready]", state="attached", timeout=5000)
    page.type("#placard-search-input", "STRASSE")
    page.wait_for_function("() => document.querySelector('#placard-search-status').textContent !== ''", timeout=5000)
    assert page.text_content("#placard-search-status") == "Aucune page trouvée"
    page.close()
