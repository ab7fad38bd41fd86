import PlacardSystem
import PlacardRules

/// The names a request's `Host` may use for this server: loopback names, the address it is
/// bound to, the machine's interface addresses (`getifaddrs`) and its host name — plus the
/// port, once it is known.
///
/// Exists against DNS rebinding: a page of another site whose name starts resolving to this
/// machine can reach the server, but its requests still name the other site. Binding to
/// `0.0.0.0` (or a LAN address) must not turn this check off, or anyone on the network
/// could make a developer's browser read the preview through such a name.
public struct HostCheck: Sendable {
    /// The address the server was started with, as typed.
    public let bound: String
    /// Lower-case host names and addresses (IPv6 in brackets) that are this machine.
    public let names: Set<String>
    /// The listening port; 0 until known (then any `Host` port is accepted).
    let port: Locked<Int>

    public init(options: ServeOptions, interfaceAddresses: [String] = HostCheck.interfaceAddresses(), hostName: String? = HostCheck.hostName()) {
        bound = options.host
        var names: Set<String> = []
        for name in [options.host] + interfaceAddresses {
            names.insert(Self.bracketed(name.lowercased()))
        }
        if let hostName = hostName?.lowercased(), !hostName.isEmpty {
            names.insert(hostName)
            if !hostName.contains(".") { names.insert(hostName + ".local") }
        }
        self.names = names
        port = Locked(options.port)
    }

    /// Records the port the server really listens on (`--port 0` picks one).
    public func listening(on port: Int) { self.port.withLock { $0 = port } }

    /// Whether a `Host` value (`name[:port]`) names this server.
    public func allows(authority: String) -> Bool {
        guard let host = HandlerRules.host(of: "http://" + authority) else { return false }
        guard HandlerRules.isLoopback(host: host) || names.contains(host) else { return false }
        // The port after the host (after `]` for IPv6); none means the browser's default.
        let rest = host.hasPrefix("[") ? authority.split(separator: "]", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
                                       : authority.split(separator: ":", maxSplits: 1).dropFirst().first.map { ":" + $0 } ?? ""
        guard rest.hasPrefix(":") else { return rest.isEmpty }
        guard let requested = Int(rest.dropFirst()) else { return false }
        let known = port.current
        return known == 0 || requested == known
    }

    static func bracketed(_ name: String) -> String {
        name.contains(":") && !name.hasPrefix("[") ? "[" + name + "]" : name
    }

    /// The addresses of this machine's network interfaces (IPv4 dotted, IPv6 without a zone).
    public static func interfaceAddresses() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var found: [String] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            var text = Self.string(buffer)
            if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
            found.append(text)
        }
        return found
    }

    /// The text of a NUL-terminated C buffer.
    static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `gethostname`, or nil.
    public static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return nil }
        return Self.string(buffer)
    }
}
