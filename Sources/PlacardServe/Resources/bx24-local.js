/* Placard's offline BX24 frame library (served as /_placard/bx24.js by `placard serve --bx24 local`).

   A protocol-faithful stand-in for the classic https://api.bitrix24.com/api/v1/ library: it reads
   window.name ("DOMAIN|PROTOCOL|APP_SID"), talks to the parent with the colon-string messages
   "command:paramsJSON:callbackId:APP_SID" (replies "callbackId:resultJSON", accepted only from
   http[s]://DOMAIN), and calls REST as POST {PATH}/{method}.json with auth=<AUTH_ID>. Outside a
   frame it does what the real one does: BX24 = null and "Unable to initialize Bitrix24 JS library!". */
(function () {
  'use strict';
  var match = /^(.+)\|([01])\|([^|]+)$/.exec(window.name || '');
  if (!match) {
    window.BX24 = null;
    throw new Error('Unable to initialize Bitrix24 JS library!');
  }
  var DOMAIN = match[1], APP_SID = match[3];
  var PARENT_ORIGIN = (match[2] === '1' ? 'https' : 'http') + '://' + DOMAIN;

  var callbacks = {};
  var initData = null, authExpiresAt = 0, installMode = false;
  var initHandlers = [], installHandlers = [], readyHandlers = [], waiting = [];
  var domReady = document.readyState !== 'loading';

  function randomId() {
    var bytes = new Uint8Array(32), alphabet = '0123456789abcdefghijklmnopqrstuvwxyz', out = '';
    crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i++) out += alphabet[bytes[i] % 36];
    return out;
  }

  /** Sends "command:params:callbackId:APP_SID"; `keep` leaves the callback registered (events). */
  function send(command, params, callback, keep) {
    var id = '';
    if (typeof callback === 'function') {
      id = randomId();
      callbacks[id] = { fn: callback, keep: !!keep };
    }
    var body = params === undefined || params === null ? '' : JSON.stringify(params);
    window.parent.postMessage(command + ':' + body + ':' + id + ':' + APP_SID, PARENT_ORIGIN);
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== PARENT_ORIGIN || typeof event.data !== 'string') return;
    var colon = event.data.indexOf(':');
    if (colon <= 0) return;
    var entry = callbacks[event.data.slice(0, colon)];
    if (!entry) return;
    var raw = event.data.slice(colon + 1), value;
    try { value = raw === '' ? undefined : JSON.parse(raw); } catch (e) { return; }
    if (!entry.keep) delete callbacks[event.data.slice(0, colon)];
    entry.fn(value);
  });

  // ---- lifecycle ----

  function setAuth(data) {
    authExpiresAt = Date.now() + (parseInt(data.AUTH_EXPIRES, 10) || 3600) * 1000;
  }

  function run(list) {
    while (list.length) {
      var fn = list.shift();
      try { fn(); } catch (e) { setTimeout(function () { throw e; }); }
    }
  }

  var installing = false;

  function flush() {
    if (!domReady) return;
    run(readyHandlers);
    if (!initData) return;
    run(waiting);
    // In install mode BX24.install handlers run instead of BX24.init ones; installFinish()
    // makes the parent reload the frame, so init handlers only run on the next load.
    if (installMode && (installing || installHandlers.length)) {
      installing = true;
      run(installHandlers);
      return;
    }
    run(initHandlers);
  }

  send('getInitData', undefined, function (data) {
    initData = data || {};
    initData.USER_OPTIONS = initData.USER_OPTIONS || {};
    initData.APP_OPTIONS = initData.APP_OPTIONS || {};
    installMode = !!initData.INSTALL;
    setAuth(initData);
    flush();
  });

  if (!domReady) {
    document.addEventListener('DOMContentLoaded', function () { domReady = true; flush(); });
  }

  function whenReady(fn) { waiting.push(fn); flush(); }

  // ---- REST ----

  /** PHP bracket notation: {FILTER: {ID: [1, 2]}} → FILTER[ID][0]=1&FILTER[ID][1]=2. */
  function toQuery(params, prefix) {
    var parts = [];
    Object.keys(params || {}).forEach(function (key) {
      var name = prefix ? prefix + '[' + encodeURIComponent(key) + ']' : encodeURIComponent(key);
      var value = params[key];
      if (value === undefined || typeof value === 'function') return;
      if (value === null) value = '';
      if (value instanceof Date) value = value.toISOString();
      if (typeof value === 'object') {
        var nested = toQuery(value, name);
        parts.push(nested || name + '=');
      } else {
        parts.push(name + '=' + encodeURIComponent(String(value)));
      }
    });
    return parts.join('&');
  }

  function AjaxError(status, ex) {
    this.status = status;
    this.ex = ex;
  }
  AjaxError.prototype.getError = function () { return this.ex; };
  AjaxError.prototype.getStatus = function () { return this.status; };
  AjaxError.prototype.toString = function () {
    return this.ex.error + (this.ex.error_description ? ': ' + this.ex.error_description : '') + ' (' + this.status + ')';
  };

  function AjaxResult(answer, query, status) {
    this.answer = answer || {};
    this.query = query;
    this.status = status;
  }
  AjaxResult.prototype.data = function () { return this.answer.result; };
  AjaxResult.prototype.error = function () {
    if (!this.answer.error) return undefined;
    return new AjaxError(this.status, { error: this.answer.error, error_description: this.answer.error_description });
  };
  AjaxResult.prototype.error_description = function () { return this.answer.error_description; };
  AjaxResult.prototype.more = function () { return this.answer.next !== undefined && this.answer.next !== null; };
  AjaxResult.prototype.total = function () { return parseInt(this.answer.total, 10); };
  AjaxResult.prototype.time = function () { return this.answer.time; };
  AjaxResult.prototype.next = function (callback) {
    if (!this.more()) return false;
    this.query.start = this.answer.next;
    return request(this.query.method, this.query.data, callback || this.query.callback, this.query.start, false);
  };

  function request(method, params, callback, start, retried) {
    var xhr = new XMLHttpRequest();
    var query = { method: method, data: params, callback: callback, start: start || 0 };
    var url = (String(initData.PROTOCOL) === '1' ? 'https' : 'http') + '://' + initData.DOMAIN + (initData.PATH || '/rest') + '/' + method + '.json';
    var body = 'auth=' + encodeURIComponent(initData.AUTH_ID || '') + (start ? '&start=' + encodeURIComponent(start) : '');
    var rest = toQuery(params);
    if (rest) body += '&' + rest;
    xhr.open('POST', url);
    xhr.onload = function () {
      var answer;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = { error: 'INVALID_RESPONSE', error_description: 'Response is not JSON' }; }
      if (!retried && answer.error === 'expired_token') {
        BX24.refreshAuth(function () { request(method, params, callback, start, true); });
        return;
      }
      if (typeof callback === 'function') callback(new AjaxResult(answer, query, xhr.status));
    };
    xhr.onerror = function () {
      if (typeof callback === 'function') {
        callback(new AjaxResult({ error: 'NETWORK_ERROR', error_description: 'Network error' }, query, 0));
      }
    };
    xhr.send(body); // no Content-Type: a CORS "simple" request, like the official library
    return xhr;
  }

  function callMethod(method, params, callback) {
    if (initData) return request(method, params, callback, 0, false);
    whenReady(function () { request(method, params, callback, 0, false); });
    return undefined;
  }

  function callBatch(calls, callback, haltOnError) {
    var isArray = Array.isArray(calls), cmd = isArray ? [] : {}, queries = {};
    Object.keys(calls || {}).forEach(function (key) {
      var call = calls[key];
      var method = Array.isArray(call) ? call[0] : call && call.method;
      var params = Array.isArray(call) ? call[1] : call && call.params;
      if (!method) return;
      var query = toQuery(params || {});
      cmd[key] = method + (query ? '?' + query : '');
      queries[key] = { method: method, data: params, callback: callback, start: 0 };
    });
    return callMethod('batch', { halt: haltOnError ? 1 : 0, cmd: cmd }, function (result) {
      if (typeof callback !== 'function') return;
      var out = isArray ? [] : {};
      var data = result.data() || {};
      var pick = function (bucket, key) { return bucket && typeof bucket === 'object' ? bucket[key] : undefined; };
      Object.keys(queries).forEach(function (key) {
        if (result.error()) { out[key] = result; return; }
        var failed = pick(data.result_error, key);
        out[key] = new AjaxResult({
          result: pick(data.result, key),
          error: failed && failed.error,
          error_description: failed && failed.error_description,
          total: pick(data.result_total, key),
          next: pick(data.result_next, key),
          time: pick(data.result_time, key)
        }, queries[key], result.status);
      });
      callback(out);
    });
  }

  // ---- the public API ----

  var BX24 = {
    init: function (callback) {
      if (typeof callback !== 'function') return;
      initHandlers.push(callback);
      flush();
    },
    ready: function (callback) {
      if (typeof callback !== 'function') return;
      readyHandlers.push(callback);
      flush();
    },
    isReady: function () { return domReady; },
    install: function (callback) {
      if (typeof callback === 'function') installHandlers.push(callback);
      flush();
    },
    installFinish: function () {
      if (!initData || !initData.INSTALL) return;
      send('setInstallFinish', undefined);
    },
    getAuth: function () {
      if (!initData || !initData.AUTH_ID || Date.now() > authExpiresAt) return false;
      return {
        access_token: initData.AUTH_ID,
        refresh_token: initData.REFRESH_ID,
        expires_in: authExpiresAt,
        domain: String(initData.DOMAIN || '').replace(/:(80|443)$/, ''),
        member_id: initData.MEMBER_ID
      };
    },
    refreshAuth: function (callback) {
      send('refreshAuth', {}, function (data) {
        if (data && initData) {
          initData.AUTH_ID = data.AUTH_ID;
          initData.REFRESH_ID = data.REFRESH_ID;
          initData.AUTH_EXPIRES = data.AUTH_EXPIRES;
          setAuth(initData);
        }
        if (typeof callback === 'function') callback(BX24.getAuth());
      });
    },
    isAdmin: function () { return !!(initData && initData.IS_ADMIN); },
    getLang: function () { return initData ? initData.LANG : undefined; },
    getDomain: function () { return initData ? String(initData.DOMAIN).replace(/:(80|443)$/, '') : undefined; },
    callMethod: callMethod,
    callBatch: callBatch,
    callBind: function (event, handler, authType, callback) {
      if (typeof authType === 'function') { callback = authType; authType = undefined; }
      var params = { event: event, handler: handler };
      if (authType) params.auth_type = authType;
      return callMethod('event.bind', params, callback);
    },
    callUnbind: function (event, handler, authType, callback) {
      if (typeof authType === 'function') { callback = authType; authType = undefined; }
      var params = { event: event, handler: handler };
      if (authType) params.auth_type = authType;
      return callMethod('event.unbind', params, callback);
    },
    getScrollSize: function () {
      var doc = document.documentElement, body = document.body || doc;
      return {
        scrollWidth: Math.max(doc.scrollWidth, doc.offsetWidth, body.scrollWidth, body.offsetWidth),
        scrollHeight: Math.max(doc.scrollHeight, doc.offsetHeight, body.scrollHeight, body.offsetHeight)
      };
    },
    resizeWindow: function (width, height, callback) {
      var w = typeof width === 'string' && /%$/.test(width) ? width : parseInt(width, 10);
      var h = parseInt(height, 10);
      if (parseInt(w, 10) > 0 && h > 0) send('resizeWindow', { width: w, height: h }, callback);
    },
    fitWindow: function (callback) {
      BX24.resizeWindow('100%', BX24.getScrollSize().scrollHeight, callback);
    },
    setTitle: function (title, callback) { send('setTitle', { title: String(title) }, callback); },
    scrollParentWindow: function (scroll, callback) { send('setScroll', { scroll: scroll }, callback); },
    reloadWindow: function (callback) { send('reloadWindow', undefined, callback); },
    openApplication: function (params, closeCallback, settings) {
      var message = {};
      Object.keys(params || {}).forEach(function (key) { message[key] = params[key]; });
      if (settings) {
        if (settings.width !== undefined) message.bx24_width = settings.width;
        if (settings.leftBoundary !== undefined) message.bx24_leftBoundary = settings.leftBoundary;
        if (settings.title !== undefined) message.bx24_title = settings.title;
        if (settings.label !== undefined) message.bx24_label = settings.label;
      }
      send('openApplication', message, closeCallback);
    },
    closeApplication: function (callback) { send('closeApplication', undefined, callback); },
    openPath: function (path, callback) { send('openPath', { path: path }, callback); },
    appOption: {
      get: function (name) { return initData ? initData.APP_OPTIONS[name] : undefined; },
      set: function (name, value, callback) {
        if (!BX24.isAdmin()) return;
        send('setAppOption', { name: name, value: value }, function (options) {
          if (options && typeof options === 'object') initData.APP_OPTIONS = options;
          if (typeof callback === 'function') callback(options);
        });
      }
    },
    userOption: {
      get: function (name) { return initData ? initData.USER_OPTIONS[name] : undefined; },
      set: function (name, value, callback) {
        if (initData) initData.USER_OPTIONS[name] = value;
        send('setUserOption', { name: name, value: value }, callback);
      }
    },
    selectUser: function (callback) { send('selectUser', { mult: false }, callback); },
    selectUsers: function (callback) { send('selectUser', { mult: true }, callback); },
    selectAccess: function (value, callback) {
      if (typeof value === 'function') { callback = value; value = []; }
      send('selectAccess', { value: value || [] }, callback);
    },
    selectCRM: function (params, callback) { send('selectCRM', params || {}, callback); },
    placement: {
      info: function () {
        return { placement: initData ? initData.PLACEMENT : undefined, options: initData ? initData.PLACEMENT_OPTIONS : undefined };
      },
      getInterface: function (callback) { send('getInterface', undefined, callback); },
      call: function (command, params, callback) {
        if (typeof params === 'function') { callback = params; params = undefined; }
        if (Object.prototype.hasOwnProperty.call(BX24, command)) return; // names of BX24 methods are ignored
        send(command, params, callback);
      },
      bindEvent: function (event, callback) { send('placementBindEvent', { event: event }, callback, true); }
    },
    im: {
      callTo: function (userId, video) { send('imCallTo', { userId: userId, video: !!video }); },
      phoneTo: function (phone) { send('imPhoneTo', { phone: phone }); },
      openMessenger: function (dialogId) { send('imOpenMessenger', { dialogId: dialogId }); },
      openHistory: function (dialogId) { send('imOpenHistory', { dialogId: dialogId }); }
    }
  };

  window.BX24 = BX24;
})();
