#!/usr/bin/env python3
"""Regenerates the verifier fixtures next to this script: `valid/` and `valid-static-app/`
(which must verify clean) and one invalid `dist/` per rule, named after the rule id.

Usage: python3 Tests/PlacardVerifyTests/Fixtures/generate.py
Each invalid fixture is the minimal valid bundle with exactly one defect; the expected
findings live in FixtureTests.swift. Rerun after changing the runtime (the valid fixtures
embed a copy of it, with its fingerprinted name and integrity hash)."""
import base64, hashlib, json, os, shutil, copy

ROOT = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(ROOT, '..', '..', '..', 'Sources', 'PlacardCore', 'Resources')
RUNTIME_JS = open(os.path.join(RESOURCES, 'runtime.js'), 'rb').read()
RUNTIME_CSS = open(os.path.join(RESOURCES, 'runtime.css'), 'rb').read()
BASE = 'https://widgets.example.com/placard/'


def fingerprint(stem, ext, data):
    name = f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"
    sri = 'sha384-' + base64.b64encode(hashlib.sha384(data).digest()).decode()
    return name, sri


JS_NAME, JS_SRI = fingerprint('runtime', 'js', RUNTIME_JS)
CSS_NAME, CSS_SRI = fingerprint('style', 'css', RUNTIME_CSS)


def dumps(value):
    # Like Swift's JSONEncoder [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes].
    return json.dumps(value, indent=2, sort_keys=True, separators=(',', ' : '), ensure_ascii=False) + '\n'


def body(widget, placement, title, options, description='', handler=None, languages=None):
    return {
        'PLACEMENT': placement,
        'HANDLER': handler if handler is not None else BASE + widget + '/',
        'TITLE': title,
        'DESCRIPTION': description,
        'LANG_ALL': languages if languages is not None else {'en': {'TITLE': title, 'DESCRIPTION': description} if description else {'TITLE': title}},
        'OPTIONS': options,
    }


def page(placement, title, body_html, root='', extra_head='', runtime=True, meta=True, bx24=True):
    head = ['<!DOCTYPE html>', '<html lang="en" data-b24-default-lang="en">', '<head>', '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">']
    if meta:
        head.append(f'<meta name="b24-placement" content="{placement}">')
    head.append(f'<title>{title}</title>')
    if runtime:
        head.append(f'<link rel="stylesheet" href="{root}{CSS_NAME}" integrity="{CSS_SRI}" crossorigin="anonymous">')
    if bx24:
        head.append('<script src="https://api.bitrix24.com/api/v1/"></script>')
    if runtime:
        head.append(f'<script src="{root}{JS_NAME}" integrity="{JS_SRI}" crossorigin="anonymous" defer></script>')
    if extra_head:
        head.append(extra_head)
    head += ['</head>', '<body>', body_html, '</body>', '</html>']
    return '\n'.join(head) + '\n'


class Dist:
    def __init__(self):
        self.files = {}
        self.bodies = {}

    def bundle(self, widget, b, pages, runtime=True, assets=None):
        self.bodies[widget] = b
        for path, html in pages.items():
            self.files[f'{widget}/{path}'] = html
        if runtime:
            self.files[f'{widget}/{JS_NAME}'] = RUNTIME_JS
            self.files[f'{widget}/{CSS_NAME}'] = RUNTIME_CSS
        for path, data in (assets or {}).items():
            self.files[f'{widget}/{path}'] = data

    def write(self, folder, index_bodies=None, own_bodies=None):
        dist = os.path.join(folder, 'dist')
        shutil.rmtree(folder, ignore_errors=True)
        files = dict(self.files)
        listed = self.bodies if index_bodies is None else index_bodies
        if listed is not False:
            files['placements.json'] = dumps([listed[k] for k in sorted(listed)])
        own = self.bodies if own_bodies is None else own_bodies
        for widget, b in own.items():
            files[f'{widget}/placement.json'] = b if isinstance(b, str) else dumps(b)
        for path, data in files.items():
            if data is None:
                continue
            full = os.path.join(dist, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, 'wb') as f:
                f.write(data if isinstance(data, bytes) else data.encode())


