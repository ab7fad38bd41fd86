import Foundation
import PlacardCore
import PlacardRules
import PlacardSystem

/// The JSON the emulator page starts from: the widget, its placement's rules, and the chat
/// context (dialogId, chat kind, messageId, language, admin flag, deny list) with
/// per-placement defaults, each query value checked before it is used.
///
/// Exists so that `emulator.js` never duplicates a platform rule: what a placement
/// delivers, which commands it denies and how it is shown all come from `PlacardRules`.
enum PreviewConfig {
    static let chatKinds = ["group", "private", "lines", "crm"]
    static let languages = ["en", "de", "ru", "ua", "fr", "it", "pl", "la", "br", "tr", "ja", "sc", "tc", "vn", "kz", "id", "ms", "th", "ar", "in"]

    static func rules(_ placement: Placement) -> JSONValue {
        [
            "code": .string(placement.code), "surface": .string(placement.surface.rawValue), "status": .string(placement.status.rawValue),
            "delivers": .array(placement.delivers.map(JSONValue.string)),
            "accepts": .array(placement.accepts.map(JSONValue.string)),
            "deniedCommands": .array(placement.deniedCommands.map(JSONValue.string)),
            "extraCommands": .array(placement.extraCommands.map(JSONValue.string)),
            "allowsResize": .bool(placement.allowsResize),
        ]
    }

    static func option(_ value: BindOptionValue?) -> JSONValue? {
        switch value {
        case .string(let text)?: return .string(text)
        case .integer(let number)?: return .int(number)
        case nil: return nil
        }
    }

    /// The chat kind a widget is most likely built for, from its OPTIONS `context`.
    static func defaultKind(_ widget: PreviewWidget) -> String {
        guard case .string(let context)? = widget.binding.OPTIONS["context"] else { return "group" }
        let tokens = context.split(separator: ";").map(String.init)
        if tokens.contains("ALL") || tokens.contains("CHAT") { return "group" }
        switch tokens.first {
        case "USER": return "private"
        case "LINES": return "lines"
        case "CRM": return "crm"
        default: return "group"
        }
    }

    /// The first non-private chat kind the widget's `context` allows.
    static func groupKind(_ widget: PreviewWidget) -> String {
        guard case .string(let context)? = widget.binding.OPTIONS["context"] else { return "group" }
        let tokens = context.split(separator: ";").map(String.init)
        if tokens.contains("LINES") && !tokens.contains("CHAT") { return "lines" }
        if tokens.contains("CRM") && !tokens.contains("CHAT") { return "crm" }
        return "group"
    }

    static func flag(_ value: String?, default fallback: Bool) -> Bool {
        guard let value = value?.lowercased() else { return fallback }
        return ["y", "1", "true", "yes", "on"].contains(value)
    }

    /// The longest `initDelay` (ms) the emulator holds its `getInitData` answer back.
    static let maxInitDelay = 10_000

    /// `initDelay=<ms>`: how long the emulator waits before answering `getInitData` (0 when
    /// absent or not a whole number; at most `maxInitDelay`).
    static func initDelay(_ value: String?) -> Int {
        guard let value, value.count <= 6, value.allSatisfy(\.isASCII), let ms = Int(value), ms > 0 else { return 0 }
        return min(ms, maxInitDelay)
    }

    static func matches(_ text: String, _ allowed: (Unicode.Scalar) -> Bool, max: Int = 40) -> Bool {
        !text.isEmpty && text.count <= max && text.unicodeScalars.allSatisfy(allowed)
    }

    static func make(widget: PreviewWidget, widgets: [PreviewWidget], query: [String: String],
                     site: SiteInfo, bx24: ServeOptions.BX24Mode, appPage: Bool, installPage: Bool = false) -> JSONValue {
        let digit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        var dialog: String?
        if let value = query["dialogId"], matches(value, { digit($0) || ("a"..."z").contains($0) }),
           value.allSatisfy(\.isNumber) || ((value.hasPrefix("chat") || value.hasPrefix("sg")) && value.last?.isNumber == true) {
            dialog = value
        }
        var kind = query["kind"].flatMap { chatKinds.contains($0) ? $0 : nil } ?? defaultKind(widget)
        if query["kind"] == nil, let dialog {
            // Without a kind, the dialogId says private (a user id) or not (chatNNN).
            if dialog.allSatisfy(\.isNumber) { kind = "private" } else if kind == "private" { kind = groupKind(widget) }
        }
        let dialogId = dialog ?? (kind == "private" ? "7" : "chat1489")
        let messageId = query["messageId"].flatMap { matches($0, digit, max: 18) ? $0 : nil } ?? "84889"
        let lang = query["lang"].flatMap { matches($0, { ("a"..."z").contains($0) }, max: 3) && $0.count >= 2 ? $0 : nil } ?? site.defaultLanguage
        var deny = widget.placement.deniedCommands
        if let list = query["deny"] {
            deny = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                .filter { matches($0, { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == ":" }) }
        }
        var titles: [String: JSONValue] = [:]
        for (language, value) in widget.binding.LANG_ALL { titles[language] = .string(value.TITLE) }
        var options: [String: JSONValue] = [:]
        for (key, value) in widget.binding.OPTIONS { options[key] = option(value) }
        var languages = languages
        if !languages.contains(lang) { languages.append(lang) }
        return [
            "widget": [
                "id": .string(widget.id), "title": .string(widget.binding.TITLE), "titles": .object(titles),
                "options": .object(options), "url": .string(widget.url),
                "color": option(widget.binding.OPTIONS["color"]).flatMap { $0.string.flatMap { BindOptionRules.colorHex[$0] } }.map(JSONValue.string) ?? .null,
            ],
            "placement": rules(widget.placement),
            "context": [
                "dialogId": .string(dialogId), "chatKind": .string(kind), "messageId": .string(messageId),
                "lang": .string(lang), "admin": .bool(flag(query["admin"], default: true)),
                "uri": .bool(flag(query["uri"], default: true)), "deny": .array(deny.map(JSONValue.string)),
                "install": .bool(flag(query["install"], default: false)), "firstRun": .bool(flag(query["firstRun"], default: false)),
                "initDelay": .int(initDelay(query["initDelay"])),
            ],
            "chatKinds": .array(chatKinds.map(JSONValue.string)),
            "languages": .array(languages.map(JSONValue.string)),
            "widgets": .array(widgets.map { ["id": .string($0.id), "title": .string($0.binding.TITLE), "placement": .string($0.placement.code)] }),
            "bx24": .string(bx24.rawValue),
            "appPage": appPage ? "/index.html" : .null,
            // `app=install` / `app=index`: the application's own page opens in the application
            // frame at start (`/_placard/app/…` links here), when the build has it.
            "openApp": query["app"] == "install" && installPage ? "/install.html" : query["app"] == "index" && appPage ? "/index.html" : .null,
            "site": ["title": .string(site.title), "defaultLanguage": .string(site.defaultLanguage)],
        ]
    }
}
