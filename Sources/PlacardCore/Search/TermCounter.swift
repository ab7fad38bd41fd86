/// Counts the terms of pages on one rendering thread at a time, with ids of its own.
///
/// Exists because counting words was most of the index's cost: a table per page had to
/// grow, and take in every term of every page, and each page's terms were then looked up
/// again in the widget's table under the collector's lock. A counter keeps one table per
/// widget and language for all the pages it counts (it stops growing once it has seen the
/// vocabulary) and marks the terms of the current page with the page's serial number, so a
/// word costs one lookup in a table that is already there. The collector lends a counter to
/// one page at a time (`SearchCollector.add`) and maps each counter's ids to the widget's
/// once, at the end (`SearchCollector.finish`).
struct TermCounter: Sendable {
    /// Which counter made a page's entries (its position in the collector's pool).
    let id: Int
    private var tables: [TableKey: Table] = [:]

    struct TableKey: Hashable, Sendable {
        var widget: String
        var language: String
    }

    /// The terms of one widget in one language seen by this counter.
    struct Table: Sendable {
        var terms = TermTable(capacity: 1024)
        /// Per term id: the serial of the last page that had it (high 32 bits) and its count
        /// there (`inTitle`: in that page's title); one number, so a word costs one write.
        fileprivate var marks: [UInt64] = []
        fileprivate var serial: UInt64 = 0
    }

    init(id: Int) { self.id = id }

    /// The table of `widget` in `language`.
    func table(widget: String, language: String) -> Table? {
        tables[TableKey(widget: widget, language: language)]
    }

    /// A page's terms (in the order they first occur, the title's last) as this counter's
    /// term id << 8 | weight class (`SearchEncoding.scores`): 3 for a term of the title, else
    /// 2 for four or more occurrences, 1 for two or three, 0 for one.
    mutating func count(_ document: SearchDocument, widget: String) -> [UInt64] {
        // Changed in place (one lookup, no copy of the table).
        tables[TableKey(widget: widget, language: document.language), default: Table()].count(document)
    }
}

extension TermCounter.Table {
    /// The count of a term in the title (it outweighs any count in the body).
    private static let inTitle: UInt64 = 0xFFFF_FFFF

    fileprivate mutating func count(_ document: SearchDocument) -> [UInt64] {
        serial += 1
        if serial > 0xFFFF_FFFF { // after 2^32 pages: start the marks again
            for i in marks.indices { marks[i] = 0 }
            serial = 1
        }
        let mark = serial << 32
        var order: [Int32] = []
        order.reserveCapacity(256)
        SearchText.forEachTermBytes(html: document.html) { term, hash in
            let (id, isNew) = terms.insert(term, hash: hash)
            if isNew {
                marks.append(mark | 1)
                order.append(Int32(id))
            } else if marks[id] & ~Self.inTitle != mark {
                marks[id] = mark | 1
                order.append(Int32(id))
            } else if marks[id] & Self.inTitle < Self.inTitle - 1 {
                marks[id] &+= 1
            }
        }
        SearchText.forEachTermBytes(document.title) { term, hash in
            let (id, isNew) = terms.insert(term, hash: hash)
            if isNew {
                marks.append(mark | Self.inTitle)
                order.append(Int32(id))
            } else {
                if marks[id] & ~Self.inTitle != mark { order.append(Int32(id)) }
                marks[id] = mark | Self.inTitle
            }
        }
        return order.map { id in
            let count = marks[Int(id)] & Self.inTitle
            let weight: UInt64 = count == Self.inTitle ? 3 : count >= 4 ? 2 : count >= 2 ? 1 : 0
            return UInt64(id) << 8 | weight
        }
    }
}
