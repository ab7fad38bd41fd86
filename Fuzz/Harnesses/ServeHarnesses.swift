import PlacardServe
import PlacardSystem

extension Harness {
    /// `serve`'s form decoder (query strings and `application/x-www-form-urlencoded`
    /// bodies in PHP's bracket notation), as any page in the developer's browser can send.
    static let form = Harness(name: "form", summary: "serve's form and query decoder") { input in
        _ = try? FormData.decode(String(decoding: input.prefix(maximumInput), as: UTF8.self))
    }

    /// `serve`'s JSON body decoder, and the value written back out.
    static let jsonBody = Harness(name: "json-body", summary: "serve's JSON body decoder") { input in
        if let value = JSONValue.decode(input.prefix(maximumInput)) { _ = value.scriptSafeText }
    }
}
