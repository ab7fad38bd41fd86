internal import Mustache

/// A string in the Mustache context.
///
/// Exists for speed: swift-mustache renders a `MustacheCustomRenderable` as soon as it
/// recognizes it, where a plain `String` first goes through several failed dynamic casts
/// and `String(describing:)` on every tag. To a template it is the string it holds: the same
/// text, transforms (`{{uppercased(title)}}`) and truthiness. It has no names of its own, said
/// as a `MustacheParent` with no children: inside `{{#assets.logo}}…{{/assets.logo}}` every
/// lookup passes it on the context stack, and would otherwise build a `Mirror` of it each time.
struct TemplateText: MustacheCustomRenderable, MustacheTransformable, MustacheParent, CustomStringConvertible, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    var renderText: String { string }
    var isNull: Bool { false }
    var description: String { string }
    func transform(_ name: String) -> Any? { string.transform(name) }
    func child(named name: String) -> Any? { nil }
}

/// The HTML escaping of `{{name}}` tags, registered with swift-mustache as a content type.
///
/// Exists for speed: it escapes the same five characters to the same entities as
/// swift-mustache's built-in `HTML` type, but byte by byte, and returns a string with
/// nothing to escape (nearly all of them) as it is. `TemplateSet` selects it with a
/// `{{%CONTENT_TYPE}}` pragma at the top of every template, since the library's default
/// type cannot be replaced.
struct EscapedHTML: MustacheContentType {
    static let name = "PLACARD_HTML"
    /// The pragma `TemplateSet` puts on a line of its own above each template.
    static let pragma = "{{%CONTENT_TYPE: \(name)}}\n"

    /// Registers the type once per process, before the first template is parsed.
    static let registered: Void = MustacheContentTypes.register(EscapedHTML(), named: name)

    func escapeText(_ text: String) -> String { HTML.escape(text) }
}

/// An object of the Mustache context (`page`, `widget`, `assets`, a `nav` entry, …): names
/// and values in the order they were written.
///
/// Exists for speed: swift-mustache finds a name here with a short scan of a few small
/// strings, where a `[String: Any]` costs a hash and a conditional-conformance cast on
/// every lookup. To a template it is the dictionary it is written as. `@unchecked Sendable`
/// because the values are typed `Any`: they are strings, booleans, `TemplateText`s and
/// arrays or objects of these, built before rendering and never changed while it runs.
struct TemplateObject: MustacheParent, ExpressibleByDictionaryLiteral, @unchecked Sendable {
    private var names: [String]
    private var values: [Any]

    init(dictionaryLiteral elements: (String, Any)...) {
        names = elements.map(\.0)
        values = elements.map(\.1)
    }

    subscript(name: String) -> Any? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let index = names.firstIndex(of: name) {
                if let newValue { values[index] = newValue } else { names.remove(at: index); values.remove(at: index) }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    func child(named name: String) -> Any? { self[name] }
}
