/* Placard live reload: listens to /_placard/events (Server-Sent Events) and
   - reloads the page when a newer good build touched it,
   - swaps the stylesheet <link> without a reload when the build changed only the stylesheet,
   - shows an overlay with file:line and the source around each error while the build is broken,
   - hides it again by itself once the files are fixed,
   - lists every current warning and note in a panel of its own (good build or bad), replaced on
     each build, so a did-you-mean or a GitHub-syntax warning never vanishes after the first build.
   Injected only into pages served by `placard serve`; never part of dist/. */
(function () {
  'use strict';
  // The emulator's Theme control (System / Light / Dark, kept in localStorage): a forced theme is
  // data-placard-theme on <html>, set here before the page paints, which emulator.css and the
  // widget's runtime.css read. System sets nothing: prefers-color-scheme decides, as on a portal.
  // A preview: the default templates' developer details ([data-placard-preview-only], the
  // placement context) show here and nowhere else (runtime.css hides them without this).
  document.documentElement.setAttribute('data-placard-preview', '');
  try {
    var theme = localStorage.getItem('placard.theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.setAttribute('data-placard-theme', theme);
  } catch (e) { /* storage blocked */ }
  if (window.PlacardLive) return;

  // A widget frame inside the emulator: the emulator page reloads it and shows the overlay.
  try {
    if (window.parent !== window && window.parent.PlacardLive) return;
  } catch (e) { /* another origin above us: we are on our own */ }

  var segment = location.pathname.split('/')[1] || '';
  var listeners = {};
  var last = null;
  var live = window.PlacardLive = {
    /** Widget id this page belongs to (the first path segment); null for pages of all widgets. */
    widget: segment && segment !== '_placard' ? decodeURIComponent(segment) : null,
    /** Where this page is previewed inside the messenger emulator: a widget's page opens its
        widget, the application's install.html and index.html open the application frame. The
        runtime links there instead of saying "preview it with placard serve". */
    preview: segment === 'install.html' ? '/_placard/app/install'
      : segment === 'index.html' ? '/_placard/app/index'
      : segment && segment !== '_placard' && segment.indexOf('.') < 0 ? '/_placard/preview/' + segment : null,
    state: null,
    on: function (name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
    /** Replaced by the emulator, which reloads only its frames. */
    reload: function () { location.reload(); },
    /** Replaced by the emulator, which swaps the stylesheet inside its frames. */
    restyle: function (stylesheet) { swapStylesheet(document, stylesheet); },
    swapStylesheet: swapStylesheet
  };

  var FINGERPRINTED = /(^|\/)style\.[0-9a-f]+\.css$/;

  /** Points every link to a bundle's style.<hash>.css at the new file (name and integrity from
      the build); the old link goes once the new one has loaded, so the page never flashes
      unstyled. A new file that does not load reloads the page instead. */
  function swapStylesheet(doc, stylesheet) {
    Array.prototype.forEach.call(doc.querySelectorAll('link[rel~="stylesheet"]'), function (old) {
      var path = (old.getAttribute('href') || '').split(/[?#]/)[0];
      if (!FINGERPRINTED.test(path)) return;
      var link = old.cloneNode(false);
      link.setAttribute('href', path.replace(/[^\/]*$/, stylesheet.name));
      if (old.hasAttribute('integrity')) link.setAttribute('integrity', stylesheet.integrity);
      link.addEventListener('load', function () { old.remove(); });
      link.addEventListener('error', function () { live.reload(); });
      old.parentNode.insertBefore(link, old.nextSibling);
    });
  }

  // A page opened outside the emulator: the runtime's notice ("open this page inside Bitrix24,
  // or preview it with placard serve") becomes a link to this page's emulator preview, in the
  // page's language as the runtime chose it (en, de, ru; English otherwise): no answer, before
  // the link, the link, after it.
  var PREVIEW_WORDS = {
    en: ['No answer from Bitrix24. ', 'Open this page inside Bitrix24, or ', 'preview it in the Bitrix24 messenger emulator', '.'],
    de: ['Keine Antwort von Bitrix24. ', 'Öffnen Sie diese Seite in Bitrix24 oder ', 'sehen Sie sie sich im Bitrix24-Messenger-Emulator an', '.'],
    ru: ['Битрикс24 не отвечает. ', 'Откройте эту страницу в Битрикс24 или ', 'посмотрите её в эмуляторе мессенджера Битрикс24', '.']
  };
  document.addEventListener('placard:ready', function (event) {
    var ready = document.documentElement.getAttribute('data-b24-ready');
    var notice = document.querySelector('body > .b24-notice');
    if (!live.preview || !notice || (ready !== 'outside' && ready !== 'timeout')) return;
    var language = String((event.detail && event.detail.language) || document.documentElement.lang || 'en').slice(0, 2);
    var words = PREVIEW_WORDS[language] || PREVIEW_WORDS.en;
    var link = document.createElement('a');
    link.className = 'b24-preview-link';
    link.href = live.preview;
    link.textContent = words[2];
    notice.textContent = (ready === 'timeout' ? words[0] : '') + words[1];
    notice.append(link, words[3]);
  });

  function emit(name, value) {
    (listeners[name] || []).forEach(function (fn) {
      try { fn(value); } catch (e) { console.error(e); }
    });
  }

  function affects(state) {
    return !state.changed || !live.widget || state.changed.indexOf(live.widget) >= 0;
  }

  function onState(state) {
    var previous = last;
    last = live.state = state;
    if (previous && previous.server !== state.server) {
      live.reload();
    } else if (previous && state.ok && state.generation > previous.generation && affects(state)) {
      if (state.stylesheet) live.restyle(state.stylesheet); else live.reload();
    }
    if (state.ok) hideOverlay(); else showOverlay(state.errors || [], state.notices || []);
    showNotices(state);
    emit('state', state);
  }

  // ---- the overlay (in a shadow root, so page styles neither leak in nor out) ----

  var CSS = [
    ':host{all:initial;display:block;position:fixed;inset:0;z-index:2147483647}',
    '.backdrop{position:absolute;inset:0;background:rgba(20,24,31,.72);display:flex;align-items:flex-start;justify-content:center;overflow:auto;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}',
    '.panel{margin:5vh 16px;max-width:920px;width:100%;background:#fff;color:#1d2733;border-radius:10px;box-shadow:0 12px 40px rgba(0,0,0,.35);border-top:6px solid #df532d}',
    'header{display:flex;gap:12px;align-items:center;padding:14px 18px;border-bottom:1px solid #e6e9ee}',
    'h2{margin:0;font-size:17px;flex:1}',
    'button{font:inherit;border:1px solid #c6ccd5;background:#f5f7fa;border-radius:6px;padding:4px 10px;cursor:pointer}',
    '.error{padding:12px 18px;border-bottom:1px solid #eef0f3}',
    '.where{font:600 13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;color:#b3261e}',
    '.message{margin:4px 0 8px;white-space:pre-wrap}',
    '.rule{color:#6b7785;font-size:12px}',
    'pre{margin:0;background:#1d2733;color:#e8edf3;border-radius:6px;padding:8px 0;overflow:auto;font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace}',
    '.line{display:block;padding:0 12px;white-space:pre}',
    '.line.hit{background:rgba(223,83,45,.35)}',
    '.num{display:inline-block;min-width:3.5em;color:#8a96a5;user-select:none}',
    '.caret{color:#ff8a65}',
    'footer{padding:10px 18px;color:#6b7785;font-size:13px}',
    'h3.also{margin:0;padding:12px 18px 0;font-size:15px}',
    '.warning .where{color:#7a4d00}',
    '.note .where{color:#35506b}'
  ].join('\n');

  var host = null;

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** One finding as the overlay and the panel show it: where, what, the source around it, the rule. */
  function problemBox(problem) {
    var box = element('section', 'error' + (problem.severity && problem.severity !== 'error' ? ' ' + problem.severity : ''));
    var where = problem.file || '(project)';
    if (problem.line > 0) where += ':' + problem.line + (problem.column > 0 ? ':' + problem.column : '');
    if (problem.severity && problem.severity !== 'error') where += ' · ' + problem.severity;
    box.appendChild(element('div', 'where', where));
    box.appendChild(element('div', 'message', problem.message));
    if (problem.snippet && problem.snippet.length) {
      var pre = element('pre');
      problem.snippet.forEach(function (line) {
        var row = element('span', 'line' + (line.number === problem.line ? ' hit' : ''));
        row.appendChild(element('span', 'num', String(line.number)));
        row.appendChild(document.createTextNode(line.text));
        pre.appendChild(row);
        if (line.number === problem.line && problem.column > 0) {
          var caret = element('span', 'line caret');
          caret.appendChild(element('span', 'num', ''));
          caret.appendChild(document.createTextNode(new Array(problem.column).join(' ') + '^'));
          pre.appendChild(caret);
        }
      });
      box.appendChild(pre);
    }
    box.appendChild(element('div', 'rule', problem.rule));
    return box;
  }

  function adopt(root, css) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(element('style', '', css));
    }
  }

  // ---- the panel of warnings and notes (every build replaces it) ----

  var PANEL_CSS = [
    ':host{all:initial;position:fixed;right:12px;bottom:12px;z-index:2147483646;font:13px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}',
    '.panel{width:min(520px,calc(100vw - 24px));max-height:45vh;overflow:auto;background:#fff;color:#1d2733;border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.3);border-top:4px solid #d79b00}',
    'header{position:sticky;top:0;background:#fff;display:flex;gap:8px;align-items:center;padding:8px 12px;border-bottom:1px solid #e6e9ee}',
    'h2{margin:0;font-size:14px;flex:1}',
    'button{font:inherit;border:1px solid #c6ccd5;background:#f5f7fa;color:#1d2733;border-radius:6px;padding:2px 8px;cursor:pointer}',
    '.error{padding:8px 12px;border-bottom:1px solid #eef0f3}',
    '.where{font:600 12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;color:#7a4d00}',
    '.note .where{color:#35506b}',
    '.message{margin:3px 0 6px;white-space:pre-wrap}',
    '.rule{color:#5b6673;font-size:12px}',
    'pre{margin:0;background:#1d2733;color:#e8edf3;border-radius:6px;padding:6px 0;overflow:auto;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace}',
    '.line{display:block;padding:0 10px;white-space:pre}',
    '.line.hit{background:rgba(215,155,0,.35)}',
    '.num{display:inline-block;min-width:3.5em;color:#8a96a5;user-select:none}',
    '.caret{color:#ffcc66}',
    '.more{padding:8px 12px;color:#5b6673}',
    '.list[hidden]{display:none}',
    '.panel.collapsed{width:auto}',
    '.panel.collapsed header{border-bottom:0}'
  ].join('\n');

  var panelHost = null;
  var panelKey = null;

  function noticesTitle(state) {
    var notices = state.notices || [];
    var warnings = notices.filter(function (n) { return n.severity === 'warning'; }).length;
    var notes = notices.length - warnings;
    var parts = [];
    if (warnings) parts.push(warnings + ' warning' + (warnings === 1 ? '' : 's'));
    if (notes) parts.push(notes + ' note' + (notes === 1 ? '' : 's'));
    return parts.join(', ');
  }

  function stored(name, value) {
    try {
      if (value === undefined) return sessionStorage.getItem(name);
      if (value === null) sessionStorage.removeItem(name); else sessionStorage.setItem(name, value);
    } catch (e) { /* storage blocked */ }
    return null;
  }

  /** The panel of the state's warnings and notes; removed when there are none. A first visit
      shows it as a badge with the count (Show lists them), so it never covers a small frame's
      controls; a list that changes during the browser session opens by itself; Hide/Show are
      remembered for that list. */
  function showNotices(state) {
    var notices = state.notices || [];
    var key = JSON.stringify(notices.map(function (n) { return [n.rule, n.file, n.line, n.column, n.message]; }));
    var seen = stored('placard.findings.seen');
    stored('placard.findings.seen', key);
    if (seen !== null && seen !== key && notices.length) stored('placard.findings.open', key);
    if (!notices.length) {
      if (panelHost) panelHost.remove();
      panelKey = null;
      return;
    }
    if (!document.body) {
      document.addEventListener('DOMContentLoaded', function () { if (last) showNotices(last); });
      return;
    }
    if (!panelHost) {
      panelHost = element('placard-findings');
      panelHost.id = 'placard-findings';
      panelHost.attachShadow({ mode: 'open' });
    }
    var root = panelHost.shadowRoot;
    var collapsed = stored('placard.findings.open') !== key;
    panelKey = key;
    root.textContent = '';
    adopt(root, PANEL_CSS);
    var panel = element('div', 'panel' + (collapsed ? ' collapsed' : ''));
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', 'Build warnings and notes');
    var header = element('header');
    header.appendChild(element('h2', '', noticesTitle(state)));
    var toggle = element('button', '', collapsed ? 'Show' : 'Hide');
    toggle.type = 'button';
    header.appendChild(toggle);
    panel.appendChild(header);
    var list = element('div', 'list');
    list.hidden = collapsed;
    notices.forEach(function (problem) { list.appendChild(problemBox(problem)); });
    var total = state.noticeCount || notices.length;
    if (total > notices.length) list.appendChild(element('div', 'more', 'and ' + (total - notices.length) + ' more in the terminal'));
    panel.appendChild(list);
    toggle.addEventListener('click', function () {
      list.hidden = !list.hidden;
      panel.classList.toggle('collapsed', list.hidden);
      toggle.textContent = list.hidden ? 'Show' : 'Hide';
      stored('placard.findings.open', list.hidden ? null : key);
    });
    root.appendChild(panel);
    if (!panelHost.isConnected) document.body.appendChild(panelHost);
  }

  /** The failed build's errors, then its warnings and notes (the overlay covers the panel). */
  function showOverlay(errors, notices) {
    if (!document.body) {
      document.addEventListener('DOMContentLoaded', function () { if (last && !last.ok) showOverlay(last.errors || [], last.notices || []); });
      return;
    }
    if (!host) {
      host = element('placard-overlay');
      host.id = 'placard-overlay';
      host.attachShadow({ mode: 'open' });
    }
    var root = host.shadowRoot;
    root.textContent = '';
    adopt(root, CSS);
    var backdrop = element('div', 'backdrop');
    backdrop.setAttribute('role', 'alertdialog');
    backdrop.setAttribute('aria-label', 'Build failed');
    var panel = element('div', 'panel');
    var header = element('header');
    header.appendChild(element('h2', '', 'Build failed: ' + errors.length + ' error' + (errors.length === 1 ? '' : 's')));
    var hide = element('button', '', 'Hide');
    hide.type = 'button';
    hide.addEventListener('click', function () { host.remove(); });
    header.appendChild(hide);
    panel.appendChild(header);
    errors.forEach(function (problem) { panel.appendChild(problemBox(problem)); });
    if (notices.length) {
      panel.appendChild(element('h3', 'also', 'Also ' + noticesTitle(last || { notices: notices })));
      notices.forEach(function (problem) { panel.appendChild(problemBox(problem)); });
    }
    panel.appendChild(element('footer', '', last && last.hasOutput === false
      ? 'There is no output to preview yet. Fix the file and save: the preview appears by itself.'
      : 'The preview keeps the last good output. Fix the file and save: this page recovers by itself.'));
    backdrop.appendChild(panel);
    root.appendChild(backdrop);
    if (!host.isConnected) document.body.appendChild(host);
  }

  function hideOverlay() {
    if (host) host.remove();
  }

  if (typeof EventSource !== 'function') return;
  var source = new EventSource('/_placard/events');
  source.addEventListener('state', function (event) {
    try { onState(JSON.parse(event.data)); } catch (e) { console.error(e); }
  });
  ['rest', 'message'].forEach(function (name) {
    source.addEventListener(name, function (event) {
      try { emit(name, JSON.parse(event.data)); } catch (e) { console.error(e); }
    });
  });
})();
