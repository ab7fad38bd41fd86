/* Emulator, part 2 of 5 — the log: the panel's list of frame messages and REST calls.

   Why this file exists: what the emulator shows a developer about the traffic between a frame and the
   portal is one concern, apart from answering it: the entries (secrets masked), and the REST calls the
   server reports over /_placard/events, with the warning where the official BX24.js would behave
   differently from what the fake portal answered. Served inside emulator.js (see part 1). */

  // ---------------------------------------------------------------- log

  var SECRET = /^(AUTH_ID|REFRESH_ID|auth|access_token|refresh_token|APPLICATION_TOKEN)$/;

  function masked(value) {
    if (value === undefined) return '';
    try {
      return JSON.stringify(value, function (key, v) { return SECRET.test(key) && v ? '•••' : v; });
    } catch (e) { return String(value); }
  }

  function log(kind, text, detail) {
    var list = $('pl-log');
    var item = el('li', 'pl-log-' + kind);
    item.appendChild(el('time', '', new Date().toTimeString().slice(0, 8)));
    item.appendChild(el('span', 'pl-log-kind', kind));
    item.appendChild(el('span', 'pl-log-text', text));
    if (detail !== undefined) item.appendChild(el('code', '', masked(detail)));
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 400) list.removeChild(list.lastChild);
    return item;
  }

  // ---------------------------------------------------------------- REST calls the server reports

  if (window.PlacardLive) {
    window.PlacardLive.on('rest', function (call) {
      // params and result arrive as JSON text (cut at 2,000 characters): shown as they are.
      var item = log(call.status < 300 ? 'rest' : 'rest-error', call.method + (call.transport === 'json' ? '' : '.json') + ' → ' + call.status + (call.error ? ' ' + call.error : ''));
      item.appendChild(el('code', 'pl-log-request', call.params));
      item.appendChild(el('code', 'pl-log-response', '→ ' + call.result));
      // BX24.js hands 4xx answers to the callback but throws 'Query error!' for any other
      // failure (ajax.isSuccess accepts 2xx, 304, 4xx and 0): the callback never runs.
      if (call.transport !== 'json' && call.status >= 300 && call.status !== 304 && (call.status < 400 || call.status >= 500)) {
        log('warn', call.method + '.json answered ' + call.status + ': the official BX24.js throws \'Query error!\' and never calls the callback');
      }
    });
  }
