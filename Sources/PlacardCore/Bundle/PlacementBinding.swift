import PlacardRules
import PlacardSystem

/// The JSON body of `placement.bind` for one widget (docs/templates.md, "Output").
public struct PlacementBinding: Sendable, Codable, Equatable {
    public struct Language: Sendable, Codable, Equatable {
        public var TITLE: String
        public var DESCRIPTION: String?
    }

    public var PLACEMENT: String
    public var HANDLER: String
    public var TITLE: String
    public var DESCRIPTION: String
    public var LANG_ALL: [String: Language]
    public var OPTIONS: [String: BindOptionValue]
}
