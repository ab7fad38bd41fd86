/* Emulator, part 1 of 5 — frames and protocol: the parent side of the Bitrix24 frame protocol
   (docs/platform.md §3, §5).

   Why this file exists: everything a widget frame talks to is here and nowhere else — the shared
   page state (the #placard-config JSON, the session and its tokens), the <iframe name=
   "{host:port}|{0|1}|{APP_SID}"> with the standard handler fields POSTed into it (DOMAIN/PROTOCOL/
   LANG/APP_SID in the query), sliders that hold frames, and the answers to the frame's messages as the
   portal gives them: origin and APP_SID checks, the placement's deny list (denied commands never
   answer), replies as "callbackId:resultJSON" posted to the frame's origin. The placement rules arrive
   as JSON from PlacardRules; nothing about a placement is decided here.

   The server serves the five parts as one script, /_placard/emulator.js, inside one function scope
   (EmulatorScript.swift, in this order: frames, log, bbcode, chat, panel); so names declared in one part are
   seen by the others, and the panel part, last, starts the page. */

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

  function setBehindSliders(covered) {
    ['pl-messenger', 'pl-phone'].forEach(function (id) { $(id).inert = covered; });
  }

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
    slider.setAttribute('aria-modal', 'true');
    // The shade covers the messenger, as the portal's side panel does: what is under it is
    // inert (not focusable, not read) until the last slider closes.
    setBehindSliders(true);
    var handle = {
      body: body,
      element: slider,
      setTitle: function (text) { title.textContent = text; },
      close: function () {
        if (!slider.isConnected) return;
        frames.filter(function (f) { return body.contains(f.iframe); }).forEach(function (f) { f.remove(); });
        slider.remove();
        sliders = sliders.filter(function (s) { return s !== handle; });
        if (!shade.children.length) { shade.classList.remove('is-open'); setBehindSliders(false); }
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

  /* The messenger's IframeCommunicationManager takes requestId from the top level of the object
     message and refuses one without it (im-iframe-copy: `const { requestId, params, method } =
     rawContext`); b24jssdk moves it there and deletes it from params (frame/message/controller.ts:
     `omit(params, [..., 'requestId'])`, then `{method, params, callback, appSid, requestId}`).
     A requestId only inside params is not enough. */
  function textareaRequestId(message) {
    return typeof message.requestId === 'string' && message.requestId !== '' ? message.requestId : null;
  }

  /* The messenger's textarea handler listens in the web messenger's chat. Whether anything answers
     an im:* command from a slider (IM_CONTEXT_MENU, an openApplication slider) or from the mobile
     app's page is not known from any source (docs/platform.md §9.2, §9.4: unverified), so the
     emulator inserts nothing there and sends no answer, and the panel says why. */
  function unverifiedTextarea(frame, command) {
    var where = surface === 'mobilePage' && frame.spec.main ? 'the mobile app\'s page (IMMOBILE_CONTEXT_MENU)'
      : frame.spec.slider ? 'a slider (' + frame.placement + ')' : null;
    if (!where) return false;
    log('unverified', command + ' from ' + where + ': whether a portal\'s messenger answers here is unverified (it is not known to listen ' +
      'outside the chat), so the emulator neither inserts the text nor answers. Check it on a portal before relying on it.');
    return true;
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
      if (unverifiedTextarea(frame, message.command)) return;
      if (!hasChat) { respond({ requestId: requestId, message: 'Chat is not determined' }); return; }
      respond({ requestId: requestId, text: input.value });
    },
    'im:setImTextareaContent': function (frame, params, respond, message) {
      var requestId = textareaRequestId(message);
      if (unverifiedTextarea(frame, message.command)) return;
      if (!hasChat) { respond({ requestId: requestId, message: 'Chat is not determined' }); return; }
      var text = String(params.text === undefined ? '' : params.text);
      // As the messenger: at the cursor, replacing a selected fragment (withNewLine: on a new
      // line at the end); replace: the whole field.
      if (params.replace) {
        input.value = text;
      } else if (params.withNewLine) {
        input.value += (input.value ? '\n' : '') + text;
      } else {
        var start = input.selectionStart, end = input.selectionEnd;
        if (typeof start !== 'number') start = end = input.value.length;
        input.setRangeText(text, start, end, 'end');
      }
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
        appSid: data.appSid, requestId: data.requestId, object: true, rawParams: data.params
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
    // The messenger validates `Type.isObject(params) || Type.isString(params)` and answers
    // nothing otherwise (docs/platform.md §9.2): no params, null, a number or a boolean.
    var raw = message.rawParams;
    if (textarea && !((raw !== null && typeof raw === 'object') || typeof raw === 'function' || typeof raw === 'string')) {
      log('drop', command + ' with ' + (raw === undefined ? 'no params' : 'params ' + (raw === null ? 'null' : 'of type ' + typeof raw)) +
        ': the messenger answers only when params is an object or a string, so there is no answer');
      return;
    }
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

  // ---------------------------------------------------------------- live reload of the frames

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
  }
