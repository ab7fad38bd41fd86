/* Placard runtime: fills a Bitrix24 chat-widget page from its placement context.
   Runs after https://api.bitrix24.com/api/v1/ (BX24 is null or undefined outside Bitrix24). */
(() => {
  'use strict';
  const doc = document, root = doc.documentElement;
  const meta = doc.querySelector('meta[name="b24-placement"]');
  const built = meta ? meta.content.trim() : '';
  const defaultLang = (root.getAttribute('data-b24-default-lang') || 'en').toLowerCase();
  // window.name is "DOMAIN|PROTOCOL|APP_SID", DOMAIN = host[:port]
  const nameParts = /^([\w.-]+(?::\d+)?)\|([01])\|([^|\s]+)$/.exec(window.name || '');
  const origin = nameParts && (nameParts[2] === '1' ? 'https://' : 'http://') + nameParts[1];
  const each = (selector, fn) => doc.querySelectorAll(selector).forEach(fn);
  const ms = (value, fallback) => (value > 0 ? value : fallback);

  // The runtime's own words (en, de, ru; English otherwise): JSON, which the build replaces with
  // placard.yml's runtimeWords merged in. `outside` goes around the code element.
  const WORDS = {
    "en": { "insert": "Insert", "inserting": "Inserting…", "inserted": "Inserted", "noChat": "No answer from Bitrix24 — is a chat open?",
      "notInserted": "Bitrix24 could not insert the text.", "noAnswer": "No answer from Bitrix24. ",
      "outside": ["Open this page inside Bitrix24, or preview it with ", "."],
      "mismatch": "This page was built for $1 but Bitrix24 opened it as $2.",
      "filter": "Filter replies", "matches": "$1 of $2", "mobile": "The Bitrix24 mobile app cannot insert into the message field: select the text instead.", "updated": "Updated",
      "search": "Search", "pages": "Pages", "contents": "Contents", "chat": "Chat", "message": "Message", "openedFrom": "Opened from", "hint": "Insert puts a reply into the message field; edit it before sending." },
    "de": { "insert": "Einfügen", "inserting": "Wird eingefügt…", "inserted": "Eingefügt", "noChat": "Keine Antwort von Bitrix24 – ist ein Chat geöffnet?",
      "notInserted": "Bitrix24 konnte den Text nicht einfügen.", "noAnswer": "Keine Antwort von Bitrix24. ",
      "outside": ["Öffnen Sie diese Seite in Bitrix24 oder sehen Sie sie sich mit ", " an."],
      "mismatch": "Diese Seite wurde für $1 erstellt, Bitrix24 hat sie aber als $2 geöffnet.",
      "filter": "Antworten filtern", "matches": "$1 von $2", "mobile": "Die Bitrix24-App kann nicht in das Nachrichtenfeld einfügen: markieren Sie den Text stattdessen.", "updated": "Aktualisiert",
      "search": "Suche", "pages": "Seiten", "contents": "Inhalt", "chat": "Chat", "message": "Nachricht", "openedFrom": "Geöffnet von", "hint": "„Einfügen“ setzt eine Antwort ins Nachrichtenfeld; bearbeiten Sie sie vor dem Senden." },
    "ru": { "insert": "Вставить", "inserting": "Вставляем…", "inserted": "Вставлено", "noChat": "Битрикс24 не отвечает — открыт ли чат?",
      "notInserted": "Битрикс24 не смог вставить текст.", "noAnswer": "Битрикс24 не отвечает. ",
      "outside": ["Откройте эту страницу в Битрикс24 или посмотрите её через ", "."],
      "mismatch": "Эта страница собрана для $1, но Битрикс24 открыл её как $2.",
      "filter": "Фильтр ответов", "matches": "$1 из $2", "mobile": "Мобильное приложение Битрикс24 не может вставить текст в поле сообщения: выделите текст.", "updated": "Обновлено",
      "search": "Поиск", "pages": "Страницы", "contents": "Содержание", "chat": "Чат", "message": "Сообщение", "openedFrom": "Открыто со страницы", "hint": "«Вставить» помещает ответ в поле сообщения; отредактируйте его перед отправкой." }
  };
  const words = (lang) => WORDS[String(lang || '').slice(0, 2)] || WORDS.en;
  const languageOf = (bx) => {
    let language = '';
    try { language = bx ? bx.getLang() : ''; } catch (e) { /* fall back */ }
    return String(language || new URLSearchParams(location.search).get('LANG') || defaultLang).toLowerCase();
  };

  function parseOptions(value) {
    if (typeof value === 'string') try { value = JSON.parse(value); } catch (e) { value = null; }
    const out = {};
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) {
        if (['string', 'number', 'boolean'].includes(typeof v)) out[key] = String(v);
      }
    }
    return out;
  }

  // Options are untrusted: textContent only.
  function fill(options) {
    each('[data-b24-option]', (el) => {
      const value = options[el.getAttribute('data-b24-option')];
      if (value !== undefined) el.textContent = value;
    });
    each('[data-b24-if]', (el) => { el.hidden = !options[el.getAttribute('data-b24-if')]; });
    const id = options.dialogId;
    if (!id) return root.removeAttribute('data-b24-chat-kind');
    root.setAttribute('data-b24-chat-kind',
      /^chat\d+$/.test(id) ? 'group' : /^\d+$/.test(id) ? 'private' : /^sg\d+$/.test(id) ? 'workgroup' : 'unknown');
  }

  // Sibling [data-b24-lang] elements form a group: show the user's language, else the default one.
  function applyLanguage(lang) {
    const groups = new Map();
    each('[data-b24-lang]', (el) => groups.set(el.parentNode, (groups.get(el.parentNode) || []).concat(el)));
    const code = (el) => el.getAttribute('data-b24-lang').toLowerCase();
    let matched = false;
    groups.forEach((children) => {
      const pick = children.find((el) => code(el) === lang) || children.find((el) => code(el) === defaultLang);
      if (!pick) return;
      matched = matched || code(pick) === lang;
      children.forEach((el) => { el.hidden = el !== pick; });
    });
    if (matched) root.lang = lang;
  }

  // Template words in the reader's language ([data-b24-word]: the text; [data-b24-word-label]:
  // aria-label), and dates (time[data-b24-date], YYYY-MM-DD) formatted for it.
  function applyWords(lang) {
    const table = words(lang);
    for (const [attribute, set] of [['data-b24-word', (el, w) => { el.textContent = w; }],
      ['data-b24-word-label', (el, w) => el.setAttribute('aria-label', w)]]) {
      each('[' + attribute + ']', (el) => {
        const word = table[el.getAttribute(attribute)];
        if (typeof word === 'string') set(el, word);
      });
    }
    each('time[data-b24-date]', (el) => {
      const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(el.getAttribute('datetime') || '');
      if (!day) return;
      try {
        el.textContent = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' })
          .format(new Date(Date.UTC(+day[1], +day[2] - 1, +day[3])));
      } catch (e) { /* an unknown language: the date stays as written */ }
    });
  }

  function banner(className, role, ...parts) {
    const old = doc.querySelector('body > .' + className);
    if (old) old.remove();
    if (!parts.length) return;
    const el = doc.createElement('div');
    el.className = className;
    el.setAttribute('role', role);
    el.append(...parts);
    doc.body.prepend(el);
  }

  // The page list (nav.<hash>.json) replaces the page's own links (kept if it cannot load).
  function loadNavigation(language) {
    const nav = doc.querySelector('nav[data-placard-nav]');
    const src = nav ? nav.getAttribute('data-placard-nav') : '';
    if (!src || typeof fetch !== 'function' || location.protocol === 'file:') return;
    const prefix = src.slice(0, src.lastIndexOf('/') + 1);
    const here = (path) => new URL(path, location.href).pathname.replace(/\/$/, '/index.html');
    fetch(src).then((r) => (r.ok ? r.json() : null)).then((index) => {
      const pages = index && Array.isArray(index.pages) ? index.pages : null;
      if (!pages) return;
      const list = doc.createElement('ul');
      const current = here(location.href);
      for (const page of pages) {
        if (!page || typeof page.path !== 'string') continue;
        const link = doc.createElement('a');
        link.setAttribute('href', prefix + page.path);
        if (here(prefix + page.path) === current) link.setAttribute('aria-current', 'page');
        const titles = page.titles && typeof page.titles === 'object' ? page.titles : {};
        for (const [code, title] of Object.entries(titles)) {
          const span = doc.createElement('span');
          span.setAttribute('data-b24-lang', code);
          span.textContent = String(title);
          link.append(span);
        }
        const item = doc.createElement('li');
        item.append(link);
        list.append(item);
      }
      const old = nav.querySelector('ul');
      if (old) old.replaceWith(list); else nav.append(list);
      applyLanguage(language);
      root.setAttribute('data-placard-nav-ready', '');
    }).catch(() => { /* keep the page's own links */ });
  }

  // ---- the widget author's API: window.Placard (see placard.d.ts) ----

  const context = { bx: null, placement: '', options: Object.freeze({}), language: defaultLang, chatKind: '', isAdmin: false };
  let announce;
  const ready = new Promise((resolve) => { announce = resolve; });
  // placard:ready waits for DOMContentLoaded: deferred `scripts:` have subscribed by then.
  const loaded = new Promise((r) => { if (doc.readyState === 'complete') r(); else { doc.addEventListener('DOMContentLoaded', r); window.addEventListener('load', r); } });

  /** An Error carrying Bitrix24's `error` and `error_description` (or Placard's own code). */
  function failure(code, description, method) {
    const error = new Error((method ? method + ': ' : '') + code + (description ? ' — ' + description : ''));
    error.error = code;
    error.error_description = description || '';
    if (method) error.method = method;
    return error;
  }

  function restFailure(result, method) {
    const raw = result && typeof result.error === 'function' ? result.error() : null;
    if (!raw) return null;
    const ex = typeof raw.getError === 'function' ? raw.getError() : raw;
    const code = ex && typeof ex === 'object' ? String(ex.error || 'ERROR') : String(ex);
    return failure(code, ex && typeof ex === 'object' ? String(ex.error_description || '') : '', method);
  }

  // Runs `body(bx, done)` once Bitrix24 answered; the deadline counts from the call.
  function withPortal(name, timeout, body) {
    return new Promise((resolve, reject) => {
      let over = false;
      const done = (error, value) => { if (!over) { over = true; clearTimeout(timer); error ? reject(error) : resolve(value); } };
      const timer = setTimeout(() => done(failure('TIMEOUT', `no answer from Bitrix24 within ${timeout} ms`, name)), timeout);
      ready.then(() => {
        if (over) return;
        if (!context.bx) return done(sdk() ? failure('NO_BX24', 'this page uses b24jssdk: call Bitrix24 through it', name) : failure('NOT_IN_BITRIX24', 'this page is not open inside Bitrix24', name));
        try { body(context.bx, done); } catch (e) { done(failure('QUERY_ERROR', String(e), name)); }
      });
    });
  }

  // BX24.js throws 'Query error!' (network, 3xx/5xx, not JSON) and never calls back: each
  // request is watched as it goes (the official copy sends 10 ms later, through a bound send).
  function watched(name, done, send) {
    const proto = XMLHttpRequest.prototype, original = proto.send;
    const fail = (why) => done(failure('QUERY_ERROR', why, name));
    proto.send = function (...args) {
      this.addEventListener('error', () => fail('network error'));
      this.addEventListener('load', () => {
        const s = this.status;
        if (!(s < 300 || s === 304 || (s >= 400 && s < 500) || s === 1223)) return fail('HTTP ' + s);
        try { if (this.responseText) JSON.parse(this.responseText); } catch (e) { fail('not JSON'); }
      });
      return original.apply(this, args);
    };
    try { send(); } finally { proto.send = original; }
  }

  function call(method, params, { timeout = 10000 } = {}) {
    return withPortal(String(method), timeout, (bx, done) => watched(String(method), done, () => {
      bx.callMethod(String(method), params || {}, (result) => {
        const error = restFailure(result, method);
        done(error, error ? undefined : result.data());
      });
    }));
  }

  // The results under the commands' keys, or the first error (all on `error.errors`).
  function batch(commands, { timeout = 10000, halt = false } = {}) {
    return withPortal('batch', timeout, (bx, done) => {
      const keys = Object.keys(commands || {});
      if (!keys.length) return done(null, Array.isArray(commands) ? [] : {});
      watched('batch', done, () => bx.callBatch(commands, (results) => {
        const out = Array.isArray(commands) ? [] : {}, errors = {};
        let first = null;
        for (const key of keys) {
          const result = results ? results[key] : undefined;
          const error = result ? restFailure(result, Array.isArray(commands[key]) ? commands[key][0] : (commands[key] || {}).method) : null;
          if (error) { errors[key] = error; first = first || error; } else out[key] = result ? result.data() : undefined;
        }
        if (first) first.errors = errors;
        done(first, out);
      }, halt));
    });
  }

  const pending = new Map();
  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    window.addEventListener('message', (event) => {
      if (event.origin !== origin || typeof event.data !== 'string') return;
      const colon = event.data.indexOf(':');
      const resolve = colon > 0 && pending.get(event.data.slice(0, colon));
      if (resolve) try { resolve(JSON.parse(event.data.slice(colon + 1))); } catch (e) { resolve(null); }
    });
  }

  // IM_TEXTAREA: im:setImTextareaContent; resolves when the messenger confirms.
  function insert(text, { replace = false, timeout = ms(window.__placardInsertTimeout, 5000) } = {}) {
    const name = 'im:setImTextareaContent';
    const where = built || context.placement; // the page's own placement decides, as for the buttons
    if (where === 'IMMOBILE_CONTEXT_MENU') return Promise.reject(failure('MOBILE_NO_INSERT', words(context.language).mobile, name));
    if (where !== 'IM_TEXTAREA') return Promise.reject(failure('WRONG_PLACEMENT', `only IM_TEXTAREA widgets can insert text, not ${where || 'this page'}`, name));
    if (!origin || !nameParts) return Promise.reject(failure('NOT_IN_BITRIX24', 'this page is not open inside Bitrix24', name));
    listen();
    return new Promise((resolve, reject) => {
      const requestId = 'placard-' + randomId().slice(0, 12), callback = randomId();
      const timer = setTimeout(() => { pending.delete(callback); reject(failure('TIMEOUT', words(context.language).noChat, name)); }, timeout);
      pending.set(callback, (result) => {
        clearTimeout(timer);
        pending.delete(callback);
        if (result && result.success === true) resolve();
        else reject(failure('INSERT_FAILED', String((result && result.message) || words(context.language).notInserted), name));
      });
      // requestId at the top level only, where the messenger reads it (as b24jssdk sends it).
      window.parent.postMessage({
        method: name, params: { text: String(text), withNewLine: false, replace: Boolean(replace) },
        callback, appSid: nameParts[3], requestId
      }, origin);
    });
  }

  function fit() {
    try { if (context.bx) context.bx.fitWindow(); } catch (e) { /* denied (sliders) or unavailable */ }
  }

  // Search (docs/search.md): search.<hash>.js, named here by the build, is loaded on first use.
  const SEARCH = {"script": "", "integrity": ""};
  const here = doc.currentScript ? doc.currentScript.src : location.href;
  let engine = null;
  function searchEngine() {
    engine = engine || new Promise((resolve, reject) => {
      const fail = () => { engine = null; reject(failure('NO_SEARCH', 'this widget has no search index', 'search')); };
      if (!SEARCH.script) return fail();
      const script = doc.createElement('script');
      script.src = new URL(SEARCH.script, here).href;
      script.integrity = SEARCH.integrity;
      script.onload = () => (window.__placardSearch ? resolve(window.__placardSearch) : fail());
      script.onerror = fail;
      doc.head.append(script);
    });
    return engine;
  }
  const searchBox = () => doc.querySelector('[data-placard-search]');
  const where = () => ({ language: context.language, defaultLang, entry: (searchBox()
    ? new URL(searchBox().getAttribute('data-placard-search'), location.href) : new URL('search/index.json', here)).href });
  const search = (query, options) => searchEngine().then((engine) => engine.search(query, options, where()));

  window.Placard = Object.freeze({
    get options() { return context.options; },
    get placement() { return context.placement; },
    get language() { return context.language; },
    ready, call, batch, insert, fit, search
  });

  // Settles once: Bitrix24's answer, or no BX24/frame at all. The deadline only shows the
  // notice (waiting); a later answer still settles.
  let settled = false;
  function settle(state, placement, options, bx) {
    if (settled) return;
    settled = true;
    const language = languageOf(bx);
    fill(options);
    applyLanguage(language);
    applyWords(language);
    each('button[data-b24-insert]', (button) => { button.textContent = words(language).insert; });
    loadNavigation(language);
    let isAdmin = false;
    try { isAdmin = Boolean(bx && bx.isAdmin()); } catch (e) { /* not known */ }
    Object.assign(context, { bx, placement, options: Object.freeze(options), language, isAdmin,
                             chatKind: root.getAttribute('data-b24-chat-kind') || '' });
    root.setAttribute('data-b24-ready', state);
    const detail = Object.freeze({ placement, options: context.options, language, chatKind: context.chatKind, isAdmin });
    loaded.then(() => {
      announce(detail);
      doc.dispatchEvent(new CustomEvent('placard:ready', { detail }));
    });
  }

  function notice(lead) {
    const code = doc.createElement('code');
    code.textContent = 'placard serve';
    const said = words(languageOf(null));
    banner('b24-notice', 'status', (lead ? said[lead] : '') + said.outside[0], code, said.outside[1]);
  }

  function outside() {
    notice('');
    settle('outside', '', {}, null);
  }

  function waiting() {
    if (settled) return;
    notice('noAnswer');
    root.setAttribute('data-b24-ready', 'timeout');
  }

  function inside(bx) {
    if (settled) return;
    banner('b24-notice');
    let info;
    try { info = bx.placement.info(); } catch (e) { /* treat as empty */ }
    info = info || {};
    const placement = typeof info.placement === 'string' ? info.placement : '';
    if (placement) root.setAttribute('data-b24-placement-actual', placement);
    if (placement && built && placement !== built) {
      banner('b24-placement-warning', 'alert', words(languageOf(bx)).mismatch.replace('$1', built).replace('$2', placement));
    }
    settle('bitrix24', placement, parseOptions(info.options), bx);
    // Sliders (IM_CONTEXT_MENU) deny resizeWindow; the mobile page is not a frame.
    if (['IM_TEXTAREA', 'IM_SIDEBAR', 'IM_NAVIGATION'].includes(placement || built)) {
      try { bx.fitWindow(); } catch (e) { /* denied or unavailable */ }
    }
  }

  const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => (b % 36).toString(36)).join('');
  const show = (el, text, state) => { if (el) { el.textContent = text; el.setAttribute('data-b24-state', state); } };

  // What a snippet inserts: a reply's BBCode (data-b24-text), or an insert block's code.
  const snippetText = (figure) => {
    const code = figure.querySelector('pre code');
    return figure.hasAttribute('data-b24-text') ? figure.getAttribute('data-b24-text') : code ? code.textContent.replace(/\n$/, '') : null;
  };

  // IM_TEXTAREA: each "Insert" button puts its snippet into the message field (Placard.insert),
  // at the cursor, or in place of the field's text when the block says `replace`.
  function wireSnippets() {
    each('figure.b24-snippet', (figure) => {
      const button = figure.querySelector('button[data-b24-insert]');
      const status = figure.querySelector('output.b24-insert-status');
      const text = snippetText(figure);
      if (!button || text === null) return;
      button.addEventListener('click', () => {
        button.disabled = true;
        show(status, words(context.language).inserting, 'pending');
        const finish = (message, state) => { button.disabled = false; show(status, message, state); };
        insert(text, { replace: figure.hasAttribute('data-b24-replace') })
          .then(() => finish(words(context.language).inserted, 'ok'), (error) => finish(error.error_description, 'error'));
      });
    });
  }

  // ---- the replies page: a filter field over the page's own snippets ----
  // A snippet's title is the nearest heading before it; `matches` alone knows how to match.
  const fold = (text) => String(text || '').toLocaleLowerCase().replace(/\s+/g, ' ');
  const matches = (entry, query) => fold(query).split(' ').every((word) => entry.text.includes(word));

  function replyEntries() {
    const entries = [];
    each('figure.b24-snippet', (figure) => {
      const button = figure.querySelector('button[data-b24-insert]');
      if (!button) return;
      let heading = null;
      for (let el = figure.previousElementSibling; el && !heading; el = el.previousElementSibling) {
        if (/^H[1-6]$/.test(el.tagName)) heading = el;
      }
      const body = figure.querySelector('.b24-reply-body');
      entries.push({ figure, button, heading,
        text: fold((heading ? heading.textContent : '') + ' ' + (body ? body.textContent : '') + ' ' + snippetText(figure)) });
    });
    return entries;
  }

  function wireFilter() {
    const entries = replyEntries();
    if (entries.length < 2) return;
    const said = words(languageOf(window.BX24 && origin ? window.BX24 : null));
    const bar = doc.createElement('div');
    bar.className = 'b24-filter';
    bar.setAttribute('role', 'search');
    const field = doc.createElement('input');
    field.type = 'search';
    field.placeholder = said.filter;
    field.setAttribute('aria-label', said.filter);
    const count = doc.createElement('output');
    count.className = 'b24-filter-count';
    count.setAttribute('aria-live', 'polite');
    bar.append(field, count);
    const main = doc.querySelector('main') || doc.body;
    main.prepend(bar);
    let active = null;
    // Entries of the language version on show (the others are in a hidden article).
    const current = () => entries.filter((entry) => !entry.figure.closest('[hidden]'));
    const visible = () => current().filter((entry) => !entry.figure.classList.contains('b24-filtered'));
    const activate = (entry) => {
      if (active) active.figure.removeAttribute('data-b24-active');
      active = entry || null;
      if (!active) return;
      active.figure.setAttribute('data-b24-active', '');
      if (active.figure.scrollIntoView) active.figure.scrollIntoView({ block: 'nearest' });
    };
    const apply = () => {
      const query = field.value.trim();
      const shown = new Set();
      for (const entry of entries) {
        const hit = !query || matches(entry, query);
        entry.figure.classList.toggle('b24-filtered', !hit);
        if (hit && entry.heading) shown.add(entry.heading);
      }
      // While filtering, only the matching replies and their headings stay.
      const parents = new Set(entries.map((entry) => entry.figure.parentNode));
      parents.forEach((parent) => Array.from(parent.children).forEach((el) => {
        if (el === bar || el.matches('figure.b24-snippet')) return;
        el.classList.toggle('b24-filtered', Boolean(query) && !shown.has(el));
      }));
      const now = visible();
      count.textContent = query ? said.matches.replace('$1', now.length).replace('$2', current().length) : '';
      activate(query ? now[0] : (active && now.includes(active) ? active : null));
    };
    field.addEventListener('input', apply);
    field.addEventListener('search', apply);
    field.addEventListener('keydown', (event) => {
      const now = visible();
      const at = active ? now.indexOf(active) : -1;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (!now.length) return;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        activate(now[at < 0 ? (step > 0 ? 0 : now.length - 1) : Math.min(Math.max(at + step, 0), now.length - 1)]);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        const target = active && now.includes(active) ? active : now[0];
        if (target && !target.button.disabled) { activate(target); target.button.click(); }
      } else if (event.key === 'Escape' && field.value) {
        event.preventDefault();
        field.value = '';
        apply();
      }
    });
  }

  // A page on b24jssdk (global B24Js) without BX24.js: unreadable context, yet not outside Bitrix24.
  const sdk = () => !window.BX24 && !!window.B24Js && !!origin;

  function start() {
    each('[data-b24-if]', (el) => { el.hidden = true; });
    const box = searchBox();
    if (box) box.addEventListener('focusin', () => searchEngine().then((engine) => engine.attach(box, where), () => {}), { once: true });
    if (built === 'IM_TEXTAREA') wireFilter();
    const bx = window.BX24;
    if (sdk()) return settle('sdk', '', {}, null);
    if (!bx || !origin || typeof bx.init !== 'function') return outside();
    if (built === 'IM_TEXTAREA') wireSnippets();
    const timer = setTimeout(waiting, ms(window.__placardInitTimeout, 3000));
    try {
      bx.init(() => {
        clearTimeout(timer);
        inside(bx);
      });
    } catch (e) {
      clearTimeout(timer);
      outside();
    }
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
