import PlacardSystem

/// JSON text whose object keys come in a given order: `batch` answers its commands keyed as
/// they were sent (`$result`, `result_error`, … follow the `cmd` order, as PHP's `json_encode`
/// of an insertion-ordered array does), not sorted.
extension JSONValue {
    /// Compact JSON text; in every object the keys named in `keyOrder` come first, in that
    /// order, the others after them sorted. Without an order it is `text`.
    public func text(keyOrder: [String]) -> String {
        guard !keyOrder.isEmpty else { return text }
        var rank: [String: Int] = [:]
        for (index, key) in keyOrder.enumerated() where rank[key] == nil { rank[key] = index }
        var out = ""
        render(rank, into: &out)
        return out
    }

    /// Depth is bounded like every value here (`JSONValue.parse`, `RequestLimits.maxDepth`).
    private func render(_ rank: [String: Int], into out: inout String) {
        switch self {
        case .object(let fields):
            let keys = fields.keys.sorted { (rank[$0] ?? .max, $0) < (rank[$1] ?? .max, $1) }
            out += "{"
            for (index, key) in keys.enumerated() {
                if index > 0 { out += "," }
                out += JSONValue.string(key).text + ":"
                fields[key]?.render(rank, into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.render(rank, into: &out)
            }
            out += "]"
        default:
            out += text
        }
    }
}
