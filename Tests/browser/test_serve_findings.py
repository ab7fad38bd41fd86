"""`placard serve` never hides a finding and never misleads (issue 20, parts 4 and 5).

- every current warning and note is listed in the preview's panel, replaced on each rebuild, and printed
  once per change in serve's log;
- a misspelt front-matter key's overlay points at the key;
- an empty folder is not promised "the last good output";
- `serve --drafts` leaves no drafts build in the project's dist/;
- install.html and index.html are previewed in the emulator's application frame, and the landing page
  links them; pages opened outside the emulator link to their emulator preview.

Every wait is on a state (a log line, a selector, a function of the page), never on time.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request

import pytest

from serve_support import (  # noqa: F401  (fixtures)
    ServeProcess, copy_project, fresh_emulator, fresh_site, serve_browser, widget_for,
)

PANEL = "#placard-findings"
OVERLAY = "#placard-overlay"


def open_page(browser, url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    return context, page


def test_warnings_stay_in_the_preview_and_are_logged_once_per_change(serve_browser, fresh_site):
    widget = widget_for("IM_SIDEBAR")
    page_file = next(p for p in sorted((fresh_site.root / "content" / widget).glob("*.md"))
                     if p.name != "index.md" and p.name.count(".") == 1)
    good = page_file.read_text(encoding="utf-8")
    context, page = open_page(serve_browser, f"{fresh_site.url}/{widget}/")
    try:
        page.wait_for_selector("html[data-b24-ready]", state="attached")
        assert page.locator(PANEL).count() == 0, "the example project builds without warnings"

        # A misspelt key: a warning with a did-you-mean, after the first build.
        after = len(fresh_site.lines)
        page_file.write_text(good.replace("---\n", "---\ntitel: Oops\n", 1), encoding="utf-8")
        fresh_site.wait_for(rf"^Rebuilt {re.escape(widget)}:", after=after)
        logged = [line for line in fresh_site.lines[after:] if "[frontmatter.key.unknown]" in line]
        assert len(logged) == 1 and f"content/{widget}/{page_file.name}:2:1: warning:" in logged[0], fresh_site.lines[after:]
        page.wait_for_function(f"() => document.querySelector('{PANEL}')?.shadowRoot?.textContent.includes(\"Did you mean 'title'?\")")
        text = page.locator(f"{PANEL} .panel").inner_text()
        assert "1 warning" in text and f"content/{widget}/{page_file.name}:2:1" in text and "frontmatter.key.unknown" in text

        # Another edit of the same file: the warning is still shown, but not printed again.
        page.evaluate("() => { window.__beforeReload = true; }")
        after = len(fresh_site.lines)
        page_file.write_text(good.replace("---\n", "---\ntitel: Oops\n", 1) + "\nMore text 5c2e.\n", encoding="utf-8")
        fresh_site.wait_for(rf"^Rebuilt {re.escape(widget)}:", after=after)
        assert not any("[frontmatter.key.unknown]" in line for line in fresh_site.lines[after:]), fresh_site.lines[after:]
        page.wait_for_function("() => window.__beforeReload !== true")  # the page reloaded after the rebuild
        page.wait_for_selector("html[data-b24-ready]", state="attached")
        page.wait_for_function(f"() => document.querySelector('{PANEL}')?.shadowRoot?.textContent.includes('titel')")

        # A template name the context lacks adds a second warning; both are listed.
        template = fresh_site.root / "templates" / "im-sidebar.mustache"
        template_good = template.read_text(encoding="utf-8")
        after = len(fresh_site.lines)
        template.write_text(template_good + "{{widget.titel}}\n", encoding="utf-8")
        fresh_site.wait_for(r"^Rebuilt everything:", after=after)
        page.wait_for_function(f"() => document.querySelector('{PANEL}')?.shadowRoot?.textContent.includes('2 warnings')")
        assert "widget.titel" in page.locator(f"{PANEL} .list").inner_text(), "a changed list opens by itself"
        assert sum("[template.name.unknown]" in line for line in fresh_site.lines[after:]) == 1

        # Fixed: said resolved in the log, and the panel goes.
        after = len(fresh_site.lines)
        template.write_text(template_good, encoding="utf-8")
        page_file.write_text(good, encoding="utf-8")
        fresh_site.wait_for(r"^Resolved: templates/im-sidebar\.mustache:\d+:\d+: warning \[template\.name\.unknown\]$", after=after)
        fresh_site.wait_for(rf"^Resolved: content/{re.escape(widget)}/{re.escape(page_file.name)}:2:1: warning \[frontmatter\.key\.unknown\]$", after=after)
        page.locator(PANEL).wait_for(state="detached")
    finally:
        context.close()


def test_warnings_are_listed_in_the_emulator_too(fresh_emulator, fresh_site):
    widget = widget_for("IM_SIDEBAR")
    page, _frame = fresh_emulator.open(widget)
    index = fresh_site.root / "content" / widget / "index.md"
    after = len(fresh_site.lines)
    index.write_text(index.read_text(encoding="utf-8").replace("---\n", "---\ndescripton: x\n", 1), encoding="utf-8")
    fresh_site.wait_for(rf"^Rebuilt {re.escape(widget)}:", after=after)
    page.wait_for_function(f"() => document.querySelector('{PANEL}')?.shadowRoot?.textContent.includes(\"Did you mean 'description'?\")")
    # Hide collapses the list; the count stays.
    page.locator(f"{PANEL} button").click()
    assert page.locator(f"{PANEL} .list").is_hidden()
    assert "1 warning" in page.locator(f"{PANEL} h2").inner_text()


def test_a_misspelt_placement_key_is_shown_at_the_key(serve_browser, fresh_site):
    widget = widget_for("IM_SIDEBAR")
    index = fresh_site.root / "content" / widget / "index.md"
    context, page = open_page(serve_browser, f"{fresh_site.url}/{widget}/")
    try:
        page.wait_for_selector("html[data-b24-ready]", state="attached")
        text = index.read_text(encoding="utf-8")
        line = text.split("\n").index("placement: IM_SIDEBAR") + 1
        after = len(fresh_site.lines)
        index.write_text(text.replace("placement: IM_SIDEBAR", "placment: IM_SIDEBAR"), encoding="utf-8")
        fresh_site.wait_for(r"^Build failed \(", after=after)
        page.locator(OVERLAY).wait_for()
        where = page.locator(f"{OVERLAY} .where").first.inner_text()
        assert where == f"content/{widget}/index.md:{line}:1", where
        hit = page.locator(f"{OVERLAY} .line.hit").first.inner_text()
        assert "placment: IM_SIDEBAR" in hit
        assert "Did you mean 'placement'?" in page.locator(f"{OVERLAY} .panel").inner_text()
    finally:
        context.close()


def test_an_empty_folder_is_not_promised_a_last_good_output(serve_browser, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    server = ServeProcess(empty)
    try:
        failed = server.wait_for(r"^Build failed \(")
        assert "last good output" not in failed and "no output to preview yet" in failed, failed
        context, page = open_page(serve_browser, server.url + "/")
        try:
            body = page.locator("body").inner_text()
            assert "last good output" not in body and "no output to preview yet" in body, body
            page.locator(OVERLAY).wait_for()
            footer = page.locator(f"{OVERLAY} footer").inner_text()
            assert "last good output" not in footer and "no output to preview yet" in footer, footer
        finally:
            context.close()
        assert not (empty / "dist").exists()
    finally:
        server.stop()


def test_serve_drafts_leaves_no_drafts_build_in_dist(tmp_path):
    root = copy_project(tmp_path / "project")
    widget = widget_for("IM_SIDEBAR")
    (root / "content" / widget / "secret-plan.md").write_text("---\ntitle: Secret plan\ndraft: true\n---\nDraft words 91af.\n", encoding="utf-8")
    server = ServeProcess(root, "--drafts")
    try:
        line = server.wait_for(r"^Drafts included: the preview is built into ")
        folder = re.search(r"built into (\S+)/dist, not into dist/", line).group(1)
        status, _, body = server.get(f"/{widget}/secret-plan.html")
        assert status == 200 and b"Draft words 91af." in body
        assert not (root / "dist").exists(), "serve --drafts wrote into the project's dist/"
        assert os.path.isdir(folder) and not folder.startswith(str(root))
    finally:
        server.stop()
    assert server.process.returncode == 0
    assert not os.path.exists(folder), "the drafts folder is removed when serve stops"
    assert not (root / "dist").exists()


def test_landing_page_links_and_previews_the_application_pages(serve_browser, fresh_site):
    context, page = open_page(serve_browser, fresh_site.url + "/")
    try:
        assert page.locator('a.pl-app-preview[href="/_placard/app/install"]').count() == 1
        assert page.locator('a.pl-app-preview[href="/_placard/app/index"]').count() == 1
        assert page.locator('a.pl-app-file[href="/install.html"]').count() == 1
        assert page.locator('a.pl-app-file[href="/index.html"]').count() == 1

        # install.html in the application frame, in install mode: it registers every widget.
        page.click('a.pl-app-preview[href="/_placard/app/install"]')
        frame = page.wait_for_selector("#pl-app-frame", state="attached").content_frame()
        frame.wait_for_selector('html[data-placard-ready="bitrix24"]', state="attached")
        assert frame.url.split("?")[0].endswith("/install.html")
        with urllib.request.urlopen(fresh_site.url + "/placements.json") as response:
            expected = len(json.loads(response.read()))
        page.wait_for_function(
            "(n) => fetch('/_placard/api/bindings').then(r => r.json()).then(b => b.length === n)", arg=expected)

        # index.html in the application frame (placement DEFAULT, not install mode).
        page.goto(fresh_site.url + "/_placard/app/index")
        frame = page.wait_for_selector("#pl-app-frame", state="attached").content_frame()
        frame.wait_for_selector('html[data-placard-ready="bitrix24"]', state="attached")
        assert frame.url.split("?")[0].endswith("/index.html")
    finally:
        context.close()


@pytest.mark.parametrize("path, preview", [
    ("/{widget}/", "/_placard/preview/{widget}"),
    ("/install.html", "/_placard/app/install"),
    ("/index.html", "/_placard/app/index"),
])
def test_a_page_outside_the_emulator_links_to_its_preview(serve_browser, fresh_site, path, preview):
    widget = widget_for("IM_SIDEBAR")
    context, page = open_page(serve_browser, fresh_site.url + path.format(widget=widget))
    try:
        link = page.wait_for_selector(f'a[href="{preview.format(widget=widget)}"]')
        assert "placard serve" not in page.locator("body").inner_text()
        link.click()
        page.wait_for_url(re.compile(r"/_placard/preview/"))
        page.wait_for_selector("#pl-frame, #pl-app-frame", state="attached")
    finally:
        context.close()


def test_errors_are_logged_once_per_change_and_resolved(serve_browser, fresh_site):
    """An error is printed when it appears; saves that leave it standing count it instead of printing it
    again; its fix is said resolved. The overlay lists the build's warnings under its errors (it covers
    the panel)."""
    widget = widget_for("IM_SIDEBAR")
    page_file = next(p for p in sorted((fresh_site.root / "content" / widget).glob("*.md"))
                     if p.name != "index.md" and p.name.count(".") == 1)
    good = page_file.read_text(encoding="utf-8")
    broken = good.replace("---\n", "---\ntitel: Oops\n", 1) + "\nSee [the gone page](no-such-page-4b1e.md).\n"
    context, page = open_page(serve_browser, f"{fresh_site.url}/{widget}/")
    try:
        page.wait_for_selector("html[data-b24-ready]", state="attached")
        after = len(fresh_site.lines)
        page_file.write_text(broken, encoding="utf-8")
        failed = fresh_site.wait_for(r"^Build failed \(", after=after)
        printed = [line for line in fresh_site.lines[after:] if ": error:" in line]
        assert len(printed) == 1 and "no-such-page-4b1e.md" in printed[0] and "printed before" not in failed, fresh_site.lines[after:]

        # The overlay: the error, then "Also 1 warning" and the misspelt key's did-you-mean.
        page.locator(OVERLAY).wait_for()
        overlay = page.locator(f"{OVERLAY} .panel")
        page.wait_for_function(f"() => document.querySelector('{OVERLAY}')?.shadowRoot?.textContent.includes('Also 1 warning')")
        assert "Did you mean 'title'?" in overlay.inner_text()

        # Saved again, still broken: nothing printed again, the failure line counts what stands.
        after = len(fresh_site.lines)
        page_file.write_text(broken + "\nMore words 7d1a.\n", encoding="utf-8")
        failed = fresh_site.wait_for(r"^Build failed \(", after=after)
        assert not [line for line in fresh_site.lines[after:] if ": error:" in line or ": warning:" in line], fresh_site.lines[after:]
        assert re.search(r"\((\d+) errors?, \1 of them printed before, \d+ ms\)", failed), failed

        # Fixed: each printed error is said resolved.
        after = len(fresh_site.lines)
        page_file.write_text(good, encoding="utf-8")
        fresh_site.wait_for(rf"^Resolved: content/{re.escape(widget)}/{re.escape(page_file.name)}:\d+:\d+: error \[link\.missing-page\]$", after=after)
        fresh_site.wait_for(r"^Rebuilt ", after=after)  # after a failed build, everything
        page.locator(OVERLAY).wait_for(state="detached")
    finally:
        context.close()


def test_the_panel_starts_as_a_badge_and_lists_on_show(serve_browser, fresh_site):
    """A first visit shows the count, not a list over the page (a widget frame is small); Show lists
    every finding."""
    widget = widget_for("IM_SIDEBAR")
    index = fresh_site.root / "content" / widget / "index.md"
    after = len(fresh_site.lines)
    index.write_text(index.read_text(encoding="utf-8").replace("---\n", "---\ndescripton: x\n", 1), encoding="utf-8")
    fresh_site.wait_for(r"^Rebuilt ", after=after)
    context, page = open_page(serve_browser, f"{fresh_site.url}/{widget}/")  # a new browser session
    try:
        page.wait_for_function(f"() => document.querySelector('{PANEL}')?.shadowRoot?.textContent.includes('1 warning')")
        assert page.locator(f"{PANEL} .list").is_hidden()
        page.locator(f"{PANEL} button").click()
        assert "Did you mean 'description'?" in page.locator(f"{PANEL} .list").inner_text()
    finally:
        context.close()


def test_a_rebuild_that_leaves_every_widget_a_draft_fails(tmp_path):
    """One widget left in the project; marking it a draft on a serve rebuild (a widget-scoped one) is
    the same error as in `placard build`: nothing would be published."""
    root = copy_project(tmp_path / "project")
    widget = widget_for("IM_SIDEBAR")
    for other in (root / "content").iterdir():
        if other.is_dir() and other.name not in (widget, "_shared"):
            for path in sorted(other.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            other.rmdir()
    server = ServeProcess(root)
    try:
        server.wait_for(r"^Built 1 widget")
        index = root / "content" / widget / "index.md"
        after = len(server.lines)
        index.write_text(index.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
        server.wait_for(r"^Build failed \(1 error", after=after)
        assert any("[content.drafts-only]" in line for line in server.lines[after:]), server.lines[after:]
    finally:
        server.stop()
