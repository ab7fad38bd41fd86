import PlacardRules

/// Names a template uses that the page context does not have (`{{widget.titel}}`), and
/// blocks a child fills that its parent never declares (`{{$befor}}` in `{{<base}}`).
///
/// Exists because swift-mustache renders an unknown name as nothing and ignores an
/// unknown block, so a typo builds and the page silently lacks it. The context is
/// Placard's own (`Renderer.pageContext`, docs/templates.md), so every name a template
/// can see is known. Where the context is not known from the template alone (inside a
/// partial, or inside a block a parent places), every object of the context may be in
/// scope: a name is reported only when no frame that could be in scope has it.
enum TemplateNames {
    /// What a name in the context holds, as far as a template can look into it.
    indirect enum Shape: Sendable {
        /// Text or a flag: it has no names of its own.
        case value
        case list(Shape)
        case object([String: Shape])
        /// Not known here: anything may be in it.
        case any
    }

    /// The page context; keep in step with `Renderer.pageContext` and `widgetContext`.
    static let page: Shape = {
        let language: Shape = .list(.object(["lang": .value, "title": .value, "hidden": .value, "isDefault": .value]))
        let widget: [String: Shape] = [
            "id": .value, "placement": .value, "title": .value, "description": .value, "iconName": .value, "color": .value,
            "colorHex": .value, "titles": language, "isTextarea": .value, "isSidebar": .value, "isContextMenu": .value,
            "isNavigation": .value, "isMobile": .value, "surface": .value, "delivers": .list(.value),
            "deliversDialogId": .value, "deliversMessageId": .value, "deliversURI": .value, "hasSearch": .value,
            "showContext": .value,
        ]
        let toc: Shape = .list(.object(["level": .value, "depth": .value, "id": .value, "text": .value]))
        let version: [String: Shape] = ["lang": .value, "title": .value, "html": .value, "hidden": .value, "isDefault": .value, "updated": .value,
                                        "toc": toc, "hasToc": .value]
        let nav: [String: Shape] = ["slug": .value, "path": .value, "url": .value, "current": .value, "titles": language]
        let assets: [String: Shape] = ["bx24": .value, "script": .value, "scriptIntegrity": .value, "style": .value,
                                       "styleIntegrity": .value, "logo": .value, "nav": .value, "search": .value]
        let link: Shape = .object(["url": .value, "titles": language])
        return .object([
            "site": .object(["title": .value, "defaultLanguage": .value, "showContext": .value]), "widget": .object(widget),
            "words": .object(Dictionary(uniqueKeysWithValues: RuntimeWords.keys.map { ($0, Shape.value) })),
            "page": .object(["slug": .value, "path": .value, "title": .value, "isIndex": .value]),
            "versions": .list(.object(version)), "nav": .list(.object(nav)), "hasNav": .value, "root": .value,
            "lang": .value, "assets": .object(assets), "home": link, "prev": link, "next": link,
            "scripts": .list(.object(["src": .value, "integrity": .value])),
        ])
    }()

    /// Every object of the page context: the frames that may be in scope where the
    /// template alone does not say.
    static let everyObject: [Shape] = {
        var objects: [Shape] = []
        func collect(_ shape: Shape) {
            switch shape {
            case .object(let children):
                objects.append(shape)
                for key in children.keys.sorted() { collect(children[key]!) }
            case .list(let item): collect(item)
            case .value, .any: break
            }
        }
        collect(page)
        return objects
    }()

    /// The warnings about every template of a set; `scans` are the templates by name.
    static func findings(_ scans: [(name: String, path: String, scan: TemplateScan)]) -> [Finding] {
        let byName = Dictionary(scans.map { ($0.name, $0.scan) }, uniquingKeysWith: { a, _ in a })
        let partials = Set(scans.flatMap { $0.scan.references.filter { !$0.isParent }.map(\.name) })
        var findings: [Finding] = []
        for (name, path, scan) in scans {
            let isPartial = partials.contains(name) || name.hasPrefix("partials/")
            findings += check(scan, path: path, start: isPartial ? everyObject : [page], blocks: { declaredBlocks(of: $0, in: byName) })
        }
        return findings
    }

