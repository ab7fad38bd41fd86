import Foundation
import PlacardRules
import Testing

@Suite("Placement table")
struct PlacementTests {
    @Test func buildablePlacementsAreTheFiveMessengerCodes() {
        #expect(Placement.buildable.map(\.code) == ["IM_TEXTAREA", "IM_SIDEBAR", "IM_CONTEXT_MENU", "IM_NAVIGATION", "IMMOBILE_CONTEXT_MENU"])
    }

    @Test func archivedSmilesSelectorIsRefused() {
        let problem = Placement.problem(withCode: "IM_SMILES_SELECTOR")
        #expect(problem?.rule == "placement.archived")
        #expect(problem?.message.contains("never calls its handler") == true)
    }

    @Test func nearMissGetsDidYouMean() {
        let problem = Placement.problem(withCode: "IM_SIDEBARR")
        #expect(problem?.rule == "placement.unknown")
        #expect(problem?.message == "unknown placement 'IM_SIDEBARR'; valid codes are IM_TEXTAREA, IM_SIDEBAR, IM_CONTEXT_MENU, IM_NAVIGATION, IMMOBILE_CONTEXT_MENU. Did you mean 'IM_SIDEBAR'?")
        #expect(Placement.problem(withCode: "im_textarea")?.message.hasSuffix("Did you mean 'IM_TEXTAREA'?") == true)
        #expect(Placement.problem(withCode: "TOTALLY_ELSE")?.message.contains("Did you mean") == false)
    }

    @Test func nonChatCodeIsNamed() {
        #expect(Placement.problem(withCode: "CRM_DEAL_DETAIL_TAB")?.rule == "placement.not-chat")
    }

    @Test(arguments: Placement.buildable)
    func buildableCodesHaveNoProblem(_ placement: Placement) {
        #expect(Placement.problem(withCode: placement.code) == nil)
    }

    @Test func resizeIsDeniedInSliderAndMobile() {
        #expect(Placement.imTextarea.allowsResize)
        #expect(Placement.imSidebar.allowsResize)
        #expect(Placement.imNavigation.allowsResize)
        #expect(!Placement.imContextMenu.allowsResize)
        #expect(!Placement.imMobileContextMenu.allowsResize)
    }

    /// The Swift table must say what the platform data says (../shared/spec/im-placements.json,
    /// present beside the repository in CI and in development).
    static let specPath: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("shared/spec/im-placements.json").path
    }()

    @Test(.enabled(if: FileManager.default.fileExists(atPath: specPath), "needs ../shared/spec/im-placements.json"))
    func tableMatchesThePlatformData() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.specPath))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(json["placements"] as? [[String: Any]])
        for entry in entries {
            let code = try #require(entry["code"] as? String)
            let placement = try #require(Placement.named(code), "missing \(code)")
            let delivered = (entry["placementOptions"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let accepted = (entry["bindOptions"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let required = (entry["bindOptions"] as? [[String: Any]] ?? []).filter { $0["required"] as? Bool == true }.compactMap { $0["name"] as? String }
            if placement.status != .archived { #expect(Set(placement.delivers) == Set(delivered), "\(code) delivers") }
            #expect(Set(placement.accepts) == Set(accepted), "\(code) accepts")
            #expect(Set(placement.requires) == Set(required), "\(code) requires")
            #expect(placement.status.rawValue == entry["status"] as? String)
        }
        let sets = try #require((json["common"] as? [String: Any])?["optionValueSets"] as? [String: Any])
        #expect((sets["color"] as? [String: Any])?["allowed"] as? [String] == BindOptionRules.colors)
        #expect((sets["context"] as? [String: Any])?["allowed"] as? [String] == BindOptionRules.contexts)
        #expect((sets["role"] as? [String: Any])?["allowed"] as? [String] == BindOptionRules.roles)
        #expect((sets["extranet"] as? [String: Any])?["allowed"] as? [String] == BindOptionRules.extranetValues)
    }
}
