import PlacardRules
import PlacardSystem

/// What one run of the pipeline read, parsed and found, kept for the next run.
///
/// Exists so that serve's rebuild after a save costs what the save changed: the loaded
/// sources, the parsed site, the templates, the fingerprinted runtime and every finding
/// (by stage, and by widget where a widget's rebuild replaces them) stay in memory between
/// runs. `placard build` keeps it for one run only and without the sources.
struct BuildMemory: Sendable {
    /// What the load stage read (empty for `placard build`, which does not keep it), and
    /// what the parse stage made of it (updated in place by partial runs).
    var tree: SourceTree
    var config: Config, site: Site
    /// The checked templates and the fingerprinted runtime every page links to.
    var templates: TemplateSet, runtime: RuntimeAssets
    /// Findings of the stages that run once for the whole project.
    var loadFindings, configFindings, templateFindings: [Finding]
    /// Parse findings per widget id; findings outside any widget folder are under "".
    var parseFindings: [String: [Finding]]
    /// Render findings per widget id; findings outside any widget folder are under "".
    var renderFindings: [String: [Finding]] = [:]
    /// The build's own check of each rendered page (`OutputCheck`), by output path
    /// (`<widget>/<page>.html`).
    var outputFindings: [String: [Finding]] = [:]
    /// The search index of each widget by language, kept (with every page's fragment) for
    /// rebuilds of some of its pages; empty for `placard build`.
    var search: [String: [String: SearchLanguageState]] = [:]
    /// Each rendered page's heading ids and `#fragment` links (`<widget>/<slug>`), for the
    /// check of links between pages (`FragmentCheck`), which a partial rebuild runs again
    /// over the pages it kept and the ones it rendered.
    var anchors: [String: PageAnchors] = [:]

    /// Takes in the anchors of the pages of `selection`; pages no longer in the site lose theirs.
    mutating func record(anchors rendered: [String: PageAnchors], of selection: RenderSelection) {
        if selection.isAll { anchors = [:] }
        anchors.merge(rendered) { _, new in new }
        var present: Set<String> = []
        for widget in site.widgets { for page in widget.pages { present.insert(widget.id + "/" + page.slug) } }
        anchors = anchors.filter { present.contains($0.key) }
    }

    /// Every finding known before rendering.
    var findingsBeforeRender: [Finding] {
        loadFindings + configFindings + Self.flatten(parseFindings)
            + OutputCollisions.findings(site, runtime: runtime) + templateFindings
    }

    /// The widget a finding is about (as the loader, parser or renderer marked it), or ""
    /// for project-wide findings.
    static func owner(of finding: Finding) -> String { finding.widget ?? "" }

    static func byOwner(_ findings: [Finding]) -> [String: [Finding]] {
        var result: [String: [Finding]] = [:]
        for finding in findings { result[owner(of: finding), default: []].append(finding) }
        return result
    }

    static func flatten(_ byOwner: [String: [Finding]]) -> [Finding] {
        byOwner.keys.sorted().flatMap { byOwner[$0] ?? [] }
    }

    /// Takes in the findings of a render of `selection`; `replaced` names, per widget
    /// rendered in part, the files whose earlier render findings those pages replace.
    mutating func record(render found: [Finding], of selection: RenderSelection, replacing replaced: [String: Set<String>]) {
        guard let whole = selection.widgets else {
            renderFindings = Self.byOwner(found)
            return
        }
        for id in whole { renderFindings[id] = [] }
        for (id, files) in replaced {
            renderFindings[id] = (renderFindings[id] ?? []).filter { !files.contains($0.location?.file ?? "") }
        }
        for finding in found { renderFindings[Self.owner(of: finding), default: []].append(finding) }
    }

    /// Takes in the output checks of the pages of `selection` (every rendered page has an
    /// entry, empty when clean); pages of a widget rendered whole that are gone lose theirs.
    mutating func record(output checked: [String: [Finding]], of selection: RenderSelection) {
        if let whole = selection.widgets {
            outputFindings = outputFindings.filter { path, _ in !whole.contains(String(path.prefix { $0 != "/" })) }
        } else {
            outputFindings = [:]
        }
        outputFindings.merge(checked) { _, new in new }
    }
}
