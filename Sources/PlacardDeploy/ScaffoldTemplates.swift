// Generated from the repository's templates/ by
// `PLACARD_UPDATE_SCAFFOLD=1 swift test --filter ScaffoldTemplateTests`, which fails when
// the two differ. Edit templates/, not this file.

/// The templates of a new project: the repository's own `templates/`, which the example
/// site is built and tested with.
///
/// Exists as Swift literals because PlacardDeploy has no resource bundle (see `Scaffold`),
/// generated so that the scaffold cannot drift from the templates the repository tests.
enum ScaffoldTemplates {
    static let files: [ScaffoldFile] = [
        ScaffoldFile("templates/base.mustache", #"""
            <!DOCTYPE html>
            <html lang="{{lang}}" data-b24-default-lang="{{lang}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="b24-placement" content="{{widget.placement}}">
            <title>{{page.title}}{{^page.isIndex}} · {{widget.title}}{{/page.isIndex}}</title>
            {{>partials/head}}
            </head>
            <body class="surface-{{widget.surface}}">
            <script data-placard-file-notice="{{words.outside}}">/* Opened from disk, the checked runtime and stylesheet are blocked: say what to do. */
            if (location.protocol === 'file:') document.addEventListener('DOMContentLoaded', function () {
              var p = document.createElement('p');
              p.setAttribute('role', 'status');
              p.style.cssText = 'margin:0;padding:8px 12px;border-bottom:1px solid #efcd73;background:#fff5db;color:#5a4100;font:14px/1.4 sans-serif';
              p.textContent = document.querySelector('script[data-placard-file-notice]').getAttribute('data-placard-file-notice');
              document.body.prepend(p);
            });</script>
            {{$header}}
            {{>partials/header}}
            {{/header}}
            {{$nav}}
            {{#hasNav}}{{>partials/nav}}{{/hasNav}}
            {{/nav}}
            {{$search}}
            {{>partials/search}}
            {{/search}}
            <main>
            {{$before}}{{/before}}
            {{>partials/versions}}
            {{$after}}{{/after}}
            </main>
            {{$footer}}
            {{>partials/footer}}
            {{/footer}}
            </body>
            </html>

            """#),
        ScaffoldFile("templates/im-context-menu.mustache", #"""
            {{<base}}
            {{$before}}
            {{>partials/context}}
            {{/before}}
            {{/base}}

            """#),
        ScaffoldFile("templates/im-navigation.mustache", #"""
            {{<base}}
            {{$before}}
            {{>partials/context}}
            {{/before}}
            {{/base}}

            """#),
        ScaffoldFile("templates/im-sidebar.mustache", #"""
            {{<base}}
            {{$before}}
            {{>partials/context}}
            {{/before}}
            {{/base}}

            """#),
        ScaffoldFile("templates/im-textarea.mustache", #"""
            {{<base}}
            {{$before}}
            {{>partials/context}}
            <p class="widget-hint" data-b24-word="hint">{{words.hint}}</p>
            {{/before}}
            {{/base}}

            """#),
        ScaffoldFile("templates/immobile-context-menu.mustache", #"""
            {{<base}}
            {{$footer}}{{/footer}}
            {{$before}}
            {{>partials/context}}
            {{/before}}
            {{/base}}

            """#),
        ScaffoldFile("templates/partials/context.mustache", #"""
            <p class="widget-context"{{^widget.showContext}} data-placard-preview-only{{/widget.showContext}}>
            {{#widget.deliversDialogId}}<span><span data-b24-word="chat">{{words.chat}}</span> <code data-b24-option="dialogId">…</code></span>{{/widget.deliversDialogId}}
            {{#widget.deliversMessageId}}<span data-b24-if="messageId" hidden><span data-b24-word="message">{{words.message}}</span> <code data-b24-option="messageId"></code></span>{{/widget.deliversMessageId}}
            {{#widget.deliversURI}}<span data-b24-if="URI" hidden><span data-b24-word="openedFrom">{{words.openedFrom}}</span> <code data-b24-option="URI"></code></span>{{/widget.deliversURI}}
            </p>

            """#),
        ScaffoldFile("templates/partials/footer.mustache", #"""
            <footer class="widget-footer">{{site.title}}</footer>

            """#),
        ScaffoldFile("templates/partials/head.mustache", #"""
            <link rel="stylesheet" href="{{assets.style}}" integrity="{{assets.styleIntegrity}}">
            <script src="{{assets.bx24}}"></script>
            <script src="{{assets.script}}" integrity="{{assets.scriptIntegrity}}" defer></script>
            {{#scripts}}<script src="{{src}}" integrity="{{integrity}}" defer></script>
            {{/scripts}}

            """#),
        ScaffoldFile("templates/partials/header.mustache", #"""
            <header class="widget-header">
            {{#assets.logo}}<img class="widget-logo" src="{{assets.logo}}" alt="" width="20" height="20">{{/assets.logo}}
            <span class="widget-title">{{#widget.titles}}<span data-b24-lang="{{lang}}"{{#hidden}} hidden{{/hidden}}>{{title}}</span>{{/widget.titles}}</span>
            </header>

            """#),
        ScaffoldFile("templates/partials/nav.mustache", #"""
            <nav class="widget-nav" aria-label="{{words.pages}}" data-b24-word-label="pages" data-placard-nav="{{assets.nav}}">
            <ul>
            {{#home}}<li><a href="{{url}}">{{#titles}}<span data-b24-lang="{{lang}}"{{#hidden}} hidden{{/hidden}}>{{title}}</span>{{/titles}}</a></li>{{/home}}
            {{#prev}}<li><a href="{{url}}" rel="prev">← {{#titles}}<span data-b24-lang="{{lang}}"{{#hidden}} hidden{{/hidden}}>{{title}}</span>{{/titles}}</a></li>{{/prev}}
            {{#next}}<li><a href="{{url}}" rel="next">{{#titles}}<span data-b24-lang="{{lang}}"{{#hidden}} hidden{{/hidden}}>{{title}}</span>{{/titles}} →</a></li>{{/next}}
            </ul>
            </nav>

            """#),
        ScaffoldFile("templates/partials/search.mustache", #"""
            {{#widget.hasSearch}}
            <div class="placard-search" role="search" data-placard-search="{{assets.search}}">
            <label class="placard-search-label" for="placard-search-input"><span data-b24-word="search">{{words.search}}</span></label>
            <input class="placard-search-input" id="placard-search-input" type="search" spellcheck="false" aria-controls="placard-search-results" aria-describedby="placard-search-status">
            <p class="placard-search-status" id="placard-search-status" role="status" aria-live="polite"></p>
            <ul class="placard-search-results" id="placard-search-results" hidden></ul>
            </div>
            {{/widget.hasSearch}}

            """#),
        ScaffoldFile("templates/partials/toc.mustache", #"""
            <nav class="widget-toc">
            <h2 class="widget-toc-title" data-b24-word="contents">{{words.contents}}</h2>
            <ul>
            {{#toc}}<li class="widget-toc-depth-{{depth}}"><a href="#{{id}}">{{text}}</a></li>
            {{/toc}}</ul>
            </nav>

            """#),
        ScaffoldFile("templates/partials/versions.mustache", #"""
            <div class="widget-versions">
            {{#versions}}
            <article class="widget-page" data-b24-lang="{{lang}}" lang="{{lang}}"{{#hidden}} hidden{{/hidden}}>
            <h1{{#page.isIndex}} class="widget-index-title"{{/page.isIndex}}>{{title}}</h1>
            {{#updated}}<p class="widget-updated"><span data-b24-word="updated">{{words.updated}}</span> <time datetime="{{updated}}" data-b24-date>{{updated}}</time></p>
            {{/updated}}
            {{#hasToc}}{{^widget.isTextarea}}{{>partials/toc}}{{/widget.isTextarea}}{{/hasToc}}
            {{{html}}}
            </article>
            {{/versions}}
            </div>

            """#),
        ScaffoldFile("templates/placard.d.ts", #"""
            // Types of the Placard page runtime's API, for editors: reference this file from a widget's
            // script with  /// <reference path="../../templates/placard.d.ts" />
            // The runtime (runtime.<hash>.js, loaded by every page of the default templates) defines
            // window.Placard before any later script runs; its context fields are filled once Bitrix24
            // has answered (await Placard.ready).

            /** An error from Bitrix24 (its `error` code and `error_description`) or from Placard itself
             *  (`TIMEOUT`, `NOT_IN_BITRIX24`, `NO_BX24` — a page on b24jssdk, which is called through the SDK —,
             *  `WRONG_PLACEMENT`, `MOBILE_NO_INSERT`, `INSERT_FAILED`, `QUERY_ERROR`, `NO_SEARCH`). */
            interface PlacardError extends Error {
              error: string;
              error_description: string;
              /** The REST method or messenger command that failed. */
              method?: string;
              /** Placard.batch: the error of every failed command, by the command's key. */
              errors?: Record<string, PlacardError>;
            }

            /** What Placard.ready resolves to, and the `detail` of the `placard:ready` event. */
            interface PlacardContext {
              /** The placement Bitrix24 opened the page as (`IM_SIDEBAR`, …); "" outside Bitrix24. */
              placement: string;
              /** PLACEMENT_OPTIONS as strings (`dialogId`, `messageId`, `URI`, …: what the placement delivers). */
              options: Readonly<Record<string, string>>;
              /** The user's language (`en`, `de`, `ru`, …). */
              language: string;
              /** The kind of chat `options.dialogId` names; "" when there is none. */
              chatKind: "" | "private" | "group" | "workgroup" | "unknown";
              /** Whether the user is a Bitrix24 administrator (BX24.isAdmin()). */
              isAdmin: boolean;
            }

            /** One page Placard.search found. */
            interface PlacardSearchResult {
              /** The page's address (absolute), to link to. */
              url: string;
              /** The page's path inside the widget's bundle (`guide/setup.html`). */
              path: string;
              /** The page's title in `language`. */
              title: string;
              /** The language of the version that matched (the reader's first, then the default one). */
              language: string;
              /** Higher is better; results come best first. */
              score: number;
              /** About 24 words around the first match as HTML: text escaped, matched words in <mark>. */
              excerpt: string;
              /** The same excerpt as text pieces, for building it without innerHTML. */
              segments: { text: string; mark: boolean }[];
            }

            /** A batch command: [method, params], or {method, params}. */
            type PlacardCommand = [string, Record<string, unknown>?] | { method: string; params?: Record<string, unknown> };

            interface PlacardAPI {
              readonly placement: string;
              readonly options: Readonly<Record<string, string>>;
              readonly language: string;
              /** Resolves once, with Bitrix24's answer however late it comes (after 3 s the page shows a
               *  "no answer" notice but keeps waiting), or at once when the page cannot be inside Bitrix24
               *  (no BX24 library, or not opened in a Bitrix24 frame); then `placement` is "". */
              readonly ready: Promise<PlacardContext>;
              /** BX24.callMethod as a Promise: the method's `result`, or a PlacardError. The timeout (default
               *  10 s) counts from the call, a wait for Bitrix24's first answer included (`TIMEOUT`); a network
               *  failure, an HTTP 3xx/5xx or an answer that is not JSON rejects at once with `QUERY_ERROR`. */
              call<T = unknown>(method: string, params?: Record<string, unknown>, options?: { timeout?: number }): Promise<T>;
              /** BX24.callBatch as a Promise: the results under the commands' keys; rejects with the first
               *  failed command's error (all of them in `errors`). `halt` stops at the first error. */
              batch<T = unknown>(commands: Record<string, PlacardCommand>, options?: { timeout?: number; halt?: boolean }): Promise<Record<string, T>>;
              batch<T = unknown>(commands: PlacardCommand[], options?: { timeout?: number; halt?: boolean }): Promise<T[]>;
              /** IM_TEXTAREA only: puts `text` into the message field at the cursor (replacing what is
               *  there with `replace: true`); resolves when the messenger confirms. What the Insert buttons
               *  and a replies page's Enter use. Chat text is BBCode (`[b]…[/b]`), not Markdown. Rejects with
               *  `MOBILE_NO_INSERT` in IMMOBILE_CONTEXT_MENU (the mobile app has no message field bridge),
               *  `WRONG_PLACEMENT` in the other placements. */
              insert(text: string, options?: { replace?: boolean; timeout?: number }): Promise<void>;
              /** Searches the widget's pages (every widget of more than one page whose index.md does not say `search: false`; see docs/search.md): every
               *  word of `query` must start a word of the page (case and diacritics ignored). At most
               *  `limit` results (default 10, at most 50). Loads the search script and the index parts
               *  the query needs on first use; rejects with `NO_SEARCH` where the widget has no index. */
              search(query: string, options?: { limit?: number }): Promise<PlacardSearchResult[]>;
              /** Resizes the frame to the page (BX24.fitWindow); does nothing where Bitrix24 denies it. */
              fit(): void;
            }

            declare const Placard: PlacardAPI;
            interface Window { Placard: PlacardAPI }
            /** `placard:ready` fires once, on document, with the same context as Placard.ready, never before
             *  DOMContentLoaded: deferred scripts (`scripts:`) that subscribe when they run still get it. A
             *  script that may run later (async, injected) should await Placard.ready instead. */
            interface DocumentEventMap { "placard:ready": CustomEvent<PlacardContext> }

            """#),
        ScaffoldFile("templates/style.css", #"""
            /* Layout of the widget pages; Placard appends this file to the runtime stylesheet. */
            /* Colours come from the runtime's palette (--b24-*: light, and dark with prefers-color-scheme). */
            body { margin: 0; font: 14px/1.5 var(--b24-font); color: var(--b24-text); background: var(--b24-bg); }
            a { color: var(--b24-link); }
            main { padding: 12px 16px 24px; }
            .widget-header { display: flex; gap: 8px; align-items: center; padding: 10px 16px; border-bottom: 1px solid var(--b24-line); font-weight: 600; }
            .widget-nav ul { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 0; padding: 8px 16px; list-style: none; border-bottom: 1px solid var(--b24-line); }
            .widget-nav a { color: var(--b24-link); text-decoration: none; }
            .widget-nav a[aria-current="page"] { font-weight: 600; text-decoration: underline; }
            .widget-context, .widget-hint, .widget-message { color: var(--b24-muted); font-size: 13px; }
            .widget-context > span { margin-right: 12px; }
            .widget-page h1 { font-size: 18px; margin: 8px 0; }
            /* The index page's title is the widget's, already in the header: kept for screen readers only. */
            .widget-index-title { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
            .widget-page table { border-collapse: collapse; }
            .widget-page th, .widget-page td { padding: 4px 8px; border: 1px solid var(--b24-line); text-align: left; }
            .widget-page blockquote { margin: 8px 0; padding: 2px 12px; border-left: 3px solid var(--b24-line); color: var(--b24-muted); }
            .widget-page code { font: 13px var(--b24-mono); }
            .widget-page pre { background: var(--b24-surface); padding: 8px; overflow-x: auto; border-radius: 4px; }
            .widget-toc { margin: 8px 0 12px; font-size: 13px; }
            .widget-toc-title { font-size: 13px; margin: 0 0 4px; }
            .widget-toc ul { margin: 0; padding-left: 20px; }
            .widget-toc .widget-toc-depth-1 { margin-left: 16px; list-style-type: circle; }
            .widget-page :target { scroll-margin-top: 8px; }
            .widget-footer { padding: 8px 16px; color: var(--b24-muted); font-size: 12px; border-top: 1px solid var(--b24-line); }
            .surface-popup .widget-footer, .surface-mobilePage .widget-footer { display: none; }

            """#),
    ]
}
