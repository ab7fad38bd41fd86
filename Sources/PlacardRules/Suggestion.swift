/// "Did you mean …?" for near misses (a typo in a placement code or an option name).
///
/// Exists because a plain "unknown value" error makes the user go and look up the list;
/// naming the closest valid value usually fixes the typo in one step.
public enum Suggestion {
    /// The candidate closest to `value`, if it is close enough to be a plausible typo.
    /// Case is ignored for the comparison, so `im_sidebar` suggests `IM_SIDEBAR`.
    public static func closest(to value: String, in candidates: [String]) -> String? {
        let upper = value.uppercased()
        // A truncated name ("icon" for "iconName") is a near miss whatever the distance.
        if upper.count >= 3, let prefixed = candidates.first(where: { $0.uppercased().hasPrefix(upper) }) { return prefixed }
        let needle = Array(upper.utf8)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(needle, Array(candidate.uppercased().utf8))
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let limit = max(2, min(needle.count, candidate.utf8.count) / 3)
        return distance <= limit ? candidate : nil
    }

    /// `" Did you mean 'X'?"` or an empty string.
    public static func didYouMean(_ value: String, in candidates: [String]) -> String {
        closest(to: value, in: candidates).map { " Did you mean '\($0)'?" } ?? ""
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
