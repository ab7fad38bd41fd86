/// Whole-text writes to a file descriptor, retried on `EINTR`.
///
/// Exists so that a report of any size reaches a pipe complete (a `write` may take only
/// part of it), with nothing but the POSIX layer.
package enum FileDescriptorText {
    package static func write(_ text: String, to descriptor: Int32) {
        guard !text.isEmpty else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { POSIX.write(descriptor, $0.baseAddress!, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
