import Foundation

/// One Bitrix24 messenger embedding point and what the platform does with it.
///
/// Exists so that the build, the verifier and the preview emulator read the platform's
/// rules (docs/platform.md §1) from one table
/// instead of each keeping its own idea of what `IM_SIDEBAR` delivers or accepts.
public struct Placement: Sendable, Hashable {
    /// Whether the platform still calls the handler.
    public enum Status: String, Sendable, Hashable {
        case active, archived, mobile
    }

    /// How the messenger shows the frame; drives the default template and the emulator.
    public enum Surface: String, Sendable, Hashable {
        case popup      // IM_TEXTAREA: popup above the input field
        case sidebar    // IM_SIDEBAR: detail panel of the chat sidebar
        case slider     // IM_CONTEXT_MENU: application slider
        case page       // IM_NAVIGATION: the whole messenger working area
        case mobilePage // IMMOBILE_CONTEXT_MENU: a separate page in the mobile app
    }

    public let code: String
    public let status: Status
    public let surface: Surface
    /// Keys Bitrix24 puts into `PLACEMENT_OPTIONS` for this placement.
    public let delivers: [String]
    /// OPTIONS keys `placement.bind` keeps for this placement (others are dropped silently).
    public let accepts: [String]
    /// OPTIONS keys that must be present.
    public let requires: [String]
    /// Parent commands that never answer in this placement (docs/platform.md §5.3, deny lists).
    public let deniedCommands: [String]
    /// Parent commands only this placement has.
    public let extraCommands: [String]

    /// Whether `resizeWindow`/`fitWindow` reach the parent (slider and mobile pages do not).
    public var allowsResize: Bool { !deniedCommands.contains("resizeWindow") && surface != .mobilePage }
    /// The lower-case name used for default template files (`im-sidebar`).
    public var templateName: String { code.lowercased().replacingOccurrences(of: "_", with: "-") }
    public func delivers(_ key: String) -> Bool { delivers.contains(key) }
}

extension Placement {
    private static let placementDeny = ["setTitle", "setScroll", "reloadWindow"]

    public static let imTextarea = Placement(
        code: "IM_TEXTAREA", status: .active, surface: .popup,
        delivers: ["dialogId", "URI"],
        accepts: ["iconName", "extranet", "context", "role", "color", "width", "height"],
        requires: ["iconName"], deniedCommands: placementDeny,
        extraCommands: ["im:getImTextareaContent", "im:setImTextareaContent"])

    public static let imSidebar = Placement(
        code: "IM_SIDEBAR", status: .active, surface: .sidebar,
        delivers: ["dialogId", "URI"],
        accepts: ["iconName", "extranet", "context", "role", "color"],
        requires: ["iconName"], deniedCommands: placementDeny, extraCommands: [])

    public static let imContextMenu = Placement(
        code: "IM_CONTEXT_MENU", status: .active, surface: .slider,
        delivers: ["messageId", "dialogId", "URI"],
        accepts: ["extranet", "context", "role"],
        requires: [], deniedCommands: placementDeny + ["resizeWindow"], extraCommands: [])

    public static let imNavigation = Placement(
        code: "IM_NAVIGATION", status: .active, surface: .page,
        delivers: ["URI"],
        accepts: ["iconName", "extranet", "role"],
        requires: ["iconName"], deniedCommands: placementDeny, extraCommands: [])

    public static let imMobileContextMenu = Placement(
        code: "IMMOBILE_CONTEXT_MENU", status: .mobile, surface: .mobilePage,
        delivers: ["dialogId"],
        accepts: ["context", "extranet", "role"],
        requires: [], deniedCommands: placementDeny, extraCommands: [])

    /// Archived since im 25.1600.0: `placement.bind` accepts it, but the handler is never called.
    public static let imSmilesSelector = Placement(
        code: "IM_SMILES_SELECTOR", status: .archived, surface: .popup,
        delivers: [],
        accepts: ["extranet", "context", "role"],
        requires: [], deniedCommands: placementDeny, extraCommands: [])

    /// The placements a widget can be built for, in documentation order.
    public static let buildable: [Placement] = [imTextarea, imSidebar, imContextMenu, imNavigation, imMobileContextMenu]
    /// Every messenger placement the platform knows, archived ones included.
    public static let messenger: [Placement] = buildable + [imSmilesSelector]

