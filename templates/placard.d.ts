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
