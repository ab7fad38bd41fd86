// The C library, imported in one place for the whole package: Glibc on Debian (what CI
// tests), Musl for static Linux builds, Darwin on macOS (intended, not tested). Every
// module that calls POSIX functions imports PlacardSystem instead of a C library.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#else
#error("PlacardSystem needs a POSIX C library (Glibc, Musl or Darwin)")
#endif

/// The POSIX calls whose Swift name is shadowed by a method (`read`, `write`, `rename`),
/// under one name on every platform.
///
/// Exists because `Glibc.read` does not compile on macOS and `Darwin.read` not on Linux:
/// callers that have their own `read` in scope call `POSIX.read` instead.
package enum POSIX {
    @inline(__always)
    package static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { systemRead(fd, buffer, count) }

    @inline(__always)
    package static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { systemWrite(fd, buffer, count) }

    @inline(__always)
    package static func rename(_ from: String, _ to: String) -> Int32 { systemRename(from, to) }

    /// `SOCK_STREAM`, which Glibc imports as an enum and Darwin as an `Int32`.
    package static var streamSocket: Int32 {
        #if canImport(Glibc)
        Int32(SOCK_STREAM.rawValue)
        #else
        SOCK_STREAM
        #endif
    }
}

// Module-level forwarders: at file scope the C functions are not shadowed.
@inline(__always) private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
@inline(__always) private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
@inline(__always) private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
