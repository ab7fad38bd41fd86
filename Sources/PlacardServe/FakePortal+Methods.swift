import Foundation
import PlacardCore
import PlacardRules
import PlacardSystem

/// The built-in methods whose answers depend on the request or on earlier calls.
extension FakePortal {
    static func text(_ params: [String: JSONValue], _ key: String) -> String? {
        params[key]?.string ?? params[key.lowercased()]?.string
    }

    // MARK: batch

    /// `batch`: `cmd` is `{key: "method?query"}`; `$result[key][field]` refers to earlier answers.
    /// The commands run in `order` (the order the request sent the keys in, as PHP's `foreach`
    /// walks them); keys it does not name run after those, sorted.
    func batch(_ params: [String: JSONValue], auth: String, order: [String] = []) -> RestAnswer {
        let halt = params["halt"]?.isTrue ?? false
        var commands: [(String, String)] = []
        switch params["cmd"] {
        case .object(let fields)?:
            let sent = order.filter { fields[$0] != nil }, named = Set(sent)
            let rest = fields.keys.filter { !named.contains($0) }.sorted { Self.keyOrder($0, $1) }
            commands = (sent + rest).compactMap { key in fields[key]?.string.map { (key, $0) } }
        case .array(let items)?: commands = items.enumerated().compactMap { index, item in item.string.map { (String(index), $0) } }
        default: return .error("ERROR_BATCH_METHOD_NOT_ALLOWED", "Batch cmd is empty", status: 400)
        }
        guard commands.count <= 50 else { return .error("ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded", status: 400) }
        var results: [(String, JSONValue)] = [], errors: [(String, JSONValue)] = []
        var totals: [(String, JSONValue)] = [], nexts: [(String, JSONValue)] = [], times: [(String, JSONValue)] = []
        var answers: [String: JSONValue] = [:]
        for (key, command) in commands {
            let parts = command.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let method = String(parts[0]).lowercased()
            let started = Date()
            let answer: RestAnswer
            if method == "batch" {
                answer = RestAnswer.error("ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage")
            } else {
                do {
                    let query = parts.count > 1 ? try FormData.decode(parts[1]) : [:]
                    answer = dispatch(method, params: query.mapValues { Self.substitute($0, answers: answers) }, auth: auth)
                } catch {
                    answer = RestAnswer.error("INVALID_REQUEST", error.description)
                }
            }
            if let result = answer.body["result"], answer.status < 300 {
                results.append((key, result))
                answers[key] = result
                if let total = answer.body["total"] { totals.append((key, total)) }
                if let next = answer.body["next"] { nexts.append((key, next)) }
                times.append((key, Self.time(started)))
            } else {
                errors.append((key, answer.body))
                if halt { break }
            }
        }
        let body: JSONValue = [
            "result": Self.phpArray(results), "result_error": Self.phpArray(errors),
            "result_total": Self.phpArray(totals), "result_next": Self.phpArray(nexts), "result_time": Self.phpArray(times),
        ]
        return RestAnswer(status: 200, body: ["result": body], keyOrder: commands.map(\.0))
    }

    static func keyOrder(_ a: String, _ b: String) -> Bool {
        if let x = Int(a), let y = Int(b) { return x < y }
        return a < b
    }

    /// PHP's json_encode of an array: a list for keys 0…n-1 (and for an empty array), else an object.
    static func phpArray(_ items: [(String, JSONValue)]) -> JSONValue {
        if items.enumerated().allSatisfy({ String($0.offset) == $0.element.0 }) { return .array(items.map(\.1)) }
        return .object(Dictionary(items, uniquingKeysWith: { _, last in last }))
    }

    /// Replaces `$result[key][field]…` in a parameter value with what an earlier command returned.
    static func substitute(_ value: JSONValue, answers: [String: JSONValue]) -> JSONValue {
        switch value {
        case .object(let fields): return .object(fields.mapValues { substitute($0, answers: answers) })
        case .array(let items): return .array(items.map { substitute($0, answers: answers) })
        case .string(let text) where text.contains("$result["):
            var out = "", rest = Substring(text)
            while let start = rest.range(of: "$result[") {
                out += rest[..<start.lowerBound]
                var cursor = rest[start.lowerBound...].dropFirst("$result".count)
                var path: [String] = []
                while cursor.first == "[", let close = cursor.firstIndex(of: "]") {
                    path.append(String(cursor[cursor.index(after: cursor.startIndex)..<close]))
                    cursor = cursor[cursor.index(after: close)...]
                }
                var found: JSONValue? = path.first.flatMap { answers[$0] }
                for key in path.dropFirst() {
                    switch found {
                    case .object(let fields)?: found = fields[key]
                    case .array(let items)?: found = Int(key).flatMap { items.indices.contains($0) ? items[$0] : nil }
                    default: found = nil
                    }
                }
                if out.isEmpty, cursor.isEmpty, let found { return found }
                out += found?.string ?? ""
                rest = cursor
            }
            return .string(out + rest)
        default: return value
        }
    }

