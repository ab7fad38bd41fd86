/// Where Bitrix24's classic BX24.js library is served from.
///
/// Exists so that the build (the default `bx24Script` pages load), verify (which library
/// counts as loaded) and serve (which script the preview replaces) name the same URL once.
public enum BX24Library {
    /// The official library's URL, Placard's default `bx24Script`.
    public static let officialURL = "https://api.bitrix24.com/api/v1/"
}
