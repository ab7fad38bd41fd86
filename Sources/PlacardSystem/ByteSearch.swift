extension UnsafeBufferPointer where Element == UInt8 {
    /// The index of the first `byte` in `start..<end` (default: to the end), or nil.
    ///
    /// Exists because the HTML readers (verify's scan, the attribute tokeniser, the search
    /// index's tokenizer) and the line counter look for the next `<`, `>`, quote or line end
    /// in every page: `memchr` reads many bytes at a time where a loop reads one.
    @inlinable
    package func index(of byte: UInt8, from start: Int, to end: Int? = nil) -> Int? {
        let end = Swift.min(end ?? count, count)
        guard start >= 0, start < end, let base = baseAddress,
              let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }
}
