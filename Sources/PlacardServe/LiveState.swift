import Foundation
import PlacardSystem

/// One error as the preview's overlay shows it: where, what, and the source around it.
public struct OverlayProblem: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var number: Int
        public var text: String
    }

    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var rule: String
    /// Up to three lines before and after `line` (empty when the file cannot be read).
    public var snippet: [Line]
    /// `error`, `warning` or `note`.
    public var severity: String = "error"
}

/// The outcome of the latest build, as sent to open pages over Server-Sent Events.
///
/// Exists so that pages decide for themselves what to do: reload when a newer good build
/// touched them, show the overlay while `ok` is false, hide it again when it turns true.
public struct BuildStatus: Sendable, Codable, Equatable {
    /// Random per server process, so a page notices a restart.
    public var server: String
    /// Increases with every finished build, good or bad.
    public var generation: Int
    public var ok: Bool
    /// Widget ids rebuilt by the latest good build; nil means every widget.
    public var changed: [String]?
    public var milliseconds: Int
    public var errors: [OverlayProblem]
    public var warnings: Int
    /// Every current warning and note (at most `LiveState.maxNotices`), good build or bad:
    /// open pages list them in a panel of their own, which each build replaces.
    public var notices: [OverlayProblem] = []
    /// How many warnings and notes there are in all (`notices` may hold fewer).
    public var noticeCount = 0
    /// False while no build has written an output this server serves (an empty folder, a
    /// project that never built): a failed build then has no "last good output" to keep.
    public var hasOutput = true
    /// Set when the latest build changed only the stylesheet: open pages swap their
    /// `<link>` to it instead of reloading. Nil for every other build.
    public var stylesheet: Stylesheet?
}

/// The fingerprinted stylesheet of the bundles (`style.<hash>.css`), as a page links it.
///
/// Exists so that a stylesheet-only rebuild can name the new file and its integrity value:
/// the `<link>` of an open page carries both and must be replaced with both.
public struct Stylesheet: Sendable, Codable, Equatable {
    public var name: String
    public var integrity: String
}

/// Facts about the site the server needs per request (from the last loaded config).
public struct SiteInfo: Sendable, Equatable {
    public var bx24Script: String
    public var defaultLanguage: String
    public var title: String
}

/// The state that the build thread publishes and request handlers read: the latest
/// `BuildStatus`, the site facts, the widgets of the last good output, and the open event
/// streams.
///
/// Exists as the one hand-off point between the watcher thread and Hummingbird's tasks.
public final class LiveState: Sendable {
    struct Inner {
        var status: BuildStatus
        var site: SiteInfo
        /// The widgets of the last good output (the build that last wrote `dist/`).
        var widgets: [PreviewWidget] = []
        var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
        var nextID = 0
        var closed = false
    }

    private let inner: Locked<Inner>

    public init(site: SiteInfo) {
        let id = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        inner = Locked(Inner(status: BuildStatus(server: id, generation: 0, ok: true, changed: nil, milliseconds: 0, errors: [], warnings: 0), site: site))
    }

    public var status: BuildStatus { inner.withLock { $0.status } }
    public var site: SiteInfo { inner.withLock { $0.site } }
    public var widgets: [PreviewWidget] { inner.withLock { $0.widgets } }

    /// Stores a finished build (its generation is assigned here) and tells every page.
    /// `widgets` is the widget list of the output it wrote, nil when it wrote none.
    public func publish(ok: Bool, changed: [String]?, milliseconds: Int, errors: [OverlayProblem], warnings: Int, site: SiteInfo,
                        widgets: [PreviewWidget]? = nil, stylesheet: Stylesheet? = nil,
                        notices: [OverlayProblem] = [], noticeCount: Int? = nil, hasOutput: Bool = true) {
        inner.withLock { state in
            state.site = site
            if let widgets { state.widgets = widgets }
            state.status = BuildStatus(server: state.status.server, generation: state.status.generation + 1, ok: ok,
                                       changed: changed, milliseconds: milliseconds, errors: errors, warnings: warnings,
                                       notices: Array(notices.prefix(Self.maxNotices)),
                                       noticeCount: noticeCount ?? notices.count, hasOutput: hasOutput, stylesheet: stylesheet)
            let event = Self.event("state", state.status)
            for continuation in state.subscribers.values { continuation.yield(event) }
        }
    }

    /// Sends a named event (`rest`, `message`, …) to every open stream.
    public func broadcast<T: Encodable>(_ name: String, _ value: T) {
        let event = Self.event(name, value)
        inner.withLock { state in
            for continuation in state.subscribers.values { continuation.yield(event) }
        }
    }

    /// A comment line that keeps idle connections open and finds closed ones.
    public func heartbeat() {
        inner.withLock { state in
            for continuation in state.subscribers.values { continuation.yield(": ping\n\n") }
        }
    }

    /// A stream of SSE chunks that starts with the current state, and its id for
    /// `unsubscribe`; nil when `limit` streams are open already (or the server is closing).
    public func subscribe(limit: Int = .max) -> (id: Int, stream: AsyncStream<String>)? {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(256))
        let id: Int? = inner.withLock { state in
            guard !state.closed, state.subscribers.count < limit else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            continuation.yield("retry: 1000\n\n" + Self.event("state", state.status))
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return nil
        }
        continuation.onTermination = { [weak self] _ in
            self?.inner.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return (id, stream)
    }

    /// Ends the stream `id` (its client has gone): it stops counting against the limit at once.
    public func unsubscribe(_ id: Int) {
        let continuation = inner.withLock { $0.subscribers.removeValue(forKey: id) }
        continuation?.finish()
    }

    /// The most warnings and notes a published state carries (the rest are counted).
    public static let maxNotices = 50

    public var subscriberCount: Int { inner.withLock { $0.subscribers.count } }

    /// Whether `closeAll` has ended every stream (the server is shutting down).
    public var isClosed: Bool { inner.withLock { $0.closed } }

    /// Ends every stream (server shutdown), so graceful shutdown is not held up by them.
    public func closeAll() {
        let continuations = inner.withLock { state -> [AsyncStream<String>.Continuation] in
            state.closed = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in continuations { continuation.finish() }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func event<T: Encodable>(_ name: String, _ value: T) -> String {
        let data = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return "event: \(name)\ndata: \(data)\n\n"
    }
}
