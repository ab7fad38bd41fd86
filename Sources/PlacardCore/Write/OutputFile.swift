import PlacardSystem

/// One file of the output, relative to the output folder.
package struct OutputFile: Sendable {
    package enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
        /// Copied from this absolute source path at write time.
        case copy(String)
    }

    package var path: String
    package var content: Content

    package init(path: String, content: Content) {
        self.path = path
        self.content = content
    }
}

extension OutputFile {
    /// The file's bytes (a copied file is read; nil when it cannot be).
    package var bytes: [UInt8]? {
        switch content {
        case .text(let text): Array(text.utf8)
        case .bytes(let bytes): bytes
        case .copy(let source): try? FileSystem.read(source)
        }
    }

    /// A rendered page at its place in the output (`<widget-id>/<page path>`).
    package init(page: RenderedPage) {
        self.init(path: page.widgetID + "/" + page.path, content: .text(page.html))
    }
}
