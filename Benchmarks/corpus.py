#!/usr/bin/env python3
"""Deterministic benchmark corpus for Placard and Hugo.

Usage: Benchmarks/corpus.py --pages N --out DIR [--seed S]

Writes two sites with the same N Markdown pages (front matter + ~3.3 KB of varied
Markdown: headings, paragraphs with emphasis and inline code, bullet and numbered lists,
fenced code blocks, block quotes and links between pages):

  DIR/placard/  a Placard project: placard.yml, content/handbook/ (one IM_SIDEBAR widget:
                index.md + p00001.md ... p0NNNN.md), templates/ copied from the
                repository's templates/ (the default templates, unchanged)
  DIR/hugo/     the same pages as a Hugo site (hugo.toml, content/_index.md + pages) with one
                equivalent page template (layouts/partials/page.html) and a link hook that
                turns `page.md` links into `page.html`, as Placard does.
The cmark floor (cmark_floor.c) reads DIR/placard/content/handbook/ directly.

The page template: the repository's default templates, as a new project gets them. Each
page links to the widget's home, the page before and the page after it, and the runtime draws
the whole navigation from one page list per widget (nav.<hash>.json), so the output is linear
in pages. The Hugo template renders the same page with the same three links (Hugo has no
runtime, and writes no page list).

The same seed and page count always give byte-identical files. A link's `#fragment` names a
heading of the page it leads to (by GitHub's slug, as Placard gives ids), or is left out when that
page has none: a fragment no heading has fails Placard's build.
"""

import argparse
import os
import random
import re
import shutil

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

WORDS = """agent answer approval billing chat customer conversation desk escalate escalation
finance first handbook issue lines manager message minutes note operator order policy portal
priority queue refund reply request rule second security severity sidebar support team ticket
tone transfer urgent widget account access address archive assign balance call channel check
close contact context credit data default delay deliver detail document draft email error
estimate follow form grant group hand history hold invoice language limit link list log mail
mark mobile monitor notify open owner page payment pending phone plan process product queue
quote rate reason record region release remind report resolve response review role route
schedule service session share shift status summary system task template thread time topic
track update user value verify version wait warning week window workflow""".split()

LANGS = ["python", "json", "bash", "yaml", "text", "sql", "js"]

CODE = {
    "python": ["def {w}_{v}(ticket):", "    if ticket.{w} > {n}:", "        return escalate(ticket, '{v}')", "    return ticket.{v}()"],
    "json": ["{{", '  "{w}": "{v}",', '  "limit": {n},', '  "enabled": true', "}}"],
    "bash": ["curl -s https://portal.example/rest/{w}.{v} \\", "  -d 'ID={n}' | jq '.result'"],
    "yaml": ["{w}:", "  {v}: {n}", "  owner: second-line"],
    "text": ["{w} -> {v} ({n} min)", "{v} -> {w}"],
    "sql": ["SELECT {w}, {v} FROM tickets", "WHERE priority > {n}", "ORDER BY {w};"],
    "js": ["BX24.callMethod('{w}.{v}', {{ id: {n} }}, (result) => {{", "  console.log(result.data());", "}});"],
}


