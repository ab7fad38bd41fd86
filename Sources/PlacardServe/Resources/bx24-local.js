/* Placard's offline BX24 frame library (served as /_placard/bx24.js by `placard serve --bx24 local`).

   A protocol-faithful stand-in for the classic https://api.bitrix24.com/api/v1/ library, written
   for Placard: it reads window.name ("DOMAIN|PROTOCOL|APP_SID"), talks to the parent with the
   colon-string messages "command:paramsJSON:callbackId:APP_SID" (replies "callbackId:resultJSON",
   accepted only from http[s]://DOMAIN), and calls REST as POST {PATH}/{method}.json with
   auth=<AUTH_ID>. It keeps the official library's behaviour where that behaviour surprises
   (docs/platform.md §4.1): the install chain, parseInt'ed sizes, 'Query error!' without a callback, the
   callback userOption.set drops. Each such trap is also reported to the emulator's panel
   ({placard: 'warning', text}, a message only the emulator reads). Outside a frame it does what
   the real one does: BX24 = null and "Unable to initialize Bitrix24 JS library!". */
(function () {
  'use strict';
  var match = /^(.+)\|([01])\|([^|]+)$/.exec(window.name || '');
  if (!match) {
    window.BX24 = null;
    throw new Error('Unable to initialize Bitrix24 JS library!');
  }
  var APP_SID = match[3];
  var PARENT_ORIGIN = (match[2] === '1' ? 'https' : 'http') + '://' + match[1];
  var blank = function () {};

  // What the init data told us (the official library calls it PARAMS).
  var params = {
    DOMAIN: match[1].replace(/:(80|443)$/, ''), PROTOCOL: match[2] === '1' ? 1 : 0, PATH: '', LANG: '',
    AUTH_ID: null, REFRESH_ID: null, AUTH_EXPIRES: 0, MEMBER_ID: '', IS_ADMIN: false,
    USER_OPTIONS: {}, APP_OPTIONS: {}, PLACEMENT: undefined, PLACEMENT_OPTIONS: undefined, INSTALL: false
  };
  var isInit = false, isReady = false;
  var initList = [], installList = [], readyList = [];
  var callbacks = {};

  /** A trap of the official library: the browser console and the emulator's panel say so. */
  function warn(text) {
    if (window.console) console.warn('BX24 (Placard preview): ' + text);
    try { window.parent.postMessage({ placard: 'warning', text: text }, PARENT_ORIGIN); } catch (e) { /* no parent */ }
  }

  /** Runs `fn` 10 ms later with `document` as `this`, as the official library defers handlers. */
  function defer(fn, args) {
    setTimeout(function () { fn.apply(document, args || []); }, 10);
  }

  function randomId() {
    var bytes = new Uint8Array(32), alphabet = '0123456789abcdefghijklmnopqrstuvwxyz', out = '';
    crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i++) out += alphabet[bytes[i] % 36];
    return out;
  }

  function register(callback, keep) {
    if (typeof callback !== 'function') return '';
    var id = randomId();
    callbacks[id] = { fn: callback, keep: !!keep };
    return id;
  }

  /** "command:params:callbackId:APP_SID"; `keep` leaves the callback registered (events). */
  function send(command, data, callback, keep) {
    var body = data === undefined || data === null ? '' : JSON.stringify(data);
    window.parent.postMessage(command + ':' + body + ':' + register(callback, keep) + ':' + APP_SID, PARENT_ORIGIN);
  }

  /* Commands with a colon (im:getImTextareaContent, im:setImTextareaContent) are read by the
     messenger only as an object message with requestId at the top level, the form b24jssdk sends
     (frame/message/controller.ts: `{method, params: paramsSend || '', callback, appSid, requestId}`
     with requestId removed from params). A colon string would be parsed as the command "im". */
  function sendObject(command, data, callback) {
    var rest = {}, requestId;
    Object.keys(data || {}).forEach(function (key) {
      if (key === 'requestId') requestId = data[key]; else rest[key] = data[key];
    });
    var message = { method: command, params: Object.keys(rest).length ? rest : '', callback: register(callback), appSid: APP_SID };
    if (requestId !== undefined) message.requestId = requestId;
    window.parent.postMessage(message, PARENT_ORIGIN);
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== PARENT_ORIGIN || typeof event.data !== 'string' || event.data === '') return;
    var colon = event.data.indexOf(':');
    var id = colon < 0 ? event.data : event.data.slice(0, colon);
    var entry = callbacks[id];
    if (!entry) return;
    var raw = colon < 0 ? '' : event.data.slice(colon + 1);
    var value = raw === '' ? [] : JSON.parse(raw);
    if (!entry.keep) delete callbacks[id];
    entry.fn.apply(window, [value]);
  });

  // ---- lifecycle (docs/platform.md §4.1) ----

  function setExpiry(seconds) {
    params.AUTH_EXPIRES = Date.now() + (parseInt(seconds, 10) || 0) * 1000;
  }

  /* Init handlers run as soon as the init data is there (not after DOMContentLoaded), each 10 ms
     later; BX24.init registered afterwards runs 10 ms after the call. Outside install mode
     (INSTALL false) installFinish becomes a no-op. */
  function runInit() {
    BX24.init = function (fn) { if (fn) defer(fn); };
    if (!params.INSTALL) BX24.installFinish = blank;
    var list = initList;
    initList = [];
    list.forEach(function (fn) { BX24.init(fn); });
  }

  /* The install chain of the official library, which runs only when FIRST_RUN is true and
     BX24.install handlers are registered when the init data arrives. Inside it installFinish()
     starts the next installer; after the last one it sends setInstall {install: true}, becomes a
     no-op for good and the init handlers run. It never sends setInstallFinish. */
  function runInstall() {
    var installer = installList.shift();
    if (installer === undefined) {
      BX24.installFinish = blank;
      send('setInstall', { install: true });
      defer(runInit);
      return;
    }
    var next = function () {
      if (params.INSTALL) {
        warn('BX24.installFinish() inside a BX24.install handler only ends that handler (FIRST_RUN is true): it sends setInstall, ' +
          'not setInstallFinish, so the application\'s installation is not finished. Finish the installation from a BX24.init handler.');
      }
      runInstall();
    };
    if (typeof installer === 'function') {
      BX24.installFinish = next;
      try {
        installer.call(document);
      } catch (e) {
        warn('a BX24.install handler threw (the official library shows "Installation failed!"): ' + e);
      }
    } else {
      BX24.loadScript(installer, function () { BX24.installFinish = next; });
    }
  }

  send('getInitData', undefined, function (data) {
    data = data || {};
    params.PATH = params.PATH || data.PATH;
    params.LANG = params.LANG || data.LANG;
    params.PROTOCOL = data.PROTOCOL;
    if (data.AUTH_ID) {
      params.AUTH_ID = data.AUTH_ID;
      params.REFRESH_ID = data.REFRESH_ID;
      setExpiry(data.AUTH_EXPIRES);
      params.IS_ADMIN = !!data.IS_ADMIN;
      params.MEMBER_ID = data.MEMBER_ID || '';
    }
    params.USER_OPTIONS = data.USER_OPTIONS || {};
    params.APP_OPTIONS = data.APP_OPTIONS || {};
    params.PLACEMENT = data.PLACEMENT;
    params.PLACEMENT_OPTIONS = data.PLACEMENT_OPTIONS;
    params.INSTALL = !!data.INSTALL;
    isInit = true;
    if (data.FIRST_RUN && installList.length > 0) runInstall(); else runInit();
  });

  function runReady() {
    if (isReady) return;
    if (!document.body) { setTimeout(runReady, 15); return; }
    isReady = true;
    var list = readyList;
    readyList = [];
    list.forEach(function (fn) { defer(fn); });
  }
  if (document.readyState === 'complete') runReady();
  else {
    document.addEventListener('DOMContentLoaded', runReady);
    window.addEventListener('load', runReady);
  }

  // ---- REST (docs/platform.md §4.1, §5.6) ----

  /** PHP bracket notation: {FILTER: {ID: [1, 2]}} → FILTER[ID][0]=1&FILTER[ID][1]=2. */
  function toQuery(data, prefix) {
    var parts = [];
    Object.keys(data || {}).forEach(function (key) {
      var name = prefix ? prefix + '[' + encodeURIComponent(key) + ']' : encodeURIComponent(key);
      var value = data[key];
      if (value === undefined || typeof value === 'function') return;
      if (value === null) value = '';
      if (value instanceof Date) value = value.toJSON();
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
    this.answer = answer;
    this.query = { method: query.method, data: query.data, callback: query.callback, start: query.start };
    this.status = status;
    if (this.answer.next !== undefined) this.answer.next = parseInt(this.answer.next, 10);
    if (this.answer.error !== undefined) {
      this.answer.ex = new AjaxError(this.status, typeof this.answer.error === 'string' ? this.answer : this.answer.error);
    }
  }
  AjaxResult.prototype.data = function () { return this.answer.result; };
  AjaxResult.prototype.error = function () { return this.answer.ex; };
  AjaxResult.prototype.error_description = function () { return this.answer.error_description; };
  AjaxResult.prototype.more = function () { return !isNaN(this.answer.next); };
  AjaxResult.prototype.total = function () { return parseInt(this.answer.total, 10); };
  AjaxResult.prototype.time = function () { return this.answer.time; };
  AjaxResult.prototype.next = function (callback) {
    if (!this.more()) return false;
    this.query.start = this.answer.next;
    if (typeof callback === 'function') this.query.callback = callback;
    return ajax(this.query);
  };

  // What BX24.js counts as an answer it can read; anything else (5xx, 3xx, a network error)
  // throws 'Query error!' and the callback never runs.
  function readable(status) {
    return (status >= 200 && status < 300) || status === 304 || (status >= 400 && status < 500) || status === 1223 || status === 0;
  }

  function queryError(method, why) {
    warn(method + ': ' + why + ' — the official BX24.js throws \'Query error!\' and never calls the callback');
    throw 'Query error!'; // a string, as the official library throws it
  }

  function ajax(config) {
    if (!isInit) {
      BX24.init(function () { ajax(config); });
      return undefined;
    }
    if (params.AUTH_EXPIRES < Date.now()) {
      BX24.refreshAuth(function () { ajax(config); });
      return undefined;
    }
    var xhr = new XMLHttpRequest();
    var url = 'http' + (params.PROTOCOL ? 's' : '') + '://' + params.DOMAIN + params.PATH + '/' + encodeURIComponent(config.method) + '.json';
    xhr.open('POST', url);
    xhr.onload = function () {
      var status = xhr.status, answer;
      if (!readable(status)) queryError(config.method, 'the portal answered HTTP ' + status);
      if (xhr.responseText.length > 0) {
        try { answer = JSON.parse(xhr.responseText); } catch (e) { queryError(config.method, 'the answer is not JSON'); }
      } else {
        answer = { result: {} };
      }
      if (answer.error === 'expired_token' && !config.refreshed) {
        config.refreshed = true;
        BX24.refreshAuth(function () { ajax(config); });
        return;
      }
      if (typeof config.callback === 'function') config.callback.apply(window, [new AjaxResult(answer, config, status)]);
    };
    xhr.onerror = function () { queryError(config.method, 'the request failed (network error)'); };
    var body = 'auth=' + params.AUTH_ID;
    if (config.start !== undefined) body += '&start=' + parseInt(config.start, 10);
    var rest = toQuery(config.data);
    if (rest) body += '&' + rest;
    xhr.send(body); // no Content-Type: a CORS "simple" request, like the official library
    return xhr;
  }

  function callBatch(calls, callback, haltOnError) {
    var isArray = Array.isArray(calls), cmd = isArray ? [] : {}, count = 0;
    Object.keys(calls || {}).forEach(function (key) {
      var call = calls[key];
      if (!call) return;
      var method = Array.isArray(call) ? call[0] : call.method;
      var data = Array.isArray(call) ? call[1] : call.params;
      if (!method) return;
      count++;
      var query = toQuery(data || {});
      cmd[key] = method + '?' + query;
    });
    if (!count) return undefined;
    return ajax({
      method: 'batch',
      data: { halt: haltOnError ? 1 : 0, cmd: cmd },
      callback: function (result) {
        if (typeof callback !== 'function') return;
        if (result.error()) {
          // The whole batch failed (auth, limits): every command gets that answer.
          var failed = isArray ? [] : {};
          Object.keys(cmd).forEach(function (key) { failed[key] = result; });
          callback.apply(window, [failed]);
          return;
        }
        var data = result.data() || {}, out = isArray ? [] : {};
        var pick = function (bucket, key) { return bucket && typeof bucket === 'object' ? bucket[key] : undefined; };
        // Like BX24.js: a command with a falsy result (false, 0, '') and no error is left out.
        Object.keys(cmd).forEach(function (key) {
          var value = pick(data.result, key), failure = pick(data.result_error, key);
          if (!value && !failure) return;
          out[key] = new AjaxResult({
            result: value || {}, error: failure || undefined,
            total: pick(data.result_total, key), next: pick(data.result_next, key), time: pick(data.result_time, key)
          }, { method: cmd[key].split('?')[0], data: undefined, callback: callback }, result.status);
        });
        callback.apply(window, [out]);
      }
    });
  }

  // ---- small DOM helpers the official library exports ----

  var proxies = new WeakMap(), proxyContext = null;

  // ---- the public API ----

  var BX24 = {
    init: function (callback) { if (callback) initList.push(callback); },
    install: function (callback) { if (callback) installList.push(callback); },
    installFinish: function () { send('setInstallFinish', {}); },
    ready: function (handler) {
      if (typeof handler !== 'function') return;
      if (isReady) defer(handler); else readyList.push(handler);
    },
    isReady: function () { return isReady; },
    getAuth: function () {
      if (!isInit || !(params.AUTH_EXPIRES > Date.now())) return false;
      return {
        access_token: params.AUTH_ID, refresh_token: params.REFRESH_ID, expires_in: params.AUTH_EXPIRES,
        domain: params.DOMAIN, member_id: params.MEMBER_ID
      };
    },
    refreshAuth: function (callback) {
      if (!isInit) return;
      send('refreshAuth', {}, function (data) {
        params.AUTH_ID = data.AUTH_ID;
        params.REFRESH_ID = data.REFRESH_ID;
        setExpiry(data.AUTH_EXPIRES);
        if (callback) callback(BX24.getAuth());
      });
    },
    isAdmin: function () { return !!params.IS_ADMIN; },
    getLang: function () { return params.LANG; },
    getDomain: function () { return params.DOMAIN; },
    callMethod: function (method, data, callback) { return ajax({ method: method, data: data, callback: callback }); },
    callBatch: callBatch,
    callBind: function (event, handler, authType, callback) {
      if (!isInit) {
        var args = arguments;
        BX24.init(function () { BX24.callBind.apply(document, args); });
        return false;
      }
      if (!BX24.isAdmin()) {
        warn('callBind is ignored for a user who is not an administrator (no request, no callback)');
        return false;
      }
      if (typeof authType === 'function') {
        warn('callBind(event, handler, callback): the third argument is auth_type, so the callback is sent as auth_type and never called; use callBind(event, handler, undefined, callback)');
      }
      return BX24.callMethod('event.bind', {
        event: event || '', handler: handler || '', auth_type: authType === undefined ? 0 : (typeof authType === 'function' ? String(authType) : authType)
      }, callback);
    },
    callUnbind: function (event, handler, authType, callback) {
      if (!isInit) {
        var args = arguments;
        BX24.init(function () { BX24.callUnbind.apply(document, args); });
        return false;
      }
      if (!BX24.isAdmin()) {
        warn('callUnbind is ignored for a user who is not an administrator (no request, no callback)');
        return false;
      }
      var data = { event: event || '', handler: handler || '' };
      if (authType !== undefined && authType !== null) data.auth_type = typeof authType === 'function' ? String(authType) : authType;
      return BX24.callMethod('event.unbind', data, callback);
    },
    canUse: function (feature) { return feature === 'upload' ? !!window.FileReader : true; },
    getScrollSize: function () {
      var doc = document.documentElement;
      return { scrollWidth: Math.max(doc.scrollWidth, doc.offsetWidth), scrollHeight: Math.max(doc.scrollHeight, doc.offsetHeight) };
    },
    resizeWindow: function (width, height, callback) {
      if (typeof width === 'string' && /%\s*$/.test(width)) {
        warn('resizeWindow(\'' + width + '\', …) sends width ' + parseInt(width, 10) + ' (px): the official library parseInts both values. fitWindow() is the one that sends \'100%\'.');
      }
      width = parseInt(width, 10);
      height = parseInt(height, 10);
      if (width > 0 && height > 0) send('resizeWindow', { width: width, height: height }, callback);
    },
    fitWindow: function (callback) {
      send('resizeWindow', { width: '100%', height: BX24.getScrollSize().scrollHeight }, callback);
    },
    reloadWindow: function (callback) { send('reloadWindow', {}, callback); },
    setTitle: function (title, callback) { send('setTitle', { title: String(title) }, callback); },
    scrollParentWindow: function (scroll, callback) {
      scroll = parseInt(scroll, 10);
      if (!isNaN(scroll)) send('setScroll', { scroll: scroll }, callback);
    },
    openApplication: function (data, closeCallback, settings) {
      var message = {};
      Object.keys(data || {}).forEach(function (key) { message[key] = data[key]; });
      // Every setting travels as bx24_<name> (core applayout.js reads them back by that prefix).
      Object.keys(settings || {}).forEach(function (key) { message['bx24_' + key] = settings[key]; });
      send('openApplication', message, closeCallback);
    },
    closeApplication: function (callback) { send('closeApplication', {}, callback); },
    openPath: function (path, callback) { send('openPath', { path: path }, callback); },
    appOption: {
      get: function (name) { return isInit ? params.APP_OPTIONS[name] : undefined; },
      set: function (name, value, callback) {
        if (!isInit) return;
        if (!BX24.isAdmin()) {
          warn('appOption.set is a no-op for a user who is not an administrator (nothing is sent, the callback never runs)');
          return;
        }
        params.APP_OPTIONS[name] = value;
        send('setAppOption', { name: name, value: value }, callback);
      }
    },
    userOption: {
      get: function (name) { return isInit ? params.USER_OPTIONS[name] : undefined; },
      set: function (name, value, callback) {
        if (!isInit) return;
        if (callback !== undefined) warn('userOption.set(name, value, callback): the official library drops the callback; it never runs');
        params.USER_OPTIONS[name] = value;
        send('setUserOption', { name: name, value: value });
      }
    },
    selectUser: function (title, callback) {
      if (typeof title === 'function') { callback = title; title = ''; }
      send('selectUser', { title: title, mult: false }, callback);
    },
    selectUsers: function (title, callback) {
      if (typeof title === 'function') { callback = title; title = ''; }
      send('selectUser', { title: title, mult: true }, callback);
    },
    selectAccess: function (title, value, callback) {
      if (typeof title !== 'string') { callback = value; value = title; }
      if (typeof value === 'function') { callback = value; value = []; }
      send('selectAccess', { value: value }, callback);
    },
    selectCRM: function (data, callback) { send('selectCRM', data || {}, callback); },
    placement: {
      info: function () { return { placement: params.PLACEMENT, options: params.PLACEMENT_OPTIONS }; },
      getInterface: function (callback) { send('getInterface', {}, callback); },
      call: function (command, data, callback) {
        if (typeof data === 'function') { callback = data; data = undefined; }
        if (Object.prototype.hasOwnProperty.call(BX24, command)) return; // names of BX24 methods are ignored
        if (String(command).indexOf(':') >= 0) {
          warn('placement.call(\'' + command + '\'): Placard\'s library sends this as the object message the messenger reads ' +
            '({method, params, callback, appSid, requestId} with requestId at the top level). The official BX24.js does not: older copies send ' +
            'a string "command:params:callback:APP_SID", and the 2022 copy sends an object with requestId inside params, where the messenger ' +
            'does not read it; either way the messenger answers nothing. In production, post the object message yourself (or use b24jssdk).');
          sendObject(String(command), data, callback);
          return;
        }
        send(command, data, callback);
      },
      bindEvent: function (event, callback) { send('placementBindEvent', { event: event }, callback, true); }
    },
    im: {
      // As BX24.js sends it: `video` as given, so no key at all when it is left out.
      callTo: function (userId, video) { send('imCallTo', { userId: userId, video: video }); },
      phoneTo: function (phone) { send('imPhoneTo', { phone: phone }); },
      openMessenger: function (dialogId) { send('imOpenMessenger', { dialogId: dialogId }); },
      openHistory: function (dialogId) { send('imOpenHistory', { dialogId: dialogId }); }
    },
    loadScript: function (script, callback) {
      if (!isReady) {
        var args = arguments;
        BX24.ready(function () { BX24.loadScript.apply(this, args); });
        return;
      }
      var list = typeof script === 'string' ? [script] : script || [];
      var load = function (index) {
        if (index >= list.length) { if (typeof callback === 'function') callback(); return; }
        if (!list[index]) { load(index + 1); return; }
        var head = document.getElementsByTagName('head')[0] || document.documentElement;
        var element = document.createElement('script');
        element.setAttribute('charset', 'UTF-8');
        element.onload = function () {
          element.onload = null;
          if (element.parentNode) element.parentNode.removeChild(element);
          setTimeout(function () { load(index + 1); }, 50);
        };
        element.src = list[index];
        head.insertBefore(element, head.firstChild);
      };
      load(0);
    },
    bind: function (element, event, handler) {
      if (!element) return;
      if (event === 'mousewheel') BX24.bind(element, 'DOMMouseScroll', handler);
      else if (event === 'transitionend') {
        ['webkitTransitionEnd', 'msTransitionEnd', 'oTransitionEnd'].forEach(function (name) { BX24.bind(element, name, handler); });
      }
      element.addEventListener(event, handler, false);
    },
    unbind: function (element, event, handler) {
      if (!element) return;
      if (event === 'mousewheel') BX24.unbind(element, 'DOMMouseScroll', handler);
      element.removeEventListener(event, handler, false);
    },
    /** The same function for the same (func, object) pair, called with `object` as `this`;
        during the call proxyContext() is the `this` it was called with. */
    proxy: function (func, object) {
      if (!func || !object) return func;
      var byFunc = proxies.get(object);
      if (!byFunc) { byFunc = new Map(); proxies.set(object, byFunc); }
      if (!byFunc.has(func)) {
        byFunc.set(func, function () {
          var outer = proxyContext;
          proxyContext = this;
          try { return func.apply(object, arguments); } finally { proxyContext = outer; }
        });
      }
      return byFunc.get(func);
    },
    proxyContext: function () { return proxyContext; }
  };
  BX24.callUnBind = BX24.callUnbind;

  window.BX24 = BX24;
})();
