import PlacardSystem

/// Whether the preview's address can be bound, asked before the first build.
///
/// Exists because a busy port used to surface only after `dist/` had been rebuilt, as
/// NIO's "bind(descriptor:ptr:bytes:): Address already in use (errno: 98)". Binding a
/// socket the way the server will (with `SO_REUSEADDR`, so a port in `TIME_WAIT` is not
/// mistaken for a busy one) and closing it again answers the question in a millisecond.
package enum PortCheck {
    /// Nil when `host:port` can be bound (or `port` is 0: any free port), else the sentence
    /// to print.
    package static func problem(host: String, port: Int) -> String? {
        guard port != 0 else { return nil }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_socktype = POSIX.streamSocket
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let address = found else {
            return nil  // the server reports an address it cannot resolve itself
        }
        defer { freeaddrinfo(found) }
        let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) != 0 else { return nil }
        let code = errno
        switch code {
        case EADDRINUSE:
            return "port \(port) on \(host) is already in use (another 'placard serve'?); stop that program, or pick another port with --port N (--port 0 takes any free one)"
        case EACCES:
            return "port \(port) on \(host) needs more privileges than this user has; pick a port above 1023 with --port N"
        case EADDRNOTAVAIL:
            return "\(host) is not an address of this machine; use --host 127.0.0.1, or one of this machine's addresses"
        default:
            return nil
        }
    }
}
