import Foundation
import GoalDomain
import GoalTestSupport
import Testing

/// A saved Kolada answer: each value into the annual period of every indicator that names its KPI (the region's own
/// value of a region indicator, a committee's of its own), `null` left missing with its status, the rest passed
/// over and said, all or nothing as a follow-up file is.
@Suite struct KoladaFileTests {
    let day = Date(timeIntervalSince1970: 1_765_000_000)
    let hr = Author(uid: 1001, name: "hr")

    func followUps(_ region: Region) -> [String: FollowUp] {
        var all = Dictionary(
            uniqueKeysWithValues: region.committeePlans.map { ($0.committee, FollowUp(plans: $0.plans)) })
        if let own = region.ownPlan { all[Region.ownKey] = FollowUp(plans: [own]) }
        return all
    }

    @Test func theAnswersEntriesAreReadWithTheirNulls() throws {
        let entries = try KoladaFile.parse(KoladaRegion.answer)
        #expect(entries.count == 7)
        let first = try #require(entries.first)
        #expect(first.kpi == "N00090" && first.municipality == "0017" && first.year == 2024 && first.number == 1)
        #expect(first.total?.value == 6.2 && first.men?.value == 4.1)
        #expect(first.women?.value == nil && first.women?.status == "Uppgift saknas", "null is kept as missing")
        #expect(entries[2].total != nil && entries[2].total?.value == nil)
    }

