/* Placard messenger emulator: the parent side of the Bitrix24 frame protocol (docs/platform.md §3, §5).

   Creates <iframe name="{host:port}|{0|1}|{APP_SID}">, POSTs the standard handler fields into it with
   DOMAIN/PROTOCOL/LANG/APP_SID in the query, and answers the frame's messages as the portal does:
   origin and APP_SID checks, the placement's deny list (denied commands never answer), replies as
   "callbackId:resultJSON" posted to the frame's origin. The placement rules arrive as JSON from
   PlacardRules (#placard-config); nothing about a placement is decided here. */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('placard-config').textContent);
  var widget = config.widget, rules = config.placement, ctx = config.context;
  var surface = rules.surface;
  var $ = function (id) { return document.getElementById(id); };
  var https = location.protocol === 'https:';
  var hasChat = surface !== 'page' && surface !== 'mobilePage';
  var appCode = 'local.placard.preview';

  /** The widget's title as Bitrix24 shows it: LANG_ALL[language].TITLE, else TITLE. */
  function widgetTitle() {
    var titles = widget.titles || {};
    return titles[ctx.lang] || titles[config.site.defaultLanguage] || widget.title;
  }

  function randomHex(length) {
    var bytes = new Uint8Array(length / 2), out = '';
    crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i++) out += ('0' + bytes[i].toString(16)).slice(-2);
    return out;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // AUTH_ID / REFRESH_ID come from the server (register below): its fake portal accepts only
  // the tokens it issued, so another page on this machine cannot call REST with a made-up one.
  var session = {
    auth: '',
    refresh: '',
    expires: 3600,
    member: 'placard' + randomHex(24),
    applicationToken: randomHex(32)
  };

  function loadOptions(key) {
    try { return JSON.parse(localStorage.getItem(key) || '{}') || {}; } catch (e) { return {}; }
  }
  var userOptions = loadOptions('placard.userOptions');
  var appOptions = loadOptions('placard.appOptions');

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

  function toast(text) {
    var box = $('pl-toast');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { box.hidden = true; }, 3500);
  }

  // ---------------------------------------------------------------- REST for the emulator itself

  function rest(method, params) {
    var body = Object.assign({ auth: session.auth }, params || {});
    return fetch('/rest/' + method + '?placard_internal=1', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).catch(function () { return {}; });
  }

  /** Tells the server the chat shown and gets the token for it (a new one with {renew: true}). */
  function register(extra) {
    var body = Object.assign({
      auth: session.auth || undefined, dialogId: ctx.dialogId, chatKind: ctx.chatKind, messageId: ctx.messageId, admin: ctx.admin
    }, extra || {});
    return fetch('/_placard/api/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (grant) {
      if (grant && grant.auth) {
        session.auth = grant.auth;
        session.refresh = grant.refresh;
        session.expires = grant.expires;
      }
    }).catch(function () {});
  }

  // ---------------------------------------------------------------- frames

  var frames = [];

  function placementOptions() {
    var options = {};
    rules.delivers.forEach(function (key) {
      if (key === 'dialogId') options.dialogId = String(ctx.dialogId);
      else if (key === 'messageId') options.messageId = String(ctx.messageId);
      else if (key === 'URI' && ctx.uri) options.URI = '/online/';
    });
    return options;
  }

  /** One application frame: its APP_SID, origin, deny list and the surface that holds it. */
  function AppFrame(spec) {
    this.spec = spec;
    this.placement = spec.placement;
    this.options = spec.options || {};
    this.deny = new Set(spec.deny || []);
    this.install = !!spec.install;
    this.url = new URL(spec.url, location.href);
    this.origin = this.url.origin;
    this.appSid = randomHex(32);
    this.events = {};
    var iframe = this.iframe = document.createElement('iframe');
    iframe.name = location.host + '|' + (https ? 1 : 0) + '|' + this.appSid; // set before it loads anything
    iframe.className = 'pl-frame';
    iframe.title = spec.title || 'Application';
    if (spec.id) iframe.id = spec.id;
    if (spec.width) iframe.style.width = spec.width + 'px';
    if (spec.height) iframe.style.height = spec.height + 'px';
    // Every page the frame loads takes the emulator's theme (livereload.js in it does the same
    // before it paints; this covers pages served without it).
    iframe.addEventListener('load', function () { applyTheme(iframe); });
    spec.host.appendChild(iframe);
    frames.push(this);
    this.load();
  }

  AppFrame.prototype.load = function (extraQuery) {
    var query = new URLSearchParams(this.url.search);
    query.set('DOMAIN', location.host);
    query.set('PROTOCOL', https ? '1' : '0');
    query.set('LANG', ctx.lang);
    query.set('APP_SID', this.appSid);
    Object.keys(extraQuery || {}).forEach(function (key) { query.set(key, extraQuery[key]); });
    var fields = {
      AUTH_ID: session.auth,
      AUTH_EXPIRES: String(session.expires),
      REFRESH_ID: session.refresh,
      SERVER_ENDPOINT: 'https://oauth.bitrix.info/rest/',
      APPLICATION_TOKEN: session.applicationToken,
      APPLICATION_SCOPE: 'im,placement,user_brief',
      member_id: session.member,
      status: 'L',
      PLACEMENT: this.placement
    };
    if (Object.keys(this.options).length) fields.PLACEMENT_OPTIONS = JSON.stringify(this.options);
    var form = el('form');
    form.method = 'POST';
    form.target = this.iframe.name;
    form.action = this.url.pathname + '?' + query.toString();
    form.hidden = true;
    Object.keys(fields).forEach(function (name) {
      var input = el('input');
      input.type = 'hidden';
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
    form.remove();
    log('load', 'POST ' + this.url.pathname + ' as ' + this.placement, fields);
  };

  /** Re-POSTs the page the frame shows now (after a link inside it), not the one it opened with. */
  AppFrame.prototype.reload = function () {
    try {
      var here = this.iframe.contentWindow.location;
      if (here.origin === this.origin) this.url = new URL(here.pathname + here.search, here.href);
    } catch (e) { /* another origin: keep the page it opened with */ }
    this.load();
  };

  AppFrame.prototype.reply = function (callback, result) {
    if (!this.iframe.contentWindow) return;
    this.iframe.contentWindow.postMessage(callback + ':' + (result === undefined ? '' : JSON.stringify(result)), this.origin);
  };

  AppFrame.prototype.remove = function () {
    frames = frames.filter(function (f) { return f !== this; }, this);
    this.iframe.remove();
  };

  AppFrame.prototype.resize = function (params) {
    var frame = this.iframe;
    if (this.spec.fixed) return { width: frame.clientWidth, height: frame.clientHeight };
    var height = parseInt(params && params.height, 10);
    if (height > 0) frame.style.height = Math.min(height, 4000) + 'px';
    var width = params && params.width;
    if (typeof width === 'string' && /%$/.test(width)) {
      frame.style.width = '100%';
    } else if (parseInt(width, 10) > 0) {
      frame.style.width = Math.min(parseInt(width, 10), 4000) + 'px';
    }
    if (this.spec.onResize) this.spec.onResize();
    return { width: frame.clientWidth, height: frame.clientHeight };
  };

  function initData(frame) {
    return {
      LANG: ctx.lang,
      DOMAIN: location.host,
      PROTOCOL: https ? 1 : 0,
      PATH: '/rest',
      AUTH_ID: session.auth,
      AUTH_EXPIRES: session.expires,
      REFRESH_ID: session.refresh,
      MEMBER_ID: session.member,
      FIRST_RUN: !!ctx.firstRun,
      IS_ADMIN: !!ctx.admin,
      INSTALL: frame.install,
      USER_OPTIONS: userOptions,
      APP_OPTIONS: appOptions,
      PLACEMENT: frame.placement,
      PLACEMENT_OPTIONS: frame.options
    };
  }

  // ---------------------------------------------------------------- sliders

  var sliders = [];

  // A click on the shade beside a slider closes the top one, as the portal's side panel does.
  $('pl-sliders').addEventListener('click', function (event) {
    if (event.target === event.currentTarget && sliders.length) sliders[sliders.length - 1].close();
  });

  function openSlider(options) {
    var shade = $('pl-sliders');
    var slider = el('section', 'pl-slider');
    slider.setAttribute('role', 'dialog');
    slider.setAttribute('aria-label', options.title || 'Slider');
    if (options.width) slider.style.width = Math.min(parseInt(options.width, 10) || 0, window.innerWidth - 40) + 'px';
    var header = el('header', 'pl-slider-header');
    var close = el('button', 'pl-slider-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    var title = el('h2', '', options.title || '');
    header.appendChild(close);
    header.appendChild(title);
    if (options.label && options.label.text) header.appendChild(el('span', 'pl-label pl-label-' + (options.label.bgColor || 'blue'), options.label.text));
    var body = el('div', 'pl-slider-body');
    slider.appendChild(header);
    slider.appendChild(body);
    shade.appendChild(slider);
    shade.classList.add('is-open');
    var handle = {
      body: body,
      element: slider,
      setTitle: function (text) { title.textContent = text; },
      close: function () {
        if (!slider.isConnected) return;
        frames.filter(function (f) { return body.contains(f.iframe); }).forEach(function (f) { f.remove(); });
        slider.remove();
        sliders = sliders.filter(function (s) { return s !== handle; });
        if (!shade.children.length) shade.classList.remove('is-open');
        if (options.onClose) options.onClose();
      }
    };
    close.addEventListener('click', handle.close);
    sliders.push(handle);
    return handle;
  }

  // ---------------------------------------------------------------- commands (docs/platform.md §5.5)

  var OPEN_PATH = /^\/(crm\/(deal|lead|contact|company|type)|marketplace|company\/personal\/user\/\d+|workgroups\/group\/\d+)\//;
  var USERS = [
    { id: 1, name: 'Anna Keller', photo: '', position: 'Support lead', url: '/company/personal/user/1/', sub: false, sup: false },
    { id: 7, name: 'Jonas Weber', photo: '', position: 'Account manager', url: '/company/personal/user/7/', sub: false, sup: false },
    { id: 12, name: 'Marta Nowak', photo: '', position: 'Second-line support', url: '/company/personal/user/12/', sub: false, sup: false }
  ];

  function saveOptions() {
    try {
      localStorage.setItem('placard.userOptions', JSON.stringify(userOptions));
      localStorage.setItem('placard.appOptions', JSON.stringify(appOptions));
    } catch (e) { /* private mode */ }
  }

  var input = $('pl-input');

  /* The messenger's IframeCommunicationManager takes requestId from the top level of the object
     message and refuses one without it (im-iframe-copy: `const { requestId, params, method } =
     rawContext`); b24jssdk moves it there and deletes it from params (frame/message/controller.ts:
     `omit(params, [..., 'requestId'])`, then `{method, params, callback, appSid, requestId}`).
     A requestId only inside params is not enough. */
  function textareaRequestId(message) {
    return typeof message.requestId === 'string' && message.requestId !== '' ? message.requestId : null;
  }

  var COMMANDS = {
    // initDelay=<ms> holds the answer back, as a portal that takes a while to answer does: a page
    // must not rely on the init data arriving before its own scripts have run.
    getInitData: function (frame, params, respond) {
      if (ctx.initDelay > 0) {
        log('note', 'getInitData: answering after ' + ctx.initDelay + ' ms (initDelay)');
        setTimeout(function () { respond(initData(frame)); }, ctx.initDelay);
      } else {
        respond(initData(frame));
      }
    },
    getInterface: function (frame, params, respond) { respond({ command: [], event: [] }); },
    refreshAuth: function (frame, params, respond) {
      register({ renew: true }).then(function () {
        respond({ AUTH_ID: session.auth, AUTH_EXPIRES: session.expires, REFRESH_ID: session.refresh });
      });
    },
    resizeWindow: function (frame, params, respond) { respond(frame.resize(params)); },
    setTitle: function (frame, params, respond) {
      var title = String((params && params.title) || '');
      if (frame.spec.setTitle) frame.spec.setTitle(title);
      respond({ title: title });
    },
    setScroll: function (frame, params, respond) {
      window.scrollTo(0, parseInt(params && params.scroll, 10) || 0);
      respond({ scroll: params && params.scroll });
    },
    setUserOption: function (frame, params, respond) {
      userOptions[params.name] = params.value;
      saveOptions();
      respond({ name: params.name, value: params.value });
    },
    setAppOption: function (frame, params, respond) {
      if (!ctx.admin) { log('note', 'setAppOption ignored: not an administrator (no answer)'); return; }
      appOptions[params.name] = params.value;
      saveOptions();
      respond(appOptions);
    },
    setInstall: function (frame, params, respond) {
      // BX24.js sends setInstall when its BX24.install chain ends (FIRST_RUN); from then on its
      // installFinish() is a no-op, so an install page that waits for it never finishes (docs/platform.md §4.1).
      if (frame.install) {
        log('warn', 'setInstall in install mode: it marks this user\'s first run done; only setInstallFinish finishes the installation. ' +
          'BX24.js sends setInstall when its BX24.install handlers (FIRST_RUN) end, and from then on BX24.installFinish() does nothing; ' +
          'finish the installation from a BX24.init handler. (b24jssdk sends setInstall on every first run; then this is harmless.)');
      }
      respond({ install: !!(params && params.install) });
    },
    setInstallFinish: function (frame, params) {
      var finished = !(params && params.value === false);
      frame.install = false;
      ctx.install = false;
      toast('Installation finished: the portal reloads the application (install_finished=' + (finished ? 'Y' : 'N') + ').');
      frame.load({ install_finished: finished ? 'Y' : 'N' });
    },
    reloadWindow: function (frame) { frame.load(); },
    selectUser: function (frame, params, respond) {
      var picked = params && params.mult ? [USERS[1], USERS[2]] : USERS[1];
      toast('User picker: selected ' + (Array.isArray(picked) ? picked.map(function (u) { return u.name; }).join(', ') : picked.name));
      setTimeout(function () { respond(picked); }, 150);
    },
    selectAccess: function (frame, params, respond) {
      setTimeout(function () { respond([{ id: 'U7', name: 'Jonas Weber' }, { id: 'DR1', name: 'Support (with subdepartments)' }]); }, 150);
    },
    selectCRM: function (frame, params, respond) {
      setTimeout(function () {
        respond({ deal: { 0: { id: 'D_2841', type: 'deal', place: 'deal', title: 'Renewal 2026', desc: '', url: '/crm/deal/details/2841/' } } });
      }, 150);
    },
    openApplication: function (frame, params, respond) {
      var options = {}, settings = {};
      Object.keys(params || {}).forEach(function (key) {
        if (key.indexOf('bx24_') === 0) settings[key.slice(5)] = params[key]; else options[key] = params[key];
      });
      var slider = openSlider({
        title: settings.title || config.site.title, width: settings.width, label: settings.label,
        onClose: function () { respond(undefined); }
      });
      if (config.appPage) {
        new AppFrame({
          host: slider.body, placement: 'DEFAULT', options: options, deny: ['resizeWindow'], url: config.appPage,
          title: config.site.title, slider: slider, setTitle: slider.setTitle
        });
      } else {
        slider.body.appendChild(el('p', 'pl-empty', 'The application has no index.html in dist/, so its main page (placement DEFAULT) cannot open here. PLACEMENT_OPTIONS would be: ' + masked(options)));
      }
    },
    closeApplication: function (frame, params, respond) {
      var slider = frame.spec.slider;
      if (slider) slider.close();
      respond(undefined);
    },
    openPath: function (frame, params, respond) {
      if (surface === 'mobilePage' && frame.spec.main) { respond({ result: 'error', errorCode: 'METHOD_NOT_SUPPORTED_ON_DEVICE' }); return; }
      var path = String((params && params.path) || '');
      if (!OPEN_PATH.test(path)) { respond({ result: 'error', errorCode: 'PATH_NOT_AVAILABLE' }); return; }
      var url = path + (path.indexOf('?') >= 0 ? '&' : '?') + 'from=rest_placement&from_app=' + appCode;
      var slider = openSlider({ title: url, onClose: function () { respond({ result: 'close' }); } });
      var note = el('p', 'pl-empty', 'Portal page (emulated): ');
      note.appendChild(el('code', '', url));
      slider.body.appendChild(note);
    },
    imCallTo: function (frame, params) { toast('Call to user ' + (params && params.userId) + (params && params.video ? ' (video)' : '')); },
    imPhoneTo: function (frame, params) { toast('Phone call to ' + (params && params.phone)); },
    imOpenMessenger: function (frame, params) { toast('Open messenger: ' + (params && params.dialogId)); },
    imOpenHistory: function (frame, params) { toast('Open history: ' + (params && params.dialogId)); },
    placementBindEvent: function (frame, params, respond) {
      var name = String((params && params.event) || '');
      frame.events[name] = respond;
      log('note', 'placementBindEvent ' + name + ': messenger placements define no events, so it never fires here');
    },
    'im:getImTextareaContent': function (frame, params, respond, message) {
      var requestId = textareaRequestId(message);
      if (!hasChat) { respond({ requestId: requestId, message: 'Chat is not determined' }); return; }
      respond({ requestId: requestId, text: input.value });
    },
    'im:setImTextareaContent': function (frame, params, respond, message) {
      var requestId = textareaRequestId(message);
      if (!hasChat) { respond({ requestId: requestId, message: 'Chat is not determined' }); return; }
      var text = String(params.text === undefined ? '' : params.text);
      if (params.replace) input.value = text;
      else input.value += (params.withNewLine && input.value ? '\n' : '') + text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.classList.remove('is-flash');
      void input.offsetWidth;
      input.classList.add('is-flash');
      respond({ requestId: requestId, success: true });
    }
  };

  /** "command:params:callbackId:APP_SID", parsed from the right: params may contain colons. */
  function parseString(data) {
    var parts = data.split(':');
    if (parts.length < 3) return null;
    var raw = parts.slice(1, -2).join(':'), params;
    if (raw !== '') {
      try { params = JSON.parse(raw); } catch (e) { return null; }
    }
    return { command: parts[0], params: params, callback: parts[parts.length - 2], appSid: parts[parts.length - 1] };
  }

  window.addEventListener('message', function (event) {
    var frame = null;
    for (var i = 0; i < frames.length; i++) if (frames[i].iframe.contentWindow === event.source) frame = frames[i];
    if (!frame) return;
    if (event.origin !== frame.origin) { log('drop', 'message from ' + event.origin + ', not the handler origin ' + frame.origin); return; }
    var data = event.data, message = null;
    if (typeof data === 'string') {
      message = parseString(data);
    } else if (data && typeof data === 'object' && typeof data.method === 'string') {
      message = {
        command: data.method, params: data.params === '' ? undefined : data.params, callback: data.callback,
        appSid: data.appSid, requestId: data.requestId, object: true
      };
    } else if (data && typeof data === 'object' && data.placard === 'warning' && typeof data.text === 'string') {
      // Placard's own BX24 library reports where the official one behaves in a surprising way.
      log('warn', data.text.slice(0, 500));
      return;
    }
    if (!message) {
      if (typeof data === 'string' && data.indexOf('im:') === 0) {
        log('drop', 'an im:* command sent as a colon string: the messenger only reads the object message {method, params, callback, appSid, requestId}', data.slice(0, 200));
      } else {
        log('drop', 'malformed message', typeof data === 'string' ? data.slice(0, 200) : data);
      }
      return;
    }
    var command = message.command;
    var textarea = command.indexOf('im:') === 0;
    // The IM textarea handler checks origin and requestId, not APP_SID (docs/platform.md §5.3).
    if (!textarea && message.appSid !== frame.appSid) { log('drop', command + ': APP_SID does not match this frame'); return; }
    if (textarea && !message.object) { log('drop', command + ' as a colon string: the messenger only reads the object message'); return; }
    if (textarea && !textareaRequestId(message)) {
      var inner = message.params && typeof message.params === 'object' && message.params.requestId;
      log('drop', command + ' without a top-level requestId' + (inner ? ' (one inside params is not read by the messenger)' : '') + ': no answer', message.params);
      return;
    }
    if (frame.deny.has(command)) { log('deny', command + ' is denied in ' + frame.placement + ': no answer', message.params); return; }
    var handler = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : null;
    if (!handler) {
      log('drop', 'unknown command ' + command + ' (ignored, as Bitrix24 does)', message.params);
      return;
    }
    log('in', command, message.params);
    handler(frame, message.params || {}, function (result) {
      if (!message.callback) return;
      frame.reply(message.callback, result);
      log('out', command + ' ← reply', result);
    }, message);
  });

  // ---------------------------------------------------------------- the messenger around the frame

  var CHATS = [
    { kind: 'group', dialogId: 'chat1489', title: 'Support desk', subtitle: 'Group chat' },
    { kind: 'private', dialogId: '7', title: 'Jonas Weber', subtitle: 'Private chat' },
    { kind: 'lines', dialogId: 'chat2210', title: 'Website chat', subtitle: 'Open channel' },
    { kind: 'crm', dialogId: 'chat3175', title: 'Deal #2841: Renewal', subtitle: 'CRM chat' }
  ];

  function query(changes) {
    var params = new URLSearchParams(location.search);
    Object.keys(changes).forEach(function (key) {
      if (changes[key] === null) params.delete(key); else params.set(key, changes[key]);
    });
    return params.toString();
  }

  function renderChatList() {
    var list = $('pl-chats');
    CHATS.forEach(function (chat) {
      var item = el('li', 'pl-chatlist-item' + (chat.kind === ctx.chatKind ? ' is-active' : ''));
      var link = el('a', '', chat.title);
      link.href = location.pathname + '?' + query({ kind: chat.kind, dialogId: chat.dialogId });
      link.appendChild(el('small', '', chat.subtitle));
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  var users = {};

  function addMessage(message, highlight) {
    var list = $('pl-messages');
    var author = users[message.author_id];
    var item = el('li', 'pl-message' + (message.author_id === 0 ? ' is-system' : '') + (message.author_id === 1 ? ' is-mine' : ''));
    item.dataset.id = String(message.id);
    if (highlight) item.classList.add('is-target');
    if (message.author_id !== 0) item.appendChild(el('strong', '', author ? author.name : 'User ' + message.author_id));
    item.appendChild(el('p', '', message.text));
    if (surface === 'slider') {
      var more = el('button', 'pl-message-more', '⋯');
      more.type = 'button';
      more.setAttribute('aria-label', 'Message menu');
      more.addEventListener('click', function () { showMessageMenu(item); });
      item.appendChild(more);
    }
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
    return item;
  }

  function showMessageMenu(item) {
    var old = document.querySelector('.pl-menu');
    if (old) old.remove();
    var menu = el('ul', 'pl-menu');
    ['Reply', 'Copy', 'Pin', 'Forward'].forEach(function (label) { menu.appendChild(el('li', 'pl-menu-muted', label)); });
    var entry = el('li');
    var button = el('button', 'pl-menu-app', 'More ▸ ' + widgetTitle());
    button.type = 'button';
    button.addEventListener('click', function () {
      menu.remove();
      ctx.messageId = item.dataset.id;
      openWidget();
    });
    entry.appendChild(button);
    menu.appendChild(entry);
    item.appendChild(menu);
  }

  function renderChat() {
    var chat = CHATS.filter(function (c) { return c.kind === ctx.chatKind; })[0] || CHATS[0];
    $('pl-chat-title').textContent = chat.title;
    $('pl-chat-subtitle').textContent = chat.subtitle + ' · ' + ctx.dialogId;
    $('pl-chat-avatar').textContent = chat.title.charAt(0);
    rest('im.dialog.get', { DIALOG_ID: ctx.dialogId }).then(function (answer) {
      if (answer.result && answer.result.name) $('pl-chat-title').textContent = answer.result.name;
      if (answer.result && answer.result.description) $('pl-sidebar-about').textContent = answer.result.description;
    });
    return rest('im.dialog.messages.get', { DIALOG_ID: ctx.dialogId, LIMIT: 20 }).then(function (answer) {
      var result = answer.result || {};
      (result.users || []).forEach(function (user) {
        users[user.id] = user;
        var member = el('li', '', user.name);
        member.appendChild(el('small', '', user.work_position || ''));
        $('pl-members').appendChild(member);
      });
      var messages = (result.messages || []).slice().reverse();
      var target = String(ctx.messageId);
      if (surface === 'slider' && !messages.some(function (m) { return String(m.id) === target; })) {
        messages.push({ id: target, author_id: 7, text: 'Message #' + target });
      }
      messages.forEach(function (message) { addMessage(message, surface === 'slider' && String(message.id) === target); });
    });
  }

  /* Font Awesome is not bundled (the preview is offline), so common icon names are drawn as
     simple line icons of our own: an approximation of the glyph, not Font Awesome's. A name not
     in this map shows the title's first letter. FA4's outline variants (-o) share the drawing. */
  function circle(cx, cy, r) { return 'M' + (cx - r) + ' ' + cy + 'a' + r + ' ' + r + ' 0 1 0 ' + 2 * r + ' 0a' + r + ' ' + r + ' 0 1 0 ' + -2 * r + ' 0'; }
  var ICONS = {
    book: ['M4 5h6a2 2 0 0 1 2 2v12a2 2 0 0 0-2-2H4z', 'M20 5h-6a2 2 0 0 0-2 2v12a2 2 0 0 1 2-2h6z'],
    comment: ['M4 5h16v10H9l-4 4v-4H4z'],
    commenting: ['M4 5h16v10H9l-4 4v-4H4z', 'M8 10h.01', 'M12 10h.01', 'M16 10h.01'],
    comments: ['M3 4h12v8H7l-4 3z', 'M9 15h6l4 3v-3h2V8h-3'],
    user: [circle(12, 8, 4), 'M4 20a8 8 0 0 1 16 0'],
    users: [circle(9, 8, 3), 'M3 19a6 6 0 0 1 12 0', circle(17, 9, 2.5), 'M15 14a5 5 0 0 1 6 5'],
    envelope: ['M3 6h18v12H3z', 'M3 6l9 7 9-7'],
    phone: ['M6 3h4l1 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 1v4a2 2 0 0 1-2 2A16 16 0 0 1 4 5a2 2 0 0 1 2-2z'],
    calendar: ['M4 6h16v14H4z', 'M4 10h16', 'M8 3v5', 'M16 3v5'],
    question: ['M9 8.5a3 3 0 1 1 4 2.8c-.8.4-1 1-1 1.7v1', 'M12 18h.01'],
    'question-circle': [circle(12, 12, 9), 'M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.8.4-1 1-1 1.7', 'M12 17h.01'],
    info: ['M12 10v9', 'M12 5h.01'],
    'info-circle': [circle(12, 12, 9), 'M12 11v6', 'M12 7h.01'],
    star: ['M12 3l2.8 5.7 6.2.9-4.5 4.4 1.1 6.2L12 17.3l-5.6 2.9 1.1-6.2L3 9.6l6.2-.9z'],
    check: ['M5 12l5 5 9-10'],
    list: ['M8 6h12', 'M8 12h12', 'M8 18h12', 'M4 6h.01', 'M4 12h.01', 'M4 18h.01'],
    bars: ['M4 6h16', 'M4 12h16', 'M4 18h16'],
    search: [circle(10.5, 10.5, 6), 'M15 15l5 5'],
    file: ['M6 3h8l4 4v14H6z'],
    'file-text': ['M6 3h8l4 4v14H6z', 'M9 12h6', 'M9 16h6'],
    bell: ['M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z', 'M10 20a2 2 0 0 0 4 0'],
    home: ['M3 11l9-8 9 8', 'M5 10v10h14V10'],
    clock: [circle(12, 12, 9), 'M12 7v5l3 3']
  };

  function iconDrawing(name) {
    var key = String(name || '').replace(/^fa\s+/, '').replace(/^fa-/, '');
    return ICONS[key] || ICONS[key.replace(/-o$/, '')] || null;
  }

  function appIcon() {
    var name = widget.options.iconName, drawing = iconDrawing(name);
    var icon = el('span', 'pl-app-icon', drawing ? null : (widgetTitle() || '?').charAt(0));
    if (widget.color) icon.style.background = widget.color;
    if (name) {
      icon.dataset.icon = name;
      icon.title = name + (drawing ? ' (drawn offline, not Font Awesome\'s glyph)' : ' (not in the preview\'s offline icons)');
    }
    if (drawing) {
      var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('viewBox', '0 0 24 24');
      svg.setAttribute('aria-hidden', 'true');
      drawing.forEach(function (d) {
        var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
        path.setAttribute('d', d);
        svg.appendChild(path);
      });
      icon.appendChild(svg);
    }
    return icon;
  }

  function appBadge(className) {
    var button = el('button', className);
    button.type = 'button';
    button.appendChild(appIcon());
    button.appendChild(el('span', 'pl-app-title', widgetTitle()));
    button.addEventListener('click', function () { openWidget(); });
    return button;
  }

  // ---------------------------------------------------------------- opening the widget per surface

  var mainFrame = null, closeMain = null;

  function frameSpec(host, extra) {
    return Object.assign({
      host: host, id: 'pl-frame', main: true, placement: rules.code, options: placementOptions(),
      deny: Array.from(new Set(ctx.deny)), url: widget.url, install: ctx.install, title: widgetTitle()
    }, extra || {});
  }

  function openWidget() {
    if (closeMain) closeMain();
    var stage = $('pl-stage');
    if (surface === 'sidebar') {
      var panel = el('section', 'pl-detail');
      var header = el('header', 'pl-detail-header');
      var back = el('button', '', '‹');
      back.type = 'button';
      back.setAttribute('aria-label', 'Back');
      header.appendChild(back);
      var title = el('h2', '', widgetTitle());
      header.appendChild(title);
      var body = el('div', 'pl-detail-body');
      panel.appendChild(header);
      panel.appendChild(body);
      $('pl-sidebar-main').hidden = true;
      $('pl-sidebar').appendChild(panel);
      mainFrame = new AppFrame(frameSpec(body, { setTitle: function (t) { title.textContent = t; } }));
      closeMain = function () { mainFrame.remove(); panel.remove(); $('pl-sidebar-main').hidden = false; };
      back.addEventListener('click', function () { closeMain(); closeMain = null; });
    } else if (surface === 'popup') {
      var popup = el('div', 'pl-popup');
      popup.setAttribute('role', 'dialog');
      popup.setAttribute('aria-label', widgetTitle());
      var composer = $('pl-composer');
      composer.appendChild(popup);
      var maxWidth = function () { return Math.max(100, $('pl-chat').clientWidth - 24); };
      var maxHeight = function () { return Math.max(60, $('pl-chat').clientHeight - composer.clientHeight - document.querySelector('.pl-chat-header').offsetHeight - 16); };
      var w = parseInt(widget.options.width, 10), h = parseInt(widget.options.height, 10);
      if (!(w >= 0)) w = 100;
      if (!(h >= 0)) h = 100;
      var shownW = Math.min(w, maxWidth()), shownH = Math.min(h, maxHeight());
      log('note', 'IM_TEXTAREA popup ' + shownW + '×' + shownH + ' px from OPTIONS width/height ' + w + '×' + h +
        (widget.options.width === undefined ? ' (defaults)' : '') + (shownW < w || shownH < h ? ', reduced to fit' : '') +
        '; the unit is unverified (docs: percent, messenger source: px). The messenger sizes the popup, not the frame: resizeWindow keeps this size');
      // fixed: the messenger opens the popup at the OPTIONS size (docs/platform.md §1.1); fitWindow
      // and resizeWindow answer that size instead of growing the frame out of the popup.
      mainFrame = new AppFrame(frameSpec(popup, { width: shownW, height: shownH, fixed: true }));
      var onOutside = function (event) {
        if (!popup.contains(event.target) && !event.target.closest('.pl-app')) { closeMain(); closeMain = null; }
      };
      setTimeout(function () { document.addEventListener('mousedown', onOutside); });
      closeMain = function () { document.removeEventListener('mousedown', onOutside); mainFrame.remove(); popup.remove(); };
    } else if (surface === 'slider') {
      var slider = openSlider({ title: widgetTitle(), onClose: function () { closeMain = null; } });
      mainFrame = new AppFrame(frameSpec(slider.body, { slider: slider, setTitle: slider.setTitle }));
      closeMain = function () { slider.close(); };
    } else if (surface === 'page') {
      var page = $('pl-navpage');
      page.hidden = false;
      stage.classList.add('is-navigation');
      mainFrame = new AppFrame(frameSpec(page));
      closeMain = function () { mainFrame.remove(); page.hidden = true; stage.classList.remove('is-navigation'); };
    } else {
      $('pl-messenger').hidden = true;
      $('pl-phone').hidden = false;
      $('pl-phone-title').textContent = widgetTitle();
      mainFrame = new AppFrame(frameSpec($('pl-phone-body'), { fixed: true, setTitle: function (t) { $('pl-phone-title').textContent = t; } }));
      closeMain = function () { mainFrame.remove(); };
    }
  }

  /** Whether Bitrix24 would list the widget here (context is filtered in the client, role on the server). */
  function availability() {
    var reasons = [];
    var optionContext = String(widget.options.context || 'ALL').split(';');
    var token = { group: 'CHAT', private: 'USER', lines: 'LINES', crm: 'CRM' }[ctx.chatKind];
    if (rules.accepts.indexOf('context') >= 0 && surface !== 'mobilePage' &&
        optionContext.indexOf('ALL') < 0 && optionContext.indexOf(token) < 0) {
      reasons.push('its context ' + optionContext.join(';') + ' does not include ' + token + ' (this is a ' + ctx.chatKind + ' chat)');
    }
    if (widget.options.role === 'ADMIN' && !ctx.admin && surface !== 'mobilePage') reasons.push('its role is ADMIN and you are not an administrator');
    return reasons;
  }

  function placeEntryPoint() {
    if (surface === 'popup') $('pl-apps').appendChild(appBadge('pl-app'));
    if (surface === 'sidebar') {
      var item = el('li');
      item.appendChild(appBadge('pl-sidebar-app'));
      $('pl-sidebar-apps').appendChild(item);
    }
    if (surface === 'page') {
      var nav = appBadge('pl-nav-item pl-nav-app');
      $('pl-nav').appendChild(nav);
      document.querySelector('.pl-nav-item.is-active').classList.remove('is-active');
      nav.classList.add('is-active');
    }
  }

  // ---------------------------------------------------------------- theme

  // System / Light / Dark, remembered in localStorage ('placard.theme'). A forced theme is
  // data-placard-theme on <html> of this page and of every widget frame (same origin), which
  // emulator.css and runtime.css read; System removes it, so prefers-color-scheme decides.
  function storedTheme() {
    try { var t = localStorage.getItem('placard.theme'); return t === 'light' || t === 'dark' ? t : 'system'; } catch (e) { return 'system'; }
  }

  function applyTheme(iframe) {
    var theme = storedTheme(), root;
    try { root = iframe ? iframe.contentDocument && iframe.contentDocument.documentElement : document.documentElement; } catch (e) { return; }
    if (!root) return;
    if (theme === 'system') root.removeAttribute('data-placard-theme'); else root.setAttribute('data-placard-theme', theme);
  }

  function setTheme(theme) {
    try {
      if (theme === 'system') localStorage.removeItem('placard.theme'); else localStorage.setItem('placard.theme', theme);
    } catch (e) { /* storage blocked: this page only */ }
    applyTheme(null);
    frames.forEach(function (f) { applyTheme(f.iframe); });
    log('note', 'Theme: ' + theme + (theme === 'system' ? ' (prefers-color-scheme decides)' : ' (data-placard-theme="' + theme + '" on the emulator and its frames)'));
  }

  // ---------------------------------------------------------------- side panel

  function fillPanel() {
    $('pl-theme').value = storedTheme();
    $('pl-theme').addEventListener('change', function () { setTheme($('pl-theme').value); });
    var widgets = $('pl-widget');
    config.widgets.forEach(function (w) {
      var option = el('option', '', w.title + ' (' + w.placement + ')');
      option.value = w.id;
      option.selected = w.id === widget.id;
      widgets.appendChild(option);
    });
    widgets.addEventListener('change', function () {
      var keep = new URLSearchParams();
      ['lang', 'admin'].forEach(function (k) { var v = new URLSearchParams(location.search).get(k); if (v) keep.set(k, v); });
      location.href = '/_placard/preview/' + encodeURIComponent(widgets.value) + (keep.toString() ? '?' + keep : '');
    });
    config.chatKinds.forEach(function (kind) {
      var option = el('option', '', { group: 'group chat', private: 'private chat', lines: 'open channel', crm: 'CRM chat' }[kind] || kind);
      option.value = kind;
      option.selected = kind === ctx.chatKind;
      $('pl-kind').appendChild(option);
    });
    $('pl-kind').addEventListener('change', function () {
      var chat = CHATS.filter(function (c) { return c.kind === $('pl-kind').value; })[0];
      if (chat) $('pl-dialog').value = chat.dialogId;
    });
    config.languages.forEach(function (lang) {
      var option = el('option', '', lang);
      option.value = lang;
      option.selected = lang === ctx.lang;
      $('pl-lang').appendChild(option);
    });
    $('pl-dialog').value = ctx.dialogId;
    $('pl-message').value = ctx.messageId;
    $('pl-admin').value = ctx.admin ? 'Y' : 'N';
    $('pl-uri').value = ctx.uri ? 'Y' : 'N';
    $('pl-install').value = ctx.install ? 'Y' : 'N';
    $('pl-firstrun').value = ctx.firstRun ? 'Y' : 'N';
    $('pl-initdelay').value = ctx.initDelay > 0 ? String(ctx.initDelay) : '';
    $('pl-deny').value = ctx.deny.join(',');
    $('pl-context').action = location.pathname;
    $('pl-reload').addEventListener('click', function () { frames.forEach(function (f) { f.reload(); }); });
    $('pl-expire').addEventListener('click', function () {
      register({ expired: true });
      log('note', 'The access token expired: the next REST call answers expired_token (401) and the frame library refreshes it');
    });
    $('pl-clear').addEventListener('click', function () { $('pl-log').textContent = ''; });
    $('pl-send').addEventListener('click', function () {
      if (!input.value.trim()) return;
      addMessage({ id: Date.now(), author_id: 1, text: input.value });
      input.value = '';
    });

    var info = $('pl-info');
    var rows = [
      ['Placement', rules.code + ' (' + surface + ')'],
      ['PLACEMENT_OPTIONS', JSON.stringify(placementOptions())],
      ['Denied', ctx.deny.length ? ctx.deny.join(', ') : 'nothing'],
      ['Extra commands', rules.extraCommands.length ? rules.extraCommands.join(', ') : 'none'],
      ['BX24 library', config.bx24 === 'local' ? 'Placard offline emulation' : 'official (needs the internet)']
    ];
    var table = el('dl');
    rows.forEach(function (row) { table.appendChild(el('dt', '', row[0])); table.appendChild(el('dd', '', row[1])); });
    info.appendChild(table);
  }

  /** The application's own page (/_placard/app/install, /_placard/app/index) in the application
      frame, as Bitrix24 opens it: placement DEFAULT in a slider, install.html in install mode.
      The widget stays where its placement puts it, to be opened as usual. */
  function openAppPage() {
    var install = config.openApp === '/install.html';
    var slider = openSlider({ title: config.site.title });
    new AppFrame({
      host: slider.body, id: 'pl-app-frame', placement: 'DEFAULT', options: {}, deny: ['resizeWindow'], url: config.openApp,
      install: install, title: config.site.title, slider: slider, setTitle: slider.setTitle
    });
    log('note', 'Application page ' + config.openApp + (install ? ' in install mode (INSTALL=Y), as Bitrix24 opens it when the app is installed' : ' (placement DEFAULT)'));
  }

  // ---------------------------------------------------------------- live reload and server events

  if (window.PlacardLive) {
    window.PlacardLive.widget = widget.id;
    window.PlacardLive.reload = function () {
      log('note', 'Rebuilt: reloading the frame');
      frames.forEach(function (f) { f.reload(); });
    };
    window.PlacardLive.restyle = function (stylesheet) {
      log('note', 'Stylesheet rebuilt: swapping it for ' + stylesheet.name + ' without a reload');
      frames.forEach(function (f) {
        try { window.PlacardLive.swapStylesheet(f.iframe.contentDocument, stylesheet); } catch (e) { f.reload(); }
      });
    };
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
    window.PlacardLive.on('message', function (message) {
      if (String(message.dialogId) === String(ctx.dialogId)) addMessage({ id: message.id, author_id: 1, text: message.text });
      toast('Message sent to ' + message.dialogId);
    });
  }

  // ---------------------------------------------------------------- start

  document.body.classList.add('surface-' + surface);
  applyTheme(null);
  fillPanel();
  renderChatList();
  placeEntryPoint();
  register().then(renderChat).then(function () {
    if (config.openApp) { openAppPage(); return; }
    var reasons = availability();
    if (!reasons.length) { openWidget(); return; }
    var notice = el('div', 'pl-unavailable');
    notice.setAttribute('role', 'note');
    notice.appendChild(el('p', '', 'Bitrix24 would not show this widget here: ' + reasons.join('; ') + '.'));
    var open = el('button', '', 'Open anyway');
    open.type = 'button';
    open.addEventListener('click', function () { notice.remove(); openWidget(); });
    notice.appendChild(open);
    $('pl-stage').appendChild(notice);
    log('note', 'Widget not listed in this chat: ' + reasons.join('; '));
  });
  window.PlacardEmulator = { config: config, frames: function () { return frames.slice(); }, open: openWidget };
})();
