import Foundation
import GoalDomain
import GoalTestSupport
import Testing

/// A follow-up file as HR and economy deliver it for every committee: read as the travel import reads files (the
/// header found under a title, `;` or `,`, a decimal comma or point), recorded all or nothing, and the same file
/// again changes nothing.
@Suite struct MeasurementImportTests {
    let day = Date(timeIntervalSince1970: 1_765_000_000)
    let hr = Author(uid: 1001, name: "hr")

    func followUps(_ region: Region) -> [String: FollowUp] {
        Dictionary(uniqueKeysWithValues: region.committeePlans.map { ($0.committee, FollowUp(plans: $0.plans)) })
    }

    func run(
        _ text: String, into followUps: inout [String: FollowUp], region: Region, committee: String = "RUN"
    ) -> MeasurementImport {
        let last = followUps.values.map(\.lastSequence).max() ?? 0
        return MeasurementImport(
            MeasurementFile.parse(text), into: &followUps, region: region, committee: committee,
            source: "hr-2025.csv", lastSequence: last, at: day, by: hr)
    }

    @Test func theHeaderIsFoundUnderATitleInSwedishOrEnglish() {
        let swedish = MeasurementFile.parse(
            "Sjukfrånvaro per nämnd, helår 2025\n;;;\nperiod;nämnd;indikator;totalt;kvinnor;män;källa;kommentar\n"
                + "2025-annual;RUN;5.6.3.1;6,41;7,06;4,9;Heroma;\n\n2025-annual;HSN;sjukfranvarokvot;7,2;;;;\n")
        #expect(swedish.problems.isEmpty, "\(swedish.problems)")
        #expect(swedish.headerLine == 3)
        #expect(swedish.rows.map(\.line) == [4, 6], "blank rows are passed over, lines kept")
        #expect(swedish.rows.first?[.women] == "7,06" && swedish.rows.last?[.women] == nil)
        let english = MeasurementFile.parse(
            "Period,Committee,Indicator,Total,Women,Men,Source,Note,Unit\n2025-annual,RUN,5.6.3.1,6.41,7.06,4.9,,,x\n")
        #expect(english.problems.isEmpty && english.headerLine == 1 && english.ignored == ["Unit"])
        #expect(english.rows.first?[.total] == "6.41" && english.rows.first?[.committee] == "RUN")
        let none = MeasurementFile.parse("Rapport\nnämnd;värde\nRUN;3\n")
        #expect(none.headerLine == nil)
        #expect(none.problems.first?.message.contains("the header lacks the columns period, indikator") == true)
    }

    @Test func theHRFileForEveryCommitteeIsRecordedAndTheSameFileAgainChangesNothing() throws {
        let region = try EveryCommitteeRegion.region()
        var followUps = followUps(region)
        #expect(followUps.count == 8)
        let committees = region.committees.map(\.abbreviation)
        var lines = ["period;nämnd;indikator;totalt;kvinnor;män;källa"]
        for (index, committee) in committees.enumerated() {
            let total = 5.0 + Double(index) / 4
            lines.append(
                "2025-annual;\(committee);sjukfranvarokvot;\(total);\(total + 1);\(total - 1.5);Heroma".replacing(
                    ".", with: ","))
            lines.append("2025-annual;\(committee.lowercased());personalomsattning;8,5;;;Heroma")
        }
        let text = lines.joined(separator: "\r\n") + "\r\n"
        let first = run(text, into: &followUps, region: region)
        #expect(first.problems.isEmpty, "\(first.problems)")
        #expect(first.recorded.count == 16 && first.unchanged == 0)
        #expect(first.committees == committees)
        #expect(Set(first.recorded.map(\.sequence)).count == 16, "each record its own sequence")
        let hsn = try #require(followUps["HSN"]?.currentMeasurement("sjukfranvarokvot", in: Period("2025-annual")!))
        #expect(hsn.value == .number(5.25) && hsn.women == 6.25 && hsn.men == 3.75)
        #expect(hsn.source == "Heroma · hr-2025.csv" && hsn.recordedBy == hr && hsn.committee == "HSN")
        let run = try #require(followUps["RUN"]?.currentMeasurement("sjukfranvarokvot", in: Period("2025-annual")!))
        #expect(run.value == .number(6.0), "RUN's own value, not an average")

        let again = self.run(text, into: &followUps, region: region)
        #expect(again.problems.isEmpty && again.recorded.isEmpty && again.unchanged == 16)
        // A later file that corrects one value records that one alone.
        let corrected = text.replacingOccurrences(
            of: "2025-annual;KBN;sjukfranvarokvot;5,5", with: "2025-annual;KBN;sjukfranvarokvot;5,6")
        let third = self.run(corrected, into: &followUps, region: region)
        #expect(third.recorded.map(\.committee) == ["KBN"] && third.unchanged == 15)
    }