class Writer:
    def __init__(self, seed, pages):
        self.rng = random.Random(seed)
        self.pages = pages

    def word(self):
        return self.rng.choice(WORDS)

    def words(self, lo, hi):
        return " ".join(self.word() for _ in range(self.rng.randint(lo, hi)))

    def title(self):
        return self.words(2, 5).capitalize()

    def link(self, index):
        target = self.rng.randint(1, self.pages)
        text = self.words(1, 3)
        if target == index:
            return "[the index](index.md)"
        anchor = "#" + self.word() if self.rng.random() < 0.2 else ""
        return "[{}](p{:05d}.md{})".format(text, target, anchor)

    def sentence(self, index):
        parts = []
        for _ in range(self.rng.randint(6, 14)):
            r = self.rng.random()
            if r < 0.05:
                parts.append("**" + self.word() + "**")
            elif r < 0.09:
                parts.append("*" + self.word() + "*")
            elif r < 0.12:
                parts.append("`" + self.word() + "." + self.word() + "`")
            elif r < 0.15:
                parts.append(self.link(index))
            else:
                parts.append(self.word())
        return " ".join(parts).capitalize() + "."

    def paragraph(self, index):
        return " ".join(self.sentence(index) for _ in range(self.rng.randint(2, 4)))

    def code(self):
        lang = self.rng.choice(LANGS)
        lines = [line.format(w=self.word(), v=self.word(), n=self.rng.randint(1, 999)) for line in CODE[lang]]
        return "```{}\n{}\n```".format(lang, "\n".join(lines))

    def bullets(self, index, ordered):
        items = []
        for i in range(self.rng.randint(3, 6)):
            marker = "{}.".format(i + 1) if ordered else "-"
            text = self.sentence(index) if self.rng.random() < 0.5 else self.words(3, 8)
            items.append("{} {}".format(marker, text))
            if self.rng.random() < 0.15:
                items.append("   - " + self.words(2, 6))
        return "\n".join(items)

    def quote(self, index):
        return "> " + self.sentence(index) + "\n>\n> — " + self.title()

    def body(self, index, target_bytes):
        blocks = []
        size = 0
        kinds = ["p", "p", "p", "ul", "ol", "code", "quote", "h3"]
        blocks.append(self.paragraph(index))
        heading = False
        while size < target_bytes:
            kind = self.rng.choice(kinds)
            if heading:
                kind = "p"
            if not heading and self.rng.random() < 0.12:
                block = "## " + self.title()
            elif kind == "p":
                block = self.paragraph(index)
            elif kind == "ul":
                block = self.bullets(index, False)
            elif kind == "ol":
                block = self.bullets(index, True)
            elif kind == "code":
                block = self.code()
            elif kind == "quote":
                block = self.quote(index)
            else:
                block = "### " + self.title()
            heading = block.startswith("#")
            blocks.append(block)
            size = sum(len(b) + 2 for b in blocks)
        previous = "p{:05d}.md".format(index - 1) if index > 1 else "index.md"
        following = "p{:05d}.md".format(index + 1) if index < self.pages else "index.md"
        blocks.append("Back to [the handbook](index.md) · [previous]({}) · [next]({})".format(previous, following))
        return "\n\n".join(blocks) + "\n"


def heading_ids(text):
    """The ids of a page's `##`/`###` headings (the corpus's headings are lower-case ASCII words:
    GitHub's slug is the text lower-cased with spaces as '-'; a repeated one gets -1, -2, …)."""
    ids, counts = [], {}
    for title in re.findall(r"^#{2,3} (.+)$", text, re.M):
        base = title.lower().replace(" ", "-")
        slug = base
        while slug in ids:
            counts[base] = counts.get(base, 0) + 1
            slug = "{}-{}".format(base, counts[base])
        ids.append(slug)
    return ids


def with_real_fragments(text, anchors):
    """Each `(pNNNNN.md#word)` made to name a heading of that page (chosen by the word), or no fragment."""
    def replace(match):
        ids = anchors.get(int(match.group(1)), [])
        if not ids:
            return "(p{}.md)".format(match.group(1))
        return "(p{}.md#{})".format(match.group(1), ids[sum(map(ord, match.group(2))) % len(ids)])
    return re.sub(r"\(p(\d{5})\.md#([a-z]+)\)", replace, text)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def yaml_title(title, quoted):
    return '"{}"'.format(title) if quoted else title


# The Hugo equivalent of templates/base.mustache + im-sidebar + the partials, for one
# English IM_SIDEBAR widget (the asset links point at fixed names; Hugo has no runtime).
HUGO_PAGE = """<!DOCTYPE html>
<html lang="en" data-b24-default-lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="b24-placement" content="IM_SIDEBAR">
<title>{{ .Title }}{{ if not .IsHome }} · {{ site.Title }}{{ end }}</title>
<link rel="stylesheet" href="style.css">
<script src="https://api.bitrix24.com/api/v1/"></script>
<script src="runtime.js" defer></script>
</head>
<body class="surface-sidebar">
<header class="widget-header">
<img class="widget-logo" src="_shared/logo.svg" alt="" width="24" height="24">
<span class="widget-title"><span data-b24-lang="en">{{ site.Title }}</span></span>
</header>
{{/* Hugo's Pages.Next is the page before in this order, Pages.Prev the one after. */}}{{ $pages := site.Home.Pages.ByWeight }}<nav class="widget-nav" aria-label="Pages" data-placard-nav="nav.json">
<ul>
{{ if not .IsHome }}<li><a href="{{ site.Home.RelPermalink }}"><span data-b24-lang="en">{{ site.Title }}</span></a></li>{{ end }}
{{ with $pages.Next . }}<li><a href="{{ .RelPermalink }}" rel="prev">← <span data-b24-lang="en">{{ .Title }}</span></a></li>{{ end }}
{{ with $pages.Prev . }}<li><a href="{{ .RelPermalink }}" rel="next"><span data-b24-lang="en">{{ .Title }}</span> →</a></li>{{ end }}
</ul>
</nav>
<main>
<p class="widget-context">
<span>Chat <code data-b24-option="dialogId">…</code></span>
</p>
<div class="widget-versions">
<article class="widget-page" data-b24-lang="en" lang="en">
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
</div>
</main>
<footer class="widget-footer">Acme Support Desk · built with Placard</footer>
</body>
</html>
"""