    public static func named(_ code: String) -> Placement? { messenger.first { $0.code == code } }

    /// Codes of other Bitrix24 embedding points: valid on a portal, but not in the chat.
    public static let nonChatCodes: Set<String> = [
        "DEFAULT", "REST_APP_URI", "PAGE_BACKGROUND_WORKER", "LEFT_MENU",
        "CRM_LEAD_LIST_MENU", "CRM_DEAL_LIST_MENU", "CRM_CONTACT_LIST_MENU", "CRM_COMPANY_LIST_MENU",
        "CRM_INVOICE_LIST_MENU", "CRM_QUOTE_LIST_MENU", "CRM_ACTIVITY_LIST_MENU",
        "CRM_LEAD_DETAIL_TAB", "CRM_DEAL_DETAIL_TAB", "CRM_CONTACT_DETAIL_TAB", "CRM_COMPANY_DETAIL_TAB",
        "CRM_QUOTE_DETAIL_TAB", "CRM_SMART_INVOICE_DETAIL_TAB", "CRM_DYNAMIC_DETAIL_TAB",
        "CRM_LEAD_DETAIL_ACTIVITY", "CRM_DEAL_DETAIL_ACTIVITY", "CRM_CONTACT_DETAIL_ACTIVITY",
        "CRM_COMPANY_DETAIL_ACTIVITY", "CRM_DEAL_DETAIL_TOOLBAR", "CRM_LEAD_DETAIL_TOOLBAR",
        "CRM_CONTACT_DETAIL_TOOLBAR", "CRM_COMPANY_DETAIL_TOOLBAR", "CRM_ANALYTICS_MENU",
        "CRM_FUNNELS_TOOLBAR", "CRM_DEAL_DOCUMENTGENERATOR_BUTTON", "CRM_LEAD_ACTIVITY_TIMELINE_MENU",
        "CRM_DEAL_ACTIVITY_TIMELINE_MENU", "CRM_CONTACT_ACTIVITY_TIMELINE_MENU",
        "CRM_COMPANY_ACTIVITY_TIMELINE_MENU", "CALENDAR_GRIDVIEW", "TASK_LIST_CONTEXT_MENU",
        "TASK_VIEW_TAB", "TASK_VIEW_SIDEBAR", "TASK_VIEW_TOP_PANEL", "TASK_USER_LIST_TOOLBAR",
        "TASK_GROUP_LIST_TOOLBAR", "SONET_GROUP_DETAIL_TAB", "SONET_GROUP_ROBOT_DESIGNER",
        "SONET_GROUP_TOOLBAR", "USER_PROFILE_MENU", "USER_PROFILE_TOOLBAR", "TELEPHONY_CALL_CARD",
        "CALL_CARD", "LANDING_SETTINGS", "LANDING_BLOCK", "LANDING_IMAGE", "CONTACT_CENTER",
        "SIGN_SES_PERSONAL_LIST_CONTEXT_MENU", "STORE_CONTRACT_DETAIL_TAB", "PAYMENT_DETAIL_TAB",
        "CATALOG_PRODUCT_DETAIL_TAB", "MAIN_MENU_ITEM",
    ]

    /// What to say about a code that is not a buildable messenger placement (a finding with
    /// no location yet), or nil if it is one. Shared by the build (front matter) and the
    /// verifier (placement.json).
    public static func problem(withCode code: String) -> Finding? {
        let valid = buildable.map(\.code).joined(separator: ", ")
        if let placement = named(code) {
            guard placement.status == .archived else { return nil }
            return Finding(.placementArchived,
                    "placement '\(code)' is archived: Bitrix24 still accepts the binding but never calls its handler; use one of \(valid)")
        }
        if nonChatCodes.contains(code) {
            return Finding(.placementNotChat,
                    "placement '\(code)' is a Bitrix24 embedding point outside the messenger; a chat widget needs one of \(valid)")
        }
        let hint = Suggestion.didYouMean(code, in: messenger.filter { $0.status != .archived }.map(\.code))
        return Finding(.placementUnknown, "unknown placement '\(code)'; valid codes are \(valid).\(hint)")
    }
}