    /// The blocks `name` and everything it includes or extends declare, or nil when
    /// `name` is not a template of the set (its own error).
    static func declaredBlocks(of name: String, in scans: [String: TemplateScan]) -> Set<String>? {
        guard scans[name] != nil else { return nil }
        var blocks: Set<String> = [], seen: Set<String> = [], queue = [name]
        while let next = queue.popLast() {
            guard seen.insert(next).inserted, let scan = scans[next] else { continue }
            blocks.formUnion(scan.names.filter { $0.kind == .block }.map(\.name))
            queue += scan.references.map(\.name)
        }
        return blocks
    }

    /// One template's unknown names and blocks, walking its tags with the stack of
    /// context frames each section pushes.
    static func check(_ scan: TemplateScan, path: String, start: [Shape], blocks: (String) -> Set<String>?) -> [Finding] {
        /// One open tag: the frames it pushed, and the parent it opens (for its blocks).
        struct Open { var frames: [Shape]; var parent: String? }
        var open: [Open] = [Open(frames: start, parent: nil)]
        var findings: [Finding] = []
        for tag in scan.names {
            let at = SourceLocation(file: path, line: tag.line, column: tag.column)
            switch tag.kind {
            case .close:
                if open.count > 1 { open.removeLast() }
            case .parent:
                open.append(Open(frames: [], parent: tag.name))
            case .block:
                guard let parent = open.last?.parent else {
                    open.append(Open(frames: [], parent: nil)) // a declaration: rendered where it stands
                    continue
                }
                // An override is rendered where the parent places the block: any object may be in scope.
                open.append(Open(frames: everyObject, parent: nil))
                if let declared = blocks(parent), !declared.contains(tag.name) {
                    let list = declared.isEmpty ? "declares no blocks" : "declares " + declared.sorted().map { "{{$\($0)}}" }.joined(separator: ", ")
                    findings.append(Finding(.templateBlockUnknown,
                                            "block '\(tag.name)' is not declared by '\(parent)' (it \(list)), so it is ignored.\(Suggestion.didYouMean(tag.name, in: declared.sorted()))",
                                            at: at))
                }
            case .variable, .section, .inverted:
                let shape = resolve(tag.name, in: open.reversed().flatMap { $0.frames.reversed() }, at: at, findings: &findings)
                guard tag.kind == .section else {
                    if tag.kind == .inverted { open.append(Open(frames: [], parent: nil)) }
                    continue
                }
                switch shape {
                case .list(let item): open.append(Open(frames: [item], parent: nil))
                case .object: open.append(Open(frames: [shape!], parent: nil))
                case .value: open.append(Open(frames: [], parent: nil))
                case .any, nil: open.append(Open(frames: [.any], parent: nil))
                }
            }
        }
        return findings
    }

    /// What `name` holds, looked up in `frames` (innermost first) as swift-mustache does:
    /// the first part in the first frame that has it, the rest inside it. Nil, with a
    /// warning, when the name is not there; `.any` when it cannot be known. Transforms
    /// (`uppercased(page.title)`) and `.` are not checked.
    static func resolve(_ name: String, in frames: [Shape], at: SourceLocation, findings: inout [Finding]) -> Shape? {
        guard !name.isEmpty, !name.hasPrefix("."), !name.contains("("), !name.contains("*") else { return .any }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var shape: Shape?
        for frame in frames {
            if case .any = frame { return .any }
            if case .object(let children) = frame, let child = children[parts[0]] { shape = child; break }
        }
        guard var current = shape else {
            // Innermost frames first: on a tie the suggestion is the nearer name (`title`, not `site`).
            var known: [String] = []
            for case .object(let children) in frames {
                for key in children.keys.sorted() where !known.contains(key) { known.append(key) }
            }
            let suggestion = Suggestion.closest(to: parts[0], in: known).map { ([$0] + parts.dropFirst()).joined(separator: ".") }
            findings.append(unknown(name, suggestion: suggestion, at: at))
            return nil
        }
        for (index, part) in parts.enumerated().dropFirst() {
            guard case .object(let children) = current else { return .any } // a list or text: not looked into
            guard let child = children[part] else {
                let prefix = parts[..<index].joined(separator: ".")
                findings.append(unknown(name, suggestion: Suggestion.closest(to: part, in: children.keys.sorted()).map { prefix + "." + $0 }, at: at))
                return nil
            }
            current = child
        }
        return current
    }

    static func unknown(_ name: String, suggestion: String?, at: SourceLocation) -> Finding {
        Finding(.templateNameUnknown,
                "'\(name)' is not in the page context (docs/templates.md), so it renders as nothing.\(suggestion.map { " Did you mean '\($0)'?" } ?? "")",
                at: at)
    }
}