SIDEBAR_OPTIONS = {'iconName': 'fa-book', 'color': 'AZURE', 'context': 'USER;CHAT'}
HANDBOOK_BODY = '''<main>
<h1>Handbook</h1>
<p data-b24-if="dialogId">Opened in chat <span data-b24-option="dialogId"></span>.</p>
</main>'''


def minimal(options=None, placement='IM_SIDEBAR', body_html=HANDBOOK_BODY, meta_placement=None, **page_args):
    d = Dist()
    b = body('handbook', placement, 'Handbook', copy.deepcopy(SIDEBAR_OPTIONS if options is None else options), 'Team handbook')
    d.bundle('handbook', b, {'index.html': page(meta_placement or placement, 'Handbook', body_html, runtime=False, **page_args)}, runtime=False)
    return d


def valid(static=False):
    base = '' if static else BASE
    d = Dist()
    h = body('handbook', 'IM_SIDEBAR', 'Handbook', dict(SIDEBAR_OPTIONS), 'Team handbook',
             handler=base + 'handbook/',
             languages={'en': {'TITLE': 'Handbook', 'DESCRIPTION': 'Team handbook'}, 'de': {'TITLE': 'Handbuch'}})
    d.bundle('handbook', h, {
        'index.html': page('IM_SIDEBAR', 'Handbook', '''<nav><a href="index.html" aria-current="page">Home</a> <a href="guide/setup.html">Setup</a> <a href="guide/">Guide</a></nav>
<main>
<h1 data-b24-lang="en">Handbook</h1>
<h1 data-b24-lang="de" hidden>Handbuch</h1>
<p data-b24-if="dialogId">Opened in chat <span data-b24-option="dialogId"></span> from <span data-b24-option="URI"></span>.</p>
<img src="assets/logo.svg" srcset="assets/logo.svg 1x, assets/logo%402x.svg 2x" alt="Logo">
<p><a href="#top">Top</a> <a href="mailto:team@example.com">Mail</a> <a href="https://example.com/docs?x=1&amp;y=2" target="_blank" rel="noopener noreferrer">Docs</a></p>
<p><a href="guide/setup.html#r%C3%BCckgabe">Returns</a> <a href="#team">Team</a> <a href="#">Up</a> <a name="team"></a></p>
<!-- <img src="missing-in-a-comment.png"> -->
<link rel="stylesheet" href="_shared/brand.css">
</main>'''),
        'guide/setup.html': page('IM_SIDEBAR', 'Setup', '<main><a href="../index.html#team">Back</a> <img src="../assets/logo.svg" alt=""><h2 id="rückgabe">Rückgabe</h2></main>', root='../'),
        'guide/index.html': page('IM_SIDEBAR', 'Guide', '<main><a href="setup.html">Setup</a></main>', root='../'),
    }, assets={
        'assets/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="8"/></svg>\n',
        'assets/logo@2x.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><circle cx="16" cy="16" r="16"/></svg>\n',
        '_shared/brand.css': '/* url(not-a-reference.png) */\n.brand { background: url("../assets/logo.svg") no-repeat; }\n',
    })
    q = body('quick-reply', 'IM_TEXTAREA', 'Quick replies', {'iconName': 'fa-reply', 'color': 'GREEN', 'width': 400, 'height': 300},
             handler=base + 'quick-reply/')
    d.bundle('quick-reply', q, {'index.html': page('IM_TEXTAREA', 'Quick replies', '''<main>
<figure class="b24-snippet"><pre><code>Thanks, I will look into it.
</code></pre><figcaption><button type="button" class="b24-insert" data-b24-insert>Insert</button> <output class="b24-insert-status" aria-live="polite"></output></figcaption></figure>
<script>document.addEventListener('placard:ready', (e) => { const id = e.detail.options.dialogId; });</script>
</main>''')})
    m = body('message-tools', 'IM_CONTEXT_MENU', 'Message tools', {'context': 'ALL', 'role': 'USER', 'extranet': 'N'},
             handler=base + 'message-tools/')
    d.bundle('message-tools', m, {'index.html': page('IM_CONTEXT_MENU', 'Message tools',
             '<main><p data-b24-if="messageId">Message <span data-b24-option="messageId"></span></p></main>',
             extra_head='<script src="tools.js" defer></script>')},
             assets={'tools.js': "window.addEventListener('placard:ready', (e) => console.log(e.detail.options.messageId, e.detail.options['dialogId']));\n"})
    n = body('team', 'IM_NAVIGATION', 'Team', {'iconName': 'fa-users', 'role': 'ADMIN'}, handler=base + 'team/')
    d.bundle('team', n, {'index.html': page('IM_NAVIGATION', 'Team', '<main><p>Opened from <span data-b24-option="URI"></span></p></main>')})
    mob = body('mobile-note', 'IMMOBILE_CONTEXT_MENU', 'Note', {'context': 'USER;CHAT;LINES;CRM'}, handler=base + 'mobile-note/')
    d.bundle('mobile-note', mob, {'index.html': page('IMMOBILE_CONTEXT_MENU', 'Note', '<main><span data-b24-option="dialogId"></span></main>')})
    d.files['index.html'] = '''<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Placard widgets</title></head>
<body><ul><li><a href="handbook/">Handbook</a></li><li><a href="quick-reply/index.html">Quick replies</a></li></ul>
<a href="install.html">Install</a></body></html>
'''
    d.files['install.html'] = '''<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Install</title>
<script src="https://api.bitrix24.com/api/v1/"></script>
<script src="install.js" defer></script></head>
<body><p>Installing…</p></body></html>
'''
    d.files['install.js'] = "fetch('placements.json').then((r) => r.json()).then((bodies) => console.log(bodies.length));\n"
    return d


