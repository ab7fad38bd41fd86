import Testing
import PlacardSystem

/// The one percent decoder, with the behaviour each former copy had: links and references
/// keep malformed escapes, form bodies also read `+` as a space, request paths refuse
/// malformed escapes and bytes that are not UTF-8.
@Suite("Percent-decoding")
struct PercentEncodingTests {
    @Test("lenient: escapes decoded, malformed ones kept as written")
    func lenient() {
        #expect(PercentEncoding.decode("a%20b.html") == "a b.html")
        #expect(PercentEncoding.decode("caf%C3%A9") == "café")
        #expect(PercentEncoding.decode("100%") == "100%")
        #expect(PercentEncoding.decode("%4") == "%4")
        #expect(PercentEncoding.decode("%zz%41") == "%zzA")
        #expect(PercentEncoding.decode("a+b") == "a+b")
        // A sign is not a hex digit (an earlier copy read `%+1` as byte 1).
        #expect(PercentEncoding.decode("%+1") == "%+1")
        #expect(PercentEncoding.decode("%ff") == "\u{FFFD}")
    }

    @Test("form bodies: + is a space, %2B a plus")
    func form() {
        #expect(PercentEncoding.decode("a+b%2Bc", plusAsSpace: true) == "a b+c")
        #expect(PercentEncoding.decode("user.get%3FID%3D1", plusAsSpace: true) == "user.get?ID=1")
        #expect(PercentEncoding.decode("%", plusAsSpace: true) == "%")
    }

    @Test("strict: nil for a malformed escape or bytes that are not UTF-8")
    func strict() {
        #expect(PercentEncoding.decodeStrictly("a%20b") == "a b")
        #expect(PercentEncoding.decodeStrictly("%2e%2e") == "..")
        #expect(PercentEncoding.decodeStrictly("a+b") == "a+b")
        #expect(PercentEncoding.decodeStrictly("%4") == nil)
        #expect(PercentEncoding.decodeStrictly("%g0") == nil)
        #expect(PercentEncoding.decodeStrictly("%ff") == nil)
    }

    @Test("hex digits, either case; nothing else")
    func hex() {
        #expect(PercentEncoding.hexValue(UInt8(ascii: "0")) == 0)
        #expect(PercentEncoding.hexValue(UInt8(ascii: "f")) == 15)
        #expect(PercentEncoding.hexValue(UInt8(ascii: "F")) == 15)
        #expect(PercentEncoding.hexValue(UInt8(ascii: "g")) == nil)
        #expect(PercentEncoding.hexValue(UInt8(ascii: "+")) == nil)
    }
}
