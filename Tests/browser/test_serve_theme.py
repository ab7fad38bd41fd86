"""The emulator's Theme control (System / Light / Dark): the emulator's own chrome and the widget frame
follow prefers-color-scheme on System, and a forced theme wins over it in both, remembered across a
reload. Also writes docs/preview-dark.png for the README, as test_serve_live.py writes preview.png."""

from __future__ import annotations

import pytest

from serve_support import REPO, fresh_site, screenshot_path, serve_browser, serve_site, settled, widget_for  # noqa: F401  (fixtures)
from test_navigation import built  # noqa: F401  (the example built and served)

# Backgrounds of the emulator (body: --pl-bg; the messenger: --pl-surface) and of the widget (--b24-bg).
LIGHT = {"emulator": "rgb(238, 242, 244)", "messenger": "rgb(255, 255, 255)", "widget": "rgb(255, 255, 255)"}
DARK = {"emulator": "rgb(21, 25, 28)", "messenger": "rgb(37, 43, 48)", "widget": "rgb(34, 39, 43)"}


class ThemedEmulator:
    """The emulator in a browser context that prefers `scheme`; its localStorage starts empty."""

    def __init__(self, browser, server, scheme: str):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, widget: str, query: str = ""):
        self.page.goto(f"{self.server.url}/_placard/preview/{widget}" + (f"?{query}" if query else ""))
        return self.frame()

    def frame(self):
        frame = self.page.wait_for_selector("#pl-frame", state="attached").content_frame()
        frame.wait_for_selector('html[data-b24-ready="bitrix24"]', state="attached")
        return frame

    def reload(self):
        self.page.reload()
        return self.frame()

    def colours(self, frame) -> dict:
        shown = self.page.evaluate("""() => ({
          emulator: getComputedStyle(document.body).backgroundColor,
          messenger: getComputedStyle(document.getElementById('pl-messenger')).backgroundColor})""")
        shown["widget"] = frame.evaluate("getComputedStyle(document.body).backgroundColor")
        return shown

    def choose(self, theme: str):
        self.page.select_option("#pl-theme", theme)

    def close(self):
        self.context.close()


@pytest.fixture
def themed(serve_browser, serve_site):
    opened = []

    def make(scheme: str) -> ThemedEmulator:
        em = ThemedEmulator(serve_browser, serve_site, scheme)
        opened.append(em)
        return em

    yield make
    for em in opened:
        assert em.errors == []
        em.close()


@pytest.mark.parametrize("scheme, palette", [("light", LIGHT), ("dark", DARK)])
def test_system_follows_prefers_color_scheme(themed, scheme, palette):
    em = themed(scheme)
    frame = em.open(widget_for("IM_SIDEBAR"))
    assert em.page.input_value("#pl-theme") == "system"
    assert em.colours(frame) == palette
    assert frame.evaluate("document.documentElement.hasAttribute('data-placard-theme')") is False


@pytest.mark.parametrize("scheme, choice, palette", [("dark", "light", LIGHT), ("light", "dark", DARK)])
def test_a_chosen_theme_wins_and_survives_a_reload(themed, scheme, choice, palette):
    em = themed(scheme)
    frame = em.open(widget_for("IM_SIDEBAR"))
    em.choose(choice)
    assert em.colours(frame) == palette  # at once, without a reload
    frame = em.reload()
    assert em.page.input_value("#pl-theme") == choice
    assert em.colours(frame) == palette
    assert frame.evaluate("document.documentElement.getAttribute('data-placard-theme')") == choice
    # A page the frame navigates to takes it too.
    frame.evaluate("location.reload()")
    frame = em.frame()
    assert em.colours(frame) == palette
    # Back to System: prefers-color-scheme decides again, in both.
    em.choose("system")
    assert em.colours(frame) == (DARK if scheme == "dark" else LIGHT)
    em.reload()
    assert em.page.input_value("#pl-theme") == "system"


def test_the_textarea_popup_in_dark(themed):
    """The IM_TEXTAREA popup (a frame of its own size) in a dark browser: both dark."""
    em = themed("dark")
    frame = em.open(widget_for("IM_TEXTAREA"), "kind=lines&dialogId=chat2210")
    assert em.colours(frame) == DARK
    button = frame.locator("button[data-b24-insert]").first
    assert button.evaluate("(b) => getComputedStyle(b).color") == "rgb(16, 35, 43)"  # --b24-on-accent, dark


def test_dark_screenshot_for_the_readme(serve_browser, fresh_site, tmp_path):
    em = ThemedEmulator(serve_browser, fresh_site, "dark")
    try:
        frame = em.open(widget_for("IM_TEXTAREA"), "kind=lines&dialogId=chat2210")
        frame.locator("button[data-b24-insert]").first.click()
        em.page.wait_for_function("() => document.getElementById('pl-input').value.length > 0")
        settled(em.page)  # the input's highlight has faded
        shot = screenshot_path("preview-dark.png", tmp_path)
        em.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20000
        assert em.errors == []
    finally:
        em.close()


def test_built_pages_carry_no_theme_of_their_own(built):
    """The theme switch costs the built output nothing per page: only the stylesheet knows the attribute,
    and a built page follows prefers-color-scheme alone (test_look.py)."""
    dist, _ = built
    pages = list(dist.rglob("*.html"))
    assert pages and not [page for page in pages if "data-placard-theme" in page.read_text(encoding="utf-8")]
    for script in dist.rglob("runtime.*.js"):
        assert "data-placard-theme" not in script.read_text(encoding="utf-8")
    for sheet in dist.rglob("style.*.css"):
        assert sheet.read_text(encoding="utf-8").count("[data-placard-theme=") == 3  # light in dark, dark, light