    @Test func aBadRowKeepsTheWholeFileOutAndEveryProblemIsNamed() throws {
        let region = try EveryCommitteeRegion.region()
        var followUps = followUps(region)
        let before = followUps
        let text = """
            Period;Nämnd;Indikator;Totalt;Kvinnor;Män
            2025-annual;RUN;5.6.3.1;6,41;7,06;4,9
            2025-annual;XYZ;5.6.3.1;3;;
            2025-annual;HSN;5.1.3.1;;7;3
            2025-annual;HSN;5.1.3.3;95;96;
            2031-annual;KBN;5.1.3.1;4;;
            2025-annual;KTN;5.1.3.1;sju;;
            2025-annual;PN;5.1.3.1;4;x;
            2025-annual;RUN;sjukfranvarokvot;6,5;;
            2025-interim;RUN;5.6.2.1;78;;
            2025-annual;KSN;5.1.3.1;140;;
            """
        let outcome = run(text, into: &followUps, region: region)
        #expect(outcome.recorded.isEmpty)
        #expect(followUps.mapValues(\.lastSequence) == before.mapValues(\.lastSequence), "nothing recorded")
        let said = outcome.problems.map { "\($0.line) \($0.column ?? "-"): \($0.message)" }
        let expected: [(Int, String, String)] = [
            (3, "Nämnd", "no committee \"XYZ\""),
            (4, "Totalt", "women's and men's values are given beside a total"),
            (5, "Kvinnor", "not split by women and men"),
            (6, "Period", "2031"),
            (7, "Totalt", "\"sju\" is not a number"),
            (8, "Kvinnor", "\"x\" is not a number"),
            (9, "Indikator", "is on line 2 already"),
            (10, "Period", "measured once a year"),
            (11, "Totalt", "above the most allowed"),
        ]
        #expect(outcome.problems.count == expected.count, "\(said)")
        for (line, column, words) in expected {
            #expect(
                outcome.problems.contains { $0.line == line && $0.column == column && $0.message.contains(words) },
                "line \(line) \(column) \(words): \(said)")
        }
    }

    @Test func aFileWithoutACommitteeColumnIsTheCallsCommittees() throws {
        let region = try EveryCommitteeRegion.region()
        var followUps = followUps(region)
        let outcome = run(
            "period,indicator,value,note\n2025-annual,5.1.3.3,87.5,rond i november\n", into: &followUps,
            region: region, committee: "KTN")
        #expect(outcome.problems.isEmpty && outcome.committees == ["KTN"], "\(outcome.problems)")
        let value = followUps["KTN"]?.currentMeasurement("skyddsrond-medarbetare", in: Period("2025-annual")!)
        #expect(value?.value == .number(87.5) && value?.note == "rond i november")
    }

    @Test(arguments: [
        ("6,41", TargetKind.percentage, MeasurementValue.number(6.41)),
        ("6,41 %", .percentage, .number(6.41)),
        ("−250 000 kr", .amount, .number(-250_000)),
        ("1 250,5", .amount, .number(1250.5)),
        ("Ja", .yesNo, .yesNo(true)),
        ("nej", .yesNo, .yesNo(false)),
        ("Stöd till 42 företag", .qualitative, .text("Stöd till 42 företag")),
    ])
    func aCellIsReadForItsIndicatorsKind(cell: String, kind: TargetKind, value: MeasurementValue) {
        #expect(MeasurementValue(cell: cell, kind: kind) == value)
    }
}
