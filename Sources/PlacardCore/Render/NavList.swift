internal import Mustache
import PlacardSystem

/// The `nav` list of one page: the widget's entries, each with its `url` relative to the
/// page and `current` set on the page itself.
///
/// Exists because the list has as many entries as the widget has pages, and most templates
/// show it on some pages only: an entry is made when a template reads it, so a widget of
/// n pages does not cost n² entries. To a template it is the array it stands for (same
/// items, transforms and text).
struct NavList: MustacheSequence, MustacheParent, MustacheTransformable, CustomStringConvertible {
    let entries: [TemplateObject]
    let paths: [String]
    let folder: String
    let current: Int

    struct Iterator: IteratorProtocol {
        let list: NavList
        var index = 0
        mutating func next() -> TemplateObject? {
            guard index < list.entries.count else { return nil }
            defer { index += 1 }
            return list.entry(index)
        }
    }

    func makeIterator() -> Iterator { Iterator(list: self) }
    var underestimatedCount: Int { entries.count }

    func entry(_ i: Int) -> TemplateObject {
        var entry = entries[i]
        // A link, so `c#.html` (the page of `c#.md`) is written `c%23.html`.
        entry["url"] = TemplateText(PercentEncoding.encodePath(Path.relative(from: folder, to: paths[i])))
        entry["current"] = i == current
        return entry
    }

    /// The array this list stands for.
    var array: [TemplateObject] { entries.indices.map(entry) }

    /// Like an array, the list has no named children (`{{nav.x}}` is empty).
    func child(named: String) -> Any? { nil }
    func transform(_ name: String) -> Any? { array.transform(name) }
    var description: String { array.description }
}
