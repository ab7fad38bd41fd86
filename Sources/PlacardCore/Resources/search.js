/* Placard search (search.<hash>.js): loaded by the runtime on the first use of a widget's
   search box or of Placard.search, never before. Reads the widget's index (search/index.json
   and the files it names; see docs/search.md); no dependencies, no network but the bundle. */
(() => {
  'use strict';
  // Must agree with SearchText.swift: NFKD, no combining marks, lowercase, ß → ss, ς → σ, ſ → s.
  const fold = (text) => String(text).normalize('NFKD').replace(/[ßẞ]/g, 'ss').replace(/ſ/g, 's')
    .toLowerCase().replace(/\p{M}/gu, '').replace(/ς/g, 'σ');
  const MAX_TERM = 40, MAX_TERMS = 8, MAX_QUERY = 256;
  const terms = (text) => (fold(text).match(/[\p{L}\p{N}]+/gu) || []).filter((t) => [...t].length <= MAX_TERM);
  /** The query's distinct terms, longest first when there are too many (at most 8). */
  function parse(query) {
    const seen = [];
    for (const term of terms(String(query == null ? '' : query).slice(0, MAX_QUERY))) if (!seen.includes(term)) seen.push(term);
    return seen.length > MAX_TERMS ? seen.sort((a, b) => b.length - a.length).slice(0, MAX_TERMS) : seen;
  }
  // Chunks loaded for one term: a short prefix matches many terms, so fewer are read.
  const chunkBudget = (term) => (term.length < 2 ? 2 : term.length < 3 ? 3 : 6);

  // A chunk line (SearchCollector.swift, SearchEncoding): term TAB page-id deltas TAB weight classes.
  const DIGITS = '0123456789abcdefghijklmnopqrstuv', CONT = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*';
  const PACKED = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_', SCORES = [1, 2, 3, 8];
  function decode(line) {
    const [, deltas = '', weights = ''] = line.split('\t');
    const pages = [];
    let value = 0, previous = -1;
    for (const c of deltas) {
      const d = DIGITS.indexOf(c);
      if (d >= 0) { previous += ((value << 5) | d) + 1; pages.push(previous); value = 0; } else value = (value << 5) | Math.max(0, CONT.indexOf(c));
    }
    const weight = (i) => (weights ? (Math.max(0, PACKED.indexOf(weights[(i / 3) | 0] || '0')) >> (2 * (i % 3))) & 3 : 0);
    return { pages, score: (i) => SCORES[weight(i)] };
  }

  const cache = new Map();
  const get = (url, kind) => {
    if (!cache.has(url)) {
      const promise = fetch(url, kind === 'entry' ? { cache: 'no-cache' } : {}).then((r) => {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return kind === 'text' ? r.text() : r.json();
      });
      promise.catch(() => cache.delete(url));
      cache.set(url, promise);
    }
    return cache.get(url);
  };

  // One language's index: its chunks (first term → file) and maps.
  function Index(base, language, info, meta) {
    const dir = base + 'search/' + language + '/';
    const chunks = Array.isArray(info.chunks) ? info.chunks : [];
    const lines = new Map(); // chunk index → Map(term → line)
    const chunk = (i) => {
      if (!lines.has(i)) {
        lines.set(i, get(dir + 't.' + chunks[i][1] + '.txt', 'text').then((text) => {
          const map = new Map();
          for (const line of text.split('\n')) if (line) map.set(line.slice(0, line.indexOf('\t')), line);
          return map;
        }));
      }
      return lines.get(i);
    };
    // The chunks whose terms may start with `prefix`: from the last one starting at or before it.
    const range = (prefix) => {
      let lo = 0, hi = chunks.length - 1, first = 0;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (chunks[mid][0] <= prefix) { first = mid; lo = mid + 1; } else hi = mid - 1; }
      const out = [];
      for (let i = first; i < chunks.length && out.length < chunkBudget(prefix); i++) {
        if (i > first && !chunks[i][0].startsWith(prefix)) break;
        out.push(i);
      }
      return out;
    };
    // page id → score for one query term: best matching term, exact matches counting double.
    this.scores = async (term) => {
      const scores = new Map();
      for (const map of await Promise.all(range(term).map(chunk))) {
        for (const [name, line] of map) {
          if (!name.startsWith(term)) continue;
          const { pages, score } = decode(line);
          const factor = name === term ? 2 : 1;
          pages.forEach((page, i) => scores.set(page, Math.max(scores.get(page) || 0, score(i) * factor)));
        }
      }
      return scores;
    };
    // A page id's path and title: line `page % map` of its map (path TAB title).
    this.record = async (page) => {
      const maps = Array.isArray(info.maps) ? info.maps : [], map = Math.floor(page / meta.map);
      if (!maps[map]) return null;
      const line = (await get(dir + 'm.' + maps[map] + '.txt', 'text')).split('\n')[page % meta.map] || '';
      const tab = line.indexOf('\t');
      return tab > 0 ? { u: line.slice(0, tab), t: line.slice(tab + 1) } : null;
    };
  }

  // A result's text, cut from the page itself (the index does not repeat it): in its <main> (else
  // <body>), the version in `language` (the outermost [data-b24-lang] of it), without scripts,
  // buttons, navigation, the heading and the date line; block elements end words, as in the
  // build (SearchText.swift).
  const texts = new Map();
  const INLINE = /^(A|EM|STRONG|CODE|SPAN|B|I|U|S|MARK|SUB|SUP|DEL|INS|KBD|ABBR|SMALL|Q|CITE|VAR|SAMP|TIME)$/;
  function pageText(url, language) {
    const key = language + ' ' + url;
    if (!texts.has(key)) {
      texts.set(key, get(url, 'text').then((source) => {
        const doc = new DOMParser().parseFromString(source, 'text/html');
        const scope = doc.querySelector('main') || doc.body;
        const root = scope && ([...scope.querySelectorAll('[data-b24-lang]')].find((e) => e.getAttribute('data-b24-lang') === language
          && !e.parentElement.closest('[data-b24-lang]')) || scope);
        if (!root) return '';
        root.querySelectorAll('script,style,template,button,nav,h1,.widget-updated,[data-placard-search]').forEach((e) => e.remove());
        const parts = [];
        const walk = (node) => {
          for (const child of node.childNodes) {
            if (child.nodeType === 3) parts.push(child.nodeValue);
            else if (child.nodeType === 1) {
              const block = !INLINE.test(child.tagName);
              if (block) parts.push(' ');
              walk(child);
              if (block) parts.push(' ');
            }
          }
        };
        walk(root);
        return parts.join('').replace(/\s+/g, ' ').trim();
      }).catch(() => { texts.delete(key); return ''; })); // fetched again by a later search
    }
    return texts.get(key);
  }

  // The excerpt: about 24 words around the first matched word, matched words marked.
  function excerpt(text, query) {
    const words = [...String(text).matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
    const hit = (word) => terms(word).some((t) => query.some((q) => t.startsWith(q)));
    let first = words.findIndex((m) => hit(m[0]));
    if (first < 0) first = 0;
    const from = Math.max(0, first - 8), to = Math.min(words.length, from + 24);
    const segments = [];
    if (!words.length) return segments;
    let at = from > 0 ? words[from].index : 0;
    if (from > 0) segments.push({ text: '…', mark: false });
    for (let i = from; i < to; i++) {
      const m = words[i];
      if (m.index > at) segments.push({ text: text.slice(at, m.index), mark: false });
      segments.push({ text: m[0], mark: hit(m[0]) });
      at = m.index + m[0].length;
    }
    if (to < words.length) segments.push({ text: text.slice(at, words[to].index).trimEnd() + ' …', mark: false });
    else segments.push({ text: text.slice(at), mark: false });
    return segments;
  }
  const escape = (s) => s.replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const html = (segments) => segments.map((s) => (s.mark ? '<mark>' + escape(s.text) + '</mark>' : escape(s.text))).join('');

  const entries = new Map();
  function open(entryURL) {
    if (!entries.has(entryURL)) {
      entries.set(entryURL, get(entryURL, 'entry').then((entry) => {
        if (!entry || entry.version !== 2 || typeof entry.languages !== 'object') throw new Error('unknown search index');
        const base = new URL('..', new URL(entryURL, location.href)).href;
        const meta = { map: entry.map | 0 || 64 };
        const indexes = {};
        for (const [code, info] of Object.entries(entry.languages)) indexes[code] = new Index(base, code, info || {}, meta);
        return { base, indexes };
      }));
      entries.get(entryURL).catch(() => entries.delete(entryURL));
    }
    return entries.get(entryURL);
  }

  /** Placard.search: pages matching every term of `query` (as a prefix), in the reader's
      language first, then the default language, then the others; best first. */
  async function search(query, options, where) {
    const q = parse(query);
    const limit = Math.max(1, Math.min(50, Number((options || {}).limit) || 10));
    if (!q.length) return [];
    const { base, indexes } = await open(where.entry);
    const language = String(where.language || '').toLowerCase();
    const codes = Object.keys(indexes).sort();
    const pick = (c) => codes.find((code) => code === c) || codes.find((code) => code === c.slice(0, 2));
    const order = [pick(language), pick(where.defaultLang)].filter(Boolean);
    for (const code of codes) if (!order.includes(code)) order.push(code);
    const found = [], urls = new Set();
    for (const code of order) {
      const perTerm = await Promise.all(q.map((term) => indexes[code].scores(term)));
      const ranked = [];
      for (const [page, score] of perTerm[0]) {
        let total = score;
        for (let i = 1; i < perTerm.length && total; i++) total = perTerm[i].has(page) ? total + perTerm[i].get(page) : 0;
        if (total) ranked.push([page, total]);
      }
      ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (const [page, score] of ranked) {
        if (found.length >= limit) break;
        const record = await indexes[code].record(page);
        if (!record || urls.has(record.u)) continue;
        urls.add(record.u);
        found.push({ url: new URL(record.u, base).href, path: record.u, title: record.t, language: code, score });
      }
      if (found.length >= limit) break;
    }
    // The excerpts, from the result pages fetched side by side (a page that cannot be
    // fetched gives an empty excerpt, not a failed search).
    const excerpts = await Promise.all(found.map((r) => pageText(r.url, r.language)));
    found.forEach((r, i) => { const segments = excerpt(excerpts[i], q); r.excerpt = html(segments); r.segments = segments; });
    return found;
  }

  // The box's words (en, de, ru; English otherwise): JSON, which the build replaces with placard.yml's
  // runtimeWords merged in. $1 is the count; the plural form comes from Intl.PluralRules (one, few, other).
  const WORDS = {
    "en": { "searchNone": "No pages found", "searchOne": "$1 page found", "searchFew": "$1 pages found", "searchMany": "$1 pages found", "searchFailed": "Search is not available here" },
    "de": { "searchNone": "Keine Seiten gefunden", "searchOne": "$1 Seite gefunden", "searchFew": "$1 Seiten gefunden", "searchMany": "$1 Seiten gefunden", "searchFailed": "Die Suche ist hier nicht verfügbar" },
    "ru": { "searchNone": "Ничего не найдено", "searchOne": "Найдена $1 страница", "searchFew": "Найдено $1 страницы", "searchMany": "Найдено $1 страниц", "searchFailed": "Поиск здесь недоступен" }
  };
  const said = (lang) => WORDS[lang.slice(0, 2)] || WORDS.en;
  function count(lang, n) {
    const w = said(lang);
    if (n === 0) return w.searchNone;
    let form = n === 1 ? 'one' : 'other';
    try { form = new Intl.PluralRules(lang).select(n); } catch (e) { /* an unknown language: one or other */ }
    return (form === 'one' ? w.searchOne : form === 'few' ? w.searchFew : w.searchMany).replace('$1', n);
  }

  // The default templates' box: <div data-placard-search> with an <input type="search">, a
  // results list and a live region (partials/search.mustache). ↓ ↑ move through the results,
  // Enter opens one, Esc clears the box (and a second Esc leaves it).
  function attach(box, where) {
    if (box.hasAttribute('data-placard-search-ready')) return;
    box.setAttribute('data-placard-search-ready', '');
    const input = box.querySelector('input[type="search"]');
    const list = box.querySelector('.placard-search-results');
    const status = box.querySelector('.placard-search-status');
    if (!input || !list) return;
    let asked = 0;
    const links = () => [...list.querySelectorAll('a')];
    const say = (text) => { if (status) status.textContent = text; };
    const show = (results, lang) => {
      const none = Object.assign(document.createElement('li'), { className: 'placard-search-none', textContent: count(lang, 0) });
      list.replaceChildren(...(results.length ? [] : [none]), ...results.map((r) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = r.url;
        link.lang = r.language;
        const title = document.createElement('span');
        title.className = 'placard-search-title';
        title.textContent = r.title;
        const text = document.createElement('span');
        text.className = 'placard-search-excerpt';
        for (const s of r.segments) text.append(s.mark ? Object.assign(document.createElement('mark'), { textContent: s.text }) : s.text);
        link.append(title, text);
        item.append(link);
        return item;
      }));
      list.hidden = false;
      box.setAttribute('data-placard-search-open', '');
      // Within the frame: a 320-px popup has little room under the box.
      list.style.maxHeight = Math.max(80, innerHeight - list.getBoundingClientRect().top - 4) + 'px';
      say(count(lang, results.length));
    };
    const run = () => {
      const query = input.value, n = ++asked, lang = where().language || '';
      if (!parse(query).length) { list.replaceChildren(); close(); say(''); return; }
      search(query, { limit: 5 }, where()).then((results) => { if (n === asked) show(results, lang); },
        () => { if (n === asked) { list.replaceChildren(); say(said(lang).searchFailed); } });
    };
    input.addEventListener('input', run);
    const close = () => { list.hidden = true; box.removeAttribute('data-placard-search-open'); };
    box.addEventListener('focusout', (e) => { if (!box.contains(e.relatedTarget)) close(); });
    input.addEventListener('focus', () => { if (list.childElementCount) { list.hidden = false; box.setAttribute('data-placard-search-open', ''); } });
    box.addEventListener('keydown', (e) => {
      const all = links(), at = all.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && all.length) { e.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus(); } else if (e.key === 'ArrowUp' && at >= 0) {
        e.preventDefault();
        (at === 0 ? input : all[at - 1]).focus();
      } else if (e.key === 'Escape') {
        if (at >= 0 || input.value) { e.preventDefault(); input.value = ''; run(); input.focus(); } else input.blur();
      } else if (e.key === 'Enter' && document.activeElement === input && all.length) { e.preventDefault(); all[0].click(); }
    });
    if (input.value) run();
  }

  window.__placardSearch = Object.freeze({ search, attach, parse, fold, terms });
})();
