/* Emulator, part 3 of 5 — BBCode: chat messages rendered as the Bitrix24 messenger shows them.

   Why this file exists: so that the emulated chat shows what a customer will see when a reply is sent (or a
   widget calls im.message.add): messages are BBCode, not Markdown (docs/platform.md §9.1).
   An approximation of the messenger's renderer, not a copy: [b] [i] [u] [s], [url], [code],
   >> quote lines and ------ quote blocks, [br] and line breaks, [user=…]/[chat=…] mentions as
   names, [send=…]/[put=…] commands, [color=#…], [size=N]. A tag without its partner is text.
   Builds DOM nodes only (never HTML text), so a message cannot inject markup. Its own scope
   (BBCode.render is its one name); served inside emulator.js (see part 1). */
var BBCode = (function () {
  var PAIRED = ['b', 'i', 'u', 's', 'url', 'code', 'user', 'chat', 'send', 'put', 'call', 'color', 'size', 'context'];
  var TAG = /\[(\/?)([a-z]{1,8})(?:([= ])([^\[\]\r\n]*))?\]/gi;

  /** The tags of `text` that have a partner, as [{open, close}] token pairs; the rest is text. */
  function tokens(text) {
    var found = [], match;
    TAG.lastIndex = 0;
    while ((match = TAG.exec(text))) {
      var name = match[2].toLowerCase();
      if (name === 'br' && !match[1] && !match[3]) { found.push({ name: 'br', start: match.index, end: TAG.lastIndex, single: true }); continue; }
      if (PAIRED.indexOf(name) < 0 || (match[1] && match[3])) continue;
      found.push({ name: name, closing: Boolean(match[1]), value: match[3] === '=' ? match[4] : (match[4] || ''),
                   start: match.index, end: TAG.lastIndex });
    }
    // Pair them: a closing tag takes the nearest open one of its name; inside [code] nothing is a tag.
    var stack = [], kept = [];
    for (var i = 0; i < found.length; i++) {
      var t = found[i];
      var inCode = stack.some(function (s) { return s.name === 'code'; });
      if (inCode && !(t.closing && t.name === 'code')) continue;
      if (t.single) { kept.push(t); continue; }
      if (!t.closing) { stack.push(t); continue; }
      for (var k = stack.length - 1; k >= 0; k--) {
        if (stack[k].name === t.name) { stack[k].partner = t; t.opener = stack[k]; kept.push(stack[k], t); stack.length = k; break; }
      }
    }
    return kept.sort(function (a, b) { return a.start - b.start; });
  }

  var SAFE_URL = /^(https?:|mailto:|tel:)/i;

  function element(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  /** Renders one run of text (no quote lines) into `parent`. */
  function inline(text, parent, hooks) {
    var list = tokens(text), at = 0, stack = [{ node: parent }];
    var top = function () { return stack[stack.length - 1].node; };
    var addText = function (s) { if (s) top().appendChild(document.createTextNode(s)); };
    list.forEach(function (t) {
      addText(text.slice(at, t.start));
      at = t.end;
      if (t.single) { top().appendChild(document.createElement('br')); return; }
      if (t.closing) {
        while (stack.length > 1) { var open = stack.pop(); if (open.token === t.opener) break; }
        return;
      }
      var node;
      switch (t.name) {
        case 'b': node = element('b'); break;
        case 'i': node = element('i'); break;
        case 'u': node = element('u'); break;
        case 's': node = element('s'); break;
        case 'code': {
          // Verbatim up to its [/code]: a block, as the messenger shows code.
          node = element('pre', 'pl-bb-code');
          node.textContent = text.slice(t.end, t.partner.start).replace(/^\n/, '');
          top().appendChild(node);
          at = t.partner.end;
          return;
        }
        case 'url': {
          var inner = text.slice(t.end, t.partner.start);
          var href = (t.value || inner).trim();
          node = element(SAFE_URL.test(href) ? 'a' : 'span', 'pl-bb-link');
          if (node.tagName === 'A') { node.href = href; node.target = '_blank'; node.rel = 'noopener noreferrer'; }
          break;
        }
        case 'user': case 'chat': {
          node = element('span', 'pl-bb-mention');
          node.dataset.id = t.value;
          if (t.partner.start === t.end) node.textContent = hooks.name ? hooks.name(t.name, t.value) : t.value;
          break;
        }
        case 'send': case 'put': {
          node = element('button', 'pl-bb-command');
          node.type = 'button';
          node.title = (t.name === 'send' ? 'Sends ' : 'Puts into the field: ') + t.value;
          node.dataset.command = t.name;
          node.dataset.value = t.value;
          if (t.partner.start === t.end) node.textContent = t.value;
          node.addEventListener('click', function () { if (hooks.command) hooks.command(t.name, t.value); });
          break;
        }
        case 'color':
          node = element('span');
          if (/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(t.value)) node.style.color = t.value;
          break;
        case 'size': {
          node = element('span');
          var px = parseInt(t.value, 10);
          if (px >= 8 && px <= 30) node.style.fontSize = px + 'px';
          break;
        }
        default: node = element('span'); // call, context: their text
      }
      top().appendChild(node);
      stack.push({ node: node, token: t });
    });
    addText(text.slice(at));
  }

  /** A message's BBCode as a fragment: quote lines (`>>`) and `------` blocks as quotes. */
  function render(text, hooks) {
    hooks = hooks || {};
    var fragment = document.createDocumentFragment();
    var lines = String(text).split('\n');
    var run = [], quote = null, inBlock = false;
    var flush = function () {
      if (!run.length) return;
      var target = quote || fragment;
      var span = element('span', 'pl-bb-text');
      inline(run.join('\n'), span, hooks);
      target.appendChild(span);
      run = [];
    };
    var startQuote = function () { flush(); quote = element('blockquote', 'pl-bb-quote'); fragment.appendChild(quote); };
    var endQuote = function () { flush(); quote = null; };
    // Lines inside [code] are never quote lines.
    var codeOpen = false;
    lines.forEach(function (line) {
      if (!codeOpen && /^-{6,}$/.test(line.trim())) {
        if (inBlock) { endQuote(); inBlock = false; } else { startQuote(); inBlock = true; }
        return;
      }
      var isQuoteLine = !codeOpen && !inBlock && line.slice(0, 2) === '>>';
      if (isQuoteLine && !quote) startQuote();
      if (!isQuoteLine && quote && !inBlock) endQuote();
      run.push(isQuoteLine ? line.slice(2) : line);
      var opens = (line.match(/\[code\]/gi) || []).length, closes = (line.match(/\[\/code\]/gi) || []).length;
      if (opens > closes) codeOpen = true; else if (closes > opens) codeOpen = false;
    });
    flush();
    return fragment;
  }

  return { render: render };
})();
