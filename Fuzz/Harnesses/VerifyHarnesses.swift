import PlacardVerify
import PlacardReport

extension Harness {
    /// verify's JSON reading and structure checks: the input is both `placements.json` and
    /// a bundle's `placement.json`; the report is printed in every format.
    static let verifyJSON = Harness(name: "verify-json", summary: "verify on a dist/ whose placements.json and placement.json are the input") { input in
        let bytes = Array(input.prefix(maximumInput))
        verify(["placements.json": bytes, "w/placement.json": bytes, "w/index.html": VerifyFixed.page])
    }

    /// verify's HTML, CSS and script scanners: the input is a bundle's page, stylesheet
    /// and script at once.
    static let verifyHTML = Harness(name: "verify-html", summary: "verify on a bundle whose index.html, style.css and app.js are the input") { input in
        let bytes = Array(input.prefix(maximumInput))
        verify(["placements.json": VerifyFixed.placements, "w/placement.json": VerifyFixed.placement,
                "w/index.html": bytes, "w/page.html": VerifyFixed.page, "w/style.css": bytes, "w/app.js": bytes])
    }

    static func verify(_ files: [String: [UInt8]]) {
        let report = Verifier().verify(VerifyInput.memory(files))
        for format in ReportFormat.allCases { _ = format.render(report) }
    }
}

/// A valid one-widget `dist/`, the part of the verify harnesses' input that stays fixed.
enum VerifyFixed {
    static let placementText = """
    {"DESCRIPTION": "", "HANDLER": "https://widgets.example.com/w/", "LANG_ALL": {"en": {"TITLE": "W"}},
     "OPTIONS": {"iconName": "fa-book"}, "PLACEMENT": "IM_SIDEBAR", "TITLE": "W"}
    """
    static let placement = Array(placementText.utf8)
    static let placements = Array("[\(placementText)]".utf8)
    static let page = Array("""
    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="b24-placement" content="IM_SIDEBAR">
    <title>W</title><link rel="stylesheet" href="style.css"><script src="https://api.bitrix24.com/api/v1/"></script>
    <script src="app.js"></script></head><body><a href="page.html">p</a><span data-b24-option="dialogId"></span></body></html>
    """.utf8)
}
