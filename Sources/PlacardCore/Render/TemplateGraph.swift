import PlacardRules

/// Which template includes which (`{{>partial}}` and `{{<parent}}`), checked for cycles
/// and for chains that nest too deep.
///
/// Exists because swift-mustache follows a partial or a parent without remembering where
/// it came from: `partials/a` including `partials/b` including `partials/a`, or a
/// `base.mustache` that starts with `{{<base}}`, recurses until the process dies with a
/// segmentation fault and no message. Placard's context has no data a recursive partial
/// could walk down and stop at, so every cycle is refused, whatever sections surround it.
struct TemplateGraph {
    /// One template with its file (for findings) and its scan (its edges and own depth).
    struct Node {
        var name: String
        var file: String
        var scan: TemplateScan
    }

    let nodes: [String: Node]
    let order: [String]

    init(_ templates: [(name: String, file: String, scan: TemplateScan)]) {
        var nodes: [String: Node] = [:]
        for template in templates { nodes[template.name] = Node(name: template.name, file: template.file, scan: template.scan) }
        self.nodes = nodes
        order = nodes.keys.sorted()
    }

    /// A `template.cycle` error at each reference that closes a cycle (with the chain),
    /// then, when there is none, a `template.depth` error at each reference whose chain
    /// nests deeper than `TemplateScan.maxDepth`.
    func findings() -> [Finding] {
        var findings = cycles()
        if findings.isEmpty { findings = tooDeep() }
        return findings
    }

    /// Depth-first from every template in name order; a reference to a template on the
    /// current path closes a cycle. Iterative, so a long chain cannot overflow the stack.
    func cycles() -> [Finding] {
        enum State { case onPath, done }
        var state: [String: State] = [:]
        var findings: [Finding] = []
        for root in order where state[root] == nil {
            // The path: each template with the index of its next reference to follow.
            var path: [(name: String, next: Int)] = [(root, 0)]
            state[root] = .onPath
            while let top = path.last {
                let references = nodes[top.name]!.scan.references
                guard top.next < references.count else {
                    state[top.name] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let reference = references[top.next]
                guard !reference.isDynamic, nodes[reference.name] != nil else { continue }
                switch state[reference.name] {
                case .onPath:
                    let start = path.firstIndex { $0.name == reference.name }!
                    let chain = path[start...].map(\.name) + [reference.name]
                    findings.append(Finding(.templateCycle,
                                            "template cycle \(chain.joined(separator: " → ")): a template must not include itself, directly or through others (rendering would never end)",
                                            at: SourceLocation(file: nodes[top.name]!.file, line: reference.line, column: reference.column)))
                case .done:
                    continue
                case nil:
                    state[reference.name] = .onPath
                    path.append((reference.name, 0))
                }
            }
        }
        return findings
    }

    /// How deep rendering each template can nest, at most: its own deepest nesting, or a
    /// reference's depth plus one plus its target's, whichever is more (an upper bound,
    /// since a parent renders the child's blocks inside its own sections). Only for a
    /// graph without cycles.
    func tooDeep() -> [Finding] {
        var depth: [String: Int] = [:]
        var findings: [Finding] = []
        /// Post-order without recursion: a template's depth once all its targets have one.
        for root in order where depth[root] == nil {
            var stack = [root]
            while let name = stack.last {
                if depth[name] != nil { stack.removeLast(); continue }
                let node = nodes[name]!
                let targets = node.scan.references.filter { !$0.isDynamic && nodes[$0.name] != nil }
                let pending = targets.map(\.name).filter { depth[$0] == nil }
                if !pending.isEmpty { stack += pending; continue }
                var total = node.scan.depth
                for reference in targets {
                    let through = node.scan.depth + 1 + depth[reference.name]!
                    total = max(total, through)
                    if through > TemplateScan.maxDepth, depth[reference.name]! <= TemplateScan.maxDepth {
                        findings.append(Finding(.templateDepth,
                                                "including '\(reference.name)' here nests templates more than \(TemplateScan.maxDepth) deep (sections, parents and blocks, counted through every partial and parent they include); Placard refuses deeper templates",
                                                at: SourceLocation(file: node.file, line: reference.line, column: reference.column)))
                    }
                }
                depth[name] = total
                stack.removeLast()
            }
        }
        return findings
    }
}
