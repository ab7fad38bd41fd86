/* Emulator, part 4 of 5 — the chat: the messenger around the frames.

   Why this file exists: what Bitrix24's messenger shows around a widget — the chat list, the
   messages of the chat (fixtures, then messages the widget sends), the message menu, the composer
   that im:* textarea commands write into, toasts, the application icons, and where each placement
   opens its widget (popup, sidebar, slider, page, phone) and whether the portal would list it.
   Served inside emulator.js (see part 1). */

  var input = $('pl-input');

  function toast(text) {
    var box = $('pl-toast');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { box.hidden = true; }, 3500);
  }

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
    // Messages are BBCode: shown as the messenger renders it (part 3), mentions by name.
    var text = el('div', 'pl-message-text');
    text.appendChild(BBCode.render(String(message.text == null ? '' : message.text), {
      name: function (kind, id) { return kind === 'user' && users[id] ? users[id].name : (kind === 'user' && id === 'all' ? 'all' : id); },
      command: function (kind, value) {
        if (kind === 'put') { input.value = value; input.focus(); } else { addMessage({ id: Date.now(), author_id: 1, text: value }); }
      }
    }));
    item.appendChild(text);
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

  /** White or dark ink, whichever reads better on the hex colour `background` (WCAG luminance). */
  function readableOn(background) {
    var hex = /^#?([0-9a-f]{6})$/i.exec(String(background));
    if (!hex) return '#fff';
    var channel = function (i) {
      var c = parseInt(hex[1].slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    var light = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    return (1.05) / (light + 0.05) >= (light + 0.05) / 0.05 ? '#fff' : '#1d2733';
  }

  function appIcon() {
    var name = widget.options.iconName, drawing = iconDrawing(name);
    var icon = el('span', 'pl-app-icon', drawing ? null : (widgetTitle() || '?').charAt(0));
    if (widget.color) {
      icon.style.background = widget.color;
      icon.style.color = readableOn(widget.color);
    }
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
        '; pixels, as the messenger\'s code sizes its popup (the REST docs say percent: a disagreement, docs/platform.md §9.3). The messenger sizes the popup, not the frame: resizeWindow keeps this size');
      if (w < 200 || h < 150) log('warn', 'IM_TEXTAREA popup ' + w + '×' + h + ' px is below 200×150: too small to use (options.size.small)');
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

  // ---------------------------------------------------------------- messages the widget sent

  if (window.PlacardLive) {
    window.PlacardLive.on('message', function (message) {
      if (String(message.dialogId) === String(ctx.dialogId)) addMessage({ id: message.id, author_id: 1, text: message.text });
      toast('Message sent to ' + message.dialogId);
    });
  }
