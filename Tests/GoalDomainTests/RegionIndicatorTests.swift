import Foundation
import GoalDomain
import GoalTestSupport
import Testing

/// The region's indicators: defined once with the region's target, used under a committee's own number by every
/// plan that names them; a committee cannot change them, and a target the region sets reaches every committee from
/// an open period on.
@Suite struct RegionIndicatorTests {
    let day = Date(timeIntervalSince1970: 1_765_000_000)
    let clerk = Author(uid: 1000, name: "clerk")

    @Test func theBuiltInModelHoldsTheSevenSharedIndicatorsOnceAndRUNsPlanUsesThem() throws {
        let region = Region.embeddedDefault()
        #expect(
            region.indicators.map(\.id) == [
                "nettokostnad-mot-budget", "hme-totalindex", "personalomsattning", "sjukfranvarokvot",
                "andel-langtidssjuka", "skyddsrond-medarbetare", "skyddsrond-chefer",
            ])
        #expect(region.indicators.allSatisfy { $0.shared && $0.definition != nil && $0.sourceSystem != nil })
        let plan = region.servedPlan
        let sick = try #require(plan.locateIndicator("5.6.3.1")?.indicator)
        #expect(sick.id == "sjukfranvarokvot" && sick.shared && sick.sourceSystem == "Heroma")
        #expect(sick.target.value == .number(3) && sick.isSplitByGender)
        #expect(plan.allIndicators.filter { $0.indicator.shared }.count == 7)
        #expect(plan.locateIndicator("5.6.4.1")?.indicator.shared == false, "5.6.4 is RUN's own")
        #expect(region.summary.contains("7 region indicators"))
    }

    func model(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var document =
            try JSONSerialization.jsonObject(with: Data(Region.embeddedDefaultJSON.utf8)) as? [String: Any] ?? [:]
        edit(&document)
        return try JSONSerialization.data(withJSONObject: document)
    }

    func problems(_ data: Data) -> [PlanProblem] {
        do {
            _ = try Region.decode(from: data)
            return []
        } catch {
            return error.problems
        }
    }

    /// RUN's 5.6.3 (Hållbar arbetsmiljö) indicators in the model file.
    func editSickLeave(_ document: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var plans = document["plans"] as! [[String: Any]]
        var effects = plans[0]["effectGoals"] as! [[String: Any]]
        var results = effects[3]["resultGoals"] as! [[String: Any]]
        var indicators = results[2]["indicators"] as! [[String: Any]]
        edit(&indicators[0])
        results[2]["indicators"] = indicators
        effects[3]["resultGoals"] = results
        plans[0]["effectGoals"] = effects
        document["plans"] = plans
    }

    @Test func aPlanMayNotChangeARegionIndicatorsDefinitionOrTarget() throws {
        let changed = problems(
            try model { document in
                editSickLeave(&document) { indicator in
                    indicator["target"] = ["kind": "percentage", "value": 5, "direction": "atMost"]
                    indicator["title"] = "Vår sjukfrånvaro"
                }
            })
        let path = "plans[0].effectGoals[3].resultGoals[2].indicators[0]"
        #expect(changed.contains { $0.path == path + ".target" && $0.message.contains("are the region's") })
        #expect(changed.contains { $0.path == path + ".title" }, "\(changed)")
        let unknown = problems(
            try model { document in editSickLeave(&document) { $0["regionIndicator"] = "sjukfranvaro" } })
        #expect(
            unknown.contains {
                $0.path == path + ".regionIndicator" && $0.message.contains("not one of the region's indicators")
            }, "\(unknown)")
        // A committee's own indicator under a region indicator's id.
        let own = problems(
            try model { document in
                editSickLeave(&document) { indicator in
                    indicator = [
                        "id": "sjukfranvarokvot", "number": "5.6.3.1", "title": "Sjukfrånvarokvot",
                        "target": ["kind": "percentage", "value": 3, "direction": "atMost"],
                    ]
                }
            })
        #expect(own.contains { $0.path == path + ".id" && $0.message.contains("regionIndicator") }, "\(own)")
        let twice = problems(
            try model { document in
                var shared = document["regionIndicators"] as! [[String: Any]]
                shared.append(shared[0])
                document["regionIndicators"] = shared
            })
        #expect(
            twice.contains { $0.path == "regionIndicators[7].id" && $0.message.contains("already used") }, "\(twice)")
        let badFlag = problems(
            try model { document in
                var shared = document["regionIndicators"] as! [[String: Any]]
                shared[2]["byGender"] = "ja"
                document["regionIndicators"] = shared
            })
        #expect(badFlag.contains { $0.path == "regionIndicators[2].byGender" }, "\(badFlag)")
    }

    @Test func aCommitteeCannotSetARegionIndicatorsTargetAndTheRegionsReachesEveryCommittee() throws {
        let region = try EveryCommitteeRegion.region()
        var committees = Dictionary(
            uniqueKeysWithValues: region.committeePlans.map { ($0.committee, FollowUp(plans: $0.plans)) })
        var own = try #require(region.ownPlan.map { FollowUp(plan: $0) })
        let today = CivilDate("2025-12-07")!
        #expect {
            try committees["HSN"]!.setTarget(
                indicator: "5.1.3.1", value: .number(5), direction: nil, from: "2026-interim", today: today, at: day,
                by: clerk)
        } throws: { error in
            (error as? DomainError)?.code == .failedPrecondition
                && (error as? DomainError)?.message.contains("--region") == true
        }
        let change = try own.setTarget(
            indicator: "sjukfranvarokvot", value: .number(2.5), direction: nil, from: "2026-interim", today: today,
            at: day, by: clerk)
        #expect(change.committee == Region.ownKey)
        for key in committees.keys { try committees[key]!.adoptRegionTarget(change) }
        for (key, followUp) in committees {
            #expect(
                followUp.target(of: "sjukfranvarokvot", in: Period("2026-interim")!).value == .number(2.5), "\(key)")
            #expect(followUp.target(of: "sjukfranvarokvot", in: Period("2025-annual")!).value == .number(3), "\(key)")
        }
    }
}
