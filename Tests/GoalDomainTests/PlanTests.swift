import Foundation
import GoalDomain
import Testing

/// The embedded plan against the source document (Regionala utvecklingsnämnden, Region Värmland,
/// "Svar på planeringsdirektiv" 2024–2026, sections 5.3–5.6 and Bilaga 1).
@Suite struct EmbeddedPlanTests {
    let plan = Plan.embeddedDefault()

    @Test func hasTheSourcesShape() {
        #expect(plan.effectGoals.count == 4)
        // The source lists 5.3.1; 5.4.1, 5.4.2; 5.5.1; 5.6.1–5.6.4: eight result goals in all.
        #expect(plan.resultGoalCount == 8)
        #expect(plan.indicatorCount == 21)
        #expect(plan.effectGoals.map(\.number) == ["5.3", "5.4", "5.5", "5.6"])
        #expect(
            plan.effectGoals.map { $0.resultGoals.map(\.number) } == [
                ["5.3.1"], ["5.4.1", "5.4.2"], ["5.5.1"], ["5.6.1", "5.6.2", "5.6.3", "5.6.4"],
            ])
        #expect(plan.firstYear == 2024 && plan.lastYear == 2026)
        #expect(plan.validate().isEmpty)
    }

    /// Every indicator's target as the source's tables give it: key, kind, value, direction.
    static let sourceTargets: [(String, TargetKind, TargetValue?, Direction?)] = [
        ("5.3.1.1", .percentage, .number(100), .atLeast),
        ("5.3.1.2", .percentage, .number(100), .atLeast),
        ("5.3.1.3", .percentage, .number(100), .atLeast),
        ("5.3.1.4", .percentage, .number(60), .atLeast),
        ("5.3.1.5", .yesNo, .yesNo(true), nil),
        ("5.3.1.6", .yesNo, .yesNo(true), nil),
        ("5.4.1.1", .yesNo, .yesNo(true), nil),
        ("5.4.2.1", .qualitative, nil, nil),
        ("5.4.2.2", .percentage, .number(25), .atLeast),
        ("5.4.2.3", .percentage, .number(50), .atLeast),
        ("5.4.2.4", .yesNo, .yesNo(true), nil),
        ("5.5.1.1", .yesNo, .yesNo(true), nil),
        ("5.5.1.2", .qualitative, nil, nil),
        ("5.6.1.1", .amount, .number(0), .atLeast),
        ("5.6.2.1", .index, .number(80), .atLeast),
        ("5.6.2.2", .percentage, .number(9), .atMost),
        ("5.6.3.1", .percentage, .number(3), .atMost),
        ("5.6.3.2", .percentage, .number(3), .atMost),
        ("5.6.3.3", .percentage, .number(100), .atLeast),
        ("5.6.3.4", .percentage, .number(100), .atLeast),
        ("5.6.4.1", .percentage, nil, .atLeast),
    ]

    @Test func everyTargetMatchesTheSource() throws {
        #expect(plan.allIndicators.map(\.indicator.number) == Self.sourceTargets.map(\.0))
        for (key, kind, value, direction) in Self.sourceTargets {
            let target = try #require(plan.locateIndicator(key)).indicator.target
            #expect(target.kind == kind, "kind of \(key)")
            #expect(target.value == value, "value of \(key)")
            #expect(target.direction == direction, "direction of \(key)")
        }
        let pending = plan.allIndicators.filter { $0.indicator.target.isPending }.map(\.indicator.number)
        #expect(pending == ["5.6.4.1"])
        #expect(plan.locateIndicator("5.6.4.1")?.indicator.target.text == "Uppdateras")
        #expect(plan.locateIndicator("5.6.1.1")?.indicator.target.text == "Nollresultat")
    }

    @Test func targetsReadAsTheSourceWritesThem() {
        #expect(plan.locateIndicator("5.3.1.1")?.indicator.target.display == "≥ 100 %")
        #expect(plan.locateIndicator("5.6.2.2")?.indicator.target.display == "≤ 9 %")
        #expect(plan.locateIndicator("5.6.2.1")?.indicator.target.display == "≥ 80")
        #expect(plan.locateIndicator("5.6.1.1")?.indicator.target.display == "≥ 0 kr")
        #expect(plan.locateIndicator("5.3.1.5")?.indicator.target.display == "Ja")
        #expect(plan.locateIndicator("5.4.2.1")?.indicator.target.display == "qualitative")
        #expect(plan.locateIndicator("5.6.4.1")?.indicator.target.display == "not set yet (Uppdateras)")
    }

    @Test func everyNodeCarriesItsParentsNumbering() {
        var keys = Set<String>()
        for effect in plan.effectGoals {
            #expect(keys.insert(effect.number).inserted)
            for result in effect.resultGoals {
                #expect(result.number.hasPrefix(effect.number + "."))
                #expect(keys.insert(result.number).inserted)
                for (position, indicator) in result.indicators.enumerated() {
                    #expect(indicator.number == "\(result.number).\(position + 1)")
                    #expect(keys.insert(indicator.number).inserted)
                }
            }
        }
        #expect(keys.count == 4 + 8 + 21)
    }

    @Test func carriesTheStrategyLinksAndExplanatoryTexts() {
        let links = plan.effectGoals.map { $0.strategyLinks.map(\.priorityArea) }
        #expect(
            links == [
                ["Förbättra livsvillkoren", "Utveckla attraktiva platser"],
                ["Höja kompetensen", "Stärka konkurrenskraften"],
                ["Förbättra livsvillkoren", "Utveckla attraktiva platser"],
                [],
            ])
        #expect(plan.effectGoals[1].strategyLinks[1].goals.contains("Cirkulära flöden"))
        #expect(plan.effectGoals[0].strategyLinks[0].goals == ["Ökad tillit", "Robust samhälle"])
        for effect in plan.effectGoals {
            #expect((effect.explanation ?? "").count > 400, "Bilaga 1 text of \(effect.number)")
        }
        #expect(plan.effectGoals[3].note?.contains("miljöplan") == true)
        #expect(plan.followUp?.contains("två gånger per år") == true)
    }

    /// The source came out of a PDF with words split ("konkurrenskraf t", "f rågor"); none may survive.
    @Test func hasNoSplitWords() {
        var texts: [String] = [plan.title, plan.followUp ?? ""]
        for effect in plan.effectGoals {
            texts += [effect.title, effect.explanation ?? "", effect.note ?? ""]
            texts += effect.strategyLinks.flatMap { [$0.priorityArea] + $0.goals }
            for result in effect.resultGoals {
                texts.append(result.title)
                texts += result.indicators.flatMap { [$0.title, $0.note ?? "", $0.target.text ?? ""] }
            }
        }
        let fragments = [
            "kraf ", "f rå", "ef fekt", "inf ra", "lyf t", "traf ik", "if rån", "f ram", "f inn",
            "f ler", "f lö", "hälso -", "  ",
        ]
        // Swedish words of one letter: "i", "å", "ö". Any other lone letter is a split word.
        let allowedSingles: Set<String> = ["i", "å", "ö", "I", "Å", "Ö"]
        for text in texts {
            for fragment in fragments {
                #expect(!text.contains(fragment), "\"\(fragment)\" in: \(text.prefix(80))")
            }
            let words = text.split(whereSeparator: { !$0.isLetter })
            for word in words where word.count == 1 && !allowedSingles.contains(String(word)) {
                Issue.record("lone letter \"\(word)\" in: \(text.prefix(120))")
            }
        }
    }

    @Test func embeddedJSONRoundTrips() throws {
        let data = try JSONEncoder().encode(plan)
        var withoutUnits = plan  // the region's mapping of units is no part of a plan file
        withoutUnits.units = []
        #expect(try Plan.decode(from: data) == withoutUnits)
    }

    @Test func aMultiYearResultGoalRoundTripsAsThePlanFileWritesIt() throws {
        var edited = plan
        edited.units = []
        edited.effectGoals[0].resultGoals[0].years = YearSpan(firstYear: 2024, lastYear: 2025)
        let data = try JSONEncoder().encode(edited)
        let written = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let goal = ((written["effectGoals"] as! [[String: Any]])[0]["resultGoals"] as! [[String: Any]])[0]
        #expect(goal["firstYear"] as? Int == 2024 && goal["lastYear"] as? Int == 2025 && goal["years"] == nil)
        #expect(try Plan.decode(from: data) == edited)
    }
}