    @Test(arguments: [
        ("[1, 2]", "kolada"),
        ("{\"count\": 0}", "values"),
        ("not json", "kolada"),
        (
            "{\"values\": [{\"kpi\": \"N1\", \"municipality\": \"0017\", \"period\": \"tjugo\", \"values\": []}]}",
            "values[0].period"
        ),
        ("{\"values\": [{\"municipality\": \"0017\", \"period\": 2024, \"values\": []}]}", "values[0].kpi"),
        (
            "{\"values\": [{\"kpi\": \"N1\", \"municipality\": \"0017\", \"period\": 2024, \"values\": "
                + "[{\"gender\": \"X\", \"value\": 1}]}]}", "values[0].values[0].gender"
        ),
        (
            "{\"values\": [{\"kpi\": \"N1\", \"municipality\": \"0017\", \"period\": 2024, \"values\": "
                + "[{\"gender\": \"T\", \"value\": \"sex\"}]}]}", "values[0].values[0].value"
        ),
    ])
    func aFileNotKoladasShapeIsRefusedAtItsPath(text: String, field: String) {
        #expect {
            _ = try KoladaFile.parse(text)
        } throws: { error in
            // The param is kolada; the message names the path inside the answer.
            (error as? DomainError)?.field == "kolada"
                && (field == "kolada" || (error as? DomainError)?.message.hasPrefix("kolada: \(field): ") == true)
        }
    }

    @Test func eachValueReachesEveryIndicatorNamingItsKPIAndTheSameFileAgainChangesNothing() throws {
        let region = try KoladaRegion.region()
        var followUps = followUps(region)
        let entries = try KoladaFile.parse(KoladaRegion.answer)
        // Two municipalities in the file: one must be named.
        #expect {
            _ = try KoladaFile.rows(entries, municipality: nil, region: region, followUps: followUps)
        } throws: { error in
            (error as? DomainError)?.field == "municipality"
                && (error as? DomainError)?.message.contains("0017, 0010") == true
        }
        let reading = try KoladaFile.rows(entries, municipality: "0017", region: region, followUps: followUps)
        #expect(reading.otherMunicipalities == 1)
        #expect(reading.unmatchedKPIs == ["N00091"])
        #expect(reading.outsidePlans == 1, "2019 lies before every plan")
        #expect(
            reading.missing == [
                KoladaFile.Missing(kpi: "N00090", year: 2024, gender: "K", status: "Uppgift saknas"),
                KoladaFile.Missing(kpi: "N00090", year: 2023, gender: "T", status: "Uppgift saknas"),
            ])
        let last = followUps.values.map(\.lastSequence).max() ?? 0
        let outcome = MeasurementImport(
            reading.parsed, into: &followUps, region: region, committee: "RUN", source: "kolada.json",
            lastSequence: last, at: day, by: hr)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.recorded.count == 3 && Set(outcome.committees) == [Region.ownKey, "RUN"])
        let own = try #require(followUps[Region.ownKey])
        let year2024 = own.currentMeasurement("sjukfranvarokvot", in: Period("2024-annual")!)
        #expect(year2024?.value == .number(6.2) && year2024?.men == 4.1 && year2024?.women == nil)
        #expect(year2024?.source == "Kolada (RKA), CC BY 4.0, N00090 · kolada.json")
        #expect(own.currentMeasurement("sjukfranvarokvot", in: Period("2023-annual")!) == nil)
        let year2025 = own.currentMeasurement("sjukfranvarokvot", in: Period("2025-annual")!)
        #expect(year2025?.value == .number(6.41) && year2025?.women == 7.06 && year2025?.men == 4.9)
        #expect(own.currentMeasurement("sjukfranvarokvot", in: Period("2025-interim")!) == nil, "annual alone")
        for committee in region.committees.map(\.abbreviation) {
            #expect(
                followUps[committee]?.currentMeasurement("sjukfranvarokvot", in: Period("2025-annual")!) == nil,
                "the region's value is no committee's (\(committee))")
        }
        let run = followUps["RUN"]?.currentMeasurement("run-uppvaxling-1-1", in: Period("2025-annual")!)
        #expect(run?.value == .number(31) && run?.women == nil && run?.men == nil, "not split: K and M not taken")
        // The same answer again: nothing new.
        let again = MeasurementImport(
            reading.parsed, into: &followUps, region: region, committee: "RUN", source: "kolada.json",
            lastSequence: outcome.recorded.last?.sequence ?? last, at: day, by: hr)
        #expect(again.problems.isEmpty && again.recorded.isEmpty && again.unchanged == 3)
    }

    @Test func aRowOfTheRegionInAFollowUpFileIsTheRegionsOwnValue() throws {
        let region = try KoladaRegion.region()
        var followUps = followUps(region)
        let outcome = MeasurementImport(
            MeasurementFile.parse(
                "period;nämnd;indikator;totalt;kvinnor;män\n"
                    + "2025-annual;Region Värmland;sjukfranvarokvot;6,1;6,9;4,2\n"
                    + "2025-annual;RUN;5.4.2.2;30;;\n2025-annual;region;5.4.2.2;30;;\n"),
            into: &followUps, region: region, committee: "RUN", source: "hr.csv", lastSequence: 0, at: day, by: hr)
        #expect(outcome.problems.count == 1 && outcome.problems.first?.line == 4, "\(outcome.problems)")
        #expect(outcome.problems.first?.column == "indikator")
        #expect(outcome.recorded.isEmpty, "all or nothing")
    }

    /// A year whose plan in force lacks the indicator (a rolling plan added it later) is passed over, not a problem
    /// that keeps the whole answer out.
    @Test func aYearWhosePlanLacksTheIndicatorIsPassedOver() throws {
        var document = try #require(try JSONSerialization.jsonObject(with: RolledRegion.json()) as? [String: Any])
        func named(_ value: Any) -> Any {
            if var object = value as? [String: Any] {
                if object["id"] as? String == "run-friskvard" { object["kolada"] = "F00001" }
                return object.mapValues(named)
            }
            if let list = value as? [Any] { return list.map(named) }
            return value
        }
        document = try #require(named(document) as? [String: Any])
        let region = try Region.decode(from: JSONSerialization.data(withJSONObject: document))
        var followUps = followUps(region)
        let text = """
            {"values": [
              {"kpi": "F00001", "municipality": "0017", "period": 2024, "values": [{"gender": "T", "value": 40}]},
              {"kpi": "F00001", "municipality": "0017", "period": 2025, "values": [{"gender": "T", "value": 45}]}]}
            """
        let reading = try KoladaFile.rows(
            KoladaFile.parse(text), municipality: nil, region: region, followUps: followUps)
        #expect(reading.outsidePlans == 1 && reading.parsed.rows.count == 1, "2024's plan has no run-friskvard")
        let outcome = MeasurementImport(
            reading.parsed, into: &followUps, region: region, committee: "RUN", source: "kolada.json",
            lastSequence: 0, at: day, by: hr)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(followUps["RUN"]?.currentMeasurement("run-friskvard", in: Period("2025-annual")!)?.value == .number(45))
    }
}