    // MARK: placement.*

    func bind(_ params: [String: JSONValue], session: EmulatorSession?) -> RestAnswer {
        if session?.admin == false { return .error("ACCESS_DENIED", "Access denied! Application management permission required", status: 403) }
        guard let code = Self.text(params, "PLACEMENT")?.uppercased(), !code.isEmpty, code != "DEFAULT" else {
            return .error("ERROR_ARGUMENT", "Wrong value", status: 400, argument: "PLACEMENT")
        }
        guard let handler = Self.text(params, "HANDLER"), !handler.isEmpty else {
            return .error("ERROR_ARGUMENT", "Argument 'HANDLER' is null or empty", status: 400, argument: "HANDLER")
        }
        let scheme = handler.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        guard scheme == "http" || scheme == "https" else { return .error("ERROR_UNSUPPORTED_PROTOCOL", "Unsupported event handler protocol", status: 400) }
        guard let host = HandlerRules.host(of: handler), host.contains(".") else {
            return .error("ERROR_WRONG_HANDLER_URL", "Wrong handler URL", status: 400)
        }
        let placement = Placement.named(code)
        guard placement != nil || Placement.nonChatCodes.contains(code) else {
            return .error("ERROR_PLACEMENT_NOT_FOUND", "Placement not found", status: 400)
        }
        if let userID = params["USER_ID"], userID.string != "0", code != "PAGE_BACKGROUND_WORKER" {
            return .error("ERROR_PLACEMENT_USER_MODE", "User mode is not available for this placement", status: 400)
        }
        var recorded = params
        recorded["PLACEMENT"] = .string(code)
        if let placement {
            var entries: [OptionEntry] = []
            for (key, value) in (params["OPTIONS"]?.object ?? [:]) where placement.accepts.contains(key) {
                if let text = value.string { entries.append(OptionEntry(key: key, value: Int(text).map(OptionValue.integer) ?? .string(text))) }
            }
            let (options, findings) = BindOptionRules.validate(entries, for: placement, missingAt: nil)
            if let problem = findings.first(where: { $0.severity == .error }) {
                // Only the OPTIONS keys the placement accepts are checked, so every error is about one key.
                let option = Rule.named(problem.rule)?.option
                let key = option?.key ?? ""
                if option?.missing == true {
                    return .error("ERROR_ARGUMENT", "Field '\(key)' is required", status: 400, argument: key)
                }
                let code = key.unicodeScalars.reduce("") { $0 + (("A"..."Z").contains($1) ? "_" : "") + String($1).uppercased() }
                return .error("INVALID_ERROR_\(code)", problem.message, status: 400)
            }
            recorded["OPTIONS"] = .object(options.mapValues { value in
                switch value { case .string(let s): .string(s); case .integer(let i): .int(i) }
            })
        }
        state.withLock { store in
            store.bindings.removeAll { $0["PLACEMENT"] == .string(code) && $0["HANDLER"]?.string == handler }
            store.bindings.append(recorded)
        }
        return RestAnswer(status: 200, body: ["result": true])
    }

    func unbind(_ params: [String: JSONValue], session: EmulatorSession?) -> RestAnswer {
        if session?.admin == false { return .error("ACCESS_DENIED", "Access denied! Application management permission required", status: 403) }
        guard case .string(let raw)? = params["PLACEMENT"] ?? params["placement"], !raw.isEmpty else {
            return .error("ERROR_ARGUMENT", "Argument 'PLACEMENT' must be of type string", status: 400, argument: "PLACEMENT")
        }
        let code = raw.uppercased()
        let handler = Self.text(params, "HANDLER") ?? ""
        let removed = state.withLock { store -> Int in
            let before = store.bindings.count
            store.bindings.removeAll { $0["PLACEMENT"] == .string(code) && (handler.isEmpty || $0["HANDLER"]?.string == handler) }
            return before - store.bindings.count
        }
        return RestAnswer(status: 200, body: ["result": ["count": .int(removed * 2)]])
    }