@Suite struct PlanValidationTests {
    /// The embedded plan as a JSON tree, to break in one place per test.
    func tree() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(Plan.embeddedDefaultJSON.utf8)) as! [String: Any]
    }

    func problems(_ edit: (inout [String: Any]) -> Void) throws -> [String] {
        var document = try tree()
        edit(&document)
        let data = try JSONSerialization.data(withJSONObject: document)
        do {
            _ = try Plan.decode(from: data)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    /// Replaces the target of effectGoals[e].resultGoals[r].indicators[i].
    func setTarget(_ document: inout [String: Any], _ e: Int, _ r: Int, _ i: Int, _ target: [String: Any]) {
        var effects = document["effectGoals"] as! [[String: Any]]
        var results = effects[e]["resultGoals"] as! [[String: Any]]
        var indicators = results[r]["indicators"] as! [[String: Any]]
        indicators[i]["target"] = target
        results[r]["indicators"] = indicators
        effects[e]["resultGoals"] = results
        document["effectGoals"] = effects
    }

    @Test func wrongTypeIsLocatedByPath() throws {
        let found = try problems {
            setTarget(&$0, 3, 0, 0, ["kind": "amount", "value": "noll", "direction": "atLeast"])
        }
        #expect(
            found == [
                """
                effectGoals[3].resultGoals[0].indicators[0].target.value: expected a number or true/false, found a \
                string
                """
            ])
    }

    @Test func everyShapeProblemIsListedNotJustTheFirst() throws {
        let found = try problems { document in
            document["firstYear"] = "2024"
            document["colour"] = "blå"
            setTarget(&document, 0, 0, 0, ["kind": "percent", "value": 100, "direction": "atLeast"])
            setTarget(&document, 1, 0, 0, ["kind": "yesNo", "value": "Ja", "direcion": "atLeast"])
            setTarget(&document, 3, 1, 1, ["kind": "percentage", "value": 9, "direction": "under"])
            var effects = document["effectGoals"] as! [[String: Any]]
            effects[2]["resultGoals"] = "5.5.1"
            document["effectGoals"] = effects
        }
        #expect(
            found == [
                """
                colour: unknown field; known fields: format, id, title, organisation, committee, \
                committeeAbbreviation, firstYear, lastYear, followUp, effectGoals
                """,
                "firstYear: expected a number, found a string",
                """
                effectGoals[0].resultGoals[0].indicators[0].target.kind: \"percent\" is not a target kind; expected \
                one of percentage, yesNo, index, amount, qualitative
                """,
                """
                effectGoals[1].resultGoals[0].indicators[0].target.direcion: unknown field; known fields: kind, value, \
                direction, unit, text
                """,
                """
                effectGoals[1].resultGoals[0].indicators[0].target.value: expected a number or true/false, found a \
                string
                """,
                "effectGoals[2].resultGoals: expected an array, found a string",
                """
                effectGoals[3].resultGoals[1].indicators[1].target.direction: \"under\" is not a direction; expected \
                atLeast (≥) or atMost (≤)
                """,
            ])
    }

    @Test func missingFieldIsLocatedByPath() throws {
        let found = try problems { document in
            var effects = document["effectGoals"] as! [[String: Any]]
            effects[1].removeValue(forKey: "title")
            document["effectGoals"] = effects
        }
        #expect(found == ["effectGoals[1].title: is required"])
    }

    @Test func everySemanticProblemIsListed() throws {
        let found = try problems { document in
            document["format"] = "goald.plan/9"
            document["lastYear"] = 2020
            setTarget(&document, 0, 0, 0, ["kind": "percentage", "value": 140, "direction": "atLeast"])
            setTarget(&document, 0, 0, 1, ["kind": "percentage", "value": 50])
            setTarget(&document, 0, 0, 2, ["kind": "yesNo", "value": 1])
            setTarget(&document, 1, 1, 0, ["kind": "qualitative", "value": true])
        }
        #expect(
            found == [
                "format: expected \"goald.plan/1\", found \"goald.plan/9\"",
                "lastYear: must not be before firstYear (2024)",
                """
                effectGoals[0].resultGoals[0].indicators[0].target.value: a percentage must be between 0 and 100, \
                found 140
                """,
                """
                effectGoals[0].resultGoals[0].indicators[1].target.direction: a percentage target needs a direction: \
                \"atLeast\" or \"atMost\"
                """,
                """
                effectGoals[0].resultGoals[0].indicators[2].target.value: expected true or false for a yesNo target, \
                found a number
                """,
                "effectGoals[1].resultGoals[1].indicators[0].target.value: a qualitative target has no value",
            ])
    }

    @Test func duplicateAndMisplacedKeysAreRefused() throws {
        let found = try problems { document in
            var effects = document["effectGoals"] as! [[String: Any]]
            var results = effects[0]["resultGoals"] as! [[String: Any]]
            var indicators = results[0]["indicators"] as! [[String: Any]]
            indicators[1]["number"] = "5.3.1.1"
            indicators[2]["number"] = "5.4.9.9"
            results[0]["indicators"] = indicators
            effects[0]["resultGoals"] = results
            document["effectGoals"] = effects
        }
        #expect(
            found == [
                """
                effectGoals[0].resultGoals[0].indicators[1].number: \"5.3.1.1\" is already used at \
                effectGoals[0].resultGoals[0].indicators[0].number
                """,
                """
                effectGoals[0].resultGoals[0].indicators[2].number: \"5.4.9.9\" must start with its result goal's \
                number \"5.3.1.\"
                """,
            ])
    }

    @Test func notJSONIsSaidPlainly() throws {
        #expect(throws: PlanError.self) { try Plan.decode(from: Data("{\"format\":".utf8)) }
        do {
            _ = try Plan.decode(from: Data("[]".utf8))
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].path == "")
        }
    }
}
