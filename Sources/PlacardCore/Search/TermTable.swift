/// A set of search terms kept as UTF-8 bytes in one buffer, each with an id in the order it
/// was first added, found by an open-addressing hash table.
///
/// Exists because counting a page's words and giving each a widget-wide id were most of the
/// index's cost with `[String: Int]` (a `String` made and hashed per word, then hashed
/// again under the collector's lock): here a word is hashed once, from the bytes the
/// tokenizer already has, and the page's table hands that hash on to the widget's.
struct TermTable: Sendable {
    /// The terms' bytes, one after the other; term `i` is `bytes[ends[i - 1]..<ends[i]]`.
    private var bytes: [UInt8] = []
    private var ends: [Int32] = []
    private(set) var hashes: [UInt64] = []
    /// Term id + 1 per slot, 0 for an empty one; the count is a power of two.
    private var slots: [Int32]

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
    }

    var count: Int { ends.count }

    /// A hash of a term's bytes taken 8 at a time as little-endian numbers (the last one
    /// padded with zeros), which the tokenizer computes as it lowercases an ASCII word 8
    /// bytes at a time (`SearchText`): `start`, then `mix` per 8 bytes, then `finish`.
    static func hash(_ term: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = start(count: term.count)
        var i = 0
        while i < term.count {
            var chunk: UInt64 = 0
            for k in 0..<min(8, term.count - i) { chunk |= UInt64(term[i + k]) << (8 * k) }
            h = mix(h, chunk)
            i += 8
        }
        return finish(h)
    }

    @inline(__always) static func start(count: Int) -> UInt64 { UInt64(count) &* 0x9E37_79B9_7F4A_7C15 }

    @inline(__always) static func mix(_ h: UInt64, _ chunk: UInt64) -> UInt64 {
        (h ^ chunk) &* 0x9E37_79B9_7F4A_7C15
    }

    /// MurmurHash3's finaliser: the table uses the low bits, which `mix` alone leaves weak.
    @inline(__always) static func finish(_ h: UInt64) -> UInt64 {
        var h = h
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    private func range(_ id: Int) -> Range<Int> {
        (id == 0 ? 0 : Int(ends[id - 1]))..<Int(ends[id])
    }

    /// The id of `term` (whose hash is `hash`), added when it is new.
    mutating func insert(_ term: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (id: Int, isNew: Bool) {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Int? = slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                while slots[slot] != 0 {
                    let id = Int(slots[slot]) - 1
                    if hashes[id] == hash, equals(id, term) { return id }
                    slot = (slot + 1) & mask
                }
                return nil
            }
        }
        if let found { return (found, false) }
        bytes.append(contentsOf: term)
        ends.append(Int32(bytes.count))
        hashes.append(hash)
        slots[slot] = Int32(count)
        return (count - 1, true)
    }

    private func equals(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = range(id)
        guard r.count == term.count else { return false }
        // Terms are short (at most 40 bytes): a loop here costs less than a call to memcmp.
        return bytes.withUnsafeBufferPointer { all in
            var k = 0
            while k < term.count, all[r.lowerBound + k] == term[k] { k += 1 }
            return k == term.count
        }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for id in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id + 1)
        }
    }

    /// Calls `body` with the bytes of term `id`.
    func withTerm<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range(id)])) }
    }

    /// Term `id` as a string.
    func term(_ id: Int) -> String {
        withTerm(id) { String(decoding: $0, as: UTF8.self) }
    }
}
