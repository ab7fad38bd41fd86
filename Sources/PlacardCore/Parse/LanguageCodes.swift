/// The language codes a page file name may end in (`page.de.md`, `page.pt-br.md`).
///
/// Exists so that a dot in a page's name is a translation only when what follows it is a
/// language: `api.get.md` and `vote.attachedvote.get.md` are pages, not translations into a
/// language "get". A code is an ISO 639-1 language (two letters) or one of Bitrix24's own
/// portal languages (`ua`, `br`, `la`, `sc`, `tc`, `vn`, `kz`…), optionally followed by a
/// region (`-br`, `-TW`).
enum LanguageCodes {
    static let iso6391: Set<String> = [
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh", "bi", "bm", "bn", "bo",
        "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es",
        "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr",
        "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
        "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv",
        "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv",
        "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd",
        "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
        "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi",
        "yo", "za", "zh", "zu",
    ]
    /// Bitrix24's portal language codes that are not ISO 639-1 codes.
    static let bitrix24: Set<String> = ["ua", "la", "sc", "tc", "vn", "kz", "in", "ms", "id", "br"]

    /// Whether `code` (lower-case letters, maybe `-` and a two-letter region) is a language.
    static func isLanguage<S: StringProtocol>(_ code: S) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, let base = parts.first, base.count == 2, base.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        let language = String(base)
        guard iso6391.contains(language) || bitrix24.contains(language) else { return false }
        if parts.count == 2 {
            let region = parts[1]
            return (region.count == 2 || region.count == 4) && region.allSatisfy { $0.isASCII && $0.isLetter }
        }
        return true
    }
}
