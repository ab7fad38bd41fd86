import PlacardRules
import PlacardSystem

/// Compares `integrity` attributes with the files they load.
///
/// Exists so that each file is hashed once per algorithm however many pages load it: the
/// digests are shared by all file checks (which run in parallel) behind a lock.
struct IntegrityChecker: Sendable {
    private let input: VerifyInput
    /// Algorithm + target → digest (nil: the file could not be hashed).
    private let digests = Locked<[String: String?]>([:])
    /// Attribute value + target → whether they match, so a runtime loaded by 1,000 pages is
    /// judged once.
    private let matches = Locked<[String: Bool]>([:])

    init(input: VerifyInput) { self.input = input }

    /// A finding when `value` (the attribute, at `offset` of `file`) does not match `target`.
    func check(_ value: String, url: String, target: String, file: SourceFile, offset: Int) -> Finding? {
        let key = target + "\u{0}" + value
        if matches.withLock({ $0[key] }) == true { return nil }
        let finding = judge(value, url: url, target: target, file: file, offset: offset)
        matches.withLock { $0[key] = finding == nil }
        return finding
    }

    private func judge(_ value: String, url: String, target: String, file: SourceFile, offset: Int) -> Finding? {
        var known: [(SubresourceIntegrity.Algorithm, Substring)] = []
        for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let hash = token.prefix { $0 != "?" }
            guard let dash = hash.firstIndex(of: "-"), let algorithm = SubresourceIntegrity.Algorithm(rawValue: hash[..<dash].lowercased()) else { continue }
            known.append((algorithm, hash))
        }
        guard let strongest = known.map(\.0).max(by: { Self.rank($0) < Self.rank($1) }) else {
            return Finding(.refIntegrityInvalid,
                           "integrity '\(value)' has no sha256-, sha384- or sha512- hash, so the browser does not check '\(url)'",
                           at: file.location(offset))
        }
        let expected = known.filter { $0.0 == strongest }.map(\.1)
        guard let actual = digest(target, strongest), !expected.contains(where: { $0 == actual }) else { return nil }
        return Finding(.refIntegrityMismatch,
                       "integrity of '\(url)' does not match the file: the page expects \(expected[0]), the file hashes to \(actual); browsers refuse to load it: rebuild, or fix the attribute",
                       at: file.location(offset))
    }

    private func digest(_ target: String, _ algorithm: SubresourceIntegrity.Algorithm) -> String? {
        let key = algorithm.rawValue + ":" + target
        if let cached = digests.withLock({ $0[key] }) { return cached }
        // Computed outside the lock; two threads may rarely both compute the same digest.
        // A file too large to read is not hashed (its own check reports it).
        let small = (input.files[target] ?? 0) <= VerifyInput.maximumScannedSize
        let value = small ? input.read(target).map { SubresourceIntegrity.integrity(algorithm, of: $0) } : nil
        digests.withLock { $0[key] = value }
        return value
    }

    private static func rank(_ algorithm: SubresourceIntegrity.Algorithm) -> Int {
        switch algorithm {
        case .sha256: 1
        case .sha384: 2
        case .sha512: 3
        }
    }
}
