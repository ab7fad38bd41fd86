/// The application's own pages at the root of `dist/`: `index.html` (the static app's
/// required entry) and `install.html` (registers every widget). See the install issue.
public enum AppPages {
    public static func files(for site: Site) -> [OutputFile] {
        []
    }
}