HUGO_LINK_HOOK = """<a href="{{ if strings.HasSuffix (index (split .Destination "#") 0) ".md" }}{{ replace .Destination ".md" ".html" }}{{ else }}{{ .Destination | safeURL }}{{ end }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>"""

HUGO_CONFIG = """baseURL = "https://widgets.example/handbook/"
title = "Handbook"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section"]
uglyURLs = true
relativeURLs = true
enableRobotsTXT = false
[markup.highlight]
codeFences = false
[markup.goldmark.renderer]
unsafe = false
"""


def generate(pages, out, seed):
    writer = Writer(seed, pages)
    placard = os.path.join(out, "placard")
    hugo = os.path.join(out, "hugo")
    for folder in (placard, hugo):
        shutil.rmtree(folder, ignore_errors=True)

    # Placard project.
    write(os.path.join(placard, "placard.yml"),
          "# Benchmark corpus ({} pages), generated by Benchmarks/corpus.py\n"
          "baseURL: https://widgets.example/\ndefaultLanguage: en\ntitle: Benchmark handbook\n".format(pages))
    shutil.copytree(os.path.join(REPO, "templates"), os.path.join(placard, "templates"))
    logo = os.path.join(REPO, "content", "_shared", "logo.svg")
    for folder in (os.path.join(placard, "content", "_shared"), os.path.join(hugo, "static", "_shared")):
        os.makedirs(folder, exist_ok=True)
        shutil.copy(logo, folder)

    intro = writer.paragraph(0)
    featured = "\n".join("- [{}](p{:05d}.md)".format(writer.title(), i) for i in range(1, min(pages, 20) + 1))
    index_body = "{}\n\n{}\n\n> Tip: every page links back here.\n".format(intro, featured)
    write(os.path.join(placard, "content", "handbook", "index.md"),
          "---\nplacement: IM_SIDEBAR\ntitle: Handbook\ndescription: The benchmark handbook.\n"
          "options:\n  iconName: fa-book\n  color: AZURE\n  context: [USER, CHAT, LINES]\n"
          "  role: USER\n  extranet: N\n---\n{}".format(index_body))
    write(os.path.join(hugo, "content", "_index.md"), "---\ntitle: Handbook\n---\n" + index_body)

    texts = {}
    for i in range(1, pages + 1):
        quoted = writer.rng.random() < 0.1
        title = writer.title()
        if quoted:
            title = title + ": " + writer.word()
        weight = writer.rng.randint(1, 1000)
        front = "---\ntitle: {}\nweight: {}\n---\n".format(yaml_title(title, quoted), weight)
        texts[i] = front + writer.body(i, 3000)
    anchors = {i: heading_ids(text) for i, text in texts.items()}
    for i, text in texts.items():
        text = with_real_fragments(text, anchors)
        name = "p{:05d}.md".format(i)
        write(os.path.join(placard, "content", "handbook", name), text)
        write(os.path.join(hugo, "content", name), text)

    # Hugo site.
    write(os.path.join(hugo, "hugo.toml"), HUGO_CONFIG)
    write(os.path.join(hugo, "layouts", "partials", "page.html"), HUGO_PAGE)
    write(os.path.join(hugo, "layouts", "index.html"), '{{ partial "page.html" . }}\n')
    write(os.path.join(hugo, "layouts", "_default", "single.html"), '{{ partial "page.html" . }}\n')
    write(os.path.join(hugo, "layouts", "_default", "_markup", "render-link.html"), HUGO_LINK_HOOK)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True, help="number of pages besides index.md")
    parser.add_argument("--out", required=True, help="folder to write placard/ and hugo/ into")
    parser.add_argument("--seed", type=int, default=6, help="random seed (default 6)")
    args = parser.parse_args()
    generate(args.pages, args.out, args.seed)


if __name__ == "__main__":
    main()
