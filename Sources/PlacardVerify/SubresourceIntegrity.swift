internal import Crypto
import Foundation

/// SHA-256, SHA-384 and SHA-512 digests for Subresource Integrity values, from swift-crypto.
///
/// Exists because the verifier must recompute `integrity="sha384-…"` to prove a page's
/// runtime and stylesheet are the files the browser will accept, and the build hashes with
/// the same library (`FingerprintedFile`), so both agree by construction.
enum SubresourceIntegrity {
    enum Algorithm: String, Sendable, CaseIterable {
        case sha256, sha384, sha512
    }

    /// `sha384-<base64>` for `bytes`.
    static func integrity(_ algorithm: Algorithm, of bytes: [UInt8]) -> String {
        algorithm.rawValue + "-" + Data(digest(algorithm, bytes)).base64EncodedString()
    }

    static func digest(_ algorithm: Algorithm, _ bytes: [UInt8]) -> [UInt8] {
        switch algorithm {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha384: Array(SHA384.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }
}