# Where each invalid fixture marks the positions FixtureTests expects findings at: a MarkedText
# marker (1️⃣, 2️⃣, … in order) goes before the nth occurrence (from 0) of the text in the file,
# or at its end for None; the tests strip the markers from the copy they verify.
MARKS = {
    "handler.folder": [("dist/handbook/placement.json", "\"HANDLER\" : \"https://widgets.e", 0)],
    "handler.host": [("dist/handbook/placement.json", "\"HANDLER\" : \"https://localhost", 0)],
    "handler.http": [("dist/handbook/placement.json", "\"HANDLER\" : \"http://widgets.ex", 0)],
    "handler.missing": [("dist/handbook/placement.json", "\"HANDLER\" : \"\",", 0)],
    "handler.origin": [("dist/tasks/placement.json", "\"HANDLER\" : \"https://cdn.examp", 0)],
    "handler.relative": [("dist/handbook/placement.json", "\"HANDLER\" : \"handbook/\",", 0)],
    "handler.scheme": [("dist/handbook/placement.json", "\"HANDLER\" : \"ftp://widgets.exa", 0)],
    "handler.syntax": [("dist/handbook/placement.json", "\"HANDLER\" : \"https://widgets.e", 0)],
    "lang.missing": [("dist/handbook/placement.json", "{", 0)],
    "lang.title.missing": [("dist/handbook/placement.json", "\"de\" : {", 0)],
    "options.color.invalid": [("dist/handbook/placement.json", "\"color\" : \"PINKY\",", 0)],
    "options.context.all-mixed": [("dist/handbook/placement.json", "\"context\" : \"ALL;USER\",", 0)],
    "options.context.invalid": [("dist/handbook/placement.json", "\"context\" : \"USER; CHAT\",", 0)],
    "options.extranet.invalid": [("dist/handbook/placement.json", "\"extranet\" : \"yes\",", 0)],
    "options.height.invalid": [("dist/handbook/placement.json", "\"height\" : \"tall\",", 0)],
    "options.iconName.invalid": [("dist/handbook/placement.json", "\"iconName\" : \"fa-aaaaaaaaaaaaa", 0)],
    "options.iconName.missing": [("dist/handbook/placement.json", "\"OPTIONS\" : {", 0)],
    "options.iconName.style": [("dist/handbook/placement.json", "\"iconName\" : \"Book\"", 0)],
    "options.key.not-accepted": [("dist/handbook/placement.json", "\"width\" : 300", 0)],
    "options.key.unknown": [("dist/handbook/placement.json", "\"colour\" : \"RED\",", 0)],
    "options.role.invalid": [("dist/handbook/placement.json", "\"role\" : \"admin\"", 0)],
    "options.width.invalid": [("dist/handbook/placement.json", "\"width\" : -10", 0)],
    "options.size.small": [("dist/handbook/placement.json", "\"width\" : 150", 0)],
    "page.if.not-delivered": [("dist/handbook/index.html", "messageId\">A message</p>", 0)],
    "page.option.not-delivered": [("dist/handbook/index.html", "messageId\"></span></p>", 0)],
    "page.placement.mismatch": [("dist/handbook/index.html", "IM_TEXTAREA\">", 0)],
    "placement.archived": [("dist/handbook/placement.json", "\"PLACEMENT\" : \"IM_SMILES_SELEC", 0)],
    "placement.missing": [("dist/handbook/placement.json", "\"PLACEMENT\" : \"\",", 0)],
    "placement.not-chat": [("dist/handbook/placement.json", "\"PLACEMENT\" : \"CRM_DEAL_DETAIL", 0)],
    "placement.unknown": [("dist/handbook/placement.json", "\"PLACEMENT\" : \"IM_SIDEBARR\",", 0)],
    "ref.file-url": [("dist/handbook/index.html", "file:///home/me/logo.png\" alt=", 0)],
    "ref.integrity.invalid": [("dist/handbook/index.html", "md5-1B2M2Y8AsgTpgAmY7PhCfg==\">", 0)],
    "ref.integrity.mismatch": [("dist/handbook/index.html", "sha384-AAAAAAAAAAAAAAAAAAAAAAA", 0)],
    "ref.loopback": [("dist/handbook/index.html", "http://localhost:8080/handbook", 0)],
    "ref.fragment.missing": [("dist/handbook/index.html", "guide.html#instalation", 0), ("dist/handbook/index.html", "#nowhere", 0),
                             ("dist/handbook/guide.html", "index.html#Setup", 0)],
    "ref.external.frame": [("dist/handbook/index.html", "https://example.com/a", 0), ("dist/handbook/index.html", "https://example.com/b", 0),
                           ("dist/handbook/index.html", "//cdn.example.com/c", 0)],
    "ref.missing": [("dist/handbook/index.html", "assets/logo.png\" alt=\"\">", 0)],
    "ref.outside": [("dist/handbook/index.html", "../other/index.html\">Other wid", 0)],
    "ref.root-relative": [("dist/handbook/index.html", "/handbook/index.html\">Home</a>", 0)],
    "ref.script.remote": [("dist/handbook/index.html", "https://cdn.example.com/lib.js", 0)],
    "script.option.not-delivered": [("dist/handbook/app.js", "messageId;", 0)],
    "secret.token": [("dist/handbook/debug.js", "717e0567006e9f06006b12e4000000", 0)],
    "structure.field.type": [("dist/handbook/placement.json", "\"DESCRIPTION\" : 42,", 0)],
    "structure.field.unknown": [("dist/handbook/placement.json", "\"GROUPNAME\" : \"Docs\",", 0)],
    "structure.placement.duplicate": [("dist/placements.json", "\"HANDLER\" : \"https://widgets.e", 1)],
    "structure.placement.invalid": [("dist/handbook/placement.json", "}", 0)],
    "structure.placement.mismatch": [("dist/handbook/placement.json", "\"color\" : \"AZURE\",", 0)],
    "structure.placement.missing": [("dist/placements.json", "\"HANDLER\" : \"https://widgets.e", 0)],
    "structure.placements.invalid": [("dist/placements.json", None, 0)],
    "structure.user-id": [("dist/handbook/placement.json", "\"USER_ID\" : 1", 0)],
    "title.missing": [("dist/handbook/placement.json", "\"TITLE\" : \"\"", 0)],
}