    func placements(session: EmulatorSession?) -> RestAnswer {
        if session?.admin == false { return .error("ACCESS_DENIED", "Access denied! Application management permission required", status: 403) }
        let items: [JSONValue] = bindings.map { binding in
            let options = binding["OPTIONS"]?.object ?? [:]
            var languages: [String: JSONValue] = [:]
            for (language, value) in binding["LANG_ALL"]?.object ?? [:] {
                languages[language] = ["TITLE": value["TITLE"] ?? "", "DESCRIPTION": value["DESCRIPTION"] ?? "", "GROUP_NAME": value["GROUP_NAME"] ?? ""]
            }
            return [
                "placement": binding["PLACEMENT"] ?? "", "userId": 0, "handler": binding["HANDLER"] ?? "",
                "options": options.isEmpty ? .array([]) : .object(options),
                "title": binding["TITLE"] ?? "", "description": binding["DESCRIPTION"] ?? "",
                "langAll": languages.isEmpty ? .array([]) : .object(languages),
            ]
        }
        return RestAnswer(status: 200, body: ["result": .array(items), "total": .int(items.count)])
    }

    // MARK: im.*

    func addMessage(_ params: [String: JSONValue]) -> RestAnswer {
        guard let dialog = Self.text(params, "DIALOG_ID"), !dialog.isEmpty else {
            return .error("USER_ID_EMPTY", "User ID can't be empty", status: 400)
        }
        let text = Self.text(params, "MESSAGE") ?? ""
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || params["ATTACH"] != nil else {
            return .error("MESSAGE_EMPTY", "Message can't be empty", status: 400)
        }
        let message: JSONValue = [
            "chat_id": .int(Self.chatNumber(dialog)), "author_id": 1,
            "date": .string(ISO8601DateFormatter().string(from: Date())), "text": .string(text),
            "unread": false, "uuid": .null, "replaces": [], "params": .array([]), "disappearing_date": .null,
        ]
        let limits = messageLimits
        let id = state.withLock { store -> Int in
            let id = store.nextMessageID
            store.nextMessageID += 1
            guard case .object(var fields) = message else { return id }
            fields["id"] = .int(id)
            Self.keep(.object(fields), bytes: Self.storedSize(dialog: dialog, text: text), in: dialog, limits: limits, store: &store)
            return id
        }
        onMessage(dialog, id, text)
        return RestAnswer(status: 200, body: ["result": .int(id)])
    }

    /// What one kept message counts against `MessageLimits.totalBytes`.
    static func storedSize(dialog: String, text: String) -> Int { 512 + dialog.utf8.count + text.utf8.count }

    /// Keeps `message` as the newest of `dialog`, then drops the oldest messages beyond the
    /// dialog's count and the total budget (a message larger than the budget is not kept).
    static func keep(_ message: JSONValue, bytes: Int, in dialog: String, limits: MessageLimits, store: inout State) {
        guard bytes <= limits.totalBytes else { return }
        store.messages[dialog, default: []].append(message)
        store.messageOrder.append((dialog, bytes))
        store.messageBytes += bytes
        // The dialog's own oldest beyond its count: found in the order, oldest first.
        var excess = (store.messages[dialog]?.count ?? 0) - limits.perDialog
        var index = store.messageOrderStart
        while excess > 0, index < store.messageOrder.count {
            if store.messageOrder[index].dialog == dialog, store.messageOrder[index].bytes > 0 {
                drop(at: index, store: &store)
                excess -= 1
            }
            index += 1
        }
        while store.messageBytes > limits.totalBytes, store.messageOrderStart < store.messageOrder.count {
            if store.messageOrder[store.messageOrderStart].bytes > 0 { drop(at: store.messageOrderStart, store: &store) }
            store.messageOrderStart += 1
        }
        while store.messageOrderStart < store.messageOrder.count, store.messageOrder[store.messageOrderStart].bytes == 0 {
            store.messageOrderStart += 1
        }
        // Compact the order list once its dropped head outweighs what is left.
        if store.messageOrderStart > 1024, store.messageOrderStart * 2 > store.messageOrder.count {
            store.messageOrder.removeFirst(store.messageOrderStart)
            store.messageOrderStart = 0
        }
    }

    /// Drops the oldest kept message of the dialog at `messageOrder[index]`; the entry stays as a
    /// tombstone (0 bytes) until the head of the list passes it.
    static func drop(at index: Int, store: inout State) {
        let (dialog, bytes) = store.messageOrder[index]
        store.messageOrder[index].bytes = 0
        store.messageBytes -= bytes
        guard var list = store.messages[dialog], !list.isEmpty else { return }
        list.removeFirst()
        store.messages[dialog] = list.isEmpty ? nil : list
    }

    /// Bytes of messages kept now (tests and the bench read it).
    public var keptMessageBytes: Int { state.withLock { $0.messageBytes } }
    /// Messages kept now, over all dialogs.
    public var keptMessageCount: Int { state.withLock { $0.messages.values.reduce(0) { $0 + $1.count } } }

    static func chatNumber(_ dialog: String) -> Int {
        let dialog = dialog.lowercased()
        if dialog.hasPrefix("chat") || dialog.hasPrefix("sg") { return Int(dialog.drop { !$0.isNumber }) ?? 1489 }
        return 1000 + (Int(dialog) ?? 0)
    }

