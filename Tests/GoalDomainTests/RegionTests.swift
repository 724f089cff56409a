import Foundation
import GoalDomain
import Testing

/// The region's model: the built-in Region Värmland, a `goald.region/1` file's rules, a `goald.plan/1` file read
/// as one committee's region, and the plan in force when plans roll.
@Suite struct RegionTests {
    let region = Region.embeddedDefault()

    @Test func theBuiltInRegionIsRegionVärmlandWithItsEightCommittees() {
        #expect(region.organisation == "Region Värmland")
        #expect(region.mandate == YearSpan(firstYear: 2023, lastYear: 2026))
        #expect(
            region.committees.map { "\($0.abbreviation) \($0.name)" } == [
                "RS Regionstyrelsen", "HSN Hälso- och sjukvårdsnämnden", "KBN Kultur- och bildningsnämnden",
                "KTN Kollektivtrafiknämnden", "RUN Regionala utvecklingsnämnden", "PN Patientnämnden",
                "KSN Kost- och servicenämnden", "HMN Hjälpmedelsnämnden",
            ])
        #expect(region.defaultCommittee == "RUN")
        #expect(
            region.effectGoals.map(\.title) == [
                "Trygga och nöjda invånare", "Attraktivt och hållbart Värmland",
                "God, jämlik och jämställd hälsa", "Hållbar organisation",
            ])
        // Bilaga 1's texts are the region's, and only the Agenda 2030 goals a source names are given.
        #expect(region.effectGoals.allSatisfy { ($0.explanation?.count ?? 0) > 200 })
        #expect(region.effectGoals[0].agenda2030 == [3, 4, 5, 8, 9, 10, 11, 16])
        #expect(region.effectGoals.dropFirst().allSatisfy { $0.agenda2030.isEmpty })
        // One answer is held, RUN's 2024–2026; the other committees have none, and none is invented.
        #expect(region.plans.map(\.id) == ["run-2024-2026"])
        for committee in region.committees where committee.abbreviation != "RUN" {
            #expect(region.plans(of: committee.abbreviation).isEmpty)
        }
        #expect(region.validate().isEmpty)
    }

    @Test func runsAnswerIsTheSeedsWithStableIDsBesideTheNumbers() {
        let plan = region.servedPlan
        #expect(plan == Plan.embeddedDefault())
        #expect(plan.committee == "Regionala utvecklingsnämnden" && plan.committeeAbbreviation == "RUN")
        #expect(plan.firstYear == 2024 && plan.lastYear == 2026)
        #expect(plan.effectGoals.map(\.number) == ["5.3", "5.4", "5.5", "5.6"])
        #expect(plan.resultGoalCount == 8 && plan.indicatorCount == 21)
        #expect(plan.effectGoals.map(\.id) == region.effectGoals.map(\.id))
        let sickLeave = plan.locateIndicator("5.6.3.1")?.indicator
        #expect(sickLeave?.id == "sjukfranvarokvot" && sickLeave?.title == "Sjukfrånvarokvot")
        #expect(plan.locateIndicator("5.6.4.1")?.indicator.derivedFrom?.travelReduction?.baseline == 2020)
        // Every id is a stable id and none is a number, so a key never reads two ways.
        let ids = plan.allIndicators.map(\.indicator.id) + plan.effectGoals.flatMap(\.resultGoals).map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { StableID.problem($0) == nil && $0.contains(where: \.isLetter) })
    }

    @Test func aPlanFileIsOneCommitteesRegionWithItsNumbersAsIDs() throws {
        let document = """
            {"format": "goald.plan/1", "id": "m-2025", "title": "Plan", "organisation": "Kommunen",
             "committee": "Miljö- och byggnämnden", "firstYear": 2025, "lastYear": 2027,
             "effectGoals": [{"number": "1", "title": "Effekt", "strategyLinks": [],
               "resultGoals": [{"number": "1.1", "title": "Resultat",
                 "indicators": [{"number": "1.1.1", "title": "Andel",
                   "target": {"kind": "percentage", "value": 42, "direction": "atMost"}}]}]}]}
            """
        let read = try Region.decode(from: Data(document.utf8))
        #expect(read.committees == [Committee(abbreviation: "MOB", name: "Miljö- och byggnämnden")])
        #expect(read.defaultCommittee == "MOB" && read.plans.map(\.id) == ["m-2025"])
        let plan = read.servedPlan
        #expect(plan.effectGoals[0].id == "1" && plan.effectGoals[0].resultGoals[0].id == "1.1")
        #expect(plan.allIndicators[0].indicator.id == "1.1.1")
        #expect(read.planInForce(committee: "MOB", year: 2026)?.id == "m-2025")
        // A known committee's name gives its abbreviation.
        // The units a committee's trips come from are the region's to say: a plan file has none.
        let run = try Region.decode(from: Data(Plan.embeddedDefaultJSON.utf8))
        var builtIn = Plan.embeddedDefault()
        #expect(builtIn.units == ["Regional utveckling"])
        builtIn.units = []
        #expect(run.defaultCommittee == "RUN" && run.servedPlan == builtIn)
    }

    /// The built-in region as a JSON tree, to change in one place per test.
    func tree() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(Region.embeddedDefaultJSON.utf8)) as! [String: Any]
    }

    func problems(_ edit: (inout [String: Any]) throws -> Void) throws -> [String] {
        var document = try tree()
        try edit(&document)
        let data = try JSONSerialization.data(withJSONObject: document)
        do {
            _ = try Region.decode(from: data)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    /// RUN's 2025–2027 answer: 5.6.3.2 (andel långtidssjuka) renumbered to 5.6.3.1, sjukfrånvarokvot dropped, a
    /// new indicator 5.6.3.5 added.
    func nextPlan(_ document: [String: Any]) throws -> [String: Any] {
        var next = (document["plans"] as! [[String: Any]])[0]
        next["id"] = "run-2025-2027"
        next["title"] = "Svar på planeringsdirektiv 2025–2027"
        next["firstYear"] = 2025
        next["lastYear"] = 2027
        var effects = next["effectGoals"] as! [[String: Any]]
        var results = effects[3]["resultGoals"] as! [[String: Any]]
        var indicators = results[2]["indicators"] as! [[String: Any]]
        indicators.removeFirst()
        indicators[0]["number"] = "5.6.3.1"
        indicators[1]["number"] = "5.6.3.2"
        indicators[2]["number"] = "5.6.3.3"
        indicators.append([
            "id": "run-friskvard", "number": "5.6.3.5", "title": "Andel medarbetare som använt friskvårdsbidraget",
            "target": ["kind": "percentage", "value": 60, "direction": "atLeast"],
        ])
        results[2]["indicators"] = indicators
        effects[3]["resultGoals"] = results
        next["effectGoals"] = effects
        return next
    }

    @Test func twoPlansOfACommitteeRollAndTheLatestCoveringAYearIsInForce() throws {
        var document = try tree()
        document["plans"] = (document["plans"] as! [[String: Any]]) + [try nextPlan(document)]
        let rolled = try Region.decode(from: try JSONSerialization.data(withJSONObject: document))
        #expect(rolled.plans(of: "RUN").map(\.id) == ["run-2024-2026", "run-2025-2027"])
        #expect(rolled.planInForce(committee: "RUN", year: 2023) == nil)
        #expect(rolled.planInForce(committee: "RUN", year: 2024)?.id == "run-2024-2026")
        #expect(rolled.planInForce(committee: "RUN", year: 2025)?.id == "run-2025-2027")
        #expect(rolled.planInForce(committee: "RUN", year: 2027)?.id == "run-2025-2027")
        #expect(rolled.planInForce(committee: "HSN", year: 2025) == nil)
        let later = rolled.plan(rolled.planInForce(committee: "RUN", year: 2025)!)
        #expect(later.locateIndicator("5.6.3.1")?.indicator.id == "andel-langtidssjuka")
        #expect(later.allIndicators.contains { $0.indicator.id == "sjukfranvarokvot" } == false)
        #expect(later.locateIndicator("5.6.3.5")?.indicator.id == "run-friskvard")
        #expect(rolled.summary.contains("2 plans"))
    }

    @Test func everyRegionProblemIsListedWithItsPath() throws {
        let found = try problems { document in
            document["colour"] = "blå"
            var committees = document["committees"] as! [[String: Any]]
            committees[1]["abbreviation"] = "RS"
            committees[2]["abbreviation"] = "K B N"
            document["committees"] = committees
            var effects = document["effectGoals"] as! [[String: Any]]
            effects[1]["agenda2030"] = [4, 18]
            effects[2]["id"] = "God hälsa"
            document["effectGoals"] = effects
            var plans = document["plans"] as! [[String: Any]]
            var parts = plans[0]["effectGoals"] as! [[String: Any]]
            parts[0]["effectGoal"] = "trygghet"
            plans[0]["effectGoals"] = parts
            document["plans"] = plans
        }
        #expect(
            found == [
                """
                colour: unknown field; known fields: format, organisation, mandatePeriod, effectGoals, committees, \
                defaultCommittee, board, plans, directives, regionIndicators
                """,
                "effectGoals[1].agenda2030[1]: expected one of Agenda 2030's goals, 1 to 17, found 18",
            ])
        let semantic = try problems { document in
            var committees = document["committees"] as! [[String: Any]]
            committees[1]["abbreviation"] = "RS"
            committees[2]["abbreviation"] = "K B N"
            document["committees"] = committees
            var effects = document["effectGoals"] as! [[String: Any]]
            effects[2]["id"] = "God hälsa"
            document["effectGoals"] = effects
            var plans = document["plans"] as! [[String: Any]]
            var parts = plans[0]["effectGoals"] as! [[String: Any]]
            parts[0]["effectGoal"] = "trygghet"
            plans[0]["effectGoals"] = parts
            document["plans"] = plans
        }
        #expect(
            semantic == [
                """
                effectGoals[2].id: \"God hälsa\" is not an id: use letters a–z, digits, '-', '.' and '_', starting \
                with a letter or digit
                """,
                "committees[1].abbreviation: \"RS\" is already used at committees[0].abbreviation",
                "committees[2].abbreviation: expected 1 to 12 letters or digits, such as RUN",
                // The directive's dates name the committees as the model had them.
                """
                directives[0].answers[1].committee: \"HSN\" is not one of the committees (RS, RS, K B N, KTN, RUN, PN, \
                KSN, HMN)
                """,
                """
                directives[0].answers[2].committee: \"KBN\" is not one of the committees (RS, RS, K B N, KTN, RUN, PN, \
                KSN, HMN)
                """,
                """
                plans[0].effectGoals[0].effectGoal: \"trygghet\" is not one of the region's effect goals \
                (trygga-och-nojda-invanare, attraktivt-och-hallbart-varmland, God hälsa, hallbar-organisation)
                """,
                """
                plans[0].effectGoals[2].effectGoal: \"god-jamlik-och-jamstalld-halsa\" is not one of the region's \
                effect goals (trygga-och-nojda-invanare, attraktivt-och-hallbart-varmland, God hälsa, \
                hallbar-organisation)
                """,
            ])
    }

    @Test func plansMustNameACommitteeAndItsDirectiveOnce() throws {
        let found = try problems { document in
            var plans = document["plans"] as! [[String: Any]]
            var twin = plans[0]
            twin["id"] = "run-again"
            var stranger = plans[0]
            stranger["id"] = "mn-2024-2026"
            stranger["committee"] = "MN"
            plans += [twin, stranger]
            document["plans"] = plans
            document["defaultCommittee"] = "HSN"
        }
        #expect(found.contains("defaultCommittee: HSN has no plan: the default committee needs one"))
        #expect(
            found.contains(
                "plans[1].firstYear: RUN already has a plan from 2024 (plans[0]): each year's directive gets one answer"
            ))
        #expect(
            found.contains(
                "plans[2].committee: \"MN\" is not one of the committees (RS, HSN, KBN, KTN, RUN, PN, KSN, HMN)"))
        let unknownDefault = try problems { $0["defaultCommittee"] = "XYZ" }
        #expect(
            unknownDefault == [
                "defaultCommittee: \"XYZ\" is not one of the committees (RS, HSN, KBN, KTN, RUN, PN, KSN, HMN)"
            ])
    }

    @Test func anIDNamesOneThingInEveryPlanAndNeverAnothersNumber() throws {
        // Within a plan: an id that is another indicator's number (RUN's own 5.3.1: the region's indicators are
        // named by the region's ids).
        let inPlan = try problems { document in
            var plans = document["plans"] as! [[String: Any]]
            var effects = plans[0]["effectGoals"] as! [[String: Any]]
            var results = effects[0]["resultGoals"] as! [[String: Any]]
            var indicators = results[0]["indicators"] as! [[String: Any]]
            indicators[0]["id"] = "5.3.1.2"
            indicators[1]["id"] = "run-arshjulet-starker-samverkan"
            results[0]["indicators"] = indicators
            effects[0]["resultGoals"] = results
            plans[0]["effectGoals"] = effects
            document["plans"] = plans
        }
        #expect(
            Set(inPlan) == [
                """
                plans[0].effectGoals[0].resultGoals[0].indicators[0].id: \"5.3.1.2\" is the number of another goal or \
                indicator (run-arshjulet-starker-samverkan): a key must not read two ways
                """,
                """
                plans[0].effectGoals[0].resultGoals[0].indicators[3].id: \"run-arshjulet-starker-samverkan\" is \
                already used at plans[0].effectGoals[0].resultGoals[0].indicators[1].id
                """,
            ], "\(inPlan)")
        // Across plans: the next plan's id is this plan's number; an indicator turned result goal; a kind changed.
        let acrossPlans = try problems { document in
            var next = try nextPlan(document)
            var effects = next["effectGoals"] as! [[String: Any]]
            var own = effects[0]["resultGoals"] as! [[String: Any]]
            var indicators = own[0]["indicators"] as! [[String: Any]]
            indicators[3]["id"] = "5.6.3.4"
            indicators[1]["target"] = ["kind": "yesNo", "value": true]
            own[0]["indicators"] = indicators
            effects[0]["resultGoals"] = own
            var results = effects[3]["resultGoals"] as! [[String: Any]]
            results[1]["id"] = "personalomsattning"
            effects[3]["resultGoals"] = results
            next["effectGoals"] = effects
            document["plans"] = (document["plans"] as! [[String: Any]]) + [next]
        }
        #expect(
            Set(acrossPlans) == [
                """
                plans[1].effectGoals[3].resultGoals[1].indicators[1].id: \"personalomsattning\" is already used at \
                plans[1].effectGoals[3].resultGoals[1].id
                """,
                """
                plans[1].effectGoals[3].resultGoals[1].id: \"personalomsattning\" is an indicator of kind percentage \
                at plans[0].effectGoals[3].resultGoals[1].indicators[1].id; an id names the same thing in every plan
                """,
                """
                plans[1].effectGoals[0].resultGoals[0].indicators[1].id: \"run-arshjulet-riktningsmotet\" is an \
                indicator of kind percentage at plans[0].effectGoals[0].resultGoals[0].indicators[1].id; an id names \
                the same thing in every plan
                """,
                """
                plans[1].effectGoals[0].resultGoals[0].indicators[3].id: \"5.6.3.4\" is the number of \
                skyddsrond-chefer in another of RUN's plans: a key must not read two ways
                """,
            ], "\(acrossPlans)")
    }

    @Test func aFileOfNeitherFormatSaysWhichItTakes() throws {
        for (text, expected) in [
            (
                #"{"format": "goald.region/2"}"#,
                #"format: expected "goald.region/1" or "goald.plan/1", found "goald.region/2""#
            ),
            (#"{"title": "x"}"#, #"format: expected "goald.region/1" or "goald.plan/1", found none"#),
            ("[1]", "expected an object, found an array"),
        ] {
            do {
                _ = try Region.decode(from: Data(text.utf8))
                Issue.record("\(text) was read")
            } catch {
                #expect(error.problems.map(\.description) == [expected])
            }
        }
    }

    /// The model file is parsed by Foundation's JSONSerialization, which gives `true` and `1` as numbers alike: the
    /// reader must still tell a boolean from a number, a whole number written `2024.0` from one written `2024`, and
    /// text that is no JSON from a model with problems.
    @Test func theModelsJSONKeepsBooleansNumbersAndTextApart() throws {
        let text = Region.embeddedDefaultJSON
        func problems(_ from: String, _ to: String) -> [String] {
            #expect(text.contains(from), "the built-in model has \(from)")
            do {
                _ = try Region.decode(from: Data(text.replacingOccurrences(of: from, with: to).utf8))
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }
        #expect(
            problems(#""firstYear": 2023"#, #""firstYear": true"#)
                == ["mandatePeriod.firstYear: expected a number, found true/false"])
        #expect(problems(#""firstYear": 2023"#, #""firstYear": 2023.0"#) == [])
        #expect(problems(#""firstYear": 2023"#, #""firstYear": 2023e0"#) == [])
        #expect(
            problems(#""byGender": true"#, #""byGender": 1"#).first?.hasSuffix(
                "byGender: expected true or false, found a number")
                == true)
        #expect(
            problems(#""byGender": true"#, #""byGender": 0"#).first?.hasSuffix(
                "byGender: expected true or false, found a number")
                == true)
        #expect(
            problems(#""organisation": "Region Värmland""#, #""organisation": false"#)
                == ["organisation: expected a string, found true/false"])
        #expect(
            problems(#""organisation": "Region Värmland""#, #""organisation": null"#)
                == ["organisation: is required"])
        // Escapes and text outside ASCII read as written.
        let escaped = try Region.decode(
            from: Data(
                text.replacingOccurrences(
                    of: #""organisation": "Region Värmland""#, with: #""organisation": "Region V\u00e4rmland \"RV\"""#
                ).utf8))
        #expect(escaped.organisation == "Region Värmland \"RV\"")
        for broken in ["", "{", #"{"format": "goald.region/1" "x"}"#, "{\"a\": 1e400}", "nul", "{} x", "{'a': 1}"] {
            do {
                _ = try Region.decode(from: Data(broken.utf8))
                Issue.record("\(broken) was read")
            } catch {
                #expect(error.problems.count == 1)
                #expect(error.problems.first?.description.hasPrefix("not valid JSON (") == true, "\(error)")
            }
        }
    }
}