MARKERS = ['1\ufe0f\u20e3', '2\ufe0f\u20e3', '3\ufe0f\u20e3', '4\ufe0f\u20e3', '5\ufe0f\u20e3']


def mark(rule):
    for marker, (path, text, nth) in zip(MARKERS, MARKS.get(rule, [])):
        full = os.path.join(ROOT, rule, path)
        data = open(full, encoding='utf-8').read()
        at = len(data) if text is None else -1
        for _ in range(nth + 1 if text is not None else 0):
            at = data.index(text, at + 1)
        with open(full, 'w', encoding='utf-8') as f:
            f.write(data[:at] + marker + data[at:])


def fixture(rule, build, **write_args):
    d = build()
    d.write(os.path.join(ROOT, rule), **write_args)


def with_body(mutate, placement=None, meta=None):
    def build():
        d = minimal()
        mutate(d.bodies['handbook'])
        if placement:
            d.bodies['handbook']['PLACEMENT'] = placement
        if placement or meta:
            d.files['handbook/index.html'] = page(meta or placement, 'Handbook', HANDBOOK_BODY, runtime=False)
        return d
    return build


def with_options(options, placement=None):
    def mutate(b):
        b['OPTIONS'] = options
    return with_body(mutate, placement)


def with_page(body_html=HANDBOOK_BODY, assets=None, **page_args):
    def build():
        d = minimal(body_html=body_html, **page_args)
        for path, data in (assets or {}).items():
            d.files['handbook/' + path] = data
        return d
    return build


