internal import Hummingbird
internal import NIOCore

/// The request context of the preview server: Hummingbird's basic one plus the connection.
///
/// Exists because two answers must act on the connection itself, which Hummingbird's
/// `BasicRequestContext` does not expose: a live-reload stream ends as soon as its client's
/// connection closes (not at the next heartbeat, or never), and a refused upload (413) closes
/// the connection at once instead of reading the rest of the body first.
struct PreviewContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request came on (nil in tests that call the responder directly).
    let channel: (any Channel)?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Tells when the client of a connection has closed its side (`ChannelEvent.inputClosed`; the
/// server allows half-closure, so the connection itself stays open until something is written).
///
/// Exists for live-reload streams: a tab that is closed or a client that went away must stop
/// counting against the stream cap at once, not at the next heartbeat that fails.
final class ClientGoneHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    let gone: @Sendable () -> Void

    init(gone: @escaping @Sendable () -> Void) { self.gone = gone }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { gone() }
        context.fireUserInboundEventTriggered(event)
    }

    /// Watches `channel` (from any thread): `gone` runs when its client closes its side or the
    /// connection closes.
    static func watch(_ channel: any Channel, gone: @escaping @Sendable () -> Void) {
        channel.closeFuture.whenComplete { _ in gone() }
        channel.eventLoop.execute {
            try? channel.pipeline.syncOperations.addHandler(ClientGoneHandler(gone: gone), position: .first)
        }
    }
}