    /// Whether `id` is a dialog id as the im module accepts one (`Im\Common::isDialogId`): a
    /// user id, `chat<N>`, `sg<N>` or `crm|<TYPE>|<N>`, letters in any case. PHP's truthiness
    /// refuses "0" first. Anything else — `undefined` (what BX24.js sends for an undefined
    /// value), `nonsense!!` — is answered as an empty id.
    static func isDialogID(_ id: String) -> Bool {
        guard !id.isEmpty, id != "0" else { return false }
        let digits = { (text: Substring) in !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } }
        let lower = id.lowercased()
        if digits(Substring(lower)) { return true }
        for prefix in ["chat", "sg"] where lower.hasPrefix(prefix) { return digits(lower.dropFirst(prefix.count)) }
        let parts = lower.split(separator: "|", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "crm" && !parts[1].isEmpty
            && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && digits(parts[2])
    }

    func dialog(_ params: [String: JSONValue], session: EmulatorSession?) -> RestAnswer {
        guard let dialog = Self.text(params, "DIALOG_ID"), Self.isDialogID(dialog) else {
            return .error("DIALOG_ID_EMPTY", "Dialog ID can't be empty", status: 400)
        }
        guard case .object(var result)? = builtins["im.dialog.get"]?["result"] else { return Self.notFound }
        let number = Self.chatNumber(dialog)
        result["id"] = .int(number)
        result["dialog_id"] = .string(dialog)
        let kind = session?.dialogId == dialog ? session?.chatKind : nil
        let chatKind = (dialog.first?.isNumber ?? false) ? "private" : dialog.hasPrefix("sg") ? "sg" : (kind ?? "group")
        for (key, value) in Self.dialogFields(chatKind, number: number) { result[key] = value }
        return RestAnswer(status: 200, body: ["result": .object(result)])
    }

    /// What `im.dialog.get` says of a dialog of each kind beyond the fixture's defaults (a
    /// group chat): a person, a workgroup, an open line, a CRM entity.
    static func dialogFields(_ kind: String, number: Int) -> [String: JSONValue] {
        switch kind {
        case "private": ["type": "private", "name": "Jonas Weber", "entity_type": ""]
        case "sg": ["type": "chat", "entity_type": "SONET_GROUP", "entity_id": .string(String(number))]
        case "lines": ["type": "lines", "name": "Open channel: Website chat", "entity_type": "LINES"]
        case "crm": ["type": "crm", "name": "Deal #2841: Renewal", "entity_type": "CRM", "entity_id": "DEAL|2841"]
        default: [:]
        }
    }

    func messages(_ params: [String: JSONValue]) -> RestAnswer {
        guard let dialog = Self.text(params, "DIALOG_ID"), Self.isDialogID(dialog) else {
            return .error("DIALOG_ID_EMPTY", "Dialog ID can't be empty", status: 400)
        }
        guard case .object(var result)? = builtins["im.dialog.messages.get"]?["result"] else { return Self.notFound }
        let chat = Self.chatNumber(dialog)
        result["chat_id"] = .int(chat)
        var list: [JSONValue] = []
        if case .array(let fixed)? = result["messages"] {
            list = fixed.map { message in
                guard case .object(var fields) = message else { return message }
                fields["chat_id"] = .int(chat)
                return .object(fields)
            }
        }
        let added = state.withLock { $0.messages[dialog] ?? [] }
        let limit = min(50, max(1, Int(Self.text(params, "LIMIT") ?? "") ?? 20))
        result["messages"] = .array(Array((added.reversed() + list).prefix(limit)))
        return RestAnswer(status: 200, body: ["result": .object(result)])
    }

    func users(_ params: [String: JSONValue]) -> RestAnswer {
        guard case .array(let all)? = builtins["user.get"]?["result"] else { return Self.notFound }
        var wanted: Set<String> = []
        for source in [params["ID"], params["FILTER"]?["ID"], params["filter"]?["ID"]] {
            switch source {
            case .array(let ids)?: wanted.formUnion(ids.compactMap(\.string))
            case let value?: if let id = value.string { wanted.insert(id) }
            case nil: break
            }
        }
        let users = wanted.isEmpty ? all : all.filter { wanted.contains($0["ID"]?.string ?? "") }
        let start = max(0, Int(Self.text(params, "start") ?? "") ?? 0)
        let page = Array(users.dropFirst(start).prefix(50))
        var body: [String: JSONValue] = ["result": .array(page), "total": .int(users.count)]
        if start + 50 < users.count { body["next"] = .int(start + 50) }
        return RestAnswer(status: 200, body: .object(body))
    }
}