for entry in os.listdir(ROOT):
    if os.path.isdir(os.path.join(ROOT, entry)):
        shutil.rmtree(os.path.join(ROOT, entry))
valid().write(os.path.join(ROOT, 'valid'))
valid(static=True).write(os.path.join(ROOT, 'valid-static-app'))

# 1. Structure
fixture('structure.placements.missing', minimal, index_bodies=False)
d = minimal(); d.files['placements.json'] = dumps([d.bodies['handbook']])[:-4] + '\n'
d.write(os.path.join(ROOT, 'structure.placements.invalid'), index_bodies=False)
# (the truncated text above replaces the index; write() would overwrite it, so put it back)
with open(os.path.join(ROOT, 'structure.placements.invalid', 'dist', 'placements.json'), 'w') as f:
    f.write(dumps([d.bodies['handbook']])[:-4] + '\n')
fixture('structure.placement.missing', minimal, own_bodies={})
fixture('structure.placement.invalid', minimal, own_bodies={'handbook': '{\n  "PLACEMENT" : "IM_SIDEBAR",\n}\n'})
d = minimal(); other = copy.deepcopy(d.bodies['handbook']); other['OPTIONS']['color'] = 'RED'
d.write(os.path.join(ROOT, 'structure.placement.mismatch'), index_bodies={'handbook': other})


def unlisted(name='extra'):
    d = minimal()
    e = body(name, 'IM_SIDEBAR', name.title(), dict(SIDEBAR_OPTIONS))
    d.bundle(name, e, {'index.html': page('IM_SIDEBAR', name.title(), HANDBOOK_BODY, runtime=False)}, runtime=False)
    return d


