/* Emulator, part 5 of 5 — the panel: the emulator's own controls, and the start of the page.

   Why this file exists: the side panel is the developer's control over the emulation, not part of
   the messenger — the context form (widget, chat kind, dialog, language, administrator, install
   mode, init delay, denied commands), the theme (System / Light / Dark), the facts of the
   placement, and the buttons that reload a frame or expire its token. Being the last part served
   inside emulator.js (see part 1), it also starts the page once every part has declared its names. */

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
    // Logged once the server has expired the token, not when the button is clicked: a REST call
    // the frame makes in between still answers with the old token.
    $('pl-expire').addEventListener('click', function () {
      register({ expired: true }).then(function () {
        log('note', 'The access token expired: the next REST call answers expired_token (401) and the frame library refreshes it');
      });
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
