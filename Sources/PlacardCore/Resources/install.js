/* Placard application pages: registers the widgets listed in #placard-widgets (placements.json).
   install.html registers on open and then calls BX24.installFinish(); index.html shows what is
   registered (placement.get) and lets an administrator run the same registration again.
   Runs after https://api.bitrix24.com/api/v1/ (BX24 is null or undefined outside Bitrix24).
   Everything that comes from REST goes into the page as textContent. */
(() => {
  'use strict';
  const doc = document, root = doc.documentElement;
  const ms = (value, fallback) => (value > 0 ? value : fallback);
  const BATCH_LIMIT = 50; // commands per Bitrix24 batch

  // What to do about each error code placement.bind / unbind / get can return (docs/platform.md §2.1).
  const fixOptions = 'Fix the widget\'s options in its content/<widget>/index.md, run placard build, upload the new build and install again.';
  const HINTS = {
    WRONG_AUTH_TYPE: 'Bitrix24 lets only an installed application register widgets, not a webhook. Open this page from the application in Bitrix24 (Applications → your application).',
    ACCESS_DENIED: 'Only a Bitrix24 administrator can register widgets. Ask an administrator to open the application and register them (on plans without the REST API this is not possible).',
    ERROR_ARGUMENT: 'A required field is missing or has a wrong value (the message names it). ' + fixOptions,
    EMPTY_ERROR_ICON_NAME: 'This placement needs options.iconName, a Font Awesome class name such as fa-comments. ' + fixOptions,
    INVALID_ERROR_ICON_NAME: 'options.iconName must be a Font Awesome class name such as fa-comments (Latin letters, spaces and "-", at most 50 characters). ' + fixOptions,
    INVALID_ERROR_CONTEXT: 'options.context must be ALL, USER, CHAT, LINES or CRM, several joined with ";" and no spaces. ' + fixOptions,
    INVALID_ERROR_ROLE: 'options.role must be USER or ADMIN (upper case). ' + fixOptions,
    INVALID_ERROR_EXTRANET: 'options.extranet must be N or Y (upper case). ' + fixOptions,
    INVALID_ERROR_COLOR: 'options.color must be a messenger palette name such as AZURE, MINT or ORANGE. ' + fixOptions,
    INVALID_ERROR_WIDTH: 'options.width must be a whole number, 0 or more. ' + fixOptions,
    INVALID_ERROR_HEIGHT: 'options.height must be a whole number, 0 or more. ' + fixOptions,
    ERROR_PLACEMENT_NOT_FOUND: 'This Bitrix24 does not offer the placement to the application: give the application the "placement" and "im" scopes (Developer resources → your local application), reinstall, and check the code with placement.list.',
    ERROR_WRONG_HANDLER_URL: 'Bitrix24 rejected the handler URL: it must be a public http(s) address whose host has a dot (no localhost or local names). Set baseURL in placard.yml to the public URL of dist/, or install from the hosted app, then install again.',
    ERROR_UNSUPPORTED_PROTOCOL: 'The handler URL must start with https:// (or http://). Set baseURL in placard.yml to the https URL of dist/ and install again.',
    ERROR_PLACEMENT_USER_MODE: 'Messenger widgets cannot be registered for a single user (USER_ID); register them for everyone.',
    ERROR_PLACEMENT_MAX_COUNT: 'This placement allows only one registration per application; remove the other one first.',
    ERROR_CORE: 'Bitrix24 could not save the registration. Try again in a few minutes; if it keeps failing, contact Bitrix24 support.',
    insufficient_scope: 'The application lacks a scope: add "placement" and "im" to the local application\'s scopes (plus "user_brief" if a widget uses user.get), save, and reinstall.',
    NO_AUTH_FOUND: 'Bitrix24 did not accept the session. Reload the application in Bitrix24 and try again.',
    expired_token: 'The session expired. Reload the application in Bitrix24 and try again.',
    invalid_token: 'The session is no longer valid. Reload the application in Bitrix24 and try again.',
    INVALID_CREDENTIALS: 'Bitrix24 did not accept the credentials. Reload the application in Bitrix24 and try again.',
    user_access_error: 'This user may not use the application. Ask an administrator to give access, or install as an administrator.',
    QUERY_LIMIT_EXCEEDED: 'Bitrix24 is limiting requests. Wait a minute and try again.',
    OVERLOAD_LIMIT: 'Bitrix24 is limiting requests. Wait a minute and try again.',
    INVALID_REQUEST: 'Bitrix24 refused the request (it requires HTTPS). Open the application over https:// and try again.',
    INTERNAL_SERVER_ERROR: 'Bitrix24 had an internal error. Try again in a few minutes.',
    NO_RESULT: 'Run the registration again; if it keeps failing, check the other widgets\' errors first.',
    NO_ANSWER: 'Bitrix24 did not answer. Check the connection, reload the application and try again.'
  };
  // placard.yml's hosting: a static app's HANDLERs are resolved against the address
  // Bitrix24 serves the archive from, so a rejected URL means the archive was not opened
  // from Bitrix24; baseURL is advice only for a self-hosted project.
  if (doc.body.getAttribute('data-placard-hosting') === 'static-app') {
    const fromArchive = 'This is a Bitrix24 static app: each widget\'s address is resolved against the address Bitrix24 serves the uploaded archive from. Install the ZIP from `placard package` through Bitrix24 (Applications → Developer resources → your local application), not a copy of dist/ opened elsewhere. To host dist/ yourself instead, set hosting: self-hosted and baseURL in placard.yml, rebuild, and install again.';
    HINTS.ERROR_WRONG_HANDLER_URL = 'Bitrix24 rejected the handler URL: it must be a public http(s) address. ' + fromArchive;
    HINTS.ERROR_UNSUPPORTED_PROTOCOL = 'The handler URL must start with https:// (or http://). ' + fromArchive;
  }
  const hintFor = (code) => HINTS[code] || (/^INVALID_ERROR_/.test(code)
    ? 'Bitrix24 rejected one of the widget\'s options. ' + fixOptions
    : 'Bitrix24 refused it. Read the message, fix the cause and try again.');

  function readWidgets() {
    const el = doc.getElementById('placard-widgets');
    let list = [];
    try { list = JSON.parse(el ? el.textContent : '[]'); } catch (e) { list = []; }
    return Array.isArray(list) ? list.filter((w) => w && typeof w === 'object') : [];
  }

  // A relative HANDLER (hosting: static-app) is resolved against this page's own URL.
  function resolve(handler) {
    try { return new URL(String(handler || ''), location.href).href; } catch (e) { return String(handler || ''); }
  }

  // After BX24.installFinish() Bitrix24 reloads the frame with install_finished=Y: from then
  // on install.html only shows the status, like index.html.
  const reloadedAfterInstall = /[?&]install_finished=Y(&|$)/.test(location.search);
  const page = doc.body.getAttribute('data-placard-page') === 'install' && !reloadedAfterInstall ? 'install' : 'index';
  const widgets = readWidgets().map((w) => Object.assign({}, w, { HANDLER: resolve(w.HANDLER) }));
  const statusEl = doc.getElementById('placard-status');
  const button = doc.getElementById('placard-register');
  const rows = widgets.map((w, i) => doc.querySelector('tr[data-placard-index="' + i + '"]'));
  if (button && page === 'index') button.textContent = 'Register the widgets again';
  let finished = false;
  let flags = Promise.resolve(null);

  function setStatus(state, text) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.setAttribute('data-state', state);
  }

  // One table cell: a short result, optionally the Bitrix24 error and what to do about it.
  function setRow(i, state, text, error) {
    const cell = rows[i] && rows[i].querySelector('.placard-result');
    if (!cell) return;
    cell.setAttribute('data-state', state);
    cell.replaceChildren(doc.createTextNode(text));
    if (!error) return;
    const code = doc.createElement('code');
    code.className = 'placard-error-code';
    code.textContent = error.code;
    const detail = doc.createElement('span');
    detail.className = 'placard-error';
    detail.append(code);
    if (error.description) detail.append(': ' + error.description);
    const hint = doc.createElement('span');
    hint.className = 'placard-hint';
    hint.textContent = hintFor(error.code);
    cell.append(detail, hint);
  }

  // {code, description} of a failed ajaxResult, or null. Tolerates the shapes of BX24.js
  // (error() → ajaxError with getError() → {error, error_description}) and plain objects.
  function errorOf(result) {
    if (!result) return { code: 'NO_ANSWER', description: '' };
    let error;
    try { error = typeof result.error === 'function' ? result.error() : result.error; } catch (e) { error = null; }
    if (!error) return null;
    let ex = error;
    try { ex = (typeof error.getError === 'function' ? error.getError() : error.ex) || error; } catch (e) { /* keep */ }
    let code = typeof ex === 'string' ? ex : ex.error;
    let description = typeof ex === 'object' ? ex.error_description : '';
    if (code && typeof code === 'object') { description = code.error_description; code = code.error; }
    if (!description && typeof result.error_description === 'function') {
      try { description = result.error_description(); } catch (e) { /* none */ }
    }
    return { code: String(code || 'UNKNOWN_ERROR'), description: description ? String(description) : '' };
  }

  const dataOf = (result) => {
    try { return typeof result.data === 'function' ? result.data() : result.result; } catch (e) { return undefined; }
  };

  // placement.bind answers `true`; a batch that skipped a command leaves an empty result.
  const emptyBind = (result) => {
    const data = dataOf(result);
    const empty = data === undefined || data === null || data === false
      || (typeof data === 'object' && Object.keys(data).length === 0);
    return empty ? { code: 'NO_RESULT', description: 'Bitrix24 returned no result for this widget.' } : null;
  };

  const isAdmin = (bx) => {
    try { return typeof bx.isAdmin === 'function' ? bx.isAdmin() !== false : true; } catch (e) { return true; }
  };

  // Runs `call(done)` and gives up after `timeout` ms with a NO_ANSWER error.
  function withTimeout(timeout, call, done) {
    let settled = false;
    const finish = (value) => { if (!settled) { settled = true; clearTimeout(timer); done(value); } };
    const timer = setTimeout(() => finish(null), timeout);
    try { call(finish); } catch (e) { finish(null); }
  }
  const callTimeout = () => ms(window.__placardCallTimeout, 30000);

  // Batch keys sort in execution order too (a_unbind_000 … b_bind_000 …), so the unbinds run
  // first even where a batch is executed in key order rather than in the order sent.
  const pad = (i) => String(i).padStart(3, '0');
  const unbindKey = (i) => 'a_unbind_' + pad(i);
  const bindKey = (i) => 'b_bind_' + pad(i);

  // [[key, method, params]]: unbind every entry's own earlier binding first, then bind each
  // entry. unbind with PLACEMENT and HANDLER removes only that binding, so a second run
  // leaves exactly one binding per entry.
  function commands() {
    const list = widgets.map((w, i) => [unbindKey(i), 'placement.unbind', { PLACEMENT: w.PLACEMENT, HANDLER: w.HANDLER }]);
    return list.concat(widgets.map((w, i) => [bindKey(i), 'placement.bind', w]));
  }

  // Sends the commands as one callBatch (more only past Bitrix24's 50 commands per batch).
  function batch(bx, all, done, results) {
    results = results || {};
    if (!all.length) return done(results);
    const chunk = all.slice(0, BATCH_LIMIT);
    const calls = {};
    chunk.forEach(([key, method, params]) => { calls[key] = [method, params]; });
    withTimeout(callTimeout(), (cb) => bx.callBatch(calls, cb, false), (answer) => {
      chunk.forEach(([key]) => {
        // A failed batch request can hand back one ajaxResult for everything.
        const whole = answer && typeof answer === 'object' && typeof answer.error === 'function' && !(key in answer);
        results[key] = whole ? answer : answer && typeof answer === 'object' ? answer[key] : undefined;
      });
      batch(bx, all.slice(BATCH_LIMIT), done, results);
    });
  }

  function register(bx) {
    if (button) { button.disabled = true; button.hidden = true; }
    root.removeAttribute('data-placard-install');
    setStatus('pending', 'Registering ' + widgets.length + ' widget' + (widgets.length === 1 ? '' : 's') + '…');
    widgets.forEach((w, i) => setRow(i, 'pending', 'Registering…'));
    batch(bx, commands(), (results) => {
      let failed = 0;
      widgets.forEach((w, i) => {
        const bindError = errorOf(results[bindKey(i)]) || emptyBind(results[bindKey(i)]);
        const unbindError = errorOf(results[unbindKey(i)]);
        if (bindError) {
          failed++;
          setRow(i, 'error', 'Not registered.', bindError);
        } else if (unbindError) {
          setRow(i, 'warning', 'Registered, but the earlier registration could not be removed, so it may appear twice.', unbindError);
        } else {
          setRow(i, 'ok', 'Registered');
        }
      });
      if (button) { button.disabled = false; button.hidden = false; }
      if (failed) {
        root.setAttribute('data-placard-install', 'failed');
        setStatus('error', failed + ' of ' + widgets.length + ' widget' + (widgets.length === 1 ? '' : 's')
          + ' could not be registered; see the reasons below.' + (page === 'install' ? ' The installation is not finished.' : ''));
        return;
      }
      root.setAttribute('data-placard-install', 'ok');
      if (page === 'install') {
        if (button) button.hidden = true;
        setStatus('ok', 'All ' + widgets.length + ' widgets are registered. Finishing the installation…');
        flags.then((data) => finish(bx, data));
      } else {
        setStatus('ok', 'All ' + widgets.length + ' widgets are registered.');
        refresh(bx);
      }
    });
  }

  // After the binds: installFinish() when Bitrix24 runs the page as the installer (INSTALL true,
  // or unknown). With INSTALL false BX24.js makes installFinish() a no-op, so there is nothing
  // to wait for: the application is installed already.
  function finish(bx, data) {
    if (finished) return;
    finished = true;
    if (data && data.INSTALL === false) {
      root.setAttribute('data-placard-finish', 'installed');
      setStatus('ok', 'All ' + widgets.length + ' widgets are registered. The application is already installed, so there is nothing to finish.');
      return;
    }
    root.setAttribute('data-placard-finish', 'sent');
    try { bx.installFinish(); } catch (e) { setStatus('error', 'The widgets are registered, but Bitrix24 did not finish the installation: ' + e.message); }
  }

  // The frame's init data, asked of the parent directly (docs/platform.md §5.1–5.4: "getInitData::{id}:{APP_SID}",
  // answered "{id}:{json}" from http[s]://DOMAIN): BX24.js has no getter for INSTALL. Resolves
  // null outside a Bitrix24 frame or without an answer.
  function initFlags() {
    const name = /^(.+)\|([01])\|([^|]+)$/.exec(window.name || '');
    if (!name || window.parent === window) return Promise.resolve(null);
    const origin = (name[2] === '1' ? 'https://' : 'http://') + name[1].replace(name[2] === '1' ? /:443$/ : /:80$/, '');
    const id = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => (b % 36).toString(36)).join('');
    return new Promise((resolve) => {
      const done = (value) => { clearTimeout(timer); window.removeEventListener('message', listen); resolve(value); };
      const listen = (event) => {
        if (event.origin !== origin || typeof event.data !== 'string' || event.data.indexOf(id + ':') !== 0) return;
        let data = null;
        try { data = JSON.parse(event.data.slice(id.length + 1)); } catch (e) { data = null; }
        done(data && typeof data === 'object' ? data : null);
      };
      const timer = setTimeout(() => done(null), ms(window.__placardInitTimeout, 3000));
      window.addEventListener('message', listen);
      window.parent.postMessage('getInitData::' + id + ':' + name[3], origin);
    });
  }

  // index.html: compare placement.get with the build (same placement and handler).
  function refresh(bx) {
    withTimeout(callTimeout(), (cb) => bx.callMethod('placement.get', {}, cb), (result) => {
      const error = errorOf(result);
      if (error) {
        widgets.forEach((w, i) => setRow(i, 'unknown', 'Unknown'));
        setStatus('error', 'Could not read the registration (' + error.code + '). ' + hintFor(error.code));
        return;
      }
      const data = dataOf(result);
      const bindings = (Array.isArray(data) ? data : []).filter((b) => b && typeof b === 'object');
      const key = (placement, handler) => String(placement || '').toUpperCase() + ' ' + resolve(handler);
      const found = new Set(bindings.map((b) => key(b.placement, b.handler)));
      const wanted = new Set(widgets.map((w) => key(w.PLACEMENT, w.HANDLER)));
      let missing = 0;
      widgets.forEach((w, i) => {
        if (found.has(key(w.PLACEMENT, w.HANDLER))) return setRow(i, 'ok', 'Registered');
        missing++;
        setRow(i, 'missing', 'Not registered');
      });
      showOthers(bx, bindings.filter((b) => !wanted.has(key(b.placement, b.handler))));
      root.setAttribute('data-placard-status', missing ? 'incomplete' : 'ok');
      setStatus(missing ? 'warning' : 'ok', missing
        ? missing + ' of ' + widgets.length + ' widgets are not registered. Press “' + (button ? button.textContent : 'Register') + '” to register them.'
        : 'All ' + widgets.length + ' widgets are registered.');
    });
  }

  // Bindings of this application that the build does not contain; each can be removed.
  function showOthers(bx, others) {
    const section = doc.getElementById('placard-others');
    const list = section && section.querySelector('ul');
    if (!list) return;
    list.replaceChildren();
    section.hidden = !others.length;
    others.forEach((b) => {
      const item = doc.createElement('li');
      const placement = doc.createElement('code');
      placement.textContent = String(b.placement || '');
      const handler = doc.createElement('code');
      handler.textContent = String(b.handler || '');
      const remove = doc.createElement('button');
      remove.type = 'button';
      remove.className = 'placard-button placard-button-small';
      remove.textContent = 'Remove';
      remove.addEventListener('click', () => {
        remove.disabled = true;
        const params = { PLACEMENT: String(b.placement || ''), HANDLER: String(b.handler || '') };
        withTimeout(callTimeout(), (cb) => bx.callMethod('placement.unbind', params, cb), (result) => {
          const error = errorOf(result);
          if (error) {
            remove.disabled = false;
            setStatus('error', 'Could not remove the registration (' + error.code + '). ' + hintFor(error.code));
          } else {
            refresh(bx);
          }
        });
      });
      item.append(placement, ' → ', handler, ' ', remove);
      list.append(item);
    });
  }

  function outside(lead, state) {
    root.setAttribute('data-placard-ready', state);
    // Served by `placard serve` (its livereload.js names this page's emulator preview): a link there.
    const live = window.PlacardLive;
    const preview = live && typeof live.preview === 'string' && live.preview.charAt(0) === '/' ? live.preview : '';
    if (preview && statusEl) {
      const link = doc.createElement('a');
      link.href = preview;
      link.className = 'placard-preview-link';
      link.textContent = 'preview it in the Bitrix24 messenger emulator';
      setStatus('outside', lead + 'This page works inside Bitrix24: open it as the application in your Bitrix24, or ');
      statusEl.append(link, '.');
    } else {
      setStatus('outside', lead + 'This page works inside Bitrix24: open it as the application in your Bitrix24, or preview it with placard serve.');
    }
    widgets.forEach((w, i) => setRow(i, 'unknown', 'Not checked'));
  }

  function inside(bx) {
    root.setAttribute('data-placard-ready', 'bitrix24');
    const admin = isAdmin(bx);
    if (page === 'install') {
      widgets.forEach((w, i) => {
        const cell = rows[i] && rows[i].querySelector('.placard-handler');
        if (cell) cell.textContent = w.HANDLER;
        setRow(i, 'pending', 'Will be registered');
      });
      if (!widgets.length) return setStatus('error', 'This build has no widgets to register.');
      if (!admin) {
        setStatus('error', 'Only a Bitrix24 administrator can install this application and register its widgets: ask an administrator to open it.');
        return;
      }
      if (button) button.addEventListener('click', () => register(bx));
      return register(bx);
    }
    widgets.forEach((w, i) => {
      const cell = rows[i] && rows[i].querySelector('.placard-handler');
      if (cell) cell.textContent = w.HANDLER;
    });
    if (!admin) {
      widgets.forEach((w, i) => setRow(i, 'unknown', 'Not checked'));
      setStatus('info', 'Only a Bitrix24 administrator can see and change which widgets are registered.');
      return;
    }
    if (button && widgets.length) {
      button.hidden = false;
      button.addEventListener('click', () => register(bx));
    }
    setStatus('pending', 'Checking the registration…');
    refresh(bx);
  }

  function start() {
    const bx = window.BX24;
    if (!bx || typeof bx.init !== 'function') return outside('', 'outside');
    if (page === 'install') flags = initFlags();
    let started = false;
    const timer = setTimeout(() => outside('No answer from Bitrix24. ', 'timeout'), ms(window.__placardInitTimeout, 3000));
    const ready = () => {
      if (started) return;
      started = true;
      clearTimeout(timer);
      inside(bx);
    };
    try {
      // Only BX24.init, never BX24.install: BX24.js runs BX24.install handlers when FIRST_RUN is
      // true and they are registered before the init data arrives, and inside them installFinish()
      // only advances its installer chain — after the last one it sends setInstall {install:true}
      // and becomes a no-op, never sending setInstallFinish (bx24-copy, util.install:
      // `BX24.installFinish = util.install = util.blank; sendMessage('setInstall', {install:true})`).
      // An init handler gets the real installFinish whenever INSTALL is true.
      bx.init(ready);
    } catch (e) {
      clearTimeout(timer);
      outside('', 'outside');
    }
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