d = unlisted(); d.write(os.path.join(ROOT, 'structure.placement.unlisted'), index_bodies={'handbook': d.bodies['handbook']})
d = minimal(); d.write(os.path.join(ROOT, 'structure.placement.duplicate'), index_bodies={'a': d.bodies['handbook'], 'b': d.bodies['handbook']})
d = minimal(); d.files['handbook/start.html'] = d.files.pop('handbook/index.html')
d.write(os.path.join(ROOT, 'structure.index.missing'))
fixture('structure.field.type', with_body(lambda b: b.update(DESCRIPTION=42)))
fixture('structure.field.unknown', with_body(lambda b: b.update(GROUPNAME='Docs')))
fixture('structure.user-id', with_body(lambda b: b.update(USER_ID=1)))
# 2. Placement code
fixture('placement.missing', with_body(lambda b: b.update(PLACEMENT=''), meta='IM_SIDEBAR'))
fixture('placement.unknown', with_body(lambda b: None, placement='IM_SIDEBARR'))
fixture('placement.archived', with_body(lambda b: b.update(OPTIONS={'context': 'USER'}), placement='IM_SMILES_SELECTOR'))
fixture('placement.not-chat', with_body(lambda b: b.update(OPTIONS={}), placement='CRM_DEAL_DETAIL_TAB'))
# 3. OPTIONS
fixture('options.key.unknown', with_options({**SIDEBAR_OPTIONS, 'colour': 'RED'}))
fixture('options.key.not-accepted', with_options({**SIDEBAR_OPTIONS, 'width': 300}))
fixture('options.iconName.missing', with_options({'color': 'AZURE', 'context': 'USER;CHAT'}))
fixture('options.iconName.invalid', with_options({**SIDEBAR_OPTIONS, 'iconName': 'fa-' + 'a' * 48}))
fixture('options.iconName.style', with_options({**SIDEBAR_OPTIONS, 'iconName': 'Book'}))
fixture('options.color.invalid', with_options({**SIDEBAR_OPTIONS, 'color': 'PINKY'}))
fixture('options.context.invalid', with_options({**SIDEBAR_OPTIONS, 'context': 'USER; CHAT'}))
fixture('options.context.all-mixed', with_options({**SIDEBAR_OPTIONS, 'context': 'ALL;USER'}))
fixture('options.role.invalid', with_options({**SIDEBAR_OPTIONS, 'role': 'admin'}))
fixture('options.extranet.invalid', with_options({**SIDEBAR_OPTIONS, 'extranet': 'yes'}))
fixture('options.width.invalid', with_options({'iconName': 'fa-reply', 'width': -10, 'height': 300}, placement='IM_TEXTAREA'))
fixture('options.height.invalid', with_options({'iconName': 'fa-reply', 'width': 400, 'height': 'tall'}, placement='IM_TEXTAREA'))
fixture('options.size.small', with_options({'iconName': 'fa-reply', 'width': 150, 'height': 320}, placement='IM_TEXTAREA'))
# 4. HANDLER
fixture('handler.missing', with_body(lambda b: b.update(HANDLER='')))
fixture('handler.relative', with_body(lambda b: b.update(HANDLER='handbook/')))
fixture('handler.scheme', with_body(lambda b: b.update(HANDLER='ftp://widgets.example.com/placard/handbook/')))
fixture('handler.syntax', with_body(lambda b: b.update(HANDLER='https://widgets.example.com/placard/handbook/?v=1#f')))
fixture('handler.http', with_body(lambda b: b.update(HANDLER='http://widgets.example.com/placard/handbook/')))
fixture('handler.host', with_body(lambda b: b.update(HANDLER='https://localhost/placard/handbook/')))


def origin():
    d = unlisted('tasks')
    d.bodies['tasks']['HANDLER'] = 'https://cdn.example.org/placard/tasks/'
    return d


fixture('handler.origin', origin)
fixture('handler.folder', with_body(lambda b: b.update(HANDLER=BASE + 'manual/')))
# 5. Titles
fixture('title.missing', with_body(lambda b: b.update(TITLE='')))
fixture('lang.missing', with_body(lambda b: b.pop('LANG_ALL')))
fixture('lang.title.missing', with_body(lambda b: b['LANG_ALL'].update(de={'DESCRIPTION': 'Handbuch des Teams'})))
# 6. Pages
fixture('page.placement.missing', with_page(meta=False))
fixture('page.placement.mismatch', with_page(meta_placement='IM_TEXTAREA'))
fixture('page.bx24.missing', with_page(bx24=False))
fixture('page.option.not-delivered', with_page('<main>\n<p>Message <span data-b24-option="messageId"></span></p>\n</main>'))
fixture('page.if.not-delivered', with_page('<main>\n<p data-b24-if="messageId">A message</p>\n</main>'))
fixture('script.option.not-delivered', with_page('<main>\n<p id="out"></p>\n</main>', extra_head='<script src="app.js" defer></script>', assets={
    'app.js': "// Shows the message the widget was opened for.\ndocument.addEventListener('placard:ready', (event) => {\n  document.getElementById('out').textContent = event.detail.options.messageId;\n});\n"}))
