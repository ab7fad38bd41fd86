#!/usr/bin/env python3
"""Search measurements in headless Chromium, for Benchmarks/bench.

Usage: Benchmarks/search_bench.py --dist DIR [--widget handbook] [--pagefind-site DIR] [--out FILE]

Serves DIR (a Placard output) on 127.0.0.1 and measures, on the widget's first page:
  * first_keystroke_bytes: every byte fetched from focusing the search box and typing one letter to
    the first results shown (the search script, the entry, the chunks, maps and the result pages
    the excerpts are cut from);
  * first_word_bytes: the same for a whole word entered at once (pasted: one input event);
  * latency_ms: the median time of Placard.search(query, {limit: 8}) over a list of queries, each
    timed on its second run (after the first load, as the issue's target says);
With --pagefind-site (the same output with Pagefind's bundle in pagefind/), the same payloads for
Pagefind: pagefind.js imported on the first keystroke, search(), then data() of the first 5
results (what its default UI shows), and its latency measured the same way.
Prints one JSON object (and writes it to --out).
"""

import argparse
import functools
import json
import os
import statistics
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("PLACARD_CHROMIUM", "/usr/bin/chromium")
QUERIES = ["refund", "escalation", "queue", "policy", "customer reply", "invoice", "sev", "tic", "urgent ticket",
           "sla", "release", "payment pending", "workflow", "shift", "tone", "operator", "verify", "summary",
           "warning", "window"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


class Counter:
    def __init__(self, page):
        self.bytes = 0
        self.files = 0
        self.on = False
        page.on("requestfinished", self.finished)

    def finished(self, request):
        if not self.on:
            return
        response = request.response()
        if response is None:
            return
        self.files += 1
        self.bytes += int(response.headers.get("content-length") or len(response.body()))


def open_widget(browser, base, widget):
    page = browser.new_page()
    page.route("https://api.bitrix24.com/**", lambda route: route.abort())
    page.goto(f"{base}/{widget}/index.html")
    page.wait_for_selector("html[data-b24-ready]", state="attached", timeout=30000)
    page.wait_for_load_state("networkidle")
    return page


def placard_payload(browser, base, widget, text):
    page = open_widget(browser, base, widget)
    counter = Counter(page)
    counter.on = True
    page.click("#placard-search-input")
    # One input event: the letter typed, or the word pasted (typing it letter by letter would
    # search after each letter).
    page.fill("#placard-search-input", text)
    page.wait_for_selector(".placard-search-results li", timeout=30000)
    page.wait_for_load_state("networkidle")
    result = {"bytes": counter.bytes, "files": counter.files}
    page.close()
    return result


def placard_latency(browser, base, widget):
    page = open_widget(browser, base, widget)
    times = page.evaluate("""async (queries) => {
        const out = [];
        for (const q of queries) await Placard.search(q, {limit: 8});
        for (const q of queries) { const t = performance.now(); await Placard.search(q, {limit: 8}); out.push(performance.now() - t); }
        return out;
      }""", QUERIES)
    page.close()
    return statistics.median(times)


PAGEFIND = """async ([query, fetchData]) => {
    const pf = window.__pf || (window.__pf = await import('/pagefind/pagefind.js'));
    const search = await pf.search(query);
    if (fetchData) await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
    return search.results.length;
  }"""


def pagefind_payload(browser, base, widget, text):
    page = open_widget(browser, base, widget)
    counter = Counter(page)
    counter.on = True
    page.evaluate(PAGEFIND, [text, True])
    page.wait_for_load_state("networkidle")
    result = {"bytes": counter.bytes, "files": counter.files}
    page.close()
    return result


def pagefind_latency(browser, base, widget):
    page = open_widget(browser, base, widget)
    times = page.evaluate("""async ([queries, run]) => {
        const search = eval(run);
        for (const q of queries) await search([q, true]);
        const out = [];
        for (const q of queries) { const t = performance.now(); await search([q, true]); out.push(performance.now() - t); }
        return out;
      }""", [QUERIES, PAGEFIND])
    page.close()
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dist", required=True)
    parser.add_argument("--widget", default="handbook")
    parser.add_argument("--pagefind-site")
    parser.add_argument("--out")
    args = parser.parse_args()
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        httpd, base = serve(args.dist)
        out["placard_first_keystroke"] = placard_payload(browser, base, args.widget, "r")
        out["placard_first_word"] = placard_payload(browser, base, args.widget, "refund")
        out["placard_latency_ms"] = placard_latency(browser, base, args.widget)
        httpd.shutdown()
        if args.pagefind_site:
            httpd, base = serve(args.pagefind_site)
            out["pagefind_first_keystroke"] = pagefind_payload(browser, base, args.widget, "r")
            out["pagefind_first_word"] = pagefind_payload(browser, base, args.widget, "refund")
            out["pagefind_latency_ms"] = pagefind_latency(browser, base, args.widget)
            httpd.shutdown()
        browser.close()
    text = json.dumps(out, indent=1, sort_keys=True)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
