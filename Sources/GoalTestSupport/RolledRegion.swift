import Foundation
import GoalDomain

/// The built-in region with a second answer of RUN's, 2025–2027, for tests of rolling plans: andel långtidssjuka is
/// renumbered (5.6.3.2 → 5.6.3.1; a region indicator, it keeps the region's target), sjukfrånvarokvot is
/// dropped, and a new indicator is added (5.6.3.5, `run-friskvard`); RUN's own 5.4.2.2 gets a new target (30 %).
package enum RolledRegion {
    /// The model file, `goald.region/1`.
    package static func json() throws -> Data {
        var document =
            try JSONSerialization.jsonObject(with: Data(Region.embeddedDefaultJSON.utf8)) as? [String: Any] ?? [:]
        guard var next = (document["plans"] as? [[String: Any]])?.first,
            var effects = next["effectGoals"] as? [[String: Any]],
            var results = effects[3]["resultGoals"] as? [[String: Any]],
            var indicators = results[2]["indicators"] as? [[String: Any]]
        else { throw TestDaemonError(message: "the built-in region has changed shape") }
        next["id"] = "run-2025-2027"
        next["title"] = "Svar på planeringsdirektiv 2025–2027"
        next["firstYear"] = 2025
        next["lastYear"] = 2027
        indicators.removeFirst()  // sjukfrånvarokvot
        indicators[0]["number"] = "5.6.3.1"  // andel långtidssjuka, 5.6.3.2 before
        indicators[1]["number"] = "5.6.3.2"
        indicators[2]["number"] = "5.6.3.3"
        indicators.append([
            "id": "run-friskvard", "number": "5.6.3.5", "title": "Andel medarbetare som använt friskvårdsbidraget",
            "target": ["kind": "percentage", "value": 60, "direction": "atLeast", "text": "60 %"],
        ])
        results[2]["indicators"] = indicators
        effects[3]["resultGoals"] = results
        // RUN's own 5.4.2.2 (uppväxling 1:1) is given a new target in the new plan: 30 % (25 % before).
        var business = effects[1]["resultGoals"] as? [[String: Any]] ?? []
        var leverage = business[1]["indicators"] as? [[String: Any]] ?? []
        leverage[1]["target"] = ["kind": "percentage", "value": 30, "direction": "atLeast", "text": "30 %"]
        business[1]["indicators"] = leverage
        effects[1]["resultGoals"] = business
        next["effectGoals"] = effects
        document["plans"] = (document["plans"] as? [[String: Any]] ?? []) + [next]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }

    package static func region() throws -> Region { try Region.decode(from: json()) }
}

/// The built-in region with an answer of Hälso- och sjukvårdsnämnden's too (2024–2026): one result goal of its
/// own under *God, jämlik och jämställd hälsa* (5.1.1, vårdplatser) and the region-common *Hållbar arbetsmiljö*
/// with the region's sjukfrånvarokvot (5.2.1.1, its target the region's 3 %), under the same ids as RUN's.
package enum TwoCommitteeRegion {
    package static func json() throws -> Data {
        var document =
            try JSONSerialization.jsonObject(with: Data(Region.embeddedDefaultJSON.utf8)) as? [String: Any] ?? [:]
        let hsn: [String: Any] = [
            "id": "hsn-2024-2026", "committee": "HSN", "title": "Svar på planeringsdirektiv 2024–2026",
            "firstYear": 2024, "lastYear": 2026,
            "effectGoals": [
                [
                    "effectGoal": "god-jamlik-och-jamstalld-halsa", "number": "5.1",
                    "resultGoals": [
                        [
                            "id": "hsn-fler-vardplatser", "number": "5.1.1", "title": "Fler vårdplatser",
                            "indicators": [
                                [
                                    "id": "hsn-vardplatser", "number": "5.1.1.1", "title": "Antal vårdplatser",
                                    "target": ["kind": "index", "value": 800, "direction": "atLeast"],
                                ]
                            ],
                        ]
                    ],
                ],
                [
                    "effectGoal": "hallbar-organisation", "number": "5.2",
                    "resultGoals": [
                        [
                            "id": "hallbar-arbetsmiljo", "number": "5.2.1", "title": "Hållbar arbetsmiljö",
                            "indicators": [
                                ["regionIndicator": "sjukfranvarokvot", "number": "5.2.1.1"]
                            ],
                        ]
                    ],
                ],
            ],
        ]
        document["plans"] = (document["plans"] as? [[String: Any]] ?? []) + [hsn]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }

    package static func region() throws -> Region { try Region.decode(from: json()) }
}