# 7. References
fixture('ref.missing', with_page('<main>\n<img src="assets/logo.png" alt="">\n</main>'))
fixture('ref.outside', with_page('<main>\n<a href="../other/index.html">Other widget</a>\n</main>'))
fixture('ref.root-relative', with_page('<main>\n<a href="/handbook/index.html">Home</a>\n</main>'))
fixture('ref.file-url', with_page('<main>\n<img src="file:///home/me/logo.png" alt="">\n</main>'))
fixture('ref.loopback', with_page('<main>\n<a href="http://localhost:8080/handbook/">Preview</a>\n</main>'))
fixture('ref.fragment.missing', with_page('<main>\n<h1 id="setup">Setup</h1>\n<a href="guide.html#installation">ok</a> <a href="guide.html#instalation">typo</a>\n'
                                         '<a href="#nowhere">gone</a> <a href="#setup">ok</a> <a href="#top">top</a>\n</main>',
                                         assets={'guide.html': page('IM_SIDEBAR', 'Guide', '<main><h2 id="installation">Installation</h2>\n'
                                                                    '<a href="index.html#Setup">case</a> <a href="index.html#setup">ok</a></main>', runtime=False)}))
fixture('ref.external.frame', with_page('<main>\n<a href="https://example.com/a">same frame</a>\n<a href="https://example.com/b" target="_blank">no rel</a>\n'
                                        '<a href="//cdn.example.com/c" target="_top" rel="noopener">top</a>\n<a href="https://example.com/d" target="_blank" rel="noreferrer">ok</a>\n'
                                        '<a href="HTTPS://example.com/e" TARGET="_BLANK" rel="external noopener">ok</a> <a href="mailto:a@example.com">mail</a>\n</main>'))
fixture('ref.script.remote', with_page(HANDBOOK_BODY, extra_head='<script src="https://cdn.example.com/lib.js"></script>'))
fixture('ref.integrity.mismatch', with_page(HANDBOOK_BODY, extra_head='<script src="app.js" integrity="sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"></script>',
                                            assets={'app.js': "console.log('hello');\n"}))
fixture('ref.integrity.invalid', with_page(HANDBOOK_BODY, extra_head='<script src="app.js" integrity="md5-1B2M2Y8AsgTpgAmY7PhCfg=="></script>',
                                           assets={'app.js': "console.log('hello');\n"}))
# 8. Hygiene
fixture('secret.token', with_page(HANDBOOK_BODY, assets={
    'debug.js': "// captured while debugging\nconst session = {\n  AUTH_ID: '717e0567006e9f06006b12e400000001000007c2ebc8f80264531d4fc09a27052a7fe2',\n};\n"}))
fixture('bundle.size', with_page(HANDBOOK_BODY, assets={'assets/photo.svg': '<svg xmlns="http://www.w3.org/2000/svg">' + ' ' * 2000 + '</svg>\n'}))


# 8. Search index (docs/search.md): an entry, one term chunk, one page map.
def search_index(chunk=b'refund\t0\t\n', page='index.html', version=2):
    def build():
        d = minimal(body_html='<main>\n<div data-placard-search="search/index.json"></div>\n</main>')
        good_chunk = b'refund\t0\t\n'
        t_hash = hashlib.sha256(good_chunk).hexdigest()[:10]
        m_data = (page + '\tHandbook\n').encode()
        m_hash = hashlib.sha256(m_data).hexdigest()[:10]
        language = {'pages': 1, 'chunks': [['', t_hash]], 'maps': [m_hash]}
        files = {
            'search/index.json': json.dumps({'version': version, 'map': 64, 'languages': {'en': language}}, separators=(',', ':')) + '\n',
            f'search/en/t.{t_hash}.txt': chunk,
            f'search/en/m.{m_hash}.txt': m_data,
        }
        for path, data in files.items():
            d.files['handbook/' + path] = data
        return d
    return build


fixture('search.index.hash', search_index(chunk=b'refund\t1\t\n'))
fixture('search.index.missing', search_index(page='gone.html'))
SEARCH_MAP = next(name for name in os.listdir(os.path.join(ROOT, 'search.index.missing', 'dist', 'handbook', 'search', 'en')) if name.startswith('m.'))
MARKS['search.index.missing'] = [('dist/handbook/search/en/' + SEARCH_MAP, '', 0)]
fixture('search.index.invalid', search_index(version=1))

# Last, once every fixture is written: the position markers.
for rule in MARKS:
    mark(rule)
