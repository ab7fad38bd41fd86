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
      "mismatch": "This page was built for $1 but Bitrix24 opened it as $2." },
    "de": { "insert": "Einfügen", "inserting": "Wird eingefügt…", "inserted": "Eingefügt", "noChat": "Keine Antwort von Bitrix24 – ist ein Chat geöffnet?",
      "notInserted": "Bitrix24 konnte den Text nicht einfügen.", "noAnswer": "Keine Antwort von Bitrix24. ",
      "outside": ["Öffnen Sie diese Seite in Bitrix24 oder sehen Sie sie sich mit ", " an."],
      "mismatch": "Diese Seite wurde für $1 erstellt, Bitrix24 hat sie aber als $2 geöffnet." },
    "ru": { "insert": "Вставить", "inserting": "Вставляем…", "inserted": "Вставлено", "noChat": "Битрикс24 не отвечает — открыт ли чат?",
      "notInserted": "Битрикс24 не смог вставить текст.", "noAnswer": "Битрикс24 не отвечает. ",
      "outside": ["Откройте эту страницу в Битрикс24 или посмотрите её через ", "."],
      "mismatch": "Эта страница собрана для $1, но Битрикс24 открыл её как $2." }
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

  // The full navigation: the widget's page list (nav.<hash>.json, one file per widget that
  // the browser caches) replaces the page's own links (home, previous, next), which stay
  // when the list cannot be loaded (scripts blocked, file:, offline). Titles: textContent.
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

  // Runs `body(bx, settle)` once Bitrix24 answered, with a deadline; a thrown 'Query error!'
  // (a network failure in BX24.js, whose callback then never runs) rejects at once.
  function withPortal(name, timeout, body) {
    return ready.then(() => new Promise((resolve, reject) => {
      const bx = context.bx;
      if (!bx) return reject(failure('NOT_IN_BITRIX24', 'this page is not open inside Bitrix24', name));
      const timer = setTimeout(() => reject(failure('TIMEOUT', `no answer from Bitrix24 within ${timeout} ms`, name)), timeout);
      const done = (error, value) => { clearTimeout(timer); if (error) reject(error); else resolve(value); };
      try { body(bx, done); } catch (e) { done(failure('QUERY_ERROR', String(e), name)); }
    }));
  }

  function call(method, params, { timeout = 10000 } = {}) {
    return withPortal(String(method), timeout, (bx, done) => {
      bx.callMethod(String(method), params || {}, (result) => {
        const error = restFailure(result, method);
        done(error, error ? undefined : result.data());
      });
    });
  }

  // commands as BX24.callBatch takes them (placard.d.ts): the results under the same keys, or
  // the first command's error (all of them on `error.errors`).
  function batch(commands, { timeout = 10000, halt = false } = {}) {
    return withPortal('batch', timeout, (bx, done) => {
      const keys = Object.keys(commands || {});
      if (!keys.length) return done(null, Array.isArray(commands) ? [] : {});
      bx.callBatch(commands, (results) => {
        const out = Array.isArray(commands) ? [] : {}, errors = {};
        let first = null;
        for (const key of keys) {
          const result = results ? results[key] : undefined;
          const error = result ? restFailure(result, Array.isArray(commands[key]) ? commands[key][0] : (commands[key] || {}).method) : null;
          if (error) { errors[key] = error; first = first || error; } else out[key] = result ? result.data() : undefined;
        }
        if (first) first.errors = errors;
        done(first, out);
      }, halt);
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

  // IM_TEXTAREA: puts text into the message field with im:setImTextareaContent (what the
  // Insert buttons use); resolves when the messenger confirms.
  function insert(text, { replace = false, timeout = ms(window.__placardInsertTimeout, 5000) } = {}) {
    const name = 'im:setImTextareaContent';
    const where = built || context.placement; // the page's own placement decides, as for the buttons
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
      // As b24jssdk sends it: requestId at the top level only, which is where the messenger's
      // IframeCommunicationManager reads it (`const { requestId, params, method } = rawContext`).
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

  function settle(state, placement, options, bx) {
    const language = languageOf(bx);
    fill(options);
    applyLanguage(language);
    each('button[data-b24-insert]', (button) => { button.textContent = words(language).insert; });
    loadNavigation(language);
    let isAdmin = false;
    try { isAdmin = Boolean(bx && bx.isAdmin()); } catch (e) { /* not known */ }
    Object.assign(context, { bx, placement, options: Object.freeze(options), language, isAdmin,
                             chatKind: root.getAttribute('data-b24-chat-kind') || '' });
    root.setAttribute('data-b24-ready', state);
    const detail = Object.freeze({ placement, options: context.options, language, chatKind: context.chatKind, isAdmin });
    announce(detail);
    doc.dispatchEvent(new CustomEvent('placard:ready', { detail }));
  }

  function outside(lead, state) {
    const code = doc.createElement('code');
    code.textContent = 'placard serve';
    const said = words(languageOf(null));
    banner('b24-notice', 'status', (lead ? said[lead] : '') + said.outside[0], code, said.outside[1]);
    settle(state, '', {}, null);
  }

  function inside(bx) {
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

  // IM_TEXTAREA: each "Insert" button puts its snippet into the message field (Placard.insert).
  function wireSnippets() {
    each('figure.b24-snippet', (figure) => {
      const button = figure.querySelector('button[data-b24-insert]');
      const code = figure.querySelector('pre code');
      const status = figure.querySelector('output.b24-insert-status');
      if (!button || !code) return;
      button.addEventListener('click', () => {
        button.disabled = true;
        show(status, words(context.language).inserting, 'pending');
        const finish = (message, state) => { button.disabled = false; show(status, message, state); };
        insert(code.textContent.replace(/\n$/, '')).then(() => finish(words(context.language).inserted, 'ok'), (error) => finish(error.error_description, 'error'));
      });
    });
  }

  function start() {
    each('[data-b24-if]', (el) => { el.hidden = true; });
    const box = searchBox();
    if (box) box.addEventListener('focusin', () => searchEngine().then((engine) => engine.attach(box, where), () => {}), { once: true });
    const bx = window.BX24;
    if (!bx || !origin || typeof bx.init !== 'function') return outside('', 'outside');
    if (built === 'IM_TEXTAREA') wireSnippets();
    let done = false;
    const timer = setTimeout(() => outside('noAnswer', 'timeout'), ms(window.__placardInitTimeout, 3000));
    try {
      bx.init(() => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        inside(bx);
      });
    } catch (e) {
      clearTimeout(timer);
      outside('', 'outside');
    }
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