/// The built-in region with an answer of every committee (2024–2026): each of the seven besides RUN answers under
/// *Hållbar organisation* (5.1) with the region-common economy and HR goals alone, under the same ids as RUN's
/// 5.6.1–5.6.3 and numbered 5.1.1–5.1.3 (so `sjukfranvarokvot` is RUN's 5.6.3.1 and the others' 5.1.3.1).
package enum EveryCommitteeRegion {
    package static func json() throws -> Data {
        var document =
            try JSONSerialization.jsonObject(with: Data(Region.embeddedDefaultJSON.utf8)) as? [String: Any] ?? [:]
        guard let run = (document["plans"] as? [[String: Any]])?.first,
            let effects = run["effectGoals"] as? [[String: Any]],
            let organisation = effects.first(where: { $0["effectGoal"] as? String == "hallbar-organisation" }),
            let results = organisation["resultGoals"] as? [[String: Any]],
            let committees = document["committees"] as? [[String: Any]]
        else { throw TestDaemonError(message: "the built-in region has changed shape") }
        let common = results.filter { $0["regionCommon"] as? Bool == true }.enumerated().map { index, goal in
            var goal = goal
            let number = "5.1.\(index + 1)"
            goal["number"] = number
            goal["indicators"] = (goal["indicators"] as? [[String: Any]] ?? []).enumerated().map { position, item in
                var item = item
                item["number"] = "\(number).\(position + 1)"
                return item
            }
            return goal
        }
        let others = committees.compactMap { $0["abbreviation"] as? String }.filter { $0 != "RUN" }
        let plans = others.map { abbreviation -> [String: Any] in
            [
                "id": "\(abbreviation.lowercased())-2024-2026", "committee": abbreviation,
                "title": "Svar på planeringsdirektiv 2024–2026", "firstYear": 2024, "lastYear": 2026,
                "effectGoals": [["effectGoal": "hallbar-organisation", "number": "5.1", "resultGoals": common]],
            ]
        }
        document["plans"] = (document["plans"] as? [[String: Any]] ?? []) + plans
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }

    package static func region() throws -> Region { try Region.decode(from: json()) }
}

/// `EveryCommitteeRegion` whose sjukfrånvarokvot names a Kolada KPI (`N00090`), as does RUN's own 5.4.2.2
/// (`U07414`, an id made for the tests): a Kolada answer reaches the region's own value of the one and RUN's of the
/// other.
package enum KoladaRegion {
    package static func json() throws -> Data {
        var document = try JSONSerialization.jsonObject(with: EveryCommitteeRegion.json()) as? [String: Any] ?? [:]
        document["regionIndicators"] = (document["regionIndicators"] as? [[String: Any]] ?? []).map { item in
            var item = item
            if item["id"] as? String == "sjukfranvarokvot" { item["kolada"] = "N00090" }
            return item
        }
        var plans = document["plans"] as? [[String: Any]] ?? []
        plans[0]["effectGoals"] = (plans[0]["effectGoals"] as? [[String: Any]] ?? []).map { effect in
            var effect = effect
            effect["resultGoals"] = (effect["resultGoals"] as? [[String: Any]] ?? []).map { result in
                var result = result
                result["indicators"] = (result["indicators"] as? [[String: Any]] ?? []).map { item in
                    var item = item
                    if item["id"] as? String == "run-uppvaxling-1-1" { item["kolada"] = "U07414" }
                    return item
                }
                return result
            }
            return effect
        }
        document["plans"] = plans
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }

    package static func region() throws -> Region { try Region.decode(from: json()) }

    /// A saved Kolada answer: the region 0017's sick leave 2024 (women's value null, "Uppgift saknas") and 2025,
    /// its total of 2023 null, another region's 2025, a KPI no indicator names, a year before every plan, and RUN's
    /// KPI for 2025 (with women's and men's figures, which RUN's indicator, not split by gender, does not take).
    package static let answer = """
        {"count": 8, "values": [
          {"kpi": "N00090", "municipality": "0017", "period": 2024, "values": [
            {"gender": "T", "value": 6.2, "status": "", "count": 1},
            {"gender": "K", "value": null, "status": "Uppgift saknas", "count": 0},
            {"gender": "M", "value": 4.1, "status": "", "count": 1}]},
          {"kpi": "N00090", "municipality": "0017", "period": 2025, "values": [
            {"gender": "T", "value": 6.41, "status": ""},
            {"gender": "K", "value": 7.06, "status": ""},
            {"gender": "M", "value": 4.9, "status": ""}]},
          {"kpi": "N00090", "municipality": "0017", "period": 2023, "values": [
            {"gender": "T", "value": null, "status": "Uppgift saknas"}]},
          {"kpi": "N00090", "municipality": "0010", "period": 2025, "values": [
            {"gender": "T", "value": 5.5, "status": ""}]},
          {"kpi": "N00091", "municipality": "0017", "period": 2025, "values": [
            {"gender": "T", "value": 1, "status": ""}]},
          {"kpi": "N00090", "municipality": "0017", "period": 2019, "values": [
            {"gender": "T", "value": 5.9, "status": ""}]},
          {"kpi": "U07414", "municipality": "0017", "period": 2025, "values": [
            {"gender": "T", "value": 31, "status": ""},
            {"gender": "K", "value": 33, "status": ""},
            {"gender": "M", "value": null, "status": "Uppgift saknas"}]}
        ]}
        """
}
