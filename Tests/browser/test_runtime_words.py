"""placard.yml's runtimeWords in the emulator: an overridden word is on the Insert buttons, a language the
runtime does not ship gets its own word (and English for the rest), and a shipped language without
overrides keeps its built-in word."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from serve_support import Emulator, ServeProcess, copy_project, serve_browser, widget_for  # noqa: F401  (fixtures)

WORDS = """
runtimeWords:
  en:
    insert: Paste into chat
  fr:
    insert: Insérer
"""


@pytest.fixture(scope="module")
def worded_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("runtime-words"))
    with open(root / "placard.yml", "a", encoding="utf-8") as config:
        config.write(WORDS)
    server = ServeProcess(root)
    yield server
    server.stop()


@pytest.fixture
def worded(serve_browser, worded_site):
    em = Emulator(serve_browser, worded_site)
    yield em
    em.close()


@pytest.mark.parametrize("lang, word", [
    ("en", "Paste into chat"),   # overridden
    ("fr", "Insérer"),           # a language the runtime does not ship
    ("de", "Einfügen"),          # shipped, no override
    ("ru", "Вставить"),
])
def test_the_insert_button_says_the_projects_word(worded, lang, word):
    page, frame = worded.open(widget_for("IM_TEXTAREA"), f"lang={lang}")
    buttons = frame.locator("button[data-b24-insert]")
    expect(buttons.first).to_have_text(word)
    assert set(buttons.all_text_contents()) == {word}
    assert worded.errors == []
    page.close()


def test_other_words_of_an_unshipped_language_are_english(worded):
    page, frame = worded.open(widget_for("IM_TEXTAREA"), "lang=fr")
    # fr gives only `insert`: the status after the messenger confirmed is the English word.
    frame.locator("button[data-b24-insert]").first.click()
    expect(frame.locator("output.b24-insert-status").first).to_have_text("Inserted")
    page.close()
